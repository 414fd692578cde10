"""`majlis relations extract|ingest|queue`: press releases from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from majlis.core.management.base import MajlisCommand, bad_input


def _published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_input(f"--published: {value!r} is not a date (YYYY-MM-DD)") from None


def _read(path: str) -> tuple[bytes, str]:
    p = Path(path)
    if not p.exists():
        raise bad_input(f"no such file: {path}")
    if p.is_dir():
        raise bad_input(f"{path} is a directory")
    return p.read_bytes(), p.name


class Command(MajlisCommand):
    help = "International relations: extract engagements from press releases, ingest them into the review queue, list the queue."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("extract", help="print what the extractor finds in a release (nothing is saved)")
        ex.add_argument("file")
        ex.add_argument("--published", help="publication date YYYY-MM-DD (relative dates are resolved against it)")
        ex.add_argument("--language", choices=["ar", "en"])
        ex.add_argument("--json", action="store_true", help="print the JSON documented in docs/relations.md")
        ing = sub.add_parser("ingest", help="read releases (TXT, HTML, DOCX, PDF) into the review queue")
        ing.add_argument("files", nargs="+")
        ing.add_argument("--published", help="publication date YYYY-MM-DD")
        ing.add_argument("--language", choices=["ar", "en"])
        ing.add_argument("--source", default="")
        sub.add_parser("queue", help="list the releases waiting for review")

    def handle(self, *args, **options):
        getattr(self, "do_" + options["action"])(**options)

    def do_extract(self, file, published=None, language=None, json=False, **_):
        from django.core.exceptions import ValidationError

        from majlis.ai.governance import FeatureDisabled
        from majlis.relations import extract, reading

        data, name = _read(file)
        text = reading.read_upload(data, name)
        try:
            result, _output = extract.run(text, published=_published(published) or dt.date.today(), language=language, log=False)
        except FeatureDisabled as exc:
            raise bad_input(str(exc)) from None
        if json:
            import json as _json

            self.stdout.write(_json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"language: {result.language}   method: {result.method}")
        for i, e in enumerate(result.events, 1):
            self.stdout.write(f"event {i}: {e.type} {e.date or '?'} places={', '.join(e.places)} countries={', '.join(e.countries)}")
            for p in e.participants:
                self.stdout.write(f"  - {p.name} ({p.title}) {p.country or ''} #{p.person_id or 'new'}")
        if result.mentioned:
            self.stdout.write("mentioned: " + ", ".join(p.name for p in result.mentioned))
        if not result.events:
            raise ValidationError({"text": "no engagement was found in this release"})

    def do_ingest(self, files, published=None, language=None, source="", **_):
        """Each file is read and queued in its own transaction; a bad file is reported
        (one line) and the others still go in; the exit code is 2 if any failed."""
        import uuid

        from django.core.exceptions import ValidationError

        from majlis.ai.governance import FeatureDisabled
        from majlis.core.errors import one_line
        from majlis.core.progress import Progress
        from majlis.relations import services

        day = _published(published)
        progress = Progress(f"relations-ingest-{uuid.uuid4().hex[:12]}", "Reading press releases", total=len(files), echo=len(files) > 1)
        failed = []
        for path in files:
            try:
                data, name = _read(path)
                release = services.ingest(None, data=data, filename=name, published=day, language=language, source=source)
            except FeatureDisabled as exc:
                progress.fail(str(exc))
                raise bad_input(f"{path}: {exc}") from None
            except ValidationError as exc:
                failed.append(f"{path}: {one_line(exc)}")
                progress.advance(message=failed[-1])
                continue
            except Exception as exc:  # CommandError from _read
                if getattr(exc, "returncode", None) == 2:
                    failed.append(str(exc))
                    progress.advance(message=failed[-1])
                    continue
                raise
            events = len((release.extraction or {}).get("events", []))
            self.stdout.write(f"{path}: release #{release.pk} ({release.language}, {events} events) waits for review")
            progress.advance()
        progress.finish(f"{len(files) - len(failed)} read, {len(failed)} refused")
        if failed:
            raise bad_input("; ".join(failed))

    def do_queue(self, **_):
        from majlis.relations.models import PressRelease

        rows = PressRelease.objects.filter(status=PressRelease.Status.PENDING).order_by("created")
        for r in rows:
            self.stdout.write(f"#{r.pk}  {r.published or '—'}  {r.language}  {r.title[:80]}")
        self.stdout.write(f"{rows.count()} releases wait for review")
