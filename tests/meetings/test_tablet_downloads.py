"""What tablets download reaches them without the server holding it in memory: a paper
is streamed a chunk at a time under the real ASGI server, its extracted text stays in
the database except where it is read (the reading page, the search index), and static
files are answered ahead of Django's middleware."""

import hashlib
import http.client
import time

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from majlis.meetings import services
from majlis.meetings.models import Paper


def _big_paper(sitting, megabytes: int) -> tuple[Paper, bytes]:
    """A public paper of `megabytes` MB stored as it is, without text extraction: the
    upload path is not what is tested, and indexing megabytes of text would be slow."""
    data = bytes(range(256)) * (megabytes * 4096)
    paper = Paper(meeting=sitting, filename="order-paper.bin", content_type="application/octet-stream", size=len(data),
                  title_en="Order paper", access="public")
    paper.file.save("order-paper.bin", ContentFile(data), save=True)
    return paper, data


class _CountingReads:
    """Wraps the files the storage opens, counting the bytes the server reads from them."""

    def __init__(self, monkeypatch):
        self.read = 0
        original = FileSystemStorage._open
        counter = self

        class Counted:
            def __init__(self, raw):
                self.raw = raw

            def read(self, *args):
                chunk = self.raw.read(*args)
                counter.read += len(chunk)
                return chunk

            def __getattr__(self, name):
                return getattr(self.raw, name)

        def _open(storage, name, mode="rb"):
            opened = original(storage, name, mode)
            return File(Counted(opened.file), name=opened.name)

        monkeypatch.setattr(FileSystemStorage, "_open", _open)


def _get(server, path: str, headers: dict | None = None):
    connection_ = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection_.request("GET", path, headers=headers or {})
    response = connection_.getresponse()
    body = response.read()
    connection_.close()
    return response, body


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_paper_streams_to_a_tablet_under_the_real_server(asgi_server, sitting, monkeypatch):
    paper, data = _big_paper(sitting, 24)
    reads = _CountingReads(monkeypatch)
    path = f"/api/meetings/papers/{paper.pk}/file"

    # A tablet that takes the first bytes and then stops reading: the server reads no more
    # of the file than the sockets in between can hold, instead of all of it up front.
    stalled = http.client.HTTPConnection("127.0.0.1", asgi_server.port, timeout=30)
    stalled.request("GET", path)
    response = stalled.getresponse()
    assert response.status == 200 and int(response.headers["Content-Length"]) == len(data)
    assert response.read(65536) == data[:65536]
    settled, previous = 0, -1
    for _ in range(100):  # until the server stops reading (flow control holds it)
        time.sleep(0.05)
        settled, previous = reads.read, settled
        if settled == previous:
            break
    assert 0 < settled < len(data) // 2
    stalled.close()

    # A tablet that reads it all gets every byte, with the paper's name.
    response, body = _get(asgi_server, path)
    assert response.status == 200 and 'filename="order-paper.bin"' in response.headers["Content-Disposition"]
    assert hashlib.sha256(body).digest() == hashlib.sha256(data).digest()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_static_files_are_answered_ahead_of_the_middleware(asgi_server, monkeypatch):
    """A tablet's stylesheet, script and fonts need no session, login or language: they
    are served before Django's middleware, streamed, with the usual answers to a
    conditional request, a missing file and a path out of the static folders."""
    from django.contrib.sessions.middleware import SessionMiddleware

    sessions: list = []
    process_request = SessionMiddleware.process_request
    monkeypatch.setattr(SessionMiddleware, "process_request", lambda self, request: sessions.append(request.path) or process_request(self, request))

    response, css = _get(asgi_server, "/static/css/majlis.css")
    assert response.status == 200 and response.headers["Content-Type"] == "text/css"
    assert int(response.headers["Content-Length"]) == len(css) > 0 and b"@font-face" in css
    again, body = _get(asgi_server, "/static/css/majlis.css", headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert again.status == 304 and body == b""
    font, data = _get(asgi_server, "/static/fonts/NotoSansArabic-Regular.ttf")
    assert font.status == 200 and len(data) == int(font.headers["Content-Length"]) > 100_000
    assert _get(asgi_server, "/static/css/missing.css")[0].status == 404
    assert _get(asgi_server, "/static/%2e%2e/%2e%2e/asgi.py")[0].status == 400
    assert sessions == []
    assert _get(asgi_server, "/meetings/")[0].status == 200 and sessions == ["/meetings/"]


@pytest.mark.django_db
def test_a_paper_s_text_is_read_where_it_is_shown_and_left_in_the_database_elsewhere(council, clerk, sitting):
    from majlis.search import engine, index

    paper = services.upload_paper(clerk, sitting, filename="budget.txt", data="مشروع الموازنة العامة\nbudget bill\n".encode(),
                                  title_en="Budget", access="public")
    text_column = f'{connection.ops.quote_name("meetings_paper")}.{connection.ops.quote_name("text")}'
    anyone = Client()
    with CaptureQueriesContext(connection) as queries:
        assert anyone.get(f"/api/meetings/papers/{paper.pk}/file").status_code == 200
        assert [p["id"] for p in anyone.get(f"/api/meetings/{sitting.pk}/papers").json()] == [paper.pk]
        assert anyone.get(f"/meetings/{sitting.pk}/").status_code == 200
    assert [q["sql"] for q in queries.captured_queries if text_column in q["sql"]] == []

    assert "مشروع الموازنة العامة" in anyone.get(f"/meetings/papers/{paper.pk}/").content.decode()
    index.index_object("meetings.paper", paper.pk)
    hits = engine.search("budget bill", include_private=True, types=["meetings.paper"]).hits
    assert [h.entry.object_id for h in hits] == [str(paper.pk)]
