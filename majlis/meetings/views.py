"""Thin pages: read with the permission helpers, write through the services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.core.errors import one_line
from majlis.core.models import LegislativeSession, Organization
from majlis.meetings import permissions as perms
from majlis.meetings import services
from majlis.core.models import Person
from majlis.meetings.models import ActionItem, AgendaItem, BodyRules, Decision, Meeting, Minutes, Motion, Paper, Poll


def _attendance_choices():
    return [("present", _("present")), ("remote", _("remote")), ("excused", _("excused")), ("absent", _("absent")), ("left", _("left"))]


def _meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "session", "current_item"), pk=pk)
    if not perms.can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def index(request):
    now = timezone.now()
    meetings = Meeting.objects.select_related("body", "session")
    if not perms.can_organize(request.user):
        meetings = meetings.exclude(state=Meeting.State.DRAFT)
    upcoming = meetings.filter(start__gte=now - dt.timedelta(hours=12)).order_by("start")[:50]
    past = meetings.filter(start__lt=now - dt.timedelta(hours=12)).order_by("-start")[:50]
    context = {"upcoming": upcoming, "past": past, "can_organize": perms.can_organize(request.user),
               "green": services.paperless_figures(meetings.exclude(state=Meeting.State.DRAFT).prefetch_related("papers"))}
    return render(request, "meetings/index.html", context)


@login_required
def new_meeting(request):
    perms.require_organizer(request.user)
    bodies = Organization.objects.filter(classification__in=["chamber", "committee", "friendship_group"]).order_by("classification", "name_en")
    sessions = LegislativeSession.objects.select_related("term").order_by("-start_date")[:20]
    error = None
    if request.method == "POST":
        data = request.POST
        try:
            start = dt.datetime.fromisoformat(data.get("start", ""))
        except ValueError:
            start = None
        try:
            meeting = services.create_meeting(
                request.user, body=_one(Organization.objects.all(), data.get("body")),
                session=_one(LegislativeSession.objects.all(), data.get("session")), kind=data.get("kind", "plenary"),
                mode=data.get("mode", "in_person"), title_ar=data.get("title_ar", ""), title_en=data.get("title_en", ""),
                start=timezone.make_aware(start) if start and timezone.is_naive(start) else start,
                location=data.get("location", ""), join_url=data.get("join_url", ""))
            return redirect(meeting.get_absolute_url())
        except ValidationError as exc:
            error = one_line(exc)
    return render(request, "meetings/new.html", {"bodies": bodies, "sessions": sessions, "error": error,
                                                 "kinds": Meeting.Kind.choices, "modes": Meeting.Mode.choices, "data": request.POST})


def detail(request, pk):
    meeting = _meeting(request, pk)
    user = request.user
    items = list(meeting.agenda_items.prefetch_related("papers"))
    papers = meeting.papers.filter(access__in=perms.visible_paper_access(user))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    show_minutes = minutes and (minutes.state != Minutes.State.DRAFT or perms.can_organize(user))
    context = {
        "meeting": meeting, "items": items, "papers": papers, "polls": meeting.polls.exclude(state="cancelled"),
        "decisions": meeting.decisions.prefetch_related("action_items__owner_person", "action_items__owner_organization"),
        "other_action_items": meeting.action_items.filter(decision__isnull=True).select_related("owner_person", "owner_organization")
        if perms.can_organize(user) or perms.is_member(user) else [],
        "transitions": services.available_transitions(meeting),
        "can_organize": perms.can_organize(user), "can_chair": perms.can_chair(user, meeting), "is_member": perms.is_member(user),
        "quorum": services.quorum(meeting), "minutes": minutes if show_minutes else None, "access_choices": Paper.Access.choices,
    }
    return render(request, "meetings/detail.html", context)


def _back(request, meeting, exc: ValidationError | PermissionDenied | None = None):
    if isinstance(exc, ValidationError):
        messages.error(request, one_line(exc))
    elif exc is not None:
        messages.error(request, str(exc) or _("Permission denied"))
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def transition(request, pk):
    meeting = _meeting(request, pk)
    action = request.POST.get("action", "")
    try:
        if action in ("convene", "cancel"):
            perms.require_organizer(request.user)
        else:
            perms.require_chair(request.user, meeting)
        services.transition(request.user, meeting, action)
    except (ValidationError, PermissionDenied) as exc:
        return _back(request, meeting, exc)
    return _back(request, meeting)


@login_required
@require_POST
def add_item(request, pk):
    meeting = _meeting(request, pk)
    perms.require_organizer(request.user)
    parent = _one(meeting.agenda_items.all(), request.POST.get("parent"))
    try:
        services.add_agenda_item(request.user, meeting, parent=parent, title_ar=request.POST.get("title_ar", ""),
                                 title_en=request.POST.get("title_en", ""))
    except ValidationError as exc:
        return _back(request, meeting, exc)
    return _back(request, meeting)


@login_required
@require_POST
def upload_paper(request, pk):
    meeting = _meeting(request, pk)
    perms.require_organizer(request.user)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": _("choose a file")})
        if upload.size > services.papers.max_bytes():
            raise ValidationError({"file": _("the file is too large")})
        item = _one(meeting.agenda_items.all(), request.POST.get("agenda_item"))
        services.upload_paper(request.user, meeting, filename=upload.name, data=upload.read(), agenda_item=item,
                              title_ar=request.POST.get("title_ar", ""), title_en=request.POST.get("title_en", ""),
                              access=request.POST.get("access", "members"))
    except ValidationError as exc:
        return _back(request, meeting, exc)
    return _back(request, meeting)


def paper(request, pk):
    paper = get_object_or_404(Paper.objects.with_text().select_related("meeting", "agenda_item"), pk=pk)
    if not perms.can_view_paper(request.user, paper):
        raise Http404
    return render(request, "meetings/paper.html", {"paper": paper, "meeting": paper.meeting})


def live(request, pk, mode):
    meeting = _meeting(request, pk)
    if mode == "console" and not perms.can_chair(request.user, meeting):
        raise PermissionDenied
    if mode == "tablet" and not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    from majlis.meetings import live as live_state

    audience = perms.PUBLIC if mode == "projector" else perms.audience(request.user, meeting)
    person = perms.person_for(request.user)
    context = {
        # As a socket's first state: when a chamber's tablets open this page at once, one
        # build of the views serves them all until something changes.
        "meeting": meeting, "mode": mode, "state": live_state.connect_state(meeting.pk, audience),
        "person_id": person.pk if person else "", "ws_path": f"/ws/meetings/{meeting.pk}/" + ("?view=projector" if mode == "projector" else ""),
        "items": meeting.agenda_items.all(), "attendance_choices": _attendance_choices(),
        "people": services.entitled_people(meeting) if mode == "console" else [], "attendance_open": services.attendance_open(meeting),
        "can_organize": perms.can_organize(request.user),
    }
    return render(request, f"meetings/{mode}.html", context)


@login_required
def minutes(request, pk):
    meeting = _meeting(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    can_edit = perms.can_organize(request.user)
    if minutes is not None and minutes.state == Minutes.State.DRAFT and not can_edit:
        raise Http404
    if request.method == "POST":
        perms.require_organizer(request.user)
        action = request.POST.get("action", "save")
        if minutes is None and action != "generate":
            raise Http404  # nothing to save or move on before a draft exists
        try:
            if action == "generate":
                services.generate_minutes(request.user, meeting)
                messages.success(request, _("Draft generated from the sitting's record."))
            elif action == "save":
                services.save_minutes(request.user, minutes, base_version=request.POST.get("base_version") or 0,
                                      body_ar=request.POST.get("body_ar"), body_en=request.POST.get("body_en"), note=request.POST.get("note", ""))
                messages.success(request, _("Saved."))
            else:
                at = _one(Meeting.objects.all(), request.POST.get("at_meeting"))
                services.transition_minutes(request.user, minutes, action, at_meeting=at)
        except ValidationError as exc:
            messages.error(request, one_line(exc))
            if action == "save":
                # Keep the clerk's text on the page so nothing typed is lost.
                return render(request, "meetings/minutes.html", {"meeting": meeting, "minutes": minutes, "can_edit": can_edit,
                                                                  "draft_ar": request.POST.get("body_ar"), "draft_en": request.POST.get("body_en"),
                                                                  "later": _later(meeting), "conflict": True})
        return redirect("meetings:minutes", pk=meeting.pk)
    return render(request, "meetings/minutes.html", {"meeting": meeting, "minutes": minutes, "can_edit": can_edit, "later": _later(meeting)})


def _later(meeting):
    return Meeting.objects.filter(body=meeting.body, start__gt=meeting.start).exclude(state__in=["draft", "cancelled"]).order_by("start")[:10]


def minutes_file(request, pk, fmt):
    from majlis.meetings import exports

    meeting = _meeting(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or fmt not in ("pdf", "docx") or (minutes.state == Minutes.State.DRAFT and not perms.can_organize(request.user)):
        raise Http404
    lang = request.GET.get("lang") if request.GET.get("lang") in ("ar", "en") else (request.LANGUAGE_CODE or "ar")[:2]
    data, content_type = exports.minutes_file(minutes, fmt, lang=lang)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}-{lang}.{fmt}"'
    return response


@login_required
def follow_up(request):
    person = perms.person_for(request.user)
    mine = request.GET.get("all") != "1" and person is not None
    if not mine and not (perms.can_organize(request.user) or perms.is_member(request.user) or perms.can_chair(request.user)):
        raise PermissionDenied
    org_ids = list(person.memberships.values_list("organization_id", flat=True)) if person else None
    items = services.board(person=person if mine else None, organization_ids=org_ids if mine else None,
                           include_closed=request.GET.get("closed") == "1")
    if request.method == "POST":
        item = get_object_or_404(ActionItem, pk=_pk(request.POST.get("item")))
        try:
            if not (person and item.owner_person_id == person.pk):
                perms.require_organizer(request.user)
            services.update_action_item_status(request.user, item, request.POST.get("status", ""))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, one_line(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect(request.get_full_path())
    return render(request, "meetings/follow_up.html", {"items": items[:200], "mine": mine, "has_person": person is not None,
                                                       "statuses": ActionItem.Status.choices, "can_organize": perms.can_organize(request.user)})


# --- The record of a sitting: motions, decisions, action items, show of hands, attendance ---
# Each page reads with the permission helpers and writes through one service call; a
# ValidationError is shown on the page (with what was typed), and nothing is saved.

def _int(value) -> int | None:
    """A whole number typed in a form or a URL, or None. `str.isdigit` is no test: it
    passes "²"."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _pk(value) -> int:
    return _int(value) or 0


