"""The ``loket`` command-line contract on a real file: JSON shapes, exit codes 0 / 2 / 1,
nothing written on bad input, ``--db`` / ``LOKET_DB`` and the first start."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

NIK_P = "3273015503850003"


def events(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def loket(run_loket):
    """Run ``loket --db <file> ARGS`` in-process; returns (exit code, stdout, stderr)."""
    return run_loket


@pytest.fixture
def site(loket):
    code, out, err = loket("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung",
                           "--device-code", "K1", "--demo", "--json")
    assert code == 0, err
    return json.loads(out)


def ok_json(result):
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def refused(loket, db_path, *args: str, code: int = 2) -> str:
    """The command fails with ``code``, says why on stderr, prints nothing, writes nothing."""
    before = events(db_path)
    got, out, err = loket(*args)
    assert got == code, (out, err)
    assert err.strip() and out == ""
    assert events(db_path) == before
    return err


# ------------------------------------------------------------------ init and status
def test_init_is_idempotent_and_upgrades(loket, site, db_path):
    assert site["code"] == "MPP-BDG" and site["tier"] == "manual" and site["demo_loaded"] >= 30
    assert site["series"] == 0 and site["device_code"] == "K1"
    before = events(db_path)
    again = ok_json(loket("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung", "--demo", "--json"))
    assert again["demo_loaded"] == 0 and events(db_path) == before
    upgraded = ok_json(loket("init", "--tier", "2.1", "--json"))
    assert upgraded["tier"] == "2.1" and upgraded["code"] == "MPP-BDG"
    assert events(db_path) == before + 1


def test_init_bad_input(loket, db_path, site):
    err = refused(loket, db_path, "init", "--site-code", "x", "--series", "1000")
    assert "site_code" in err and "series" in err
    refused(loket, db_path, "init", "--tier", "3.0")


def test_status_json(loket, site):
    loket("ticket", "issue", "--service", "DUK-KTP")
    status = ok_json(loket("status", "--json"))
    assert status["site"] == {"code": "MPP-BDG", "name": "MPP Kota Bandung"}
    assert status["device"]["code"] == "K1" and status["device"]["series"] == 0
    assert status["tier"] == "manual"
    today = status["today"]
    assert today["date"] == "2026-03-16" and today["tickets_issued"] == 1 and today["tickets_waiting"] == 1
    assert today["registrations"] == 0 and today["applications_overdue"] == 0


def test_uninitialised_database_is_a_failure_not_bad_input(loket):
    code, out, err = loket("status", "--json")
    assert code == 1 and "loket init" in err and out == ""


# ------------------------------------------------------------------ queue
def test_ticket_issue_and_queue_contract(loket, site, db_path):
    first = ok_json(loket("ticket", "issue", "--service", "DUK-KTP", "--json"))
    assert {"ticket", "service", "issued_at", "waiting_before"} <= set(first)
    assert (first["ticket"], first["service"], first["waiting_before"]) == ("A-001", "DUK-KTP", 0)
    assert datetime.fromisoformat(first["issued_at"]).utcoffset().total_seconds() == 7 * 3600
    second = ok_json(loket("ticket", "issue", "--service", "DUK-KTP", "--priority", "lansia", "--json"))
    assert (second["ticket"], second["waiting_before"]) == ("A-002", 0)  # priority: called first

    called = ok_json(loket("queue", "call", "--counter", "3", "--json"))
    assert called["ticket"] == "A-002" and called["counter"] == "3" and "Lansia" in called["reason"]
    refused(loket, db_path, "queue", "call", "--counter", "3")          # one active ticket per counter
    assert ok_json(loket("queue", "recall", "A-002", "--json"))["call_count"] == 2
    assert ok_json(loket("queue", "skip", "A-002", "--json"))["status"] == "skipped"
    assert ok_json(loket("queue", "restore", "A-002", "--json"))["status"] == "waiting"
    again = ok_json(loket("queue", "call", "--counter", "3", "--service", "DUK-KTP", "--json"))
    assert again["ticket"] == "A-001" and again["reason"] == "urutan antrean"
    moved = ok_json(loket("queue", "transfer", "A-001", "--service", "DUK-KK", "--json"))
    assert (moved["ticket"], moved["service"], moved["status"]) == ("A-001", "DUK-KK", "waiting")
    called = ok_json(loket("queue", "call", "--counter", "3", "--json"))
    assert called["ticket"] == "A-001" and called["service"] == "DUK-KK"  # ratio 1:3: a normal one now
    assert ok_json(loket("queue", "noshow", called["ticket"], "--json"))["status"] == "noshow"
    called = ok_json(loket("queue", "call", "--counter", "3", "--json"))
    assert ok_json(loket("queue", "finish", called["ticket"], "--json"))["status"] == "finished"
    listing = ok_json(loket("queue", "list", "--json"))
    assert sorted(t["ticket"] for t in listing) == ["A-001", "A-002"]
    assert ok_json(loket("queue", "call", "--counter", "3", "--json")) is None
    code, out, _ = loket("queue", "call", "--counter", "3")
    assert code == 0 and "tidak ada antrean" in out


def test_queue_bad_input_writes_nothing(loket, site, db_path):
    assert "DUK-XXX" in refused(loket, db_path, "ticket", "issue", "--service", "DUK-XXX", "--json")
    refused(loket, db_path, "ticket", "issue", "--service", "DUK-KTP", "--priority", "vip")
    refused(loket, db_path, "ticket", "issue")
    refused(loket, db_path, "queue", "finish", "A-001")
    loket("ticket", "issue", "--service", "DUK-KTP")
    refused(loket, db_path, "queue", "transfer", "A-001", "--service", "DUK-KTP")
    refused(loket, db_path, "queue", "restore", "A-001")


# ------------------------------------------------------------------ registration and applications
def test_register_contract_and_lifecycle(loket, site, db_path, fixed_now):
    ticket = ok_json(loket("ticket", "issue", "--service", "DUK-AKL", "--json"))["ticket"]
    assert ticket == "C-001"
    reg = ok_json(loket("register", "--service", "DUK-AKL", "--name", "Siti Aminah", "--nik", NIK_P,
                        "--sex", "P", "--birth-date", "1985-03-15", "--birth-place", "Bandung",
                        "--phone", "+62 812 3456 7890", "--address", "Jl. Braga 1", "--ticket", ticket,
                        "--requirements-complete", "--json"))
    assert reg == {"registration_id": "MPP-BDG-260316-K1-0001", "service": "DUK-AKL",
                   "status": "diterima", "deadline": "2026-03-17"}
    pending = ok_json(loket("register", "--service", "DUK-AKL", "--name", "Budi", "--nik", "3273011503850003",
                            "--paper-form", "F-12", "--json"))
    assert pending["deadline"] is None

    shown = ok_json(loket("application", "show", reg["registration_id"], "--json"))
    assert shown["phone"] == "081234567890" and shown["ticket_id"] and shown["overdue"] is False
    assert [h["to_status"] for h in shown["history"]] == ["diterima"]

    changed = ok_json(loket("application", "status", reg["registration_id"], "diverifikasi",
                            "--note", "berkas lengkap", "--json"))
    assert changed["status"] == "diverifikasi"
    assert changed["history"][-1]["note"] == "berkas lengkap"
    refused(loket, db_path, "application", "status", reg["registration_id"], "diserahkan")
    refused(loket, db_path, "application", "status", reg["registration_id"], "hilang")
    refused(loket, db_path, "application", "show", "TIDAK-ADA")

    assert ok_json(loket("application", "list", "--overdue", "--json")) == []
    fixed_now("2026-03-25T08:00:00+07:00")  # Nyepi and Lebaran later: 17 March has passed
    overdue = ok_json(loket("application", "list", "--overdue", "--json"))
    assert [a["registration_id"] for a in overdue] == [reg["registration_id"]]
    assert overdue[0]["overdue"] is True and "dianggap disetujui" in overdue[0]["legal_status"]
    code, out, _ = loket("application", "list", "--overdue")
    assert code == 0 and "DIANGGAP DISETUJUI" in out
    assert len(ok_json(loket("application", "list", "--json"))) == 2
    assert ok_json(loket("status", "--json"))["today"]["applications_overdue"] == 1


@pytest.mark.parametrize("args, field", [
    (["--nik", "3273015503850000"], "nik"),                       # serial 0000
    (["--nik", "1073015503850003"], "nik"),                       # province 10
    (["--nik", "32730155038500"], "nik"),                          # 14 digits
    (["--nik", NIK_P, "--sex", "L"], "nik"),                       # woman's NIK, man entered
    (["--nik", NIK_P, "--birth-date", "1986-03-15"], "nik"),
    (["--nik", NIK_P, "--birth-date", "1985-15-03"], "--birth-date"),  # neither DD-MM-YYYY nor ISO
    (["--nik", NIK_P, "--phone", "0212"], "phone"),
    (["--nik", NIK_P, "--ticket", "A-999"], "ticket"),
    (["--nik", NIK_P, "--name", "   "], "name"),
])
def test_register_bad_input_exit_2_names_field_writes_nothing(loket, site, db_path, args, field):
    argv = ["register", "--service", "DUK-KTP", "--name", "Siti", *args, "--json"]
    err = refused(loket, db_path, *argv)
    assert err.startswith("galat: ") and f"{field}:" in err


def test_register_missing_required_option_is_bad_input(loket, site, db_path):
    refused(loket, db_path, "register", "--service", "DUK-KTP", "--name", "Siti")


# ------------------------------------------------------------------ catalogue and calendar
def test_catalog_import_export_list(loket, site, db_path, tmp_path):
    listed = ok_json(loket("catalog", "list", "--json"))
    assert len(listed) == site["demo_loaded"]
    assert {"code", "name", "agency", "prefix", "requirements", "days", "fee", "week", "version"} <= set(listed[0])
    good = tmp_path / "baru.csv"
    good.write_text("code,name,agency,prefix,requirements,days,fee,week\n"
                    "UJI-BARU,Layanan Baru,Dinas Uji,UB,KTP-el|KK,3,15000,6\n", encoding="utf-8")
    assert ok_json(loket("catalog", "import", str(good), "--json"))["added"] == ["UJI-BARU"]
    bad = tmp_path / "rusak.json"
    bad.write_text(json.dumps([
        {"code": "UJI-OK", "name": "Ok", "agency": "Dinas", "prefix": "UO", "requirements": []},
        {"code": "UJI-X", "name": "X", "agency": "Dinas", "prefix": "U1", "requirements": [], "fee": -5},
    ]))
    err = refused(loket, db_path, "catalog", "import", str(bad))
    assert "baris 2: prefix" in err and "baris 2: fee" in err
    assert "UJI-OK" not in {s["code"] for s in ok_json(loket("catalog", "list", "--json"))}
    refused(loket, db_path, "catalog", "import", str(tmp_path / "tidak-ada.json"))
    code, out, _ = loket("catalog", "export")
    assert code == 0 and {s["code"] for s in json.loads(out)} >= {"UJI-BARU", "DUK-KTP"}
    code, out, _ = loket("catalog", "export", "--format", "csv")
    assert code == 0 and out.startswith("code,name,agency,prefix,requirements,days,fee,week")


def test_calendar_close_and_deadline(loket, site, db_path):
    due = ok_json(loket("calendar", "deadline", "--from", "2026-03-16", "--days", "5", "--json"))
    assert due == {"from": "2026-03-16", "days": 5, "week": 5, "deadline": "2026-03-30"}
    code, out, _ = loket("calendar", "deadline", "--from", "2026-03-16", "--days", "5", "--week", "6")
    assert (code, out.strip()) == (0, "2026-03-28")
    code, out, _ = loket("calendar", "deadline", "--from", "2026-12-23", "--days", "5")
    assert out.strip() == "2027-01-04"
    assert loket("calendar", "close", "2026-03-30", "--reason", "HUT Kota")[0] == 0
    assert ok_json(loket("calendar", "deadline", "--from", "2026-03-16", "--days", "5", "--json"))["deadline"] == "2026-03-31"
    assert ok_json(loket("calendar", "list", "--json"))[0]["reason"] == "HUT Kota"
    refused(loket, db_path, "calendar", "close", "2026-02-30", "--reason", "x")
    refused(loket, db_path, "calendar", "close", "2026-03-31")
    refused(loket, db_path, "calendar", "deadline", "--from", "2026-03-16", "--days", "-1")
    refused(loket, db_path, "calendar", "deadline", "--from", "kemarin", "--days", "1")


def test_db_check_and_rebuild(loket, site):
    loket("ticket", "issue", "--service", "DUK-KTP")
    assert ok_json(loket("db", "check", "--json"))["ok"] is True
    assert ok_json(loket("db", "rebuild", "--json"))["events_replayed"] >= site["demo_loaded"] + 2
    assert ok_json(loket("queue", "list", "--json"))[0]["ticket"] == "A-001"


# ------------------------------------------------------------------ the real console script
def _script(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("loket")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from counter_app.cli import main; main()"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


@pytest.fixture
def script_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update(LOKET_NOW="2026-03-16T08:00:00+07:00", QT_QPA_PLATFORM="offscreen",
               XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path))
    return env


def test_console_script_with_loket_db_and_exit_codes(tmp_path, script_env):
    db = tmp_path / "lain" / "loket.sqlite3"
    env = {**script_env, "LOKET_DB": str(db)}
    init = _script("init", "--site-code", "MPP-SAT", "--site-name", "Layanan Satelit Desa", "--demo", "--json",
                   env=env, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert json.loads(init.stdout)["database"] == str(db)
    issued = _script("ticket", "issue", "--service", "DUK-KTP", "--json", env=env, cwd=tmp_path)
    assert issued.returncode == 0 and json.loads(issued.stdout)["ticket"] == "A-001"
    before = events(db)
    bad = _script("register", "--service", "DUK-KTP", "--name", "X", "--nik", "123", "--json", env=env, cwd=tmp_path)
    assert (bad.returncode, bad.stdout) == (2, "") and "nik" in bad.stderr
    assert events(db) == before
    # --db wins over LOKET_DB; a file that is not a database is a failure (1), not bad input
    junk = tmp_path / "bukan.sqlite3"
    junk.write_bytes(b"ini bukan database SQLite" * 100)
    broken = _script("--db", str(junk), "status", env=env, cwd=tmp_path)
    assert broken.returncode == 1 and broken.stderr.strip() and broken.stdout == ""
    assert "Traceback" not in broken.stderr


FIRST_START = (
    "import sys; sys.modules['ui.app'] = None  # no desktop: the start falls back to the status\n"
    "from counter_app.cli import main; main()"
)


def test_first_start_without_subcommand_initialises_with_demo_catalogue(tmp_path, script_env):
    db = tmp_path / "baru.sqlite3"
    run1 = subprocess.run([sys.executable, "-c", FIRST_START, "--db", str(db)], capture_output=True,
                          text=True, env=script_env, cwd=tmp_path, timeout=60)
    assert run1.returncode == 0, run1.stderr
    assert "Lokasi" in run1.stdout and "Perangkat" in run1.stdout
    conn = sqlite3.connect(db)
    services = conn.execute("SELECT count(*) FROM services").fetchone()[0]
    conn.close()
    assert services >= 30
    count = events(db)
    run2 = subprocess.run([sys.executable, "-c", FIRST_START, "--db", str(db)], capture_output=True,
                          text=True, env=script_env, cwd=tmp_path, timeout=60)
    assert run2.returncode == 0 and events(db) == count  # the second start changes nothing


def test_start_on_a_machine_without_a_screen_says_so_and_shows_the_status(tmp_path, script_env):
    env = {k: v for k, v in script_env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "counter_app.cli", "--db", str(tmp_path / "l.sqlite3")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Tidak ada layar" in done.stderr and "Lokasi" in done.stdout
