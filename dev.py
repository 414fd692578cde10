#!/usr/bin/env python3
"""The two commands of the README, on a machine with nothing but Python 3.11+.

    python3 dev.py start   # virtualenv, install, migrate SQLite, demo data, serve :8000
    python3 dev.py test    # the whole test suite (SQLite; PostgreSQL with MAJLIS_TEST_DATABASE_URL)

Both are idempotent: the virtualenv is reused and dependencies are reinstalled only
when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def die(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr)
    raise SystemExit(2)


def ensure_env(extras: str) -> None:
    if sys.version_info < (3, 11):
        die(f"Majlis needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not PYTHON.exists():
        print("Creating the virtualenv in .venv …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # Debian without python3-venv
            die(f"cannot create a virtualenv ({exc}); on Debian: apt-get install python3-venv")
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    slug = extras.replace(",", "-") or "base"
    stamp = VENV / f".installed-{slug}-{digest}"
    if stamp.exists():
        return
    print(f"Installing Majlis and its dependencies ({spec}) …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["-e", spec], check=True, cwd=ROOT)
    for old in VENV.glob(f".installed-{slug}-*"):
        old.unlink()
    stamp.touch()


def majlis(*args: str) -> None:
    subprocess.run([str(BIN / "majlis"), *args], check=True, cwd=ROOT)


def start(args: list[str]) -> None:
    ensure_env("semantic")
    majlis("migrate", "--no-input", "-v", "0")
    majlis("demo")
    try:
        majlis("serve", "--no-migrate", *args)
    except KeyboardInterrupt:
        pass


def test(args: list[str]) -> None:
    ensure_env("test")
    workers = ["-n", "2"] if (os.cpu_count() or 1) >= 2 and "-n" not in args else []
    command = [str(PYTHON), "-m", "pytest", *workers, *args]
    result = subprocess.run(command, cwd=ROOT)
    raise SystemExit(result.returncode)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test"}:
        die("usage: python3 dev.py start [--port N] | python3 dev.py test [pytest options]")
    {"start": start, "test": test}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
