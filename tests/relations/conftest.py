import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from majlis.core.roles import Role

SEEDS = Path(__file__).resolve().parents[2] / "majlis" / "core" / "seeds"
PUBLISHED = {"000": dt.date(2025, 9, 7), "001": dt.date(2025, 11, 16), "002": dt.date(2025, 9, 7), "003": dt.date(2021, 10, 19), "004": dt.date(2024, 3, 26)}


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


@pytest.fixture
def officer(db, user_factory):
    return user_factory("rel-officer", Role.RELATIONS_OFFICER)


@pytest.fixture
def officer_client(officer):
    c = Client()
    c.force_login(officer)
    return c


@pytest.fixture
def aigov(db, user_factory):
    return user_factory("ai-officer", Role.AI_GOVERNANCE_OFFICER)


@pytest.fixture
def gazetteer(demo_register):
    from majlis.relations.extract import build_gazetteer

    return build_gazetteer()


@pytest.fixture
def people(demo_register):
    return demo_register["people"]


class _Rollback(Exception):
    pass


@pytest.fixture(scope="session")
def seed_gazetteer(django_db_setup, django_db_blocker):
    """The register gazetteer built from the demo register once per session (inside a
    transaction that is rolled back): (gazetteer, {key: person id})."""
    from django.db import transaction

    from majlis.core import demo
    from majlis.relations.extract import build_gazetteer

    box = {}
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                data = demo.load()
                box["g"] = build_gazetteer()
                box["ids"] = {k: p.pk for k, p in data["people"].items()}
                raise _Rollback
        except _Rollback:
            pass
    return box["g"], box["ids"]
