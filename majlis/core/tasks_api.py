"""The background-tasks API every app uses: Django's own `django.tasks` where Django
ships it (6.0+), otherwise the `django_tasks` backport with the same API."""

try:  # pragma: no cover - depends on the installed Django
    from django.tasks import TaskResultStatus, default_task_backend, task, task_backends
except ImportError:  # Django 5.2 on Python 3.11
    from django_tasks import TaskResultStatus, default_task_backend, task, task_backends

__all__ = ["task", "task_backends", "default_task_backend", "TaskResultStatus"]
