"""Consistent backups taken while Majlis runs, and restores that check before they replace.

A backup is a tar.gz holding the database (SQLite's online backup API, or `pg_dump
--format=custom` on PostgreSQL), the uploaded files under `media/`, and
`manifest.json` with each file's size and SHA-256 plus the audit chain's head. Restore
refuses a damaged, truncated or tampered archive, and an archive whose audit chain does
not verify, before it touches the running database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from majlis.core import audit

FORMAT = "majlis-backup"
VERSION = 1
DB_NAMES = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}


class BackupError(Exception):
    """A clear, one-line reason the backup or restore cannot go on."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    cfg = connection.settings_dict
    args = ["--host", cfg.get("HOST") or "127.0.0.1", "--port", str(cfg.get("PORT") or 5432), "--username", cfg.get("USER") or "postgres"]
    env = {**os.environ}
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = cfg["PASSWORD"]
    return args, env


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BackupError(f"{tool} is not installed (Debian package postgresql-client)")
    return found


def _dump_database(target_dir: Path) -> Path:
    vendor = connection.vendor
    if vendor not in DB_NAMES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    target = target_dir / DB_NAMES[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # consistent even while others write
        finally:
            destination.close()
    else:
        args, env = _pg_env()
        result = subprocess.run(
            [_require("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), connection.settings_dict["NAME"]],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode}")
    return target


def create(path: str | Path) -> dict:
    path = Path(path)
    if path.exists() and path.is_dir():
        raise BackupError(f"{path} is a directory; give a file name such as majlis-backup.tar.gz")
    head = audit.verify()
    if not head.ok:
        raise BackupError(f"refusing to back up a database whose {head}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db_file = _dump_database(tmp)
        files = {db_file.name: db_file}
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            for item in sorted(media_root.rglob("*")):
                if item.is_file():
                    files[f"media/{item.relative_to(media_root).as_posix()}"] = item
        from majlis.core.models import AuditHead

        last = AuditHead.objects.filter(id=1).values_list("last_seq", "last_hash").first() or (0, audit.GENESIS)
        manifest = {
            "format": FORMAT, "version": VERSION, "created": dt.datetime.now(dt.timezone.utc).isoformat(),
            "vendor": connection.vendor,
            "files": {name: {"size": f.stat().st_size, "sha256": _sha256(f)} for name, f in files.items()},
            "audit": {"last_seq": last[0], "last_hash": last[1], "events": head.checked},
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, file in files.items():
                tar.add(file, arcname=name, recursive=False)
        partial.replace(path)  # a crash never leaves a half-written file under the real name
    return manifest


# --- Restore --------------------------------------------------------------------------

def _extract(path: Path, into: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if member.name.startswith("/") or ".." in Path(member.name).parts or not (member.isfile() or member.isdir()):
                    raise BackupError(f"{path} contains an unsafe entry {member.name!r}")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlibError) as exc:
        raise BackupError(f"{path} is damaged or truncated ({exc.__class__.__name__}: {exc})") from None
    manifest_file = into / "manifest.json"
    if not manifest_file.is_file():
        raise BackupError(f"{path} has no manifest.json: not a Majlis backup")
    try:
        manifest = json.loads(manifest_file.read_text())
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{path}: manifest.json is unreadable") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path} is not a Majlis backup of a version this Majlis can restore")
    listed = set(manifest.get("files", {}))
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {"manifest.json"}
    if listed != present:
        missing, extra = sorted(listed - present), sorted(present - listed)
        raise BackupError(f"{path} does not match its manifest (missing: {missing[:3]}, unexpected: {extra[:3]})")
    for name, meta in manifest["files"].items():
        file = into / name
        if file.stat().st_size != meta["size"] or _sha256(file) != meta["sha256"]:
            raise BackupError(f"{path}: {name} does not match its checksum (damaged or altered)")
    return manifest


def _sqlite_chain(db_file: Path) -> audit.VerifyResult:
    source = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        rows = source.execute(f"SELECT {', '.join(audit.ROW_FIELDS)} FROM core_auditevent ORDER BY seq")
        head = source.execute("SELECT last_seq, last_hash FROM core_audithead WHERE id = 1").fetchone() or (0, audit.GENESIS)
        return audit.verify_rows(rows, head=head)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database in the backup is unreadable ({exc})") from None
    finally:
        source.close()


def _copy_rows(dump: Path, table: str) -> list[dict]:
    """The rows of one table of a custom-format dump, from pg_restore's COPY text."""
    result = subprocess.run([_require("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(dump)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"the database dump is unreadable: {result.stderr.strip()[:200]}")
    rows, columns = [], None
    for line in result.stdout.splitlines():
        if line.startswith("COPY "):
            columns = [c.strip().strip('"') for c in line[line.index("(") + 1 : line.index(")")].split(",")]
            continue
        if columns is None:
            continue
        if line == "\\.":
            break
        values = [None if v == "\\N" else _unescape(v) for v in line.split("\t")]
        rows.append(dict(zip(columns, values)))
    return rows


def _unescape(value: str) -> str:
    out, i = [], 0
    table = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append(table.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _pg_chain(dump: Path) -> audit.VerifyResult:
    events = sorted(_copy_rows(dump, "core_auditevent"), key=lambda r: int(r["seq"]))
    heads = _copy_rows(dump, "core_audithead")
    head = (int(heads[0]["last_seq"]), heads[0]["last_hash"]) if heads else (0, audit.GENESIS)
    rows = (
        tuple(int(r[f]) if f in {"seq", "actor_id"} and r[f] is not None else r[f] for f in audit.ROW_FIELDS)
        for r in events
    )
    return audit.verify_rows(rows, head=head)


def check(path: str | Path, into: Path) -> dict:
    """Everything restore verifies, without replacing anything."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    manifest = _extract(path, into)
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(f"{path} is a {manifest.get('vendor')} backup; this Majlis runs on {connection.vendor}")
    db_file = into / DB_NAMES[connection.vendor]
    chain = _sqlite_chain(db_file) if connection.vendor == "sqlite" else _pg_chain(db_file)
    if not chain.ok:
        raise BackupError(f"{path}: the {chain} — not restored")
    return manifest


def restore(path: str | Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        manifest = check(path, tmp)
        db_file = tmp / DB_NAMES[connection.vendor]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            args, env = _pg_env()
            connection.close()
            result = subprocess.run(
                [_require("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                 "--dbname", connection.settings_dict["NAME"], str(db_file)],
                env=env, capture_output=True, text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed (nothing changed): {result.stderr.strip()[:300]}")
        _replace_media(tmp / "media")
    return manifest


def _replace_media(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    if source.is_dir():
        shutil.copytree(source, media_root)
    else:
        media_root.mkdir(parents=True, exist_ok=True)


try:  # zlib raises its own error on a truncated gzip stream
    from zlib import error as zlibError
except ImportError:  # pragma: no cover
    zlibError = OSError
