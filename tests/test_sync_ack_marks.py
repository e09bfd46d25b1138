"""The outbox and the pending count read only past each device's acknowledged-through mark
(migration 0017), and give what the anti-join of the whole log against the acknowledgements
gave, whatever order events are appended, arrive, are acknowledged and rejected in; the
migration computes the marks of a file that already has acknowledged events."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import catalog, personal, queue, store, syncstate
from counter_app.events import Event
from counter_app.session import Session
from counter_app.site import init_site

SEALED = dict(personal.SEALED_FIELDS)  # what this version seals (a test turns it off for an older file)

KTP = "DUK-KTP"


def _old_outbox(session: Session, limit: int, skip_rejected: bool) -> list[str]:
    """The query of the outbox before the marks (the reference)."""
    sql = "SELECT e.id FROM events e LEFT JOIN event_acks a ON a.event_id = e.id WHERE a.event_id IS NULL"
    if skip_rejected:
        sql += " AND e.id NOT IN (SELECT event_id FROM sync_rejections)"
    if syncstate.relaying(session):
        return [r[0] for r in session.store.query(sql + " ORDER BY e.seq LIMIT ?", (limit,))]
    return [r[0] for r in session.store.query(sql + " AND e.device_id = ? ORDER BY e.device_seq LIMIT ?",
                                              (syncstate.device_id(session), limit))]


def _old_count(session: Session) -> int:
    sql = "SELECT count(*) FROM events e LEFT JOIN event_acks a ON a.event_id = e.id WHERE a.event_id IS NULL"
    if syncstate.relaying(session):
        return session.store.scalar(sql)
    return session.store.scalar(sql + " AND e.device_id = ?", (syncstate.device_id(session),))


def _check(session: Session) -> None:
    assert syncstate.pending_count(session) == _old_count(session)
    for limit in (3, 10_000):
        for skip in (True, False):
            assert [e.id for e in syncstate.outbox(session, limit, skip_rejected=skip)] == \
                _old_outbox(session, limit, skip)
    if not syncstate.relaying(session):
        assert syncstate.own_pending_count(session.store.conn) == _old_count(session)


def _site(path: Path, code: str, series: int) -> Session:
    s = Session.open(path)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code=code, series=series)
    catalog.import_services(s, catalog.demo_catalog_rows())
    return s


operation = st.one_of(
    st.tuples(st.just("issue"), st.integers(1, 4)),
    st.tuples(st.just("remote"), st.lists(st.integers(0, 40), min_size=1, max_size=8)),
    st.tuples(st.just("ack"), st.lists(st.integers(0, 80), min_size=1, max_size=12)),
    st.tuples(st.just("reject"), st.lists(st.integers(0, 80), min_size=1, max_size=3)),
    st.tuples(st.just("back"), st.lists(st.integers(0, 80), min_size=1, max_size=6)),
    st.tuples(st.just("relay"), st.booleans()),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=14))
def test_marks_give_the_same_outbox_and_count_as_the_anti_join(ops):
    with tempfile.TemporaryDirectory() as tmp:


        os.environ["LOKET_NOW"] = "2026-03-16T08:00:00+07:00"
        other = _site(Path(tmp) / "k2.sqlite3", "K2", 1)
        for _ in range(12):
            queue.issue_ticket(other, KTP)
        remote = [Event.from_row(r) for r in other.store.query("SELECT * FROM events ORDER BY seq")]
        other.close()
        with _site(Path(tmp) / "k1.sqlite3", "K1", 0) as session:
            _check(session)
            for kind, arg in ops:
                events = [Event.from_row(r) for r in session.store.query("SELECT * FROM events ORDER BY seq")]
                if kind == "issue":
                    for _ in range(arg):
                        queue.issue_ticket(session, KTP)
                elif kind == "remote":  # other devices' events arrive in any order, with gaps
                    with session.transaction():
                        for i in arg:
                            session.log.apply_remote(remote[i % len(remote)])
                elif kind == "ack":
                    syncstate.ack(session, [events[i % len(events)].id for i in arg])
                elif kind == "reject":
                    syncstate.record_rejections(session, [(events[i % len(events)].id, "ditolak") for i in arg])
                elif kind == "back":  # own (or relayed) events come back in a pull
                    syncstate.apply_events(session, [events[i % len(events)] for i in arg])
                else:
                    with session.transaction():
                        session.store.conn.execute("UPDATE hub_state SET role = ?", ("hub" if arg else "none",))
                _check(session)


def test_migration_marks_a_file_with_acknowledged_and_rejected_events(tmp_path, fixed_now, monkeypatch):
    everything = store.migrations()
    monkeypatch.setattr(store, "migrations", lambda: [m for m in everything if m[0] < 17])
    # the app before migration 0020 wrote personal data in the clear (counter_app/personal.py)
    monkeypatch.setattr(personal, "SEALED_FIELDS", {})
    path = tmp_path / "lama.sqlite3"
    with _site(path, "K1", 0) as old:
        for _ in range(6):
            queue.issue_ticket(old, KTP)
        ids = [r[0] for r in old.store.query("SELECT id FROM events ORDER BY device_seq")]
        with old.transaction():  # as the code before the marks wrote them
            conn = old.store.conn
            for event_id in ids[:3] + ids[5:7]:  # a hole at 5
                conn.execute("INSERT INTO event_acks VALUES (?, '2026-03-16T08:00:00+07:00')", (event_id,))
            conn.execute("INSERT INTO sync_rejections VALUES (?, 'ditolak', '2026-03-16T08:00:00+07:00')",
                         (ids[3],))
        before_count = _old_count(old)
        before = _old_outbox(old, 100, False)
    monkeypatch.setattr(store, "migrations", lambda: everything)
    monkeypatch.setattr(personal, "SEALED_FIELDS", SEALED)
    with Session.open(path) as new:
        assert 17 in new.store.applied_migrations()
        own = syncstate.device_id(new)
        assert new.store.scalar("SELECT through FROM ack_marks WHERE device_id = ?", (own,)) == 4
        assert syncstate.pending_count(new) == before_count
        assert [e.id for e in syncstate.outbox(new, 100, skip_rejected=False)] == before
        syncstate.ack(new, [ids[4]])  # the hole closes: the mark moves over the acknowledged run
        assert new.store.scalar("SELECT through FROM ack_marks WHERE device_id = ?", (own,)) == 7
        _check(new)