def _one(queryset, value):
    return queryset.filter(pk=_pk(value)).first() if value else None


def _login_for_post(request):
    if request.method == "POST" and not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return None


def motions(request, pk):
    meeting = _meeting(request, pk)
    if (login := _login_for_post(request)) is not None:
        return login
    user = request.user
    me = perms.person_for(user)
    can_organize = perms.can_organize(user)
    error = None
    if request.method == "POST":
        data = request.POST
        submitter = _one(Person.objects.all(), data.get("submitter")) or me
        perms.require_motion_submitter(user, submitter)
        cosigners = list(Person.objects.filter(pk__in=[_pk(v) for v in data.getlist("cosigners")])) if can_organize else []
        try:
            motion = services.submit_motion(
                user, meeting, submitter=submitter, cosigners=cosigners,
                title_ar=data.get("title_ar", ""), title_en=data.get("title_en", ""),
                text_ar=data.get("text_ar", ""), text_en=data.get("text_en", ""),
                agenda_item=_one(AgendaItem.objects.all(), data.get("agenda_item")),
                amends=_one(Motion.objects.all(), data.get("amends")))
        except ValidationError as exc:
            error = one_line(exc)
        else:
            messages.success(request, _("Motion submitted: %(title)s") % {"title": motion.title})
            return redirect("meetings:motions", pk=meeting.pk)
    rows = []
    workflow = services.workflow_for(meeting.body)
    for motion in meeting.motions.select_related("submitter", "agenda_item", "amends").prefetch_related("cosigners"):
        step = services.motions.state_of(motion, workflow)
        cosigner_ids = {p.pk for p in motion.cosigners.all()}
        rows.append({
            "motion": motion, "state": step, "next": [services.MOTION_WORKFLOW[k] for k in step.next],
            "cosigners": motion.cosigners.all(), "mine": me is not None and motion.submitter_id == me.pk,
            "may_cosign": step.allows_cosigning and perms.is_member(user) and me.pk != motion.submitter_id and me.pk not in cosigner_ids,
        })
    open_motions = [r["motion"] for r in rows if not r["state"].final]
    context = {"meeting": meeting, "rows": rows, "error": error, "data": request.POST, "can_organize": can_organize,
               "can_chair": perms.can_chair(user, meeting), "may_submit": can_organize or perms.is_member(user),
               "items": meeting.agenda_items.all(), "open_motions": open_motions,
               "people": services.entitled_people(meeting) if can_organize else [],
               "closed": meeting.state in (Meeting.State.CLOSED, Meeting.State.CANCELLED)}
    return render(request, "meetings/motions.html", context, status=400 if error else 200)


