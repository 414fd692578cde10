"""What every page needs: the navigation the user may see, direction, calendar choice."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _

from majlis.core.roles import Role, has_role

# (url name, label, roles that see it; empty = everyone). Apps whose pages are not
# installed yet are skipped, so the menu never shows a dead link.
NAV = [
    ("home", _("Home"), ()),
    ("people", _("People"), ()),
    ("bodies", _("Bodies"), ()),
    ("meetings:index", _("Meetings"), ()),
    ("hansard:index", _("Hansard"), ()),
    ("relations:index", _("Relations"), ()),
    ("ai:index", _("AI governance"), (Role.AI_GOVERNANCE_OFFICER, Role.ADMINISTRATOR)),
]


def _nav_for(user):
    items = []
    for name, label, roles in NAV:
        if roles and not has_role(user, *roles):
            continue
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return items


def _search_url():
    try:
        return reverse("search:index")
    except NoReverseMatch:
        return reverse("people")


def majlis(request):
    user = getattr(request, "user", None)
    profile_calendar = ""
    if user is not None and user.is_authenticated and hasattr(user, "profile"):
        profile_calendar = user.profile.calendar
    show_hijri = request.GET.get("cal") == "hijri" or request.session.get("calendar") == "hijri" or profile_calendar == "hijri"
    return {
        "nav": _nav_for(user),
        "search_url": _search_url(),
        "text_dir": "rtl" if get_language_bidi() else "ltr",
        "lang": get_language() or "ar",
        "show_hijri": show_hijri,
    }
