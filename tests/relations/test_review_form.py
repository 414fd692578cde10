"""The review queue's field-by-field form: a relations officer corrects the AI extraction
field by field (no JSON), the accept service records the engagement, and the diff between
the extraction and the accepted record is kept by the AI management system."""

from html.parser import HTMLParser

from majlis.ai.models import AIOutput
from majlis.relations import services
from majlis.relations.models import Engagement, PressRelease

from .conftest import PUBLISHED, seed


class _Form(HTMLParser):
    """The fields a browser without JavaScript would submit from form#accept-form."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = self.template = False
        self.select = None
        self.select_value = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "accept-form"
        if not self.inside:
            return
        if tag == "template":
            self.template = True
        if self.template or not a.get("name") and tag != "option":
            return
        if tag == "input":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select, self.select_value = a["name"], None
        elif tag == "option" and self.select and (self.select_value is None or "selected" in a):
            self.select_value = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "template":
            self.template = False
        elif tag == "select" and self.select and self.inside and not self.template:
            self.fields.append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(html)
    return parser.fields


def post_data(fields, **changes) -> dict:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name.replace("__", "-")] = value if isinstance(value, list) else [value]
    data["action"] = ["accept"]
    return data


def _release(officer, prefix="000"):
    return services.ingest(officer, text=seed(prefix), published=PUBLISHED[prefix])


def _index(release, person_id):
    return next(j for j, p in enumerate(release.extraction["events"][0]["participants"]) if p["person_id"] == person_id)


def test_the_page_is_a_form_with_ai_labels_and_no_json(demo_register, officer, officer_client, people):
    release = _release(officer)
    html = officer_client.get(f"/relations/review/{release.pk}/").content.decode()
    assert '<textarea name="extraction"' not in html and "(JSON)" not in html
    assert 'name="ev-0-type"' in html and 'name="ev-0-date"' in html and 'name="ev-0-countries"' in html
    assert 'name="ev-0-p-0-name_en"' in html and 'name="ev-0-p-0-person_id"' in html and 'name="ev-0-topics"' in html
    assert html.count('class="badge ai"') > 5  # every AI-made value is labelled until accepted
    # the person picker offers the register's match of each participant, chosen
    j = _index(release, people["sabir"].pk)
    assert f'<option value="{people["sabir"].pk}" selected>' in html
    assert f'name="ev-0-p-{j}-person_id"' in html
    assert "relations/review.js" in html


def test_untouched_form_is_accepted_as_is(demo_register, officer, officer_client, people):
    release = _release(officer)
    fields = form_fields(officer_client.get(f"/relations/review/{release.pk}/").content.decode())
    r = officer_client.post(f"/relations/review/{release.pk}/", post_data(fields))
    e = Engagement.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/relations/engagements/{e.pk}/")
    output = AIOutput.objects.get(pk=release.ai_output_id)
    assert output.state == "accepted" and not output.diff  # the form round-trip changes nothing by itself
    assert {people["buainain"].pk, people["sabir"].pk} <= set(e.participants.values_list("person_id", flat=True))


def test_edit_a_title_and_the_date_then_accept(demo_register, officer, officer_client, people):
    release = _release(officer)
    j = _index(release, people["sabir"].pk)
    fields = form_fields(officer_client.get(f"/relations/review/{release.pk}/").content.decode())
    r = officer_client.post(f"/relations/review/{release.pk}/", post_data(fields, **{
        f"ev-0-p-{j}-title": "Chair of the Azerbaijan–Bahrain friendship group", "ev-0-date": "2025-09-08"}))
    assert r.status_code == 302, r.content.decode()[:2000]
    e = Engagement.objects.get()
    assert e.date.isoformat() == "2025-09-08"
    assert e.participants.get(person=people["sabir"]).title == "Chair of the Azerbaijan–Bahrain friendship group"
    release.refresh_from_db()
    assert release.status == PressRelease.Status.ACCEPTED
    output = AIOutput.objects.get(pk=release.ai_output_id)
    assert output.state == "edited"
    paths = {d["path"]: d for d in output.diff}
    assert set(paths) == {"events[0].date", f"events[0].participants[{j}].title"}
    assert paths["events[0].date"]["before"] == "2025-09-07" and paths["events[0].date"]["after"] == "2025-09-08"
    assert output.final["events"][0]["participants"][j]["title"] == "Chair of the Azerbaijan–Bahrain friendship group"


def test_bad_date_is_an_error_and_nothing_is_saved(demo_register, officer, officer_client):
    release = _release(officer)
    fields = form_fields(officer_client.get(f"/relations/review/{release.pk}/").content.decode())
    r = officer_client.post(f"/relations/review/{release.pk}/", post_data(fields, ev__0__date="2025-13-45", ev__0__p__0__title="changed"))
    html = r.content.decode()
    assert r.status_code == 400 and 'data-testid="review-errors"' in html and "2025-13-45" in html
    assert 'value="changed"' in html  # what the officer typed is kept for correction
    assert Engagement.objects.count() == 0
    release.refresh_from_db()
    assert release.status == PressRelease.Status.PENDING and release.ai_output.state == "unreviewed"
    r = officer_client.post(f"/relations/review/{release.pk}/", post_data(fields, ev__0__countries=["BH", "Azerbaijan"]))
    assert r.status_code == 400 and "Azerbaijan" in r.content.decode() and Engagement.objects.count() == 0
    r = officer_client.post(f"/relations/review/{release.pk}/", post_data(fields, ev__0__p__0__person_id="999999"))
    assert r.status_code == 400 and "999999" in r.content.decode() and Engagement.objects.count() == 0


def test_add_and_remove_participants_without_javascript(demo_register, officer, officer_client, people):
    release = _release(officer)
    event = release.extraction["events"][0]
    html = officer_client.get(f"/relations/review/{release.pk}/").content.decode()
    fields = form_fields(html)
    blank = len(event["participants"])  # the empty row offered for a new participant
    gone = _index(release, people["asadov"].pk)
    r = officer_client.post(f"/relations/review/{release.pk}/", post_data(fields, **{
        f"ev-0-p-{blank}-name": "جون سميث", f"ev-0-p-{blank}-name_en": "John Smith", f"ev-0-p-{blank}-country": "az",
        f"ev-0-p-{gone}-remove": "1", "ev-0-outcomes": list(event["outcomes"]) + ["Exchange of parliamentary delegations"],
    }))
    assert r.status_code == 302, r.content.decode()[:2000]
    e = Engagement.objects.get()
    ids = set(e.participants.values_list("person_id", flat=True))
    assert people["asadov"].pk not in ids and people["sabir"].pk in ids
    smith = e.participants.get(name_as_written="جون سميث")
    assert smith.person.name_en == "John Smith" and smith.country.code == "AZ"
    assert "Exchange of parliamentary delegations" in e.outcomes
    output = AIOutput.objects.get(pk=release.ai_output_id)
    assert output.state == "edited" and any(d["path"].startswith("events[0].participants") for d in output.diff)
    # accepted: the page no longer offers the form nor labels values as AI drafts
    html = officer_client.get(f"/relations/review/{release.pk}/").content.decode()
    assert 'id="accept-form"' not in html
