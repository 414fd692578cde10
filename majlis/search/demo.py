"""Demo: index everything the other apps' demos created (runs last in `majlis demo`)."""

from __future__ import annotations


def load(stdout=None) -> int:
    from majlis.search import index, semantic

    semantic.register_system()
    total = index.reindex()
    if stdout is not None:
        status = semantic.status()
        note = f"semantic: {status['model']}" if status["enabled"] else "semantic search off"
        stdout.write(f"search: {total} items indexed ({note})")
    return total
