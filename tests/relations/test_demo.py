import pytest
from django.test import Client

from majlis.core.models import AuditEvent, Person
from majlis.relations.models import Engagement, Milestone, PressRelease


@pytest.fixture
def demo(demo_register):
    from majlis.ai import demo as ai_demo
    from majlis.relations import demo as relations_demo

    ai_demo.load()
    return relations_demo.load()


def test_demo_opens_with_a_reviewed_bahrain_azerbaijan_timeline(demo, people, officer_client):
    accepted = PressRelease.objects.filter(status="accepted")
    assert sorted(r.filename[:3] for r in accepted) == ["000", "001", "002"]
    assert sorted(r.filename[:3] for r in PressRelease.objects.filter(status="pending")) == ["003", "004"]
    visit = Engagement.objects.get(sources__release__filename__startswith="000")
    # the Arabic (000) and English (002) reports of the same visit: one engagement, two sources
    assert sorted(s.release.filename[:3] for s in visit.sources.all()) == ["000", "001", "002"]
    assert visit.type == "visit" and visit.date.isoformat() == "2025-09-07"
    assert {c.code for c in visit.countries.all()} == {"BH", "AZ"}
    ids = set(visit.participants.values_list("person_id", flat=True))
    for key in ("buainain", "mahmudov", "sabir", "asadov", "farid", "mammadov", "aghayeva"):
        assert people[key].pk in ids, key
    for key in ("king", "aliyev", "musallam", "gafarova"):
        assert people[key].pk not in ids, key
    m = Milestone.objects.get()
    assert m.year == 2026 and {m.country.code, m.partner.code} == {"AZ", "BH"} and "30th" in m.title_en
    # the return visit announced in 001 is a separate engagement led by Farid Hajiyev
    ret = Engagement.objects.get(date="2025-11-23")
    assert ret.type == "visit" and people["farid"].pk in set(ret.participants.values_list("person_id", flat=True))
    # the call of 001 was followed by an agreement: that outcome is an action item on the board
    call = Engagement.objects.get(type="call")
    assert call.actions.count() == 1 and call.actions.get().action_item.status == "open"

    # idempotent
    counts = (Engagement.objects.count(), PressRelease.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    from majlis.relations import demo as relations_demo

    relations_demo.load()
    assert counts == (Engagement.objects.count(), PressRelease.objects.count(), Person.objects.count(), AuditEvent.objects.count())

    # pages
    public = Client()
    visit = Engagement.objects.get(date="2025-09-07")
    for url in ["/relations/", f"/relations/engagements/{visit.pk}/", "/relations/countries/AZ/", "/relations/countries/BH/",
                "/relations/agreements/", "/relations/groups/", f"/relations/people/{visit.participants.first().person_id}/"]:
        r = public.get(url)
        assert r.status_code == 200, url
    for language, title in [("ar", "الذكرى الثلاثون"), ("en", "30th anniversary")]:  # the milestone, in each language
        reader = Client()
        reader.cookies["majlis_language"] = language
        assert title in reader.get("/relations/countries/BH/").content.decode(), language
    assert public.get("/relations/review/").status_code == 302
    for url in ["/relations/review/", "/relations/ingest", "/relations/engagements/new"]:
        assert officer_client.get(url).status_code == 200, url
    pending = PressRelease.objects.filter(status="pending").first()
    r = officer_client.get(f"/relations/review/{pending.pk}/")
    assert r.status_code == 200 and "badge ai" in r.content.decode()
