"""WebSocket clients and real server processes for the live tests and the benchmark."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def settled(fn, *args, **kwargs):
    """Call a service from the test thread while the server thread also uses the
    in-memory SQLite test database, whose shared cache answers "locked" instead of
    waiting (a file database or PostgreSQL waits; this only retries that answer)."""
    from django.db import OperationalError

    for attempt in range(30):
        try:
            return fn(*args, **kwargs)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == 29:
                raise
            time.sleep(0.02)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class LiveClient:
    """A blocking WebSocket client of /ws/meetings/ID/ that remembers the last state."""

    def __init__(self, base_url: str, meeting_id: int, *, user=None, cookie: str | None = None, projector: bool = False,
                 language: str | None = None, headers: dict | None = None):
        """`language` sets the language cookie (as the page's switcher does); `headers` adds
        request headers (Accept-Language, say)."""
        from websockets.sync.client import connect

        url = base_url.replace("http", "ws", 1) + f"/ws/meetings/{meeting_id}/" + ("?view=projector" if projector else "")
        headers = dict(headers or {})
        cookies = []
        if cookie or user is not None:
            cookies.append(f"sessionid={cookie or session_cookie(user)}")
        if language:
            cookies.append(f"majlis_language={language}")
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        # Entered as the context manager websockets (17.1+) asks for, and left in `close`.
        self._connection = contextlib.ExitStack()
        self.ws = self._connection.enter_context(connect(url, origin=base_url, additional_headers=headers, open_timeout=10))
        self.state = None
        self.ref = 0

    def recv(self, timeout: float = 10) -> dict:
        message = json.loads(self.ws.recv(timeout=timeout))
        if message.get("type") == "state":
            self.state = message["state"]
        return message

    def wait_for(self, predicate, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            if self.state is not None and predicate(self.state):
                return self.state
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"state never matched; last state: {self.state}")
            try:
                self.recv(timeout=left)
            except TimeoutError:
                continue

    def call(self, timeout: float = 10, **message) -> dict:
        """Send an action and wait for its ack or error (state messages are kept)."""
        return self.reply(self.send(**message), timeout)

    def send(self, **message) -> int:
        """Send an action without waiting; returns its ref for `reply`."""
        self.ref += 1
        self.ws.send(json.dumps({"ref": self.ref, **message}))
        return self.ref

    def reply(self, ref: int, timeout: float = 10) -> dict:
        """Wait for the ack or error of the action sent with `ref`."""
        deadline = time.monotonic() + timeout
        while True:
            reply = self.recv(timeout=max(0.01, deadline - time.monotonic()))
            if reply.get("ref") == ref and reply["type"] in ("ack", "error"):
                return reply

    def close(self):
        self._connection.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The URL of the database this test runs on, for a server in another process."""
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("a second process can only share a PostgreSQL test database")
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


class ServerProcess:
    """`majlis serve` in its own process (so it can be killed), without its task worker."""

    def __init__(self, db_url: str, data_dir: str, *, redis_url: str = "", port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "MAJLIS_DATABASE_URL": db_url, "MAJLIS_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "majlis.settings",
                    "MAJLIS_REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
        self.env.pop("MAJLIS_TEST_DATABASE_URL", None)
        self.proc = None

    def start(self, timeout: float = 30):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "majlis.cli", "serve", "--no-migrate", "--no-worker", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, cwd=str(ROOT))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self):
        """SIGKILL: no shutdown hooks, no flushing — what a crash or power cut does."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
