"""Convergence by construction: one site's events, delivered to every device in any order,
batching and duplication, give every device the same projections and the same conflicts.

Three counters of one site act on their own copies (issue, call, finish, skip, check in a
booking, create the account 'admin') with partial syncs in between, so the clashes the
field sees happen for real: two counters calling the same ticket, a close by a counter that
did not call it, one booking checked in twice, one username created on two PCs. Then the
union of all events is delivered to the three devices and to two empty receivers in random
orders, batch sizes and duplications; every round is one transaction like a pulled page.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import bookings, catalog, queue, syncstate, users
from counter_app.conflicts import list_conflicts
from counter_app.digest import projection_digest
from counter_app.errors import LoketError
from counter_app.events import Event, rebuild_projections, with_keys
from counter_app.session import Session
from counter_app.site import init_site
from counter_app.store import Store

START = datetime.fromisoformat("2026-03-16T08:00:00+07:00")
CODES = ("K1", "K2", "K3")
SERVICES = ("DUK-KTP", "DUK-KK")
BOOKING = "BK7Q-4M2X"


def _events(session: Session) -> list[Event]:
    """The device's log as sync sends it: each sealed event with the key that opens it."""
    return with_keys(session.store.conn, [Event.from_row(r) for r in session.store.query("SELECT * FROM events ORDER BY seq")])


def _deliver(target: Session, events: list[Event]) -> None:
    syncstate.apply_events(target, events)


@pytest.fixture(scope="module")
def site_templates(tmp_path_factory):
    """Three counters of one site that already share their set-up events, and a receiver."""
    folder = tmp_path_factory.mktemp("site")
    old = os.environ.get("LOKET_NOW")
    os.environ["LOKET_NOW"] = "2026-03-16T07:00:00+07:00"
    try:
        devices = {}
        for series, code in enumerate(CODES):
            s = Session.open(folder / f"{code}.sqlite3")
            init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code=code, series=series)
            devices[code] = s
        catalog.import_services(devices["K1"], catalog.demo_catalog_rows())
        with devices["K1"].transaction():  # an online booking, as the portal sends it
            devices["K1"].append("booking_created", BOOKING, {
                "code": BOOKING, "service": "DUK-KTP", "date": "2026-03-16", "name": "Siti Aminah",
                "nik": "3273015505900003", "sex": "P", "birth_date": "1990-05-15", "birth_place": None,
                "address": None, "phone": None, "at": "2026-03-15T20:00:00+07:00"})
        setup = [e for s in devices.values() for e in _events(s)]
        for s in devices.values():
            _deliver(s, setup)
            s.close()
        receiver = folder / "receiver.sqlite3"
        store = Store(receiver)
        with store.transaction():
            store.conn.execute(
                "INSERT INTO device (singleton, device_id, device_code, series, created_at)"
                " VALUES (1, 'receiver-device', 'R', 0, '2026-03-16T07:00:00+07:00')")
        store.close()
    finally:
        if old is None:
            os.environ.pop("LOKET_NOW")
        else:
            os.environ["LOKET_NOW"] = old
    return {**{c: folder / f"{c}.sqlite3" for c in CODES}, "receiver": receiver}


def _copy(src: Path, dst: Path) -> Session:
    shutil.copyfile(src, dst)
    return Session.open(dst)


step = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(CODES), st.sampled_from(SERVICES)),
    st.tuples(st.sampled_from(["call", "call", "finish", "skip", "noshow", "recall", "cancel"]),
              st.sampled_from(CODES), st.none()),
    st.tuples(st.just("sync"), st.sampled_from(CODES), st.sampled_from(CODES)),
    st.tuples(st.just("checkin"), st.sampled_from(CODES), st.none()),
    st.tuples(st.just("admin"), st.sampled_from(CODES), st.sampled_from(["rahasia-k1", "rahasia-k2"])),
)


