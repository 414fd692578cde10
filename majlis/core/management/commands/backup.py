from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Write a consistent backup (database, uploaded files, checksummed manifest) while Majlis runs."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. majlis-2026-11-23.tar.gz")

    def handle(self, *args, **options):
        from majlis.core import backup

        try:
            manifest = backup.create(options["file"])
        except backup.BackupError as exc:
            raise bad_input(str(exc)) from None
        self.stdout.write(f"backup written to {options['file']}: {len(manifest['files'])} files, {manifest['audit']['events']} audit events")
