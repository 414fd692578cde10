"""Who may see and do what in the Hansard: the one module the pages, the API, the CLI
and search use.

Visibility matrix (tested per role in tests/hansard/test_permissions.py):

| who                              | published versions | working copy (draft …approved) | edit / workflow |
|----------------------------------|--------------------|--------------------------------|-----------------|
| anonymous, public API            | yes                | no                             | no              |
| member                           | yes                | only their own speeches        | propose corrections to their own speeches |
| presiding officer, relations, AI | yes                | no                             | no              |
| clerk                            | yes                | yes (read)                     | no              |
| hansard editor, administrator    | yes                | yes                            | yes             |
"""

from __future__ import annotations

from majlis.core.roles import Role, has_role

EDITORS = (Role.HANSARD_EDITOR, Role.ADMINISTRATOR)
DRAFT_READERS = (Role.HANSARD_EDITOR, Role.ADMINISTRATOR, Role.CLERK)


def can_edit(user) -> bool:
    return has_role(user, *EDITORS)


def can_read_drafts(user) -> bool:
    return has_role(user, *DRAFT_READERS)


def person_of(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from majlis.core.models import Person

    return Person.objects.filter(user=user).first()


def can_see_published(user, record) -> bool:
    return record.version > 0


def can_see_working_copy(user, record) -> bool:
    return can_read_drafts(user)


def visible_draft_speeches(user, record):
    """The working-copy units this user may read (all, own only, or none)."""
    from majlis.hansard.models import Speech

    rows = Speech.objects.filter(record=record)
    if can_read_drafts(user):
        return rows
    person = person_of(user) if has_role(user, Role.MEMBER) else None
    if person is None:
        return rows.none()
    return rows.filter(person=person)


def can_propose_correction(user, speech) -> bool:
    person = person_of(user)
    return bool(person is not None and has_role(user, Role.MEMBER) and speech.person_id == person.pk)


def can_transcribe(user) -> bool:
    return can_edit(user)