def _act(s: Session, code: str, what: str, arg) -> None:
    counter = code[1:]
    try:
        if what == "issue":
            queue.issue_ticket(s, arg)
        elif what == "call":
            queue.call_next(s, counter)
        elif what in ("finish", "skip", "noshow", "recall"):
            active = queue.active_ticket(s, counter)
            if active:
                getattr(queue, what)(s, active.id)
        elif what == "cancel":
            waiting = queue.list_queue(s, status="waiting")
            if waiting:
                queue.cancel(s, waiting[-1]["id"])
        elif what == "checkin":
            bookings.checkin(s, BOOKING)
        elif what == "admin":
            users.create_user(s, "admin", arg, "admin", full_name=f"Admin {code}")
    except LoketError:
        pass  # refused locally (nothing waiting, already checked in here, ...): nothing written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=5, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_every_device_ends_with_the_same_projections_and_conflicts(
        site_templates, tmp_path_factory, monkeypatch, steps, seed):
    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("run")
    devices = {c: _copy(site_templates[c], folder / f"{c}.sqlite3") for c in CODES}
    receivers = [_copy(site_templates["receiver"], folder / f"r{i}.sqlite3") for i in range(2)]
    try:
        for n, (what, code, arg) in enumerate(steps):
            monkeypatch.setenv("LOKET_NOW", (START + timedelta(minutes=n)).isoformat())
            if what == "sync":
                if code != arg:
                    _deliver(devices[arg], _events(devices[code]))
            else:
                _act(devices[code], code, what, arg)

        union = {e.id: e for s in devices.values() for e in _events(s)}
        everyone = list(devices.values()) + receivers
        for target in everyone:
            pending = list(union.values()) + rnd.sample(list(union.values()), k=min(5, len(union)))
            rnd.shuffle(pending)
            while pending:
                size = rnd.randint(1, 12)
                _deliver(target, pending[:size])
                pending = pending[size:]

        digests = [projection_digest(s) for s in everyone]
        conflict_lists = [list_conflicts(s) for s in everyone]
        for s in everyone:
            assert s.store.scalar("SELECT count(*) FROM events") == len(union)
            assert syncstate.status(s)["quarantined"] == 0, syncstate.quarantined(s)
        for d in digests[1:]:
            assert d == digests[0], {t for t in d["tables"] if d["tables"][t] != digests[0]["tables"][t]}
        assert all(c == conflict_lists[0] for c in conflict_lists)
        # the fold equals a replay of the whole log in clock order
        rebuild_projections(receivers[0].store)
        assert projection_digest(receivers[0]) == digests[0]
        # every clash the steps produced is a listed conflict, never an exception
        calls: dict[str, set[str]] = {}
        for e in union.values():
            if e.type == "ticket_called":
                calls.setdefault(e.entity_id, set()).add(e.payload["counter"])
        doubles = {t for t, counters in calls.items() if len(counters) > 1}
        listed = {c["entity_id"] for c in conflict_lists[0] if c["kind"] in ("double_call", "call_closed")}
        assert doubles <= listed | {c["entity_id"] for c in conflict_lists[0]}
        admins = [e for e in union.values() if e.type == "user_created" and e.entity_id == "admin"]
        clashes = [c for c in conflict_lists[0] if c["kind"] == "username_clash"]
        assert len(clashes) == max(0, len(admins) - 1)
        checkins = [e for e in union.values() if e.type == "booking_checked_in"]
        assert len([c for c in conflict_lists[0] if c["kind"] == "double_checkin"]) == max(0, len(checkins) - 1)
    finally:
        for s in list(devices.values()) + receivers:
            s.close()


def test_a_ticket_called_by_two_counters_stays_with_the_first_call(site_templates, tmp_path, monkeypatch):
    """The rule, spelt out: the earlier call (hybrid clock) keeps the ticket, the later one is
    a conflict; the later counter's finish still closes it (the applicant was served there)."""
    k1 = _copy(site_templates["K1"], tmp_path / "k1.sqlite3")
    k2 = _copy(site_templates["K2"], tmp_path / "k2.sqlite3")
    try:
        monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
        t = queue.issue_ticket(k1, "DUK-KTP")
        _deliver(k2, _events(k1))
        monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:01:00+07:00")
        queue.call_next(k1, "1")
        monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:02:00+07:00")
        queue.call_next(k2, "2")
        queue.finish(k2, t["id"])
        _deliver(k1, _events(k2))
        _deliver(k2, _events(k1))
        for s in (k1, k2):
            ticket = queue.get_ticket(s, t["id"])
            assert (ticket.status, ticket.counter) == ("finished", "1")
            kinds = [c["kind"] for c in list_conflicts(s)]
            assert kinds == ["double_call", "foreign_close"]
        assert projection_digest(k1) == projection_digest(k2)
        # a supervisor marks it settled; every device sees that after sync
        sari = Session(k1.store, users.Actor("sari", "supervisor"))
        first = list_conflicts(k1)[0]["event_id"]
        from counter_app.conflicts import resolve

        resolve(sari, first, "pemohon dilayani di loket 2")
        _deliver(k2, _events(k1))
        assert [c["resolved"] for c in list_conflicts(k2)] == [True, False]
        assert projection_digest(k1) == projection_digest(k2)
    finally:
        k1.close()
        k2.close()


def test_upgrading_a_multi_device_database_rebuilds_its_projections_once(site_templates, tmp_path, monkeypatch):
    """Projections built by the old arrival-order rule are rebuilt by the fold on upgrade
    (migration 0013); a single-device database is left as it is."""
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    k1 = _copy(site_templates["K1"], tmp_path / "k1.sqlite3")
    t = queue.issue_ticket(k1, "DUK-KTP")
    queue.call_next(k1, "1")
    expected = projection_digest(k1)
    with k1.transaction():  # what the old rule could leave: the later call's counter
        k1.store.conn.execute("UPDATE tickets SET counter = '2' WHERE id = ?", (t["id"],))
        k1.store.conn.execute("DROP TABLE pending_maintenance")
        k1.store.conn.execute("DELETE FROM schema_migrations WHERE number = 13")
    k1.close()
    reopened = Session.open(tmp_path / "k1.sqlite3")
    try:
        assert queue.get_ticket(reopened, t["id"]).counter == "1"
        assert projection_digest(reopened) == expected
        assert reopened.store.scalar("SELECT count(*) FROM pending_maintenance") == 0
    finally:
        reopened.close()

    alone = Store(tmp_path / "alone.sqlite3")
    try:
        with alone.transaction():
            alone.conn.execute("INSERT INTO device (singleton, device_id, device_code, series, created_at)"
                               " VALUES (1, 'solo', 'K1', 0, '2026-03-16T07:00:00+07:00')")
            alone.conn.execute("DROP TABLE pending_maintenance")
            alone.conn.execute("DELETE FROM schema_migrations WHERE number = 13")
        alone.migrate()
        assert alone.conn.execute("SELECT count(*) FROM pending_maintenance").fetchone()[0] == 0
    finally:
        alone.close()
