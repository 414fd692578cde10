"""Background tasks of the register."""

from __future__ import annotations

from majlis.core.tasks_api import task


@task()
def verify_audit_chain(progress_key: str) -> dict:
    """Verify the audit chain in the background (e.g. nightly), with a visible result."""
    from majlis.core import audit
    from majlis.core.models import AuditEvent
    from majlis.core.progress import Progress

    progress = Progress(progress_key, "Audit chain verification", total=AuditEvent.objects.count())
    result = audit.verify()
    progress.advance(result.checked)
    if result.ok:
        progress.finish(str(result))
    else:
        progress.fail(str(result))
    return {"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq}
