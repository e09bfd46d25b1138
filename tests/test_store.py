"""The SQLite store and the event log: pragmas, transactions, migrations with a backup copy first,
the per-device hash chain, remote events, and rebuilding projections to identical tables."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest

from counter_app import calendar, catalog, queue, registration, store
from counter_app.actors import Actor
from counter_app.errors import LoketError
from counter_app.events import (
    GENESIS,
    PROJECTION_TABLES,
    Event,
    event_hash,
    load_domain,
    rebuild_projections,
)
from counter_app.session import Session
from counter_app.site import init_site, set_setting

NIK = "3273015503850003"


def count(s: Session, table: str = "events") -> int:
    return s.store.scalar(f"SELECT count(*) FROM {table}")


# ------------------------------------------------------------------ file and pragmas
def test_wal_foreign_keys_and_full_sync(session):
    conn = session.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    # a second connection sees the file in WAL mode too (it is a property of the file)
    other = sqlite3.connect(session.store.path)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_foreign_keys_are_enforced(session):
    with pytest.raises(sqlite3.IntegrityError):
        with session.store.transaction() as conn:
            conn.execute(
                "INSERT INTO ticket_history (event_id, ticket_id, action, at, actor)"
                " VALUES ('e', 'no-such-ticket', 'issued', '2026-03-16', 'x')")
    assert count(session, "ticket_history") == 0


def test_db_location_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LOKET_DB", str(tmp_path / "lain" / "x.sqlite3"))
    assert store.default_db_path() == tmp_path / "lain" / "x.sqlite3"
    monkeypatch.delenv("LOKET_DB")
    assert store.default_db_path().name == "loket.sqlite3"
    assert "loket" in str(store.default_db_path().parent)


# ------------------------------------------------------------------ transactions
def test_transaction_rolls_back_everything_on_error(session):
    before = count(session)
    with pytest.raises(RuntimeError, match="listrik padam"):
        with session.transaction():
            session.append("calendar_closed", "2026-03-17", {"day": "2026-03-17", "reason": "x"})
            with session.transaction():  # nested: joins the outer one
                session.append("calendar_closed", "2026-03-18", {"day": "2026-03-18", "reason": "y"})
            raise RuntimeError("listrik padam")
    assert count(session) == before
    assert count(session, "calendar_days") == 0
    assert not session.store.in_transaction
    assert session.store.conn.in_transaction is False


def test_append_outside_a_transaction_is_refused(session):
    with pytest.raises(RuntimeError):
        session.append("calendar_closed", "2026-03-17", {"day": "2026-03-17", "reason": "x"})


# ------------------------------------------------------------------ migrations
def _latest() -> int:
    return max(n for n, _, _ in store.migrations())


def test_fresh_database_gets_every_migration_and_no_backup(db_path):
    with store.Store(db_path) as s:
        assert s.schema_version() == _latest()
        assert s.applied_migrations() == {n for n, _, _ in store.migrations()}
        assert s.migrate() == []  # nothing pending on a second run
    assert not (db_path.parent / "backups").exists()


def test_migrations_are_numbered_files():
    numbers = [n for n, _, _ in store.migrations()]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    assert all(store.MIGRATION_NAME.match(name) for _, name, _ in store.migrations())


def test_new_migration_runs_after_a_backup_copy(session, monkeypatch):
    path = session.store.path
    queue.issue_ticket(session, "DUK-KTP")
    events_before = count(session)
    session.close()
    original = store.migrations()
    latest = _latest()
    extra = (9990, "9990_test_extra.sql", "CREATE TABLE test_extra (x INTEGER NOT NULL);\n"
                                          "INSERT INTO test_extra VALUES (42);")
    monkeypatch.setattr(store, "migrations", lambda: [*original, extra])

    with store.Store(path) as s:
        assert s.schema_version() == 9990
        assert s.scalar("SELECT x FROM test_extra") == 42
        assert s.scalar("SELECT count(*) FROM events") == events_before
    backups = list((path.parent / "backups").glob(f"{path.stem}-pre-migration-9990-*.sqlite3"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT max(number) FROM schema_migrations").fetchone()[0] == latest
        assert copy.execute("SELECT count(*) FROM events").fetchone()[0] == events_before
        assert copy.execute("SELECT count(*) FROM sqlite_master WHERE name = 'test_extra'").fetchone()[0] == 0
    finally:
        copy.close()


def test_failing_migration_is_rolled_back_and_reported(session, monkeypatch):
    path = session.store.path
    session.close()
    original = store.migrations()
    bad = (9991, "9991_broken.sql", "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(store, "migrations", lambda: [*original, bad])
    with pytest.raises(LoketError, match="9991_broken.sql"):
        store.Store(path)
    monkeypatch.setattr(store, "migrations", lambda: original)
    with store.Store(path) as s:
        assert s.schema_version() == _latest()
        assert s.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'") == 0
        assert s.scalar("PRAGMA integrity_check") == "ok"
    assert list((path.parent / "backups").glob("*-pre-migration-9991-*.sqlite3"))


def test_backup_to_is_a_consistent_copy(session, tmp_path):
    queue.issue_ticket(session, "DUK-KTP")
    target = session.store.backup_to(tmp_path / "salinan" / "b.sqlite3")
    with Session.open(target) as copy:
        assert count(copy) == count(session)
        assert copy.store.scalar("PRAGMA integrity_check") == "ok"
        assert copy.store.scalar("SELECT number FROM tickets") == "A-001"


# ------------------------------------------------------------------ the event log
def test_each_device_chain_links_by_hash(session):
    queue.issue_ticket(session, "DUK-KTP")
    registration.register(session, registration.RegistrationInput(service="DUK-KTP", name="Siti", nik=NIK))
    rows = session.store.query("SELECT * FROM events ORDER BY device_seq")
    assert [r["device_seq"] for r in rows] == list(range(1, len(rows) + 1))
    prev = GENESIS
    for row in rows:
        event = Event.from_row(row)
        assert event.prev_hash == prev
        assert event_hash(**event.as_dict()) == event.hash
        prev = event.hash
    head = session.store.one("SELECT * FROM chain_heads")
    assert (head["device_seq"], head["hash"]) == (len(rows), prev)
    assert len({r["hlc"] for r in rows}) == len(rows), "the hybrid clock orders events even at a fixed time"
    assert rows[-1]["hlc"] > rows[0]["hlc"]


def test_events_record_the_actor(session):
    officer = session.as_actor(Actor("budi", "frontliner"))
    queue.issue_ticket(officer, "DUK-KTP")
    assert session.store.scalar("SELECT actor FROM events ORDER BY seq DESC LIMIT 1") == "budi"


@pytest.fixture
def other_device(tmp_path, fixed_now):
    s = Session.open(tmp_path / "k2.sqlite3")
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K2", series=1)
    catalog.import_services(s, catalog.demo_catalog_rows())
    yield s
    s.close()


def _remote_events(s: Session) -> list[Event]:
    return [Event.from_row(r) for r in s.store.query("SELECT * FROM events ORDER BY seq")]


def test_apply_remote_stores_once_and_checks_the_hash(session, other_device):
    t = queue.issue_ticket(other_device, "DUK-KTP")
    remote = _remote_events(other_device)
    with session.transaction():
        assert all(session.log.apply_remote(e) for e in remote)
    with session.transaction():
        assert not any(session.log.apply_remote(e) for e in remote)
    assert session.store.scalar("SELECT number FROM tickets WHERE id = ?", (t["id"],)) == "A-1001"
    # our own numbering is untouched by the other device's tickets
    assert queue.issue_ticket(session, "DUK-KTP")["ticket"] == "A-001"

    t2 = queue.issue_ticket(other_device, "DUK-KTP")
    last = _remote_events(other_device)[-1]
    forged = Event.from_dict({**last.as_dict(), "payload": {**last.payload, "number": "A-001"}})
    before = count(session)
    with session.transaction():  # refused without raising: one forged event never blocks a page
        assert session.log.apply_remote(forged) is False
    assert count(session) == before
    assert session.store.one("SELECT 1 FROM tickets WHERE id = ?", (t2["id"],)) is None
    held = session.store.one("SELECT * FROM quarantine WHERE event_id = ?", (forged.id,))
    assert held["in_log"] == 0 and "hash" in held["error"]


# ------------------------------------------------------------------ rebuild
def _snapshot(s: Session) -> dict[str, list[tuple]]:
    load_domain()
    snap = {}
    for table in PROJECTION_TABLES:
        rows = s.store.query(f"SELECT * FROM {table}")
        snap[table] = sorted((tuple(r) for r in rows), key=repr)
    return snap


def _workload(s: Session, other: Session, fixed_now) -> None:
    set_setting(s, "priority_ratio", 2)
    set_setting(s, "max_wait_minutes", 45)
    calendar.close_day(s, date(2026, 3, 17), "Rapat koordinasi")
    calendar.close_day(s, date(2026, 4, 6), "Banjir")
    calendar.reopen_day(s, date(2026, 4, 6))
    catalog.import_services(s, [{"code": "DUK-AKL", "name": "Akta Kelahiran (revisi)", "agency": "Disdukcapil",
                                 "prefix": "C", "requirements": ["Surat keterangan lahir"], "days": 2}])
    for priority in (None, "lansia", None, "anak", None):
        queue.issue_ticket(s, "DUK-KTP", priority)
    queue.issue_ticket(s, "DUK-KK")
    first = queue.call_next(s, "1")
    queue.recall(s, first["ticket"])
    queue.skip(s, first["ticket"])
    fixed_now("2026-03-16T08:10:00+07:00")
    queue.restore(s, first["ticket"])
    second = queue.call_next(s, "1")
    queue.transfer(s, second["ticket"], "DUK-KK")
    third = queue.call_next(s, "2")
    queue.noshow(s, third["ticket"])
    fourth = queue.call_next(s, "2")
    queue.finish(s, fourth["ticket"])
    waiting = queue.list_queue(s, status="waiting")[-1]
    queue.cancel(s, waiting["ticket"])
    regs = []
    for service, complete in (("DUK-KTP", True), ("DUK-AKL", False), ("PDAM-BARU", True)):
        regs.append(registration.register(s, registration.RegistrationInput(
            service=service, name="Siti Aminah", nik=NIK, sex="P", phone="081234567890",
            requirements_complete=complete, paper_form_no="F-7" if not complete else None))["registration_id"])
    registration.change_status(s, regs[1], "diverifikasi")
    registration.change_status(s, regs[1], "diproses", "dikirim ke dinas")
    registration.change_status(s, regs[0], "dikembalikan")
    # another device's day arrives through sync
    queue.issue_ticket(other, "DUK-KTP")
    called = queue.call_next(other, "SAT")
    queue.finish(other, called["ticket"])
    with s.transaction():
        for e in _remote_events(other):
            s.log.apply_remote(e)
    fixed_now("2026-03-17T09:00:00+07:00")
    queue.issue_ticket(s, "DUK-KTP")


def test_rebuild_gives_identical_projections(session, other_device, fixed_now):
    _workload(session, other_device, fixed_now)
    before = _snapshot(session)
    assert before["tickets"] and before["registrations"] and before["application_history"]
    assert before["calendar_days"] and before["settings"] and before["ticket_history"]
    replayed = rebuild_projections(session.store)
    assert replayed == count(session)
    assert _snapshot(session) == before
    assert session.store.scalar("PRAGMA integrity_check") == "ok"


def test_rebuild_repairs_damaged_projections(session, other_device, fixed_now):
    _workload(session, other_device, fixed_now)
    before = _snapshot(session)
    with session.store.transaction() as conn:
        conn.execute("DELETE FROM ticket_history")
        conn.execute("UPDATE registrations SET status = 'diserahkan'")
        conn.execute("DELETE FROM services WHERE code = 'DUK-KTP'")
    rebuild_projections(session.store)
    assert _snapshot(session) == before


def test_rebuild_on_a_copy_matches_events_applied_elsewhere(session, other_device, fixed_now, tmp_path):
    """A third database fed the same events in the same order builds the same projections."""
    _workload(session, other_device, fixed_now)
    copy_path = tmp_path / "salinan.sqlite3"
    session.store.backup_to(copy_path)
    shutil.copyfile(copy_path, tmp_path / "salinan2.sqlite3")
    with Session.open(tmp_path / "salinan2.sqlite3") as copy:
        rebuild_projections(copy.store)
        assert _snapshot(copy) == _snapshot(session)


def test_two_connections_to_one_file_never_share_a_clock_value(session):
    """E.g. the GUI and a worker thread: strictly increasing HLC, so the newest status wins."""
    other = Session.open(session.store.path)
    try:
        reg = registration.register(session, registration.RegistrationInput(
            service="DUK-KTP", name="Siti", nik=NIK))["registration_id"]
        assert other.log.device_id == session.log.device_id  # both logs open: same clock value
        for s, status in ((session, "diverifikasi"), (other, "diproses"), (session, "selesai")):
            registration.change_status(s, reg, status)
        hlcs = [r[0] for r in session.store.query("SELECT hlc FROM events ORDER BY seq")]
        assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
        assert registration.get_application(other, reg)["status"] == "selesai"
    finally:
        other.close()


def test_hybrid_clock_never_goes_back(monkeypatch):
    from counter_app.clock import HybridClock, parse_hlc

    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    hlc = HybridClock()
    first = hlc.tick()
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T07:00:00+07:00")  # the wall clock steps back an hour
    second = hlc.tick()
    assert second > first and parse_hlc(second)[0] == parse_hlc(first)[0]
    hlc.observe("999999999999999-00007")  # a remote device far ahead
    assert hlc.tick() == "999999999999999-00008"


def test_clock_reads_loket_now_in_the_site_time_zone(monkeypatch):
    from zoneinfo import ZoneInfo

    from counter_app import clock

    monkeypatch.setenv("LOKET_NOW", "2026-03-16T23:30:00+07:00")
    assert clock.now(ZoneInfo("Asia/Makassar")).isoformat() == "2026-03-17T00:30:00+08:00"
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00")  # no offset: the given zone's time
    assert clock.now().isoformat() == "2026-03-16T08:00:00+07:00"


def test_several_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    """E.g. the app and a CLI started together on first start: nobody trips on a migration."""
    import subprocess
    import sys

    code = "import sys; from counter_app.store import Store; print(Store(sys.argv[1]).schema_version())"
    for attempt in range(3):
        path = tmp_path / f"baru{attempt}.sqlite3"
        procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
        results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
        assert [r[2] for r in results] == [0, 0, 0, 0], [r[1] for r in results]
        assert {int(r[0]) for r in results} == {_latest()}
        with store.Store(path) as s:
            assert s.scalar("SELECT count(*) FROM schema_migrations") == len(store.migrations())


def test_split_statements_keeps_strings_and_triggers_whole():
    sql = ("CREATE TABLE a (x TEXT); INSERT INTO a VALUES ('x;y'); -- catatan; bukan perintah\n"
           "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 'z'; DELETE FROM a WHERE 0; END;\n"
           "-- akhir")
    parts = store.split_statements(sql)
    assert len(parts) == 3
    assert parts[1] == "INSERT INTO a VALUES ('x;y');"
    assert parts[2].endswith("DELETE FROM a WHERE 0; END;")
