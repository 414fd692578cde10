"""The `majlis` command line: help, exit codes, open data, backup and restore, the worker."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from majlis.cli import main
from majlis.core import audit, popolo, services
from majlis.core.models import AuditEvent, Person, TaskProgress

ROOT = Path(__file__).resolve().parents[2]
SHARED_POPOLO = ROOT.parent / "shared" / "schemas" / "popolo"


def run_cli(*args):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    return info.value.code


def test_help_lists_the_operator_commands(capsys):
    assert run_cli("--help") == 0
    out = capsys.readouterr().out
    for command in ("serve", "demo", "export", "import", "audit", "createuser", "backup", "restore", "worker"):
        assert f"  {command}" in out


@pytest.mark.parametrize("command", ["serve", "demo", "export", "import", "audit", "createuser", "backup", "restore", "worker"])
def test_every_command_has_help(command, capsys):
    assert run_cli(command, "--help") == 0
    assert "usage:" in capsys.readouterr().out


def test_unknown_command_and_bad_arguments_exit_2(capsys):
    assert run_cli("frobnicate") == 2
    assert run_cli("export", "xml") == 2
    assert run_cli("audit", "fix") == 2
    err = capsys.readouterr().err
    assert "unknown command" in err and "invalid choice" in err


@pytest.mark.django_db(transaction=True)  # the CLI closes its connections at exit
def test_bad_files_are_one_line_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "nope.json"
    assert run_cli("import", "popolo", str(missing)) == 2
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\xfe\x00binary")
    assert run_cli("import", "popolo", str(garbage)) == 2
    notjson = tmp_path / "bad.json"
    notjson.write_text("{ not json", encoding="utf-8")
    assert run_cli("import", "popolo", str(notjson)) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 3 and all("Traceback" not in line for line in err)


@pytest.mark.django_db
def test_createuser_with_roles_and_weak_password(capsys):
    call_command("createuser", "newclerk", "--role", "clerk", "--password", "a-strong-pass-phrase-9")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="newclerk")
    assert list(user.groups.values_list("name", flat=True)) == ["clerk"]
    with pytest.raises(CommandError) as info:
        call_command("createuser", "weak", "--password", "123")
    assert info.value.returncode == 2


# --- Open data -------------------------------------------------------------------------

@pytest.mark.django_db
def test_popolo_export_validates_against_the_official_schemas(demo_register, tmp_path):
    from jsonschema import Draft3Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    schema_dir = SHARED_POPOLO if SHARED_POPOLO.is_dir() else popolo.SCHEMA_DIR
    schemas = {p.stem: json.loads(p.read_text()) for p in schema_dir.glob("*.json")}
    registry = Registry().with_resources(
        [(s["id"], Resource(contents=s, specification=DRAFT3)) for s in schemas.values()]
        + [(s["id"].rstrip("#"), Resource(contents=s, specification=DRAFT3)) for s in schemas.values()]
    )
    out = tmp_path / "popolo.json"
    call_command("export", "popolo", "-o", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["persons"]) == Person.objects.count() > 40
    for collection, kind in popolo.COLLECTIONS.items():
        validator = Draft3Validator(schemas[kind], registry=registry)
        for item in document[collection]:
            validator.validate(item)
    gafarova = next(p for p in document["persons"] if p["name"] == "Sahiba Gafarova")
    assert {"name": "صاحبة غفاروفا", "note": "ar"} in gafarova["other_names"]


@pytest.mark.django_db
def test_popolo_import_is_idempotent_and_round_trips(demo_register):
    document = popolo.export()
    events = AuditEvent.objects.count()
    report = popolo.import_document(None, document)
    assert (report.created, report.updated) == (0, 0)
    assert AuditEvent.objects.count() == events  # importing the same data changes nothing

    # New records in a file (another Majlis's register) are created, and export gives
    # them back exactly as they came in.
    import copy
    import uuid

    incoming = {"areas": [], "organizations": [], "persons": [], "posts": [], "memberships": []}
    new_ids = {}
    for collection in ("organizations", "persons", "memberships"):
        for item in document[collection][:3] if collection != "memberships" else []:
            clone = copy.deepcopy(item)
            new_ids[item["id"]] = clone["id"] = str(uuid.uuid4())
            if collection == "organizations":
                clone["parent_id"] = None
            incoming[collection].append(clone)
    person_id, org_id = incoming["persons"][0]["id"], incoming["organizations"][0]["id"]
    incoming["memberships"].append({"id": str(uuid.uuid4()), "person_id": person_id, "organization_id": org_id,
                                    "start_date": "2025-01-01", "majlis": {"role_ar": "عضو", "role_en": "Member"}})
    report = popolo.import_document(None, incoming)
    assert report.created == 7 and report.updated == 0
    exported = popolo.export()
    for collection in ("organizations", "persons"):
        by_id = {item["id"]: item for item in exported[collection]}
        for item in incoming[collection]:
            assert by_id[item["id"]] == item
    assert popolo.import_document(None, incoming).created == 0

    # A changed field updates just that record, audited.
    changed = copy.deepcopy(document)
    gafarova = next(p for p in changed["persons"] if p["name"] == "Sahiba Gafarova")
    gafarova["email"] = "speaker@meclis.gov.az"
    report = popolo.import_document(None, changed)
    assert report.updated == 1
    assert Person.objects.get(uid=gafarova["id"]).email == "speaker@meclis.gov.az"
    assert AuditEvent.objects.filter(action="person.update").count() >= 1


@pytest.mark.django_db(transaction=True)  # the CLI closes its connections at exit
def test_a_bad_record_rejects_the_whole_file(tmp_path, capsys):
    services.create_person(None, name_en="Existing")
    document = {
        "persons": [
            {"id": "11111111-1111-1111-1111-111111111111", "name": "Good Person", "other_names": [{"name": "Good Person", "note": "en"}]},
            {"id": "22222222-2222-2222-2222-222222222222", "name": "Bad Person", "gender": "robot"},
        ]
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run_cli("import", "popolo", str(path)) == 2
    err = capsys.readouterr().err
    assert "persons[1]" in err and "gender" in err and "nothing was imported" in err
    assert not Person.objects.filter(name_en="Good Person").exists()
    document["persons"][1] = {"id": "not-a-uuid", "name": "Bad"}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run_cli("import", "popolo", str(path)) == 2
    assert "persons[1]" in capsys.readouterr().err
    assert Person.objects.count() == 1


# --- Backup and restore ---------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_demo_data(tmp_path, settings):
    from majlis.core import demo

    demo.load()
    media = Path(settings.MEDIA_ROOT)
    (media / "papers").mkdir(parents=True)
    (media / "papers" / "agenda.txt").write_text("جدول الأعمال", encoding="utf-8")
    archive = tmp_path / "majlis.tar.gz"
    call_command("backup", str(archive))
    people, events = Person.objects.count(), AuditEvent.objects.count()

    services.create_person(None, name_en="Added After Backup")
    (media / "papers" / "agenda.txt").write_text("changed", encoding="utf-8")
    call_command("restore", str(archive))

    assert Person.objects.count() == people and not Person.objects.filter(name_en="Added After Backup").exists()
    assert AuditEvent.objects.count() == events and audit.verify().ok
    assert (media / "papers" / "agenda.txt").read_text(encoding="utf-8") == "جدول الأعمال"
    assert list(Person.objects.match("غافاروفا").values_list("name_en", flat=True)) == ["Sahiba Gafarova"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_damaged_truncated_or_tampered_archives(tmp_path):
    services.create_person(None, name_en="Kept")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    services.create_person(None, name_en="Still here")

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a backup at all")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("db."):
                data = data[:-1] + bytes([data[-1] ^ 1])
            import io

            dst.addfile(member, io.BytesIO(data))
    for bad in (truncated, garbage, tampered, tmp_path / "missing.tar.gz"):
        with pytest.raises(CommandError) as info:
            call_command("restore", str(bad))
        assert info.value.returncode == 2
    assert Person.objects.filter(name_en="Still here").exists()  # nothing was replaced


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_whose_audit_chain_is_broken(tmp_path):
    """A backup made from a database whose chain was edited must not be restored."""
    import hashlib
    import io
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the archive is rewritten with sqlite3; the PostgreSQL chain check is exercised by the round trip")
    services.create_person(None, name_en="Original")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    work = tmp_path / "x"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    db = sqlite3.connect(work / "db.sqlite3")
    db.execute("DROP TRIGGER core_auditevent_no_update")
    db.execute("UPDATE core_auditevent SET object_repr = 'forged' WHERE seq = 1")
    db.commit(); db.close()
    manifest = json.loads((work / "manifest.json").read_text())
    data = (work / "db.sqlite3").read_bytes()
    manifest["files"]["db.sqlite3"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (work / "manifest.json").write_text(json.dumps(manifest))
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for name in ("manifest.json", "db.sqlite3"):
            tar.add(work / name, arcname=name)
    with pytest.raises(CommandError) as info:
        call_command("restore", str(forged))
    assert "audit chain BROKEN at event #1" in str(info.value)


# --- Background work ---------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_queued_tasks_and_reports_progress(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from majlis.core.tasks import verify_audit_chain

    services.create_person(None, name_en="Someone")
    result = verify_audit_chain.enqueue("chain-check")
    assert TaskProgress.objects.filter(key="chain-check").count() == 0  # nothing ran in the request
    call_command("worker", "--batch")
    result.refresh()
    assert result.status.name == "SUCCESSFUL" and result.return_value["ok"] is True
    row = TaskProgress.objects.get(key="chain-check")
    assert row.state == "done" and row.percent == 100


@pytest.mark.django_db
def test_task_progress_page_and_json(client):
    TaskProgress.objects.create(key="k1", label="Reindex", total=4, done=1, state="running")
    assert client.get("/tasks/k1/status.json").json()["percent"] == 25
    assert 'data-progress-url="/tasks/k1/status.json"' in client.get("/tasks/k1/").content.decode()


def test_console_script_runs_in_a_subprocess(tmp_path):
    env = {**os.environ, "MAJLIS_DATA_DIR": str(tmp_path)}
    env.pop("MAJLIS_TEST_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "majlis.cli", "--help"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "majlis COMMAND" in result.stdout
    result = subprocess.run([sys.executable, "-m", "majlis.cli", "export", "yaml"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2


@pytest.mark.django_db
def test_tasks_command_lists_and_refuses_unknown_keys(capsys):
    TaskProgress.objects.create(key="reindex-1", label="Reindex", total=10, done=5, state="running")
    call_command("tasks")
    assert "reindex-1" in capsys.readouterr().out
    call_command("tasks", "reindex-1")
    assert " 50%" in capsys.readouterr().out
    with pytest.raises(CommandError) as info:
        call_command("tasks", "nope")
    assert info.value.returncode == 2


@pytest.mark.django_db
def test_chamber_page_shows_its_legislative_calendar(client, demo_register):
    html = client.get(f"/bodies/{demo_register['demo_chamber'].pk}/").content.decode()
    assert "First legislative term" in html or "الفصل التشريعي الأول" in html
    assert html.count("دور الانعقاد العادي") + html.count("Ordinary session") >= 4
