"""Roles are Django groups (created by a migration); this module is the one place that
says what each role may do, so pages, API and live updates share the same checks."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    MEMBER = "member"
    PRESIDING_OFFICER = "presiding_officer"
    CLERK = "clerk"
    HANSARD_EDITOR = "hansard_editor"
    RELATIONS_OFFICER = "relations_officer"
    AI_GOVERNANCE_OFFICER = "ai_governance_officer"
    ADMINISTRATOR = "administrator"


ROLE_LABELS = {
    Role.MEMBER: _("Member"),
    Role.PRESIDING_OFFICER: _("Presiding officer"),
    Role.CLERK: _("Clerk"),
    Role.HANSARD_EDITOR: _("Hansard editor"),
    Role.RELATIONS_OFFICER: _("Relations officer"),
    Role.AI_GOVERNANCE_OFFICER: _("AI governance officer"),
    Role.ADMINISTRATOR: _("Administrator"),
}

# Who may write to the register of people and bodies.
REGISTER_EDITORS = (Role.CLERK, Role.ADMINISTRATOR)
# Roles that count as secretariat staff (offered the optional second factor, see drafts).
STAFF_ROLES = tuple(r for r in Role if r is not Role.MEMBER)


def roles_of(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_majlis_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {r.value for r in Role}
        user._majlis_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def can_edit_register(user) -> bool:
    return has_role(user, *REGISTER_EDITORS)


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def group_for(role: str):
    """The Django group of a role. Created by a migration; recreated if someone deleted it."""
    from django.contrib.auth.models import Group

    if role not in {r.value for r in Role}:
        raise ValueError(f"unknown role {role!r}; roles are: {', '.join(r.value for r in Role)}")
    return Group.objects.get_or_create(name=str(role))[0]