@login_required
@require_POST
def motion_state(request, pk):
    motion = get_object_or_404(Motion.objects.select_related("meeting"), pk=pk)
    meeting = _meeting(request, motion.meeting_id)
    state = request.POST.get("state", "")
    perms.require_motion_move(request.user, motion, state)
    try:
        services.transition_motion(request.user, motion, state)
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    return redirect("meetings:motions", pk=meeting.pk)


@login_required
@require_POST
def motion_cosign(request, pk):
    motion = get_object_or_404(Motion.objects.select_related("meeting"), pk=pk)
    meeting = _meeting(request, motion.meeting_id)
    me = perms.person_for(request.user)
    perms.require(me is not None, _("only members co-sign"))
    try:
        services.cosign(request.user, motion, me)
    except ValidationError as exc:
        messages.error(request, one_line(exc))
    return redirect("meetings:motions", pk=meeting.pk)


@login_required
def new_decision(request, pk):
    meeting = _meeting(request, pk)
    perms.require_chair(request.user, meeting)
    error = None
    data = request.POST if request.method == "POST" else request.GET  # GET: prefilled from a motion or a vote
    if request.method == "POST":
        try:
            decision = services.record_decision(
                request.user, meeting, text_ar=data.get("text_ar", ""), text_en=data.get("text_en", ""),
                agenda_item=_one(AgendaItem.objects.all(), data.get("agenda_item")),
                motion=_one(Motion.objects.all(), data.get("motion")), poll=_one(Poll.objects.all(), data.get("poll")))
        except ValidationError as exc:
            error = one_line(exc)
        else:
            messages.success(request, _("Decision %(number)s recorded.") % {"number": decision.number or decision.pk})
            return redirect(meeting.get_absolute_url() + f"#decision-{decision.pk}")
    context = {"meeting": meeting, "error": error, "data": data, "items": meeting.agenda_items.all(),
               "motions": meeting.motions.all(), "polls": meeting.polls.filter(state=Poll.State.CLOSED)}
    return render(request, "meetings/decision_form.html", context, status=400 if error else 200)


