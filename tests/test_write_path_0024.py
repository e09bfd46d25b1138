"""Migration 0024 (five b-trees fewer on every ticket issue): the 'issued' history rows leave a
file of schema 23 and nothing else does; the projections then equal a replay of the log; the
log's type index leaves the bulk types out and still answers the queries for the rare ones;
a ticket issue writes neither the history nor the type index; the conflicts that named a
ticket's issuing event through its history row still name it."""

from __future__ import annotations

import re

import pytest
from demo_rows import demo_rows_without_hours

from bench.write_pages import btrees_written
from counter_app import audit, catalog, complaints, queue, store, users
from counter_app.audit import verify_chains
from counter_app.conflicts import list_conflicts
from counter_app.digest import compare_with_replay
from counter_app.events import BULK_TYPES, INDEXED_TYPES
from counter_app.session import Session
from counter_app.site import init_site

KTP = "DUK-AKL"


def _old_issue_rows(session: Session) -> int:
    """Write the 'issued' rows the projector wrote before 0024, one per ticket, as it did."""
    with session.transaction():
        return session.store.conn.execute(
            "INSERT INTO ticket_history (event_id, ticket_id, action, counter, service_code, at, reason, actor)"
            " SELECT e.id, t.id, 'issued', NULL, json_extract(e.payload, '$.service'), t.issued_at, NULL, e.actor"
            " FROM tickets t JOIN events e ON e.entity_id = t.id AND e.type = 'ticket_issued'").rowcount


def _schema_23(monkeypatch, path) -> dict:
    everything = store.migrations()
    monkeypatch.setattr(store, "migrations", lambda: [m for m in everything if m[0] < 24])
    with Session.open(path) as old:
        init_site(old, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
        catalog.import_services(old, demo_rows_without_hours())
        issued = [queue.issue_ticket(old, KTP) for _ in range(5)]
        queue.call_next(old, "1")
        queue.finish(old, issued[0]["ticket"])
        queue.call_next(old, "1")
        queue.skip(old, issued[1]["ticket"])
        assert _old_issue_rows(old) == 5
        assert old.store.schema_version() == 23
        moves = old.store.query("SELECT * FROM ticket_history WHERE action != 'issued' ORDER BY rowid")
        before = {"moves": [tuple(r) for r in moves], "second": issued[2]["ticket"]}
    monkeypatch.setattr(store, "migrations", lambda: everything)
    return before


def test_the_issue_rows_leave_and_the_rest_of_the_history_stays(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    before = _schema_23(monkeypatch, path)
    assert len(before["moves"]) == 4  # two calls, a finish, a skip
    heard = []
    with store.Store(path, migrate=False) as s:
        s.migrate(progress=lambda step, done, total: heard.append((step, done, total)))
    with Session.open(path) as new:
        assert new.store.schema_version() >= 24
        rows = new.store.query("SELECT * FROM ticket_history ORDER BY rowid")
        assert [tuple(r) for r in rows] == before["moves"]
        # the projections are what a replay of the log makes with this version's projectors
        assert compare_with_replay(new)["ok"]
        assert verify_chains(new)["ok"]
        # the queue goes on: the next call is the third ticket, a new issue counts the waiting
        assert queue.issue_ticket(new, KTP)["waiting_before"] == 3
        assert queue.call_next(new, "2")["ticket"] == before["second"]
    # the history's rows are counted as the migration passes them, against the table's rows
    steps = [h for h in heard if h[0].endswith(":ticket_history")]
    assert steps[0][1:] == (0, 9) and steps[-1][1:] == (9, 9)


def test_the_type_index_is_the_partial_one_the_queries_name(tmp_path, session):
    sql = session.store.scalar("SELECT sql FROM sqlite_master WHERE name = 'events_type'")
    assert tuple(re.findall(r"'([a-z_]+)'", sql)) == BULK_TYPES  # in order: SQLite matches it as written
    assert " ".join(sql.split()).replace("( ", "(").replace(" )", ")").endswith(INDEXED_TYPES)
    complaints.file_complaint(session, type="saran", channel="web", text="Tambah kursi", anonymous=True)
    users.create_user(session, "admin", "rahasia-sekali", "admin", full_name="Admin")
    queue.issue_ticket(session, KTP)

    def read(call) -> tuple[object, str]:
        """What ``call()`` answers, and the plan of the statement it ran on the log by type."""
        statements: list[str] = []
        session.store.conn.set_trace_callback(statements.append)
        try:
            answer = call()
        finally:
            session.store.conn.set_trace_callback(None)
        [statement] = [s for s in statements if re.search(r"FROM events WHERE .*type", s)]
        plan = " | ".join(r[3] for r in session.store.conn.execute("EXPLAIN QUERY PLAN " + statement))
        return answer, plan

    session.store.conn.execute("DELETE FROM users")  # emptied by hand: the log still tells
    answer, plan = read(lambda: users.has_users(session))
    assert answer is True and "INDEX events_type (type=?)" in plan
    answer, plan = read(lambda: [e["type"] for e in audit.event_log(session, type="complaint_filed")])
    assert answer == ["complaint_filed"] and "INDEX events_type (type=?)" in plan
    # a bulk type is not in the index: the log is read newest first, and the newest is found
    answer, plan = read(lambda: [e["type"] for e in audit.event_log(session, type="ticket_issued", limit=1)])
    assert answer == ["ticket_issued"] and "events_type" not in plan


def test_an_issue_writes_neither_the_history_nor_the_type_index(session):
    queue.issue_ticket(session, KTP)  # the first one makes the b-trees' first pages
    written = btrees_written(session, lambda: queue.issue_ticket(session, KTP))
    names = set(written) - {"sqlite_schema"}  # the header page, when the file grows
    # (the whole list since migration 0025: tests/test_write_path_0025.py)
    assert not names & {"ticket_history", "sqlite_autoindex_ticket_history_1", "ticket_history_ticket",
                        "ticket_history_day", "events_type"}, names
    assert {"events", "tickets", "chain_heads"} <= names
    assert session.store.scalar("SELECT count(*) FROM ticket_history") == 0


@pytest.mark.parametrize("history", ["none", "restored"])
def test_a_close_of_a_waiting_ticket_names_the_event_that_queued_it(session, history):
    ticket = queue.issue_ticket(session, KTP)
    winner = session.store.scalar(
        "SELECT id FROM events WHERE entity_id = ? AND type = 'ticket_issued'", (ticket["id"],))
    if history == "restored":  # called, skipped and put back: the restore queued it last
        queue.call_next(session, "1")
        queue.skip(session, ticket["ticket"])
        queue.restore(session, ticket["ticket"])
        winner = session.store.scalar(
            "SELECT id FROM events WHERE entity_id = ? AND type = 'ticket_restored'", (ticket["id"],))
    # a close from a counter that never called it (as another device's event would arrive)
    with session.transaction():
        session.append("ticket_finished", ticket["id"], {"at": "2026-03-16T08:05:00+07:00", "counter": "9"})
    [conflict] = [c for c in list_conflicts(session) if c["entity_id"] == ticket["id"]]
    assert conflict["kind"] == "invalid_transition"
    assert conflict["winner_event_id"] == winner
    assert queue.get_ticket(session, ticket["id"]).status == "waiting"
