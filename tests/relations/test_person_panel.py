"""A person's page lists their international engagements (from the relations app)."""

import pytest

pytestmark = pytest.mark.django_db


def test_person_page_shows_engagements_of_the_seed_visit(client, demo_register):
    from majlis.relations import demo as relations_demo

    relations_demo.load()
    from majlis.core.models import Person

    farid = Person.objects.match("Farid Hajiyev").get()
    html = client.get(f"/people/{farid.pk}/").content.decode()
    assert f"/relations/people/{farid.pk}/" in html
    assert "/relations/engagements/" in html