@login_required
def new_action_item(request):
    perms.require_organizer(request.user)
    source = request.POST if request.method == "POST" else request.GET
    meeting = _one(Meeting.objects.select_related("body"), source.get("meeting"))
    if meeting is not None and not perms.can_view_meeting(request.user, meeting):
        raise Http404
    error = None
    if request.method == "POST":
        data = request.POST
        try:
            item = services.create_action_item(
                request.user, title_ar=data.get("title_ar", ""), title_en=data.get("title_en", ""),
                description=data.get("description", ""), owner_person=_one(Person.objects.all(), data.get("owner_person")),
                owner_organization=_one(Organization.objects.all(), data.get("owner_organization")),
                owner_text=data.get("owner_text", ""), due_date=data.get("due_date") or None, meeting=meeting,
                decision=_one(Decision.objects.filter(meeting=meeting) if meeting else Decision.objects.none(), data.get("decision")))
        except ValidationError as exc:
            error = one_line(exc)
        else:
            messages.success(request, _("Action item created: %(title)s") % {"title": item.title})
            return redirect(meeting.get_absolute_url() if meeting else "/meetings/follow-up/?all=1")
    people = services.entitled_people(meeting) if meeting else Person.objects.filter(memberships__isnull=False).distinct().order_by("name_en", "id")[:500]
    context = {"meeting": meeting, "error": error, "data": source, "people": people,
               "bodies": Organization.objects.order_by("classification", "name_en")[:500],
               "decisions": meeting.decisions.all() if meeting else []}
    return render(request, "meetings/action_item_form.html", context, status=400 if error else 200)


