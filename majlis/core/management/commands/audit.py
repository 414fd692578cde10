from majlis.core import audit
from majlis.core.management.base import MajlisCommand


class Command(MajlisCommand):
    help = "Check the audit chain: `majlis audit verify` exits 0 if intact, 1 naming the first bad event."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"], help="verify: recompute every hash of the chain")

    def handle(self, *args, **options):
        result = audit.verify()
        if result.ok:
            self.stdout.write(str(result))
            return
        self.stderr.write(str(result))
        raise SystemExit(1)
