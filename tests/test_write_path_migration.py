"""Migration 0019 (fewer b-trees per durable write): a database of schema 18 with tickets,
registrations and acknowledged events comes through with the same log, the same projections
and working queries; the log's numbering goes on where it stopped; the store turns foreign
keys off only for the rebuild and refuses a rebuild that would leave a dangling reference;
``loket db migrate`` applies it and reports the big table's rows as it copies them."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from demo_rows import demo_rows_without_hours

from counter_app import catalog, personal, queue, registration, store, syncstate
from counter_app.audit import verify_chains
from counter_app.cli import cli
from counter_app.digest import projection_digest
from counter_app.errors import LoketError
from counter_app.session import Session
from counter_app.site import init_site

LATEST = max(m[0] for m in store.migrations())  # 0019 and every migration after it
SEALED = dict(personal.SEALED_FIELDS)  # what this version seals (a test turns it off for an older file)

REBUILT = ("events", "tickets", "application_history")


def _schema_18(monkeypatch, path, tickets: int = 6) -> dict:
    """A counter's file before 0019: tickets issued, called and finished, a registration taken
    to hand-over, part of the log acknowledged. Returns what it looked like."""
    everything = store.migrations()
    monkeypatch.setattr(store, "migrations", lambda: [m for m in everything if m[0] < 19])
    # the app before migration 0020 wrote personal data in the clear (counter_app/personal.py)
    monkeypatch.setattr(personal, "SEALED_FIELDS", {})
    with Session.open(path) as old:
        init_site(old, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
        catalog.import_services(old, demo_rows_without_hours())
        issued = [queue.issue_ticket(old, "DUK-AKL") for _ in range(tickets)]
        queue.call_next(old, "1")
        queue.finish(old, issued[0]["ticket"])
        reg = registration.register(old, registration.RegistrationInput(
            service="DUK-AKL", name="Siti Nurhaliza", nik="3273015503850001", sex="P",
            birth_date="1985-03-15", ticket=issued[0]["ticket"], requirements_complete=True))
        for status in ("diverifikasi", "diproses"):
            registration.change_status(old, reg["registration_id"], status)
        first = [r[0] for r in old.store.query("SELECT id FROM events ORDER BY seq LIMIT 5")]
        syncstate.ack(old, first)
        assert old.store.schema_version() == 18
        before = {
            "events": [tuple(r) for r in old.store.query("SELECT * FROM events ORDER BY seq")],
            "digest": projection_digest(old)["digest"],
            "pending": syncstate.pending_count(old),
            "registration": reg["registration_id"],
            "second": issued[1]["ticket"],
            "history": registration.get_application(old, reg["registration_id"])["history"],
            "indexes": _indexes(old),
        }
    monkeypatch.setattr(store, "migrations", lambda: everything)
    monkeypatch.setattr(personal, "SEALED_FIELDS", SEALED)
    return before


def _indexes(session: Session) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in session.store.query(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (?, ?, ?)", REBUILT)}


def test_a_file_with_data_comes_through_with_the_same_log_and_projections(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    before = _schema_18(monkeypatch, path)
    with Session.open(path) as new:
        assert 19 in new.store.applied_migrations()
        assert [tuple(r) for r in new.store.query("SELECT * FROM events ORDER BY seq")] == before["events"]
        assert projection_digest(new)["digest"] == before["digest"]
        assert syncstate.pending_count(new) == before["pending"]
        assert registration.get_application(new, before["registration"])["history"] == before["history"]
        # every index made again under its own name, but the two text keys that were a b-tree
        # of their own beside a rowid table (the key is now the table), and the two that 0025
        # folds elsewhere (the newest clock into the chain heads, the numbering into the
        # tickets' unique index)
        gone = {("tickets", "sqlite_autoindex_tickets_1"),
                ("application_history", "sqlite_autoindex_application_history_1"),
                ("events", "events_hlc"), ("tickets", "tickets_numbering")}
        assert gone <= before["indexes"] and _indexes(new) == before["indexes"] - gone
        conn = new.store.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        assert "AUTOINCREMENT" not in sql["events"]
        assert sql["tickets"].rstrip().endswith("WITHOUT ROWID")
        assert sql["application_history"].rstrip().endswith("WITHOUT ROWID")
        assert not conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'events'").fetchall()

        # the log goes on numbering where it stopped, and the queue works on the rebuilt tables
        last = before["events"][-1][0]
        ticket = queue.issue_ticket(new, "DUK-AKL")
        assert new.store.scalar("SELECT min(seq) FROM events WHERE entity_id = ?", (ticket["id"],)) == last + 1
        assert ticket["waiting_before"] == 5  # six issued before, one of them served
        assert queue.call_next(new, "2")["ticket"] == before["second"]
        assert verify_chains(new)["ok"]


def test_a_rebuild_that_loses_rows_others_refer_to_is_rolled_back(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    before = _schema_18(monkeypatch, path)
    everything = store.migrations()
    # the same migration with a copy that loses the tickets the history refers to
    broken = [(n, name, sql.replace("SELECT * FROM tickets WHERE", "SELECT * FROM tickets WHERE 0 AND"))
              for n, name, sql in everything]
    assert broken != everything
    monkeypatch.setattr(store, "migrations", lambda: broken)
    with pytest.raises(LoketError, match="0019_.*ticket_history.*tickets"):
        Session.open(path)
    with store.Store(path, migrate=False) as kept:
        assert kept.schema_version() == 18
        assert [tuple(r) for r in kept.query("SELECT * FROM events ORDER BY seq")] == before["events"]
        assert "AUTOINCREMENT" in kept.scalar("SELECT sql FROM sqlite_master WHERE name = 'events'")
        assert kept.scalar("SELECT count(*) FROM tickets") == 6
        assert kept.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_dangling_reference_already_there_does_not_block_the_upgrade(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    _schema_18(monkeypatch, path)
    raw = sqlite3.connect(path)  # foreign keys off, as an old bug or a hand edit would have it
    raw.execute("INSERT INTO ticket_history (event_id, ticket_id, action, at, actor)"
                " VALUES ('x', 'no-such-ticket', 'called', '2026-03-16T08:00:00+07:00', 'sari')")
    raw.commit()
    raw.close()
    with Session.open(path) as new:
        assert new.store.schema_version() == LATEST
        assert len(new.store.query("PRAGMA foreign_key_check")) == 1  # kept, not made worse


def test_progress_reports_the_copy_and_the_log_rows(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    before = _schema_18(monkeypatch, path)
    heard: list[tuple[str, int, int]] = []
    with store.Store(path, migrate=False) as s:
        assert [m[0] for m in s.pending_migrations()] == list(range(19, LATEST + 1))
        s.migrate(progress=lambda step, done, total: heard.append((step, done, total)))
    steps = {step for step, _, _ in heard}
    name = next(step for step in steps if step.startswith("0019_") and ":" not in step)
    assert {"backup", name, f"{name}:events", f"{name}:tickets", f"{name}:application_history"} <= steps
    rows = [(done, total) for step, done, total in heard if step == f"{name}:events"]
    assert rows[0] == (0, len(before["events"])) and rows[-1] == (len(before["events"]),) * 2
    pages = [(done, total) for step, done, total in heard if step == "backup"]
    assert pages[-1][0] == pages[-1][1] > 0


def test_loket_db_migrate_applies_then_says_nothing_is_pending(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    _schema_18(monkeypatch, path)
    runner = CliRunner()
    from counter_app.cli import site as site_cli

    monkeypatch.setattr(site_cli._MigrationBars, "LONG", 1)  # every step long enough for a bar
    shown = runner.invoke(cli, ["--db", str(path), "db", "migrate"])
    assert shown.exit_code == 0, shown.output
    assert "Menyalin database sebelum migrasi" in shown.output and "Memproses tabel events" in shown.output
    assert f"{LATEST - 18} migrasi diterapkan, skema sekarang versi {LATEST}" in shown.output
    _schema_18(monkeypatch, path := tmp_path / "kedua.sqlite3")
    first = runner.invoke(cli, ["--db", str(path), "db", "migrate", "--json"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert data["schema_version"] == LATEST
    assert [n[:4] for n in data["applied"]] == [f"{n:04d}" for n in range(19, LATEST + 1)]
    again = runner.invoke(cli, ["--db", str(path), "db", "migrate"])
    assert again.exit_code == 0 and "tidak ada migrasi tertunda" in again.output
