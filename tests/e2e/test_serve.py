"""`majlis serve` really serves HTTP (and its worker) from a fresh data directory."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_and_answers_then_stops_with_its_worker(tmp_path):
    port = _free_port()
    env = {**os.environ, "MAJLIS_DATA_DIR": str(tmp_path)}
    env.pop("MAJLIS_TEST_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "majlis.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        body = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"majlis serve exited: {server.stdout.read()}")
                time.sleep(0.3)
        assert body is not None and '"ok": true' in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert 'dir="rtl"' in response.read().decode()
        assert (tmp_path / "majlis.sqlite3").exists()
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert children, "the embedded worker process is running"
    finally:
        server.terminate()
        server.wait(timeout=20)
    time.sleep(0.5)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
