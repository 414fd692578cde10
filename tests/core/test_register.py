"""The register: bilingual names, variants and matching across scripts and spellings."""

import pytest
from django.core.exceptions import ValidationError

from majlis.core import services
from majlis.core.models import Organization, Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Gafarova", "صاحبة غفاروفا", "غافاروفا", "Sahiba Gafarova", "  GAFAROVA ", "Səhibə Qafarova", "معالي السيدة صاحبة غفاروفا"])
def test_gafarova_is_one_person_however_written(demo_register, query):
    assert list(Person.objects.match(query)) == [demo_register["people"]["gafarova"]]


def test_the_two_hajiyevs_stay_two_people(demo_register):
    farid, sabir = demo_register["people"]["farid"], demo_register["people"]["sabir"]
    assert list(Person.objects.match("Farid Hajiyev")) == [farid]
    assert list(Person.objects.match("فريد حاجييف")) == [farid]
    assert list(Person.objects.match("السيد صابر حاجييف")) == [sabir]
    assert set(Person.objects.match("Hajiyev")) == {farid, sabir}
    assert farid != sabir


def test_unknown_and_empty_names_match_nobody(demo_register):
    assert not Person.objects.match("Zzyzx Qwerty").exists()
    assert not Person.objects.match("").exists()
    assert not Person.objects.match("   ").exists()


def test_a_new_variant_is_matchable_at_once(demo_register):
    asadov = demo_register["people"]["asadov"]
    assert asadov not in Person.objects.match("Sam Asadov")  # a nickname no key can guess
    services.add_name_variant(None, asadov, "Sam Asadov", kind="spelling")
    assert list(Person.objects.match("Sam Asadov")) == [asadov]


def test_bodies_match_by_name_abbreviation_or_variant(demo_register):
    milli = Organization.objects.get(abbreviation="Milli Majlis")
    assert milli in Organization.objects.match("ميلي مجلس")
    assert milli in Organization.objects.match("Milli Majlis")
    assert Organization.objects.match("ISESCO").get().abbreviation == "ISESCO"


def test_unknown_fields_are_refused_with_their_name():
    with pytest.raises(ValidationError) as info:
        services.create_person(None, name_en="X", shoe_size=44)
    assert "shoe_size" in info.value.message_dict


def test_a_body_cannot_become_its_own_ancestor():
    parent = services.create_organization(None, name_en="Parent", classification="chamber")
    child = services.create_organization(None, name_en="Child", classification="committee", parent=parent)
    with pytest.raises(ValidationError):
        services.update_organization(None, parent, parent=child)


def test_demo_is_idempotent(demo_register):
    from majlis.core import demo
    from majlis.core.models import AuditEvent, Membership

    counts = (Person.objects.count(), Organization.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    demo.load()
    assert (Person.objects.count(), Organization.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == counts
    assert Person.objects.filter(is_fictional=True).count() == 40
    chamber = demo_register["demo_chamber"]
    assert chamber.is_fictional and chamber.memberships.count() == 40


def test_demo_logins_are_linked_to_their_people(demo_register):
    members, users = demo_register["members"], demo_register["users"]
    assert Person.objects.get(user=users["chair"]) == members[0]
    assert Person.objects.get(user=users["member"]) == members[2]
    assert Person.objects.filter(is_fictional=True, user__isnull=True).count() == 0
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username__in=["member00", "member02"]).exists()
