"""Background tasks of the search app (Django's tasks API via majlis.core.tasks_api)."""

from __future__ import annotations

from majlis.core.tasks_api import task


@task()
def index_object(type_key: str, object_id: str) -> bool:
    from majlis.search import index

    return index.index_object(type_key, object_id)


@task()
def remove_object(type_key: str, object_id: str) -> int:
    from majlis.search import index

    return index.remove_object(type_key, object_id)


@task()
def reindex(type_key: str = "", progress_key: str = "") -> int:
    from majlis.core.progress import Progress
    from majlis.search import index

    progress = Progress(progress_key, "Search reindex") if progress_key else None
    try:
        total = index.reindex([type_key] if type_key else None, progress=progress)
    except Exception as exc:
        if progress is not None:
            progress.fail(str(exc))
        raise
    if progress is not None:
        progress.finish(f"{total} indexed")
    return total
