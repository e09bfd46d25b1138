"""Backups: consistent while writing, daily copies with retention, restore that refuses bad files."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import date, timedelta

import pytest

from counter_app import backup, complaints, skm
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import StateError
from counter_app.session import Session
from counter_app.site import set_setting


def loket(capsys, *argv) -> tuple[int, str, str]:
    code = run(cli, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(db_path) -> str:
    """The live data as a hash of its event log (what a bad restore would change)."""
    conn = sqlite3.connect(str(db_path))
    try:
        rows = conn.execute("SELECT id, hash FROM events ORDER BY seq").fetchall()
    finally:
        conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def suggestion(session, text: str) -> str:
    return complaints.file_complaint(session, type="saran", channel="web", text=text, anonymous=True)["tracking_number"]


def test_backup_while_another_thread_writes_is_consistent(session, db_path, tmp_path):
    stop = threading.Event()
    written = []

    def writer():
        own = Session.open(db_path)  # one connection per thread
        try:
            while not stop.is_set() and len(written) < 400:
                skm.record_response(own, [4, 3, 3, 4, 3, 4, 4, 3, 3])
                written.append(1)
        finally:
            own.close()

    thread = threading.Thread(target=writer)
    thread.start()
    counts = []
    try:
        for n in range(5):
            while len(written) < 20 * (n + 1) and thread.is_alive():
                stop.wait(0.005)
            info = backup.create_backup(session, tmp_path / f"copy-{n}.sqlite3")
            counts.append(info["events"])  # inspect_backup ran integrity_check and the chain check
    finally:
        stop.set()
        thread.join()
    assert counts == sorted(counts) and counts[-1] > counts[0]
    copy = sqlite3.connect(str(tmp_path / "copy-4.sqlite3"))
    responses = copy.execute("SELECT count(*) FROM skm_responses").fetchone()[0]
    recorded = copy.execute("SELECT count(*) FROM events WHERE type = 'skm_recorded'").fetchone()[0]
    copy.close()
    assert responses == recorded > 0  # projections and log from the same instant


def test_create_refuses_to_overwrite_or_to_target_the_live_file(session, db_path, tmp_path):
    out = tmp_path / "b.sqlite3"
    backup.create_backup(session, out)
    with pytest.raises(StateError, match="sudah ada"):
        backup.create_backup(session, out)
    assert backup.create_backup(session, out, overwrite=True)["file"] == str(out)
    with pytest.raises(StateError, match="sama dengan database"):
        backup.create_backup(session, db_path, overwrite=True)


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(session, db_path, tmp_path):
    kept = suggestion(session, "sebelum cadangan")
    saved = backup.create_backup(session, tmp_path / "pagi.sqlite3")
    lost = suggestion(session, "sesudah cadangan")
    result = backup.restore_backup(session, saved["file"])
    assert result["own_events_not_in_backup"] == 1 and result["sha256"] == saved["sha256"]
    # the same Session now works on the reopened, restored file
    assert complaints.get_complaint(session, kept)["text"] == "sebelum cadangan"
    with pytest.raises(Exception, match="tidak ditemukan"):
        complaints.get_complaint(session, lost)
    assert session.store.scalar("SELECT count(*) FROM events WHERE type = 'backup_restored'") == 1
    assert session.store.one("PRAGMA integrity_check")[0] == "ok"
    safety = sqlite3.connect(result["safety_copy"])
    assert safety.execute("SELECT count(*) FROM complaints WHERE tracking_number = ?", (lost,)).fetchone()[0] == 1
    safety.close()
    assert suggestion(session, "sesudah pemulihan")  # writing continues on the restored chain
    from counter_app.audit import verify_connection

    assert verify_connection(session.store.conn)["ok"]
    assert not list(tmp_path.glob("*.restore-tmp*"))


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _scribble(path):
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 30), page):
        data[offset:offset + 64] = b"\xff" * 64  # smash b-tree page headers
    path.write_bytes(bytes(data))


def _newer_schema(path):
    conn = sqlite3.connect(str(path))
    conn.execute("INSERT INTO schema_migrations (number, name, applied_at) VALUES (9999, '9999_future.sql', 'x')")
    conn.commit()
    conn.close()


def _broken_chain(path):
    conn = sqlite3.connect(str(path))
    conn.execute("UPDATE events SET payload = replace(payload, '\"saran\"', '\"kritik\"')"
                 " WHERE type = 'complaint_filed'")  # its text is sealed; its type is in the clear
    conn.commit()
    conn.close()


def _not_loket(path):
    path.unlink()
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _not_sqlite(path):
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)


@pytest.mark.parametrize(("damage", "message"), [
    (_not_sqlite, "bukan berkas database SQLite"),
    (_truncate, "rusak"),
    (_scribble, "rusak"),
    (_newer_schema, "lebih baru"),
    (_broken_chain, "rantai hash log rusak"),
    (_not_loket, "bukan cadangan Loket"),
])
def test_a_bad_backup_is_refused_and_nothing_changes(session, db_path, tmp_path, damage, message):
    suggestion(session, "pagi")
    bad = tmp_path / "cadangan.sqlite3"
    backup.create_backup(session, bad)
    damage(bad)
    suggestion(session, "data yang harus tetap ada")
    before = fingerprint(db_path)
    with pytest.raises(backup.BackupRejected, match=message):
        backup.restore_backup(session, bad)
    assert fingerprint(db_path) == before
    assert session.store.one("PRAGMA integrity_check")[0] == "ok"
    assert not [p for p in tmp_path.iterdir() if "restore-tmp" in p.name or p.name.endswith(".inspect")]
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*pre-restore*"))


def test_restore_while_another_connection_has_the_file_open_is_seen_by_it(session, db_path, tmp_path):
    # Nothing is renamed under an open connection: the backup is written in under SQLite's
    # lock, so the other connection (the desktop app, another process) reads the restored data
    # and its next write lands in the restored file.
    saved = backup.create_backup(session, tmp_path / "b.sqlite3")["file"]
    other = Session.open(db_path)
    try:
        later = suggestion(other, "sesudah cadangan, di koneksi lain")
        backup.restore_backup(session, saved)
        assert not other.store.one("SELECT 1 FROM complaints WHERE tracking_number = ?", (later,))
        written = suggestion(other, "sesudah pemulihan, di koneksi lain")
        assert session.store.one("SELECT 1 FROM complaints WHERE tracking_number = ?", (written,))
    finally:
        other.close()
    from counter_app.audit import verify_connection

    assert verify_connection(session.store.conn)["ok"]


def test_daily_backup_once_a_day_with_retention(session, db_path):
    set_setting(session, "backup_keep_days", 3)
    first = date(2026, 3, 16)
    made = [backup.auto_backup(session, day=first + timedelta(days=n)) for n in range(5)]
    assert all(made)
    assert backup.auto_backup(session, day=first + timedelta(days=4)) is None  # already done today
    folder = db_path.parent / "backups" / "daily"
    assert sorted(p.name for p in folder.iterdir()) == [
        "loket-2026-03-18.sqlite3", "loket-2026-03-19.sqlite3", "loket-2026-03-20.sqlite3"]
    assert backup.inspect_backup(folder / "loket-2026-03-20.sqlite3")["site"] == "MPP-TEST"


def test_cli_create_check_restore(session, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    out_file = tmp_path / "cadangan" / "loket-2026-03-16.sqlite3"
    code, out, _ = loket(capsys, "backup", "create", "--out", str(out_file), "--json")
    created = json.loads(out)
    assert code == 0 and created["schema_version"] >= 2 and created["site"] == "MPP-TEST"
    # an ordinary command makes no daily copy (that is the app's background work) ...
    daily = db_path.parent / "backups" / "daily" / "loket-2026-03-16.sqlite3"
    assert not daily.exists()
    # ... 'loket backup auto' does, once a day, with the same --json shape
    code, out, _ = loket(capsys, "backup", "auto", "--json")
    assert code == 0 and json.loads(out) == {"created": str(daily)} and daily.exists()
    code, out, _ = loket(capsys, "backup", "auto", "--json")
    assert code == 0 and json.loads(out) == {"created": None}
    tn = suggestion(session, "setelah cadangan")
    code, out, _ = loket(capsys, "backup", "check", str(out_file), "--json")
    assert code == 0 and json.loads(out)["sha256"] == created["sha256"]
    garbage = tmp_path / "rusak.sqlite3"
    garbage.write_bytes(b"\x00" * 8192)
    code, out, err = loket(capsys, "backup", "restore", str(garbage), "--yes")
    assert code == 2 and "bukan berkas database SQLite" in err
    session.close()  # the desktop app would be closed for a restore
    code, out, _ = loket(capsys, "backup", "restore", str(out_file), "--yes", "--json")
    assert code == 0 and json.loads(out)["own_events_not_in_backup"] == 1
    check = sqlite3.connect(str(db_path))
    assert check.execute("SELECT count(*) FROM complaints WHERE tracking_number = ?", (tn,)).fetchone()[0] == 0
    check.close()
