from pathlib import Path

from django.core.management.base import CommandParser

from majlis.core.management.base import MajlisCommand, bad_input


class Command(MajlisCommand):
    help = "Meetings: `majlis meeting export-minutes ID --format pdf|docx [-o FILE]`, `majlis meeting results ID`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True, parser_class=CommandParser)
        export = sub.add_parser("export-minutes", help="write a meeting's minutes as PDF or DOCX",
                                description="Write the minutes of meeting ID as PDF or DOCX (Arabic right-to-left).")
        export.add_argument("meeting_id", type=int, help="the meeting's id")
        export.add_argument("--format", choices=["pdf", "docx"], default="pdf", help="file format (default pdf)")
        export.add_argument("--lang", choices=["ar", "en"], default="ar", help="language of the minutes (default ar)")
        export.add_argument("-o", "--output", help="file to write (default minutes-ID-LANG.FORMAT; - for stdout)")
        results = sub.add_parser("results", help="the tally of every poll of a meeting",
                                 description="Print the tally of every poll of meeting ID (secret polls: counts only once closed).")
        results.add_argument("meeting_id", type=int, help="the meeting's id")
        remind = sub.add_parser("remind", help="e-mail owners of action items due soon or overdue",
                                description="E-mail the owner of every open action item due within DAYS days or overdue "
                                            "(at most once a day per item). The worker that `majlis serve` starts does this every "
                                            "day from MAJLIS_DAILY_HOUR; run it by hand, or from cron where no worker runs.")
        remind.add_argument("--days", type=int, default=3, help="how many days ahead counts as due soon (default 3)")

    def handle(self, *args, **options):
        from majlis.meetings.models import Meeting

        if options["sub"] == "remind":
            from majlis.meetings.services.followup import send_reminders

            if options["days"] < 0:
                raise bad_input("--days must be 0 or more")
            self.stdout.write(f"sent {send_reminders(days_ahead=options['days'])} reminders")
            return

        meeting = Meeting.objects.filter(pk=options["meeting_id"]).first()
        if meeting is None:
            raise bad_input(f"no meeting with id {options['meeting_id']}")
        if options["sub"] == "export-minutes":
            return self.export(meeting, options)
        return self.results(meeting)

    def export(self, meeting, options):
        from majlis.meetings import exports
        from majlis.meetings.models import Minutes

        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            raise bad_input(f"meeting {meeting.pk} has no minutes yet (generate them first)")
        fmt, lang = options["format"], options["lang"]
        data, _ctype = exports.minutes_file(minutes, fmt, lang=lang)
        target = options.get("output") or f"minutes-{meeting.pk}-{lang}.{fmt}"
        if target == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout._out.buffer.write(data)
            return
        Path(target).write_bytes(data)
        self.stdout.write(f"wrote {target} ({len(data)} bytes)")

    def results(self, meeting):
        from majlis.meetings.services.voting import counts, votes_cast

        polls = list(meeting.polls.order_by("id"))
        if not polls:
            self.stdout.write(f"meeting {meeting.pk} has no polls")
            return
        for poll in polls:
            title = poll.title_en or poll.title_ar
            head = f"#{poll.pk} {title} [{poll.kind}, {poll.majority}, {poll.state}]"
            if poll.kind == "secret" and poll.state == "open":
                self.stdout.write(f"{head}: {votes_cast(poll)} ballots cast (counts when closed)")
                continue
            tally = ", ".join(f"{k} {v}" for k, v in counts(poll).items())
            outcome = "" if poll.adopted is None else (" → adopted" if poll.adopted else " → rejected")
            extra = f" (members {poll.members_count}, present {poll.present_count})" if poll.state == "closed" else ""
            self.stdout.write(f"{head}: {tally}{extra}{outcome}")
