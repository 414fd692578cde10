from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Restore a backup after checking its manifest and audit chain (nothing is replaced if a check fails)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `majlis backup`")
        parser.add_argument("--check-only", action="store_true", help="verify the archive, replace nothing")

    def handle(self, *args, **options):
        import tempfile
        from pathlib import Path

        from majlis.core import backup

        try:
            if options["check_only"]:
                with tempfile.TemporaryDirectory() as tmp:
                    manifest = backup.check(options["file"], Path(tmp))
                self.stdout.write(f"{options['file']} is intact: {manifest['audit']['events']} audit events, created {manifest['created']}")
                return
            manifest = backup.restore(options["file"])
        except backup.BackupError as exc:
            raise bad_input(str(exc)) from None
        self.stdout.write(f"restored {options['file']} (taken {manifest['created']}, {manifest['audit']['events']} audit events)")
