import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Serve Majlis over HTTP and WebSocket (ASGI, uvicorn), with a task worker in the embedded mode."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MAJLIS_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MAJLIS_PORT", "8000")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")
        parser.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations first")

    def handle(self, *args, **options):
        from majlis.core import serving

        if not 0 < options["port"] < 65536:
            raise bad_input(f"--port must be between 1 and 65535, got {options['port']}")
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        worker = None
        embedded = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")
        if embedded and not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "majlis.cli", "worker"], env=os.environ.copy(), preexec_fn=_die_with_parent)

        def stop(*_):
            _stop(worker)
            raise SystemExit(0)

        # uvicorn shuts down gracefully on SIGTERM, then re-raises it: this handler then
        # stops the worker too instead of leaving it orphaned.
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Majlis on http://{options['host']}:{options['port']}/ (Ctrl+C stops it)")
        try:
            serving.run(options["host"], options["port"])
        finally:
            _stop(worker)


def _stop(worker) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM if `majlis serve` dies without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
