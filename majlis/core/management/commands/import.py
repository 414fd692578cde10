from pathlib import Path

from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Import open data: `majlis import popolo FILE` (idempotent; a bad record rejects the whole file)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["popolo"])
        parser.add_argument("file", help="a Popolo JSON document as written by `majlis export popolo`")

    def handle(self, *args, **options):
        from majlis.core import popolo

        path = Path(options["file"])
        if not path.is_file():
            raise bad_input(f"no such file: {path}")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise bad_input(f"{path} is not UTF-8 text") from None
        try:
            report = popolo.import_document(None, popolo.load_document(text))
        except popolo.PopoloError as exc:
            raise bad_input(f"{path}: {exc} — nothing was imported") from None
        self.stdout.write(f"imported {path}: {report}")
