"""Convergence with the portal in the loop: three counters of one site meet only through the
portal (its real push/pull logic on its own database), each syncing at random moments with
random batch and page sizes, resending batches as after a timeout, while they call the same
tickets, check in one booking twice and create one username on two PCs. At the end every
device and the portal hold the same events, and every device the same projections and
conflicts, with nothing rejected or quarantined."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import bookings, catalog, queue, syncstate, users
from counter_app.conflicts import list_conflicts
from counter_app.digest import projection_digest
from counter_app.errors import LoketError
from counter_app.events import Event
from counter_app.session import Session
from counter_app.site import init_site
from sync.portal import content, service
from sync.portal.db import Database

SITE = "MPP-KONV"
CODES = ("K1", "K2", "K3")
START = datetime.fromisoformat("2026-03-16T08:00:00+07:00")


def _sync(s: Session, db: Database, device, rnd: random.Random) -> None:
    """One round as sync.client does it, with random batch and page sizes and a resend."""
    while True:
        batch = syncstate.outbox(s, rnd.randint(1, 15))
        if not batch:
            break
        body = [e.as_dict() for e in batch]
        results = service.push(db, device, body)
        if rnd.random() < 0.2:  # the answer was lost: the same batch again
            results = service.push(db, device, body)
        assert all(r["status"] in ("accepted", "duplicate") for r in results), results
        syncstate.ack(s, [r["id"] for r in results])
    cursor = syncstate.state(s)["cursor"]
    while True:
        page = service.pull(db, device, cursor, rnd.randint(1, 20))
        events = [Event.from_dict(e) for e in page["events"]]
        syncstate.apply_events(s, events, page["next_cursor"])
        cursor = page["next_cursor"]
        if not page["more"]:
            return


step = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(CODES), st.sampled_from(["DUK-KTP", "DUK-KK"])),
    st.tuples(st.sampled_from(["call", "call", "finish", "noshow"]), st.sampled_from(CODES), st.none()),
    st.tuples(st.just("sync"), st.sampled_from(CODES), st.none()),
    st.tuples(st.just("sync"), st.sampled_from(CODES), st.none()),
    st.tuples(st.just("checkin"), st.sampled_from(CODES), st.none()),
    st.tuples(st.just("admin"), st.sampled_from(CODES), st.none()),
)


def _act(s: Session, code: str, what: str, arg, booking: str) -> None:
    counter = code[1:]
    try:
        if what == "issue":
            queue.issue_ticket(s, arg)
        elif what == "call":
            queue.call_next(s, counter)
        elif what in ("finish", "noshow"):
            active = queue.active_ticket(s, counter)
            if active:
                getattr(queue, what)(s, active.id)
        elif what == "checkin":
            bookings.checkin(s, booking)
        elif what == "admin":
            users.create_user(s, "admin", f"rahasia-{code.lower()}", "admin", full_name=f"Admin {code}")
    except LoketError:
        pass  # refused locally: nothing written


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=6, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_devices_meeting_only_through_the_portal_converge(tmp_path_factory, monkeypatch, steps, seed):
    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("konv")
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T07:00:00+07:00")
    db = Database(folder / "portal.sqlite3")
    service.add_site(db, SITE, "MPP Konvergensi")
    rows = folder / "catalog.json"
    rows.write_text(json.dumps(catalog.demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(db, rows, SITE)
    booking = content.create_booking(db, {
        "site": SITE, "service": "DUK-KK", "date": "2026-03-16", "name": "Siti Aminah",
        "nik": "3273015508900002", "sex": "P", "phone": "081234567890"})["code"]
    devices, sessions = {}, {}
    try:
        for series, code in enumerate(CODES):
            enrolled = service.enrol_device(db, SITE, code)
            s = Session.open(folder / f"{code}.sqlite3")
            init_site(s, site_code=SITE, site_name="MPP Konvergensi", device_code=code, series=series)
            devices[code], sessions[code] = service.authenticate(db, enrolled["token"]), s
            _sync(s, db, devices[code], rnd)  # the catalogue and the booking come down
        for n, (what, code, arg) in enumerate(steps):
            monkeypatch.setenv("LOKET_NOW", (START + timedelta(minutes=n)).isoformat())
            if what == "sync":
                _sync(sessions[code], db, devices[code], rnd)
            else:
                _act(sessions[code], code, what, arg, booking)
        for _ in range(2):  # closing time: everyone syncs until nothing moves
            for code in rnd.sample(CODES, k=3):
                _sync(sessions[code], db, devices[code], rnd)

        with db.read() as tx:
            on_portal = {r["id"] for r in tx.all("SELECT id FROM events WHERE site_code = ?", (SITE,))}
        digests, conflict_lists = [], []
        for s in sessions.values():
            held = {r[0] for r in s.store.query("SELECT id FROM events")}
            assert held == on_portal
            assert syncstate.status(s)["quarantined"] == 0 and syncstate.rejections(s) == []
            digests.append(projection_digest(s))
            conflict_lists.append(list_conflicts(s))
        assert all(d == digests[0] for d in digests)
        assert all(c == conflict_lists[0] for c in conflict_lists)
        admins = [e for e in on_portal if e]  # every event reached the portal, none twice
        assert len(admins) == len(on_portal)
    finally:
        for s in sessions.values():
            s.close()
        db.close()
