"""Action items: the follow-up of decisions, meetings and (through the relations app)
visits. Other apps create them only through `create_action_item`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from majlis.core import audit
from majlis.meetings.models import ActionItem
from majlis.meetings.services.common import apply_changes, check_fields, label, save_audited

ACTION_ITEM_FIELDS = {
    "title_ar", "title_en", "description", "owner_person", "owner_organization", "owner_text", "due_date",
    "status", "meeting", "decision", "source",
}

# Which status may follow which: a cancelled or done item is reopened explicitly.
STATUS_FLOW = {
    ActionItem.Status.OPEN: {ActionItem.Status.IN_PROGRESS, ActionItem.Status.DONE, ActionItem.Status.CANCELLED},
    ActionItem.Status.IN_PROGRESS: {ActionItem.Status.OPEN, ActionItem.Status.DONE, ActionItem.Status.CANCELLED},
    ActionItem.Status.DONE: {ActionItem.Status.OPEN},
    ActionItem.Status.CANCELLED: {ActionItem.Status.OPEN},
}


def _validate(item: ActionItem) -> None:
    item.title_ar = (item.title_ar or "").strip()
    item.title_en = (item.title_en or "").strip()
    if not item.title_ar and not item.title_en:
        raise ValidationError({"title_ar": _("an Arabic or an English title is required")})
    item.owner_text = (item.owner_text or "").strip()
    if not (item.owner_person_id or item.owner_organization_id or item.owner_text):
        raise ValidationError({"owner": _("an action item needs an owner: a member, a body or a unit")})
    if item.status not in ActionItem.Status.values:
        raise ValidationError({"status": _("unknown status %(status)s; one of %(statuses)s")
                               % {"status": repr(item.status), "statuses": ", ".join(ActionItem.Status.values)}})
    if isinstance(item.due_date, str):
        try:
            item.due_date = dt.date.fromisoformat(item.due_date)
        except ValueError:
            raise ValidationError({"due_date": _("a date as YYYY-MM-DD")}) from None
    if item.decision_id and not item.meeting_id:
        item.meeting_id = item.decision.meeting_id


@transaction.atomic
def create_action_item(actor, **fields) -> ActionItem:
    """Create a follow-up task. Needs a title (Arabic or English) and an owner
    (owner_person, owner_organization or owner_text). `source` says where it came
    from (e.g. "relations.visit:12")."""
    check_fields(fields, ACTION_ITEM_FIELDS)
    item = ActionItem(**fields)
    if actor is not None and getattr(actor, "is_authenticated", False):
        item.created_by = actor
    _validate(item)
    return save_audited(actor, item, "action_item.create")


def _check_status_move(item: ActionItem, status: str) -> None:
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("unknown status %(status)s; one of %(statuses)s")
                               % {"status": repr(status), "statuses": ", ".join(ActionItem.Status.values)}})
    if status != item.status and status not in STATUS_FLOW[ActionItem.Status(item.status)]:
        raise ValidationError({"status": _("an item that is %(status)s cannot become %(new)s")
                               % {"status": label(ActionItem.Status, item.status), "new": label(ActionItem.Status, status)}})


def _check_version(item: ActionItem, base_version) -> None:
    if base_version is None:
        return
    try:
        base_version = int(base_version)
    except (TypeError, ValueError):
        raise ValidationError({"base_version": _("the version you edited, a whole number")}) from None
    if base_version != item.version:
        raise ValidationError({"base_version": _(
            "someone changed this action item since you opened it (version %(base)s, now %(now)s): "
            "reload it and make your change again") % {"base": base_version, "now": item.version}})


@transaction.atomic
def update_action_item(actor, item: ActionItem, *, base_version: int | None = None, **changes) -> ActionItem:
    """Change an action item. With `base_version` (the version the editor read) a change
    made meanwhile by someone else is refused instead of overwritten. A new status must
    follow STATUS_FLOW, as with `update_action_item_status`."""
    check_fields(changes, ACTION_ITEM_FIELDS)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    _check_version(item, base_version)
    if "status" in changes:
        _check_status_move(item, changes["status"])
    before = apply_changes(item, changes, _validate)
    if before is None:
        return item
    item.version += 1
    return save_audited(actor, item, "action_item.update", before)


@transaction.atomic
def update_action_item_status(actor, item: ActionItem, status: str) -> ActionItem:
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    _check_status_move(item, status)
    if status == item.status:
        return item
    before = audit.snapshot(item)
    item.status = status
    item.version += 1
    return save_audited(actor, item, "action_item.status", before)


def board(*, person=None, organization_ids=None, include_closed: bool = False):
    """Action items across meetings, overdue first, then by due date."""
    from django.db.models import BooleanField, Case, Q, Value, When

    items = ActionItem.objects.select_related("owner_person", "owner_organization", "meeting", "decision")
    if not include_closed:
        items = items.filter(status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])
    if person is not None:
        mine = Q(owner_person=person)
        if organization_ids:
            mine |= Q(owner_organization_id__in=organization_ids)
        items = items.filter(mine)
    today = timezone.localdate()
    overdue = Case(
        When(due_date__lt=today, status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS], then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    )
    return items.annotate(overdue=overdue).order_by("-overdue", "due_date", "id")


def due_for_reminder(now=None, *, days_ahead: int = 3):
    """Open items due within `days_ahead` days (or overdue) not reminded in the last day."""
    now = now or timezone.now()
    horizon = timezone.localdate(now) + dt.timedelta(days=days_ahead)
    from django.db.models import Q

    return ActionItem.objects.filter(
        status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS], due_date__lte=horizon
    ).filter(Q(last_reminded__isnull=True) | Q(last_reminded__lt=now - dt.timedelta(days=1)))


def send_reminders(now=None, *, days_ahead: int = 3) -> int:
    """E-mail the owner of every open action item due within `days_ahead` days (or
    overdue) that was not reminded in the last day; returns how many were sent. Items
    owned by a body or unit with no e-mail are left to the follow-up board.

    Safe to run from several workers at once (each worker enqueues the daily run, see
    `core.daily`): the due items stay locked until their mail is sent and their last
    reminder written, so a second run waits and then no longer finds them due (PostgreSQL
    checks the filter again on rows changed meanwhile; SQLite runs one writer at a time).
    A failed send writes nothing, and the items stay due for the next run."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    now = now or timezone.now()
    messages, reminded = [], []
    with transaction.atomic():
        due = due_for_reminder(now, days_ahead=days_ahead).select_related("owner_person__user").select_for_update(of=("self",))
        for item in due:
            person = item.owner_person
            email = person and (person.email or (person.user.email if person.user_id else ""))
            if not email:
                continue
            late = item.due_date < timezone.localdate(now)
            subject = ("متأخرة: " if late else "تذكير: ") + (item.title_ar or item.title_en) + " | " + ("Overdue: " if late else "Reminder: ") + (item.title_en or item.title_ar)
            body = f"{item.title_ar}\n{item.title_en}\n{item.due_date.isoformat()}\n"
            messages.append(EmailMessage(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [email]))
            reminded.append(item.pk)
        if messages:
            ActionItem.objects.filter(pk__in=reminded).update(last_reminded=now)
            get_connection().send_messages(messages)
    return len(messages)
