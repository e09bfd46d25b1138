"""Migration 0025 (two b-trees fewer on the write path): the newest clock of each device moves
into its chain head, so the log needs no clock index; a ticket's number is kept unique beside
its parts in the numbering index, so the tickets need no separate (day, number) index. A file
of schema 24 with two devices' events (one number clash among them) keeps every ticket and
finds every number; the clock keeps growing across a restart; the full replay still folds in
(hlc, id) order; a remote issue whose number is not its parts is set aside."""

from __future__ import annotations

import random

import pytest
from demo_rows import demo_rows_without_hours
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.write_pages import btrees_written
from counter_app import catalog, queue, store
from counter_app.audit import verify_chains
from counter_app.digest import compare_with_replay
from counter_app.errors import NotFound
from counter_app.events import Event, build_event, rebuild_projections
from counter_app.registration import RegistrationInput, register
from counter_app.session import Session
from counter_app.site import init_site

KTP = "DUK-AKL"


def _device(path, code: str, series: int) -> Session:
    s = Session.open(path)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code=code, series=series)
    catalog.import_services(s, demo_rows_without_hours())
    return s


def _push(source: Session, target: Session) -> None:
    with target.transaction():
        for row in source.store.query("SELECT * FROM events ORDER BY seq"):
            target.log.apply_remote(Event.from_row(row))


def _newest_by_device(s: Session) -> dict:
    return dict(s.store.query("SELECT device_id, max(hlc) FROM events GROUP BY device_id"))


@pytest.fixture
def schema_24(tmp_path, fixed_now, monkeypatch):
    """K1's file at schema 24, holding K2's events too: K2 shares K1's series (a clash)."""
    everything = store.migrations()
    monkeypatch.setattr(store, "migrations", lambda: [m for m in everything if m[0] < 25])
    k1, k2 = _device(tmp_path / "k1.sqlite3", "K1", 0), _device(tmp_path / "k2.sqlite3", "K2", 0)
    try:
        ours = [queue.issue_ticket(k1, KTP) for _ in range(3)]
        fixed_now("2026-03-16T08:05:00+07:00")
        theirs = [queue.issue_ticket(k2, KTP) for _ in range(2)]
        queue.call_next(k1, "1")
        queue.finish(k1, ours[0]["ticket"])
        _push(k2, k1)
        assert k1.store.schema_version() == 24
        assert k1.store.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'events_hlc'") == 1
        rows = [tuple(r) for r in k1.store.query("SELECT * FROM tickets ORDER BY id")]
    finally:
        k1.close()
        k2.close()
    monkeypatch.setattr(store, "migrations", lambda: everything)
    return {"path": tmp_path / "k1.sqlite3", "ours": ours, "theirs": theirs, "rows": rows}


def test_the_clock_moves_to_the_heads_and_every_ticket_stays(schema_24):
    heard = []
    with store.Store(schema_24["path"], migrate=False) as s:
        s.migrate(progress=lambda step, done, total: heard.append((step, done, total)))
    with Session.open(schema_24["path"]) as s:
        assert s.store.schema_version() == 25
        heads = dict(s.store.query("SELECT device_id, hlc FROM chain_heads"))
        assert heads == _newest_by_device(s) and len(heads) == 2
        indexes = {r[0] for r in s.store.query("SELECT name FROM sqlite_master WHERE type = 'index'"
                                                " AND tbl_name IN ('events', 'tickets')")}
        assert "events_hlc" not in indexes and "tickets_numbering" not in indexes
        assert [tuple(r) for r in s.store.query("SELECT * FROM tickets ORDER BY id")] == schema_24["rows"]
        # every number is found, the clash's marked one too
        first, third = schema_24["ours"][0]["ticket"], schema_24["ours"][2]["ticket"]
        marked = queue.get_ticket(s, schema_24["theirs"][0]["id"]).number
        assert marked.startswith(f"{first}*")  # K2's first, issued later on the same series
        assert queue.get_ticket(s, marked).id == schema_24["theirs"][0]["id"]
        assert queue.get_ticket(s, first.lower()).id == schema_24["ours"][0]["id"]
        assert queue.get_ticket(s, f" {third} ").id == schema_24["ours"][2]["id"]
        assert compare_with_replay(s)["ok"]
        assert verify_chains(s)["ok"]
    steps = {step for step, _done, _total in heard}
    assert {"0025_clock_in_chain_heads.sql:events", "0025_clock_in_chain_heads.sql:tickets"} <= steps
    assert ("0025_clock_in_chain_heads.sql:tickets", 5, 5) in heard


