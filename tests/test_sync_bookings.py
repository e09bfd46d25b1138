"""Online bookings on counters: the data entered online is kept at check-in, and devices that
receive the same events in different orders end with identical projections."""

from __future__ import annotations

import json
import random

import pytest

from counter_app import bookings, registration, syncstate
from counter_app.catalog import demo_catalog_rows
from counter_app.errors import NotFound, StateError
from counter_app.events import Event
from counter_app.session import Session
from counter_app.site import init_site
from sync.portal import content, service
from sync.portal.db import Database

SITE = "MPP-UJI"


@pytest.fixture
def portal_events(tmp_path, fixed_now):
    db = Database(tmp_path / "portal.sqlite3")
    service.add_site(db, SITE, "MPP Uji")
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(db, catalog, SITE)
    booking = content.create_booking(db, {"site": SITE, "service": "DUK-AKL", "date": "2026-03-17",
                                          "name": "Ani", "nik": "3273015508900002", "sex": "P",
                                          "birth_place": "Bandung", "phone": "081234567890"})
    events, _ = service.site_events(db, SITE)
    db.close()
    return booking["code"], [Event.from_dict(e) for e in events]


def counter(tmp_path, code: str, events: list[Event] = ()) -> Session:
    s = Session.open(tmp_path / f"{code}.sqlite3")
    init_site(s, site_code=SITE, site_name="MPP Uji", device_code=code)
    syncstate.apply_events(s, list(events))
    return s


def dump(s: Session) -> dict[str, list]:
    # order_key names the winning event; each counter here also has its own (identical) site event
    return {t: sorted(json.dumps({k: v for k, v in dict(r).items() if k != "order_key"}, sort_keys=True)
                      for r in s.store.query(f"SELECT * FROM {t}"))
            for t in ("bookings", "registrations", "application_history", "services", "site")}


def test_checkin_keeps_online_data_and_only_once(tmp_path, portal_events):
    code, events = portal_events
    s = counter(tmp_path, "K1", events)
    with pytest.raises(NotFound, match="sinkronkan"):
        bookings.checkin(s, "ZZZZ-ZZZZ")
    result = bookings.checkin(s, code.lower())
    app = registration.get_application(s, result["registration_id"])
    assert (app["channel"], app["booking_code"], app["birth_place"], app["sex"]) == ("online", code, "Bandung", "P")
    assert bookings.list_bookings(s)[0]["registration_id"] == result["registration_id"]
    with pytest.raises(StateError, match="sudah didaftarkan"):
        bookings.checkin(s, code)
    s.close()


def test_any_arrival_order_converges_and_earliest_checkin_wins(tmp_path, portal_events):
    code, events = portal_events
    k1, k2 = counter(tmp_path, "K1", events), counter(tmp_path, "K2", events)
    bookings.checkin(k1, code)  # both offline: a double check-in
    bookings.checkin(k2, code)
    # "earliest" is the fold's order: hybrid clock, then event id (docs/convergence.md)
    checkins = sorted((*s.store.one("SELECT hlc, id FROM events WHERE type = 'booking_checked_in'"),
                       s.store.scalar("SELECT registration_id FROM bookings")) for s in (k1, k2))
    first = checkins[0][2]
    everything = events + [Event.from_row(r) for s in (k1, k2) for r in s.store.query(
        "SELECT * FROM events WHERE device_id = (SELECT device_id FROM device)")]
    orders = [everything, list(reversed(everything))]
    for seed in range(3):
        shuffled = list(everything)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    dumps = []
    for n, order in enumerate(orders):
        s = counter(tmp_path, f"X{n}")
        own = s.store.query("SELECT * FROM events")  # its own site_configured, same content
        syncstate.apply_events(s, order)
        assert bookings.list_bookings(s)[0]["registration_id"] == first
        dumps.append(dump(s))
        assert len(own) == 1
        s.close()
    assert all(d == dumps[0] for d in dumps[1:])
    k1.close()
    k2.close()


def test_apply_events_moves_the_cursor_forward_only_and_acks_own_events(tmp_path, portal_events):
    _, events = portal_events
    s = counter(tmp_path, "K1")
    mine = Event.from_row(s.store.one("SELECT * FROM events"))
    assert syncstate.pending_count(s) == 1
    assert syncstate.apply_events(s, events[:5], 10) == 5
    assert syncstate.apply_events(s, events[:5] + [mine], 4) == 0  # already here; cursor stays
    assert syncstate.state(s)["cursor"] == 10 and syncstate.pending_count(s) == 0
    s.close()
