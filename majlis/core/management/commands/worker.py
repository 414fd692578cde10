from django.core.management import call_command

from majlis.core.management.base import MajlisCommand


class Command(MajlisCommand):
    help = ("Run a background-task worker (transcription, indexing, extraction, PDF builds) and, "
            "unless --batch, the daily jobs (action-item reminders) from MAJLIS_DAILY_HOUR on.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the queued tasks, then exit (no daily jobs)")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")

    def handle(self, *args, **options):
        from majlis.core import daily

        stop = None if options["batch"] else daily.start()
        try:
            call_command("db_worker", queue_name="*", batch=options["batch"], interval=options["interval"], reload=False, startup_delay=False)
        finally:
            if stop is not None:
                stop.set()
