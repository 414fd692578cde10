"""Invitations by e-mail with an iCalendar attachment, and notices when a convened
meeting changes. Sent after commit so a rolled-back change e-mails nobody."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from majlis.meetings.models import Invitation, Meeting

SUBJECTS = {
    "invitation": ("دعوة: {title}", "Invitation: {title}"),
    "update": ("تعديل: {title}", "Changed: {title}"),
    "cancellation": ("إلغاء: {title}", "Cancelled: {title}"),
}


def invitees(meeting: Meeting):
    """Current members of the body who have an e-mail address (their own or their login's)."""
    from majlis.meetings.services.attendance import entitled_people

    out = []
    for person in entitled_people(meeting):
        email = person.email or (person.user.email if person.user_id else "")
        if email:
            out.append((person, email))
    return out


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(meeting: Meeting, *, kind: str = "invitation", sequence: int = 0) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    start = meeting.start.astimezone(dt.timezone.utc)
    end = (meeting.end or meeting.start + dt.timedelta(hours=2)).astimezone(dt.timezone.utc)
    summary = " / ".join(t for t in (meeting.title_ar, meeting.title_en) if t)
    location = meeting.location or meeting.join_url
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Majlis//eMeeting//EN",
        f"METHOD:{'CANCEL' if kind == 'cancellation' else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}@majlis",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{timezone.now().astimezone(dt.timezone.utc).strftime(fmt)}",
        f"DTSTART:{start.strftime(fmt)}",
        f"DTEND:{end.strftime(fmt)}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(location)}",
        f"STATUS:{'CANCELLED' if kind == 'cancellation' else 'CONFIRMED'}",
    ]
    if meeting.join_url:
        lines.append(f"URL:{meeting.join_url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def send_invitations(actor, meeting: Meeting, *, kind: str = "invitation") -> int:
    """Queue one e-mail per invitee; returns how many. Must run in the action's transaction."""
    people = invitees(meeting)
    now = timezone.now()
    sequence = Invitation.objects.filter(meeting=meeting).values("sent_at").distinct().count()
    Invitation.objects.bulk_create([Invitation(meeting=meeting, person=p, email=e, kind=kind, sent_at=now) for p, e in people])
    subject_ar, subject_en = SUBJECTS[kind]
    subject = " | ".join([subject_ar.format(title=meeting.title_ar or meeting.title_en), subject_en.format(title=meeting.title_en or meeting.title_ar)])
    when = timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M")
    body = (
        f"{meeting.title_ar}\n{when} — {meeting.location or meeting.join_url}\n\n"
        f"{meeting.title_en}\n{when} — {meeting.location or meeting.join_url}\n"
    )
    calendar = ics(meeting, kind=kind, sequence=sequence)
    messages = []
    for _person, email in people:
        msg = EmailMessage(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [email])
        msg.attach("meeting.ics", calendar, "text/calendar")
        messages.append(msg)

    def send():
        from django.core.mail import get_connection

        get_connection().send_messages(messages)

    if messages:
        transaction.on_commit(send)
    return len(messages)
