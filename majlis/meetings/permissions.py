"""Who may do what in the meetings app. Pages, the API and the WebSocket consumers all
ask these functions, so a rule changes in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from majlis.core.roles import Role, has_role

# Secretariat roles that prepare meetings and write their outcome.
ORGANIZERS = (Role.CLERK, Role.ADMINISTRATOR)
# Who runs a live sitting: the organizers plus the presiding officer.
CHAIRS = ORGANIZERS + (Role.PRESIDING_OFFICER,)

STAFF, MEMBER, PUBLIC = "staff", "member", "public"


def person_for(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_majlis_person", False)
    if cached is False:
        from majlis.core.models import Person

        cached = Person.objects.filter(user=user).first()
        user._majlis_person = cached
    return cached


def can_organize(user) -> bool:
    return has_role(user, *ORGANIZERS)


def can_chair(user, meeting=None) -> bool:
    return has_role(user, *CHAIRS)


def is_member(user) -> bool:
    return has_role(user, Role.MEMBER) and person_for(user) is not None


def audience(user, meeting=None) -> str:
    """Which view of a meeting a user gets: staff (everything), member, or public."""
    if can_chair(user, meeting):
        return STAFF
    if has_role(user, Role.MEMBER) or (user is not None and getattr(user, "is_authenticated", False) and has_role(user, *Role)):
        return MEMBER
    return PUBLIC


def can_view_meeting(user, meeting) -> bool:
    # Drafts are the secretariat's working copy; everything else is on the public calendar.
    return meeting.state != "draft" or can_organize(user) or can_chair(user, meeting)


def can_view_paper(user, paper) -> bool:
    if not can_view_meeting(user, paper.meeting):
        return False
    if paper.access == "public":
        return True
    if paper.access == "members":
        return audience(user) in (STAFF, MEMBER)
    return audience(user) == STAFF


def visible_paper_access(user) -> list[str]:
    return {STAFF: ["public", "members", "restricted"], MEMBER: ["public", "members"], PUBLIC: ["public"]}[audience(user)]


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("permission denied"))


def require_organizer(user) -> None:
    require(can_organize(user), _("only clerks and administrators may prepare meetings"))


def require_chair(user, meeting=None) -> None:
    require(can_chair(user, meeting), _("only the presiding officer or a clerk may run the sitting"))


def require_motion_submitter(user, submitter) -> None:
    """A member submits a motion in their own name; anyone else's name needs an organizer."""
    me = person_for(user)
    if me is None or submitter != me:
        require_organizer(user)


def require_motion_move(user, motion, state: str) -> None:
    """The submitter may withdraw their own motion; every other move is the chair's."""
    me = person_for(user)
    if not (state == "withdrawn" and me is not None and motion.submitter_id == me.pk):
        require_chair(user, motion.meeting)
