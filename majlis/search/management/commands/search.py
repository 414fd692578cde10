"""`majlis search reindex [--type T]` and `majlis search "QUERY" [--type T] [--json]`."""

from __future__ import annotations

import json
import uuid

from majlis.core.management.base import MajlisCommand, bad_input

EPILOG = """examples:
  majlis search reindex                    rebuild the whole index (with a progress bar)
  majlis search reindex --type core.person rebuild one type
  majlis search "بالمجلس"                  search, best results first
  majlis search "Hajiyev" --type core.person --json
  majlis search -- reindex                 search for the word "reindex" itself
"""


class Command(MajlisCommand):
    help = "Search the index, or rebuild it: majlis search reindex | majlis search \"QUERY\"."

    def create_parser(self, prog_name, subcommand, **kwargs):
        import argparse

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = EPILOG
        return parser

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+", metavar="reindex|QUERY",
                            help="'reindex' to rebuild the index; anything else is the text to search for")
        parser.add_argument("--type", dest="types", action="append", default=[], metavar="T",
                            help="only this type (repeatable), e.g. core.person, hansard.speech")
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--limit", type=int, default=10, help="how many results (default 10, at most 100)")
        parser.add_argument("--lang", default="", choices=["", "ar", "en"], help="only items in this language")
        parser.add_argument("--staff", action="store_true",
                            help="include staff-only items (the operator's view); default: what the public sees")
        parser.add_argument("--no-progress", action="store_true", help="reindex without the progress bar")

    def handle(self, *args, **options):
        words = options["query"]
        if words == ["reindex"]:
            return self._reindex(options)
        return self._search(" ".join(words), options)

    def _reindex(self, options):
        from majlis.core.progress import Progress
        from majlis.search import index, registry, semantic

        known = registry.types()
        for t in options["types"]:
            if t not in known:
                raise bad_input(f"unknown type {t!r}; known types: {', '.join(sorted(known)) or 'none'}")
        semantic.register_system()
        progress = None if options["no_progress"] else Progress(f"search-reindex-{uuid.uuid4().hex[:12]}", "Search reindex", echo=True)
        total = index.reindex(options["types"] or None, progress=progress)
        if progress is not None:
            progress.finish(f"{total} indexed")
        status = semantic.status()
        note = f"; semantic vectors: {status['model']}" if status["enabled"] else f"; semantic search off ({status['reason']})"
        self.stdout.write(f"search: {total} items indexed{note}")

    def _search(self, text: str, options):
        from django.contrib.auth.models import AnonymousUser

        from majlis.search.engine import search
        from majlis.search.query import QueryError

        if not text.strip():
            raise bad_input("the query is empty: type a word or a name to search")
        limit = options["limit"]
        if not 1 <= limit <= 100:
            raise bad_input("--limit must be between 1 and 100")
        try:
            results = search(text, user=AnonymousUser(), types=options["types"], language=options["lang"],
                             per_page=limit, facets=options["json"], include_private=options["staff"] or None)
        except QueryError as exc:
            raise bad_input(str(exc.message)) from None
        if options["json"]:
            self.stdout.write(json.dumps(results.as_dict(), ensure_ascii=False, indent=2))
            return
        if results.message:
            self.stderr.write(results.message)
        if results.relaxed:
            self.stderr.write("(no item has every word; showing items with any of them)")
        from django.utils.html import strip_tags

        for n, hit in enumerate(results.hits, start=1):
            e = hit.entry
            date = e.date.isoformat() if e.date else ""
            self.stdout.write(f"{n:>2}. [{e.type_key}] {e.title}  {date}  {e.url}")
            snippet = strip_tags(str(hit.snippet_html)).replace("\n", " ")
            self.stdout.write(f"    {snippet}")
        self.stdout.write(f"{results.total} result(s)")