def test_the_clock_keeps_growing_after_a_restart(schema_24):
    with Session.open(schema_24["path"]) as s:
        newest = s.store.scalar("SELECT max(hlc) FROM events")
    with Session.open(schema_24["path"]) as s:  # a new process: its clock starts from the heads
        assert s.log.clock.tick() > newest
        ticket = queue.issue_ticket(s, KTP)
        assert s.store.scalar("SELECT hlc FROM events WHERE entity_id = ?", (ticket["id"],)) > newest
        assert s.store.scalar("SELECT max(hlc) FROM chain_heads") == s.store.scalar("SELECT max(hlc) FROM events")


def test_an_issue_writes_nine_btrees(session):
    queue.issue_ticket(session, KTP)  # the first one makes the b-trees' first pages
    written = btrees_written(session, lambda: queue.issue_ticket(session, KTP))
    assert set(written) - {"sqlite_schema"} == {  # the header page, when the file grows
        "events", "sqlite_autoindex_events_1", "sqlite_autoindex_events_2", "events_entity",
        "chain_heads", "tickets", "sqlite_autoindex_tickets_2", "tickets_queue", "tickets_waiting_order",
    }


def test_numbers_are_found_through_their_parts(session):
    tickets = [queue.issue_ticket(session, KTP) for _ in range(3)]
    prefix = tickets[0]["ticket"].split("-")[0]
    assert [t["ticket"] for t in tickets] == [f"{prefix}-00{n}" for n in (1, 2, 3)]
    assert queue.number_parts("A-001") == ("A", 0, 1)
    assert queue.number_parts("AB-15042*9F3C") == ("AB", 15, 42)
    for text in ("", "A", "A-", "-001", "A-01", "A-٠٠١", "A-00x", "001"):
        assert queue.number_parts(text) is None, text
    for text in (f"{prefix}-1", f"{prefix}-0001", f"{prefix}-004", "Q-001", "not a ticket"):
        with pytest.raises(NotFound):
            queue.get_ticket(session, text)
    saved = register(session, RegistrationInput(service=KTP, name="Siti", nik="3273015503850003",
                                                 ticket=f" {prefix.lower()}-002 "))
    row = session.store.one("SELECT ticket_id FROM registrations WHERE id = ?", (saved["registration_id"],))
    assert row["ticket_id"] == tickets[1]["id"]
    plan = " ".join(r[3] for r in session.store.query(
        "EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE day = ? AND prefix = ? AND series = ? AND seq_no = ?"
        " AND number = ?", ("2026-03-16", "A", 0, 2, "A-002")))
    assert "sqlite_autoindex_tickets_2 (day=? AND prefix=? AND series=? AND seq_no=? AND number=?)" in plan


def test_a_remote_issue_whose_number_is_not_its_parts_is_set_aside(session, tmp_path):
    with _device(tmp_path / "k2.sqlite3", "K2", 1) as other:
        event, _payload = build_event(
            device_id=other.log.device_id, head=None, hlc=other.log.clock.tick(), type="ticket_issued",
            entity_id="0190a1b2-0000-7000-8000-000000000001",
            payload={"day": "2026-03-16", "number": "A-001", "prefix": "A", "series": 1, "seq_no": 1,
                     "service": KTP, "priority": None, "at": "2026-03-16T08:00:00+07:00"},
            actor="petugas")
    with session.transaction():
        session.log.apply_remote(event)
    reason = session.store.scalar("SELECT error FROM quarantine WHERE event_id = ?", (event.id,))
    assert "number" in reason and "A-1001" in reason
    assert session.store.scalar("SELECT count(*) FROM tickets") == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_the_heads_hold_the_newest_clock_whatever_order_events_arrive_in(tmp_path_factory, fixed_now, seed):
    """Another device's events applied in any order (a gap, a late older event): the newest
    clock in the heads is the newest in the log, and a replay (no clock index) folds the same."""
    folder = tmp_path_factory.mktemp("order")
    with _device(folder / "k2.sqlite3", "K2", 1) as k2:
        for minute in range(6):
            fixed_now(f"2026-03-16T08:{minute:02d}:00+07:00")
            queue.issue_ticket(k2, KTP)
        queue.call_next(k2, "2")
        events = [Event.from_row(r) for r in k2.store.query("SELECT * FROM events ORDER BY seq")]
    random.Random(seed).shuffle(events)
    with _device(folder / "k1.sqlite3", "K1", 0) as k1:
        for e in events:
            with k1.transaction():
                k1.log.apply_remote(e)
            assert k1.store.scalar("SELECT max(hlc) FROM chain_heads") == k1.store.scalar(
                "SELECT max(hlc) FROM events")
        assert dict(k1.store.query("SELECT device_id, hlc FROM chain_heads")) == _newest_by_device(k1)
        live = [tuple(r) for r in k1.store.query("SELECT * FROM tickets ORDER BY id")]
        rebuild_projections(k1.store)
        assert [tuple(r) for r in k1.store.query("SELECT * FROM tickets ORDER BY id")] == live
        assert compare_with_replay(k1)["ok"]
