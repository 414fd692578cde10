"""Progress of long work, stored so pages and the CLI can show a bar.

A background task creates a `Progress` with a key (usually the task's id), calls
`advance()` as it goes and `finish()` or `fail()` at the end. Writes are throttled so a
tight loop does not hammer the database.
"""

from __future__ import annotations

import sys
import time

from majlis.core.models import TaskProgress


class Progress:
    def __init__(self, key: str, label: str, total: int = 0, *, echo: bool = False):
        self.row, _ = TaskProgress.objects.update_or_create(
            key=key, defaults={"label": label[:300], "total": total, "done": 0, "state": TaskProgress.State.RUNNING, "message": ""}
        )
        self.echo = echo
        self._last_write = 0.0

    def advance(self, step: int = 1, message: str = "") -> None:
        self.row.done = min(self.row.done + step, self.row.total or self.row.done + step)
        if message:
            self.row.message = message[:2000]
        now = time.monotonic()
        if now - self._last_write > 0.5 or self.row.done >= self.row.total:
            self._write()
            self._last_write = now
        if self.echo:
            render_bar(self.row, sys.stderr)

    def set_total(self, total: int) -> None:
        self.row.total = total
        self._write()

    def finish(self, message: str = "", result_url: str = "") -> None:
        self.row.state = TaskProgress.State.DONE
        self.row.done = self.row.total
        self.row.message = message[:2000]
        self.row.result_url = result_url
        self._write()
        if self.echo:
            render_bar(self.row, sys.stderr)
            sys.stderr.write("\n")

    def fail(self, message: str) -> None:
        self.row.state = TaskProgress.State.FAILED
        self.row.message = message[:2000]
        self._write()

    def _write(self) -> None:
        TaskProgress.objects.filter(pk=self.row.pk).update(
            done=self.row.done, total=self.row.total, state=self.row.state, message=self.row.message, result_url=self.row.result_url
        )


def render_bar(row: TaskProgress, stream, width: int = 30) -> None:
    filled = int(width * row.percent / 100)
    stream.write(f"\r{row.label[:40]:<40} [{'#' * filled}{'.' * (width - filled)}] {row.percent:3d}% {row.done}/{row.total}")
    stream.flush()


def watch(key: str, stream=None, *, poll: float = 0.5, timeout: float | None = None) -> TaskProgress | None:
    """Show the bar of a task running elsewhere (a worker) until it ends."""
    stream = stream or sys.stderr
    started = time.monotonic()
    while True:
        row = TaskProgress.objects.filter(key=key).first()
        if row is not None:
            render_bar(row, stream)
            if row.state in (TaskProgress.State.DONE, TaskProgress.State.FAILED):
                stream.write("\n")
                return row
        if timeout is not None and time.monotonic() - started > timeout:
            stream.write("\n")
            return row
        time.sleep(poll)
