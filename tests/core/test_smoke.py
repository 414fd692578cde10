import pytest

from majlis.core.models import Person


@pytest.mark.django_db
def test_demo_register_matches_names_across_scripts(demo_register):
    gafarova = demo_register["people"]["gafarova"]
    for query in ["Gafarova", "صاحبة غفاروفا", "غافاروفا", "السيدة صاحبة غفاروفا"]:
        assert list(Person.objects.match(query)) == [gafarova], query