@login_required
def edit_action_item(request, pk):
    """Change an action item: what, who, by when, its status. The form carries the
    version it was read at, so an edit made meanwhile by someone else is not overwritten."""
    perms.require_organizer(request.user)
    item = get_object_or_404(ActionItem.objects.select_related("meeting", "owner_person", "owner_organization", "decision"), pk=pk)
    meeting = item.meeting
    if meeting is not None and not perms.can_view_meeting(request.user, meeting):
        raise Http404
    error = None
    if request.method == "POST":
        data = request.POST
        decisions = Decision.objects.filter(meeting=meeting) if meeting else Decision.objects.none()
        try:
            # The page always sends the version it showed: without one, refuse rather than overwrite.
            saved = services.update_action_item(
                request.user, item, base_version=data.get("base_version", ""),
                title_ar=data.get("title_ar", ""), title_en=data.get("title_en", ""), description=data.get("description", ""),
                owner_person=_one(Person.objects.all(), data.get("owner_person")),
                owner_organization=_one(Organization.objects.all(), data.get("owner_organization")),
                owner_text=data.get("owner_text", ""), due_date=data.get("due_date") or None,
                status=data.get("status", item.status), decision=_one(decisions, data.get("decision")))
        except ValidationError as exc:
            error = one_line(exc)
        else:
            messages.success(request, _("Action item saved: %(title)s") % {"title": saved.title})
            return redirect(_next_url(request) or "/meetings/follow-up/?all=1")
        source = data
    else:
        source = {
            "title_ar": item.title_ar, "title_en": item.title_en, "description": item.description,
            "owner_person": str(item.owner_person_id or ""), "owner_organization": str(item.owner_organization_id or ""),
            "owner_text": item.owner_text, "due_date": item.due_date.isoformat() if item.due_date else "",
            "status": item.status, "decision": str(item.decision_id or ""), "base_version": item.version,
        }
    people = list(services.entitled_people(meeting) if meeting else Person.objects.filter(memberships__isnull=False).distinct().order_by("name_en", "id")[:500])
    if item.owner_person_id and item.owner_person not in people:
        people.insert(0, item.owner_person)  # a former member keeps the tasks they own
    context = {"item": item, "meeting": meeting, "error": error, "data": source, "people": people,
               "bodies": Organization.objects.order_by("classification", "name_en")[:500],
               "decisions": meeting.decisions.all() if meeting else [], "statuses": ActionItem.Status.choices,
               "next": _next_url(request) or ""}
    return render(request, "meetings/action_item_form.html", context, status=400 if error else 200)


def _next_url(request) -> str | None:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


RULE_NUMBERS = ("quorum_fixed", "max_speakers", "speech_seconds", "point_of_order_seconds")
RULE_FLAGS = ("poll_requires_quorum", "vote_changes_allowed", "motions_need_admission")
BLANK_OPENING_ROWS = 2
# Rows read per meeting kind, whatever count the form claims (as a formset's absolute_max).
MAX_OPENING_ROWS = 100


def _opening_items_from(post) -> dict:
    """The opening items typed on the rules page: per meeting kind, rows in the order
    given by their number; a row with neither title is left out (that is how one is
    removed)."""
    items = {}
    for kind in Meeting.Kind.values:
        rows = []
        for i in range(min(_pk(post.get(f"open-{kind}-count")), MAX_OPENING_ROWS)):
            prefix = f"open-{kind}-{i}-"
            row = {"kind": post.get(prefix + "kind", "standard"), "title_ar": post.get(prefix + "title_ar", ""),
                   "title_en": post.get(prefix + "title_en", "")}
            if row["title_ar"].strip() or row["title_en"].strip():
                order = _int(post.get(prefix + "order", ""))
                rows.append((i + 1 if order is None else order, i, row))
        items[kind] = [row for *_key, row in sorted(rows, key=lambda r: r[:2])]
    return items


