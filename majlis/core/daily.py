"""The jobs a background worker runs once a day, so that an embedded deployment needs no
cron: `majlis worker` (started by `majlis serve`) checks every minute and, from
`MAJLIS_DAILY_HOUR` (deployment time) on, enqueues each task in `settings.DAILY_TASKS`
once that day. The tasks run in the worker like any other.

There is no record of the last run beyond the worker's memory: a worker restarted after
the hour, or several workers, enqueue the day's jobs again. Each daily task must
therefore be safe to run twice (the action-item reminders lock the items they mail).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
CHECK_SECONDS = 60


def due(now: dt.datetime, last_day: dt.date | None, hour: int) -> bool:
    """Whether the day's jobs should go now: the hour has come (local time) and they have
    not gone today."""
    return now.hour >= hour and now.date() != last_day


def enqueue_due(last_day: dt.date | None, now: dt.datetime | None = None) -> dt.date | None:
    """Enqueue the daily tasks if they are due; returns the day they last went."""
    now = timezone.localtime(now)
    if not due(now, last_day, settings.DAILY_HOUR):
        return last_day
    for path in settings.DAILY_TASKS:
        import_string(path).enqueue()
    return now.date()


def run(stop: threading.Event) -> None:
    """The worker's schedule loop, in a thread of its own until `stop` is set."""
    last_day = None
    while True:
        try:
            last_day = enqueue_due(last_day)
        except Exception:  # noqa: BLE001 - a database hiccup must not end the schedule; retried next check
            logger.exception("could not enqueue the daily tasks; trying again in %s s", CHECK_SECONDS)
        finally:
            connections.close_all()
        if stop.wait(CHECK_SECONDS):
            return


def start() -> threading.Event:
    """Start the schedule in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=run, args=(stop,), name="majlis-daily", daemon=True).start()
    return stop
