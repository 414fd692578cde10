"""Keep the index current: a save or delete of a registered model enqueues a background
task once the transaction commits (a rolled-back change never reaches the index).
Several saves of one object in one transaction enqueue one task."""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from majlis.search.registry import type_for_model

log = logging.getLogger(__name__)
_pending = threading.local()


def _schedule(action: str, type_key: str, object_id) -> None:
    item = (action, type_key, str(object_id))
    pending = getattr(_pending, "items", None)
    if pending is None:
        pending = _pending.items = set()
    pending.add(item)

    def flush():
        if item not in pending:
            return  # already sent by an earlier callback of the same transaction
        pending.discard(item)
        from majlis.search import tasks

        try:
            if action == "index":
                tasks.index_object.enqueue(type_key, str(object_id))
            else:
                tasks.remove_object.enqueue(type_key, str(object_id))
        except Exception:  # the index is rebuilt by `majlis search reindex`; a save must not fail
            log.exception("search: could not enqueue %s of %s:%s", action, type_key, object_id)

    transaction.on_commit(flush)


def on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search_type = type_for_model(sender)
    if search_type is not None:
        _schedule("index", search_type.key, instance.pk)


def on_delete(sender, instance, **kwargs):
    search_type = type_for_model(sender)
    if search_type is not None:
        _schedule("remove", search_type.key, instance.pk)


def on_name_variant(sender, instance, raw=False, **kwargs):
    """A person's or body's other spellings are part of its document."""
    if raw:
        return
    from majlis.core.models import Organization, Person

    for model, owner_id in ((Person, instance.person_id), (Organization, instance.organization_id)):
        search_type = type_for_model(model)
        if owner_id and search_type is not None:
            _schedule("index", search_type.key, owner_id)


def connect() -> None:
    from majlis.core.models import NameVariant

    post_save.connect(on_save, dispatch_uid="majlis.search.on_save")
    post_delete.connect(on_delete, dispatch_uid="majlis.search.on_delete")
    post_save.connect(on_name_variant, sender=NameVariant, dispatch_uid="majlis.search.on_name_variant_save")
    post_delete.connect(on_name_variant, sender=NameVariant, dispatch_uid="majlis.search.on_name_variant_delete")
