"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL when
MAJLIS_TEST_DATABASE_URL is set (settings read it under pytest)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from majlis.core.roles import group_for

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # pytest-django's `settings` fires setting_changed, which resets the task backends.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _clear_audit_log_after_transactional_tests(request):
    """The audit table refuses DELETE (a database trigger), and so would the flush that
    ends a transactional test: empty it with the guard lifted, then restore the guard."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server", "asgi_server"} & set(request.fixturenames)
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    request.getfixturevalue("_threads_disconnect_at_exit")
    yield
    from django.db import connection

    from majlis.core.audit_guard import unguarded

    with unguarded(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
        cursor.execute("DELETE FROM core_audithead")


def run_async(coroutine):
    """`asyncio.run(coroutine)` in a thread of its own: the browser tests (Playwright's
    sync API) leave an event loop running in the main thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def make_user(username: str, *roles: str, password: str = "pass-word-123", **extra):
    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    for role in roles:
        user.groups.add(group_for(role))
    return user


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def clerk(db):
    return make_user("clerk-t", "clerk")


@pytest.fixture
def clerk_client(clerk):
    client = Client()
    client.force_login(clerk)
    return client


@pytest.fixture
def demo_register(db):
    from majlis.core import demo

    return demo.load()


def chromium_path() -> str | None:
    for candidate in [os.environ.get("MAJLIS_CHROMIUM", "")] + CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    return found


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium installed (CI installs Debian's chromium; `apt-get install chromium` locally)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


class AsgiServer:
    """The real ASGI application (HTTP + WebSocket) under uvicorn, in a thread."""

    def __init__(self, port: int):
        import uvicorn

        from majlis.asgi import application
        from majlis.core.serving import UVICORN_OPTIONS

        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(application, host="127.0.0.1", port=port, **UVICORN_OPTIONS)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the ASGI test server did not start")
            time.sleep(0.05)
        return self

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def _threads_disconnect_at_exit(django_db_setup, django_db_blocker):
    """The in-process test servers' worker threads keep their database connections
    (`live.db_call`, as in production) and end with the server's event loop without
    closing them; on PostgreSQL those sessions kept the test database from being dropped
    at the end ("is being accessed by other users"). Only transactional tests run such
    threads (they alone see each other's writes), so those request this; the sessions are
    ended after the last test, before the database is destroyed."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")
        deadline = time.monotonic() + 5  # a terminated session takes a moment to go
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT COUNT(*) {others}")
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)
    connection.close()  # this one too, or it is the session left


@pytest.fixture
def asgi_server(transactional_db):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    server = AsgiServer(free_port()).start()
    yield server
    server.stop()
