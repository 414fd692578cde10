"""`majlis hansard …`: export, import, publish, seed and transcribe records."""

from __future__ import annotations

import sys
from pathlib import Path


from majlis.core.management.base import MajlisCommand, bad_input


def _record(record_id):
    from majlis.hansard.models import Record

    record = Record.objects.filter(pk=record_id).first()
    if record is None:
        raise bad_input(f"no Hansard record with id {record_id}")
    return record


def _system_editor():
    """The CLI acts as the operator (the system): None in the audit chain's actor."""
    return None


class Command(MajlisCommand):
    help = "The electronic Hansard: export, import, publish, seed from eMeeting, transcribe audio."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("export", help="Export a record: the latest published version, or --draft for the working copy")
        p.add_argument("id", type=int, help="record id")
        p.add_argument("--format", choices=["akn", "pdf", "html", "json", "txt"], default="akn")
        p.add_argument("-o", "--output", help="file to write (default: standard output)")
        p.add_argument("--draft", action="store_true", help="export the working copy instead of the published version")
        p.add_argument("--published-version", type=int, dest="version_number", help="a given published version number")
        p.add_argument("--lang", choices=["ar", "en"], help="language of headings and the page (default: the record's)")
        p = sub.add_parser("import", help="Import an Akoma Ntoso debate into a new draft record")
        p.add_argument("file", help="AKN XML file")
        p.add_argument("--no-validate", action="store_true", help="import even if the XSD reports problems")
        p = sub.add_parser("publish", help="Publish a record (moving it through review and approval if needed)")
        p.add_argument("id", type=int)
        p.add_argument("--corrigendum", default="", help="required when publishing a correction of a published record")
        p = sub.add_parser("validate", help="Check a record's AKN export (or an AKN file) against the XSD and Majlis's checks")
        p.add_argument("target", help="record id or AKN file")
        p = sub.add_parser("seed", help="Create the draft record of an eMeeting sitting (agenda → sections, speakers → speeches)")
        p.add_argument("meeting", type=int, help="meeting id")
        p = sub.add_parser("transcribe", help="Speech-to-text of an audio file into a record (progress bar; waits until done)")
        p.add_argument("audio", help="audio file (wav, mp3, ogg …)")
        p.add_argument("--record", type=int, required=True, help="record id")
        p.add_argument("--language", choices=["ar", "en"], default=None, help="spoken language (default: the record's)")
        p.add_argument("--start", help="wall-clock time the audio starts, ISO 8601 (default: the sitting's start)")

    def handle(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_export(self, id, format, output=None, draft=False, version_number=None, lang=None, **_):
        from majlis.hansard import document, render

        record = _record(id)
        if draft:
            doc = document.build(record)
        else:
            versions = record.versions.order_by("-number")
            version = versions.filter(number=version_number).first() if version_number else versions.first()
            if version is None:
                raise bad_input(f"record {id} has no published version{' ' + str(version_number) if version_number else ''} (use --draft for the working copy)")
            doc = version.document
        data = render.export(doc, format, lang)
        if output:
            Path(output).write_bytes(data)
            self.stdout.write(f"wrote {output} ({len(data)} bytes)")
        else:
            sys.stdout.buffer.write(data)

    def do_import(self, file, no_validate=False, **_):
        from majlis.hansard import akn, services

        data = Path(file).read_bytes()
        try:
            doc = akn.parse(data)
        except akn.AknError as exc:
            raise bad_input(f"{file}: {exc}") from None
        if not no_validate:
            if not akn.schema().validate(akn._parse_bytes(data)):
                first = akn.schema().error_log[0]
                raise bad_input(f"{file}: not valid AKN 3.0 (line {first.line}: {first.message}); --no-validate imports anyway")
        record = services.import_document(_system_editor(), doc, source_note=f"imported from {Path(file).name}")
        self.stdout.write(f"imported record {record.pk}: {record.speeches.count()} units, {record.sections.count()} sections")

    def do_publish(self, id, corrigendum="", **_):
        from majlis.hansard import services

        record = _record(id)
        actor = _system_editor()
        if record.state == "published":
            raise bad_input(f"record {id} is already published as version {record.version}; open a correction first")
        if record.state == "draft":
            services.transition(actor, record, "in_review")
        if record.state == "in_review":
            services.transition(actor, record, "approved")
        version = services.publish(actor, record, corrigendum=corrigendum)
        self.stdout.write(f"published record {id} as version {version.number}")

    def do_validate(self, target, **_):
        from majlis.hansard import akn, document

        if target.isdigit():
            record = _record(int(target))
            version = record.versions.order_by("-number").first()
            data = akn.export(version.document if version else document.build(record))
        else:
            data = Path(target).read_bytes()
        try:
            problems = akn.validate(data)
        except akn.AknError as exc:
            raise bad_input(str(exc)) from None
        if problems:
            for p in problems:
                self.stdout.write(p)
            raise bad_input(f"{len(problems)} problem(s)")
        self.stdout.write("valid Akoma Ntoso 3.0; every by/as resolves, ids unique, times ordered")

    def do_seed(self, meeting, **_):
        from majlis.hansard import services
        from majlis.meetings.models import Meeting

        found = Meeting.objects.filter(pk=meeting).first()
        if found is None:
            raise bad_input(f"no meeting with id {meeting}")
        record = services.seed_from_meeting(_system_editor(), found)
        self.stdout.write(f"record {record.pk}: {record.sections.count()} sections, {record.speeches.count()} units")

    def do_transcribe(self, audio, record, language=None, start=None, **_):
        import datetime as dt

        from django.utils import timezone

        from majlis.hansard import asr, transcription

        rec = _record(record)
        if not Path(audio).is_file():
            raise bad_input(f"no such audio file: {audio}")
        audio_start = None
        if start:
            try:
                audio_start = dt.datetime.fromisoformat(start)
            except ValueError:
                raise bad_input(f"--start: not an ISO 8601 time: {start}") from None
            if timezone.is_naive(audio_start):
                audio_start = timezone.make_aware(audio_start)
        try:
            asr.get_recognizer()
            row = transcription.create(_system_editor(), rec, str(Path(audio).resolve()), language=language or rec.language, audio_start=audio_start)
        except asr.AsrUnavailable as exc:
            raise bad_input(str(exc)) from None
        except transcription.TranscriptionDisabled as exc:
            raise bad_input(str(exc)) from None
        row = transcription.run(row.pk, echo=True)
        if row.state != "done":
            raise bad_input(f"transcription failed: {row.message}")
        self.stdout.write(f"transcribed {row.duration:.1f}s of audio in {row.elapsed:.1f}s: {row.message}; record {rec.pk} (speeches labelled AI-made until accepted)")
