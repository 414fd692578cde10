"""Background work of the meetings app (run by the worker that `majlis serve` starts)."""

from majlis.core.tasks_api import task


@task()
def send_action_item_reminders(days_ahead: int = 3) -> int:
    from majlis.meetings.services.followup import send_reminders

    return send_reminders(days_ahead=days_ahead)
