from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Show background tasks and their progress: `majlis tasks` lists, `majlis tasks KEY --watch` follows one."

    def add_arguments(self, parser):
        parser.add_argument("key", nargs="?", help="a task's progress key (shown by the command that queued it)")
        parser.add_argument("--watch", action="store_true", help="draw a progress bar until the task ends")
        parser.add_argument("--limit", type=int, default=20)

    def handle(self, *args, **options):
        from majlis.core.models import TaskProgress
        from majlis.core.progress import watch

        if options["key"]:
            if not TaskProgress.objects.filter(key=options["key"]).exists() and not options["watch"]:
                raise bad_input(f"no task with key {options['key']!r}")
            if options["watch"]:
                row = watch(options["key"], self.stderr._out)
                if row is not None and row.state == TaskProgress.State.FAILED:
                    raise SystemExit(1)
                return
            rows = TaskProgress.objects.filter(key=options["key"])
        else:
            rows = TaskProgress.objects.all()[: options["limit"]]
        for row in rows:
            self.stdout.write(f"{row.key:<40} {row.state:<8} {row.percent:3d}%  {row.label}  {row.message[:60]}")
