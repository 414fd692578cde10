import importlib
import time

from majlis.core.management.base import MajlisCommand

# Lower layers first: meetings need the register, the Hansard needs meetings, relations
# ingestion needs the AI register, and search indexes everything at the end.
DEMO_ORDER = ["core", "ai", "meetings", "hansard", "relations", "search"]


class Command(MajlisCommand):
    help = "Load the demo data built from the seed press releases (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        for app in DEMO_ORDER:
            try:
                module = importlib.import_module(f"majlis.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"majlis.{app}.demo":
                    continue
                raise
            started = time.monotonic()
            module.load(stdout=self.stdout)
            self.stdout.write(f"demo: {app} ready ({time.monotonic() - started:.1f}s)")
        from majlis.core.demo import logins_text

        self.stdout.write(logins_text())