@login_required
def rules(request, body_id=None):
    """A body's standing orders (or, without a body, the default ones) on one page."""
    perms.require_organizer(request.user)
    body = get_object_or_404(Organization, pk=body_id) if body_id is not None else None
    current = services.rules_for(body)
    own = current.pk is not None and current.body_id == (body.pk if body else None)
    error = None
    if request.method == "POST":
        post = request.POST
        try:
            numbers = {}
            for name in RULE_NUMBERS:
                number = _int(post.get(name, "").strip() or "0")
                if number is None or number < 0:
                    raise ValidationError({name: _("a whole number")})
                numbers[name] = number
            services.set_rules(
                request.user, body, quorum_rule=post.get("quorum_rule", ""), default_majority=post.get("default_majority", ""),
                vote_options=[o.strip() for o in post.get("vote_options", "").split(",") if o.strip()],
                opening_items=_opening_items_from(post), **numbers, **{flag: post.get(flag) == "on" for flag in RULE_FLAGS})
        except ValidationError as exc:
            error = one_line(exc)
        else:
            messages.success(request, _("Rules saved."))
            return redirect(request.path)
    if error:
        values = {name: request.POST.get(name, "") for name in (*RULE_NUMBERS, "quorum_rule", "default_majority", "vote_options")}
        values.update({flag: request.POST.get(flag) == "on" for flag in RULE_FLAGS})
        opening = _opening_items_from(request.POST)
    else:
        values = {name: getattr(current, name) for name in (*RULE_NUMBERS, *RULE_FLAGS, "quorum_rule", "default_majority")}
        values["vote_options"] = ", ".join(current.vote_options)
        opening = current.opening_items
    kinds = []
    for value, label in Meeting.Kind.choices:
        rows = list(opening.get(value, [])) + [{"kind": "standard", "title_ar": "", "title_en": ""}] * BLANK_OPENING_ROWS
        kinds.append({"value": value, "label": label, "rows": rows, "count": len(rows)})
    context = {"body": body, "own": own, "values": values, "kinds": kinds, "error": error,
               "quorum_rules": BodyRules.Quorum.choices, "item_kinds": AgendaItem.Kind.choices,
               "majorities": Poll.Majority.choices}
    return render(request, "meetings/rules.html", context, status=400 if error else 200)


@login_required
def show_of_hands(request, pk):
    meeting = _meeting(request, pk)
    perms.require_chair(request.user, meeting)
    polls = meeting.polls.filter(kind=Poll.Kind.SHOW_OF_HANDS, state=Poll.State.OPEN)
    error, error_poll = None, None
    if request.method == "POST":
        poll = get_object_or_404(polls.model.objects.filter(meeting=meeting), pk=_pk(request.POST.get("poll")))
        result = {}
        for option in poll.options:
            raw = request.POST.get(f"count_{option}", "").strip()
            try:
                result[option] = int(raw) if raw else 0
            except ValueError:
                result[option] = raw  # the service refuses it with its own message
        try:
            services.enter_show_of_hands(request.user, poll, result)
        except ValidationError as exc:
            error, error_poll = one_line(exc), poll.pk
        else:
            messages.success(request, _("Show of hands entered."))
            return redirect("meetings:show_of_hands", pk=meeting.pk)
    rows = []
    for poll in polls:
        current = services.counts(poll)
        typed = {o: request.POST.get(f"count_{o}", "") for o in poll.options} if poll.pk == error_poll else current
        rows.append({"poll": poll, "options": [(o, typed.get(o, "")) for o in poll.options], "error": error if poll.pk == error_poll else None})
    # A poll closed meanwhile has no form left to show its error on: show it above the list.
    page_error = error if error and not any(r["error"] for r in rows) else None
    return render(request, "meetings/show_of_hands.html", {"meeting": meeting, "rows": rows, "error": page_error},
                  status=400 if error else 200)


@login_required
def attendance(request, pk):
    meeting = _meeting(request, pk)
    perms.require_chair(request.user, meeting)
    source = request.POST if request.method == "POST" else request.GET
    item = _one(meeting.agenda_items.all(), source.get("item"))
    if request.method == "POST":
        person = _one(Person.objects.all(), request.POST.get("person"))
        try:
            if person is None:
                raise ValidationError({"person": _("choose a member")})
            services.record_attendance(request.user, meeting, person, request.POST.get("status", ""), agenda_item=item)
        except ValidationError as exc:
            messages.error(request, one_line(exc))
        else:
            messages.success(request, _("Attendance recorded: %(name)s — %(status)s") % {"name": person.name, "status": dict(_attendance_choices()).get(request.POST.get("status"), "")})
        url = reverse("meetings:attendance", args=[meeting.pk])
        return redirect(f"{url}?item={item.pk}" if item else url)
    status = services.current_status(meeting, agenda_item=item)
    people = [{"person": p, "status": status.get(p.pk, "")} for p in services.entitled_people(meeting)]
    return render(request, "meetings/attendance.html", {"meeting": meeting, "item": item, "items": meeting.agenda_items.all(),
                                                        "people": people, "choices": _attendance_choices(),
                                                        "attendance_open": services.attendance_open(meeting)})
