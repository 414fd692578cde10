import json
import sys

from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Export open data: `majlis export popolo [-o FILE]` writes the register as Popolo JSON."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["popolo"], help="popolo: people, bodies, posts, memberships, areas")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        from majlis.core import popolo

        text = json.dumps(popolo.export(), ensure_ascii=False, indent=2)
        if not options["output"] or options["output"] == "-":
            sys.stdout.write(text + "\n")
            return
        try:
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as exc:
            raise bad_input(f"cannot write {options['output']}: {exc.strerror}") from None
        self.stderr.write(f"wrote {options['output']}")
