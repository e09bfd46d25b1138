"""The portal's calendar import settles estimated holidays: after a sync, the counter that
made a provisional deadline recomputes it (a real portal process, real counter files)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from counter_app import catalog
from counter_app.calendar import (
    WorkingCalendar,
    estimated_holidays,
    national_holidays,
    site_calendar,
)
from counter_app.registration import RegistrationInput, get_application, register
from sync.portal.content import import_calendar, parse_calendar

# the first Idul Fitri the holidays package only estimates, on a Monday to Thursday
IDUL_FITRI = next(d for y in range(2027, 2031) for d in sorted(estimated_holidays(y))
                  if national_holidays(y)[d].startswith("Hari Raya Idul Fitri") and d.weekday() < 4)


def slow_service(session):
    return next(s for s in catalog.list_services(session) if s.effective_days >= 5 and s.week == 5)


def test_portal_import_confirms_lebaran_and_the_counter_recomputes(portal, make_counter, fixed_now, tmp_path):
    site = portal.new_site()
    counter = make_counter(portal, site, "K1")
    other = make_counter(portal, site, "K2")
    day0 = IDUL_FITRI - timedelta(days=3)
    fixed_now(f"{day0.isoformat()}T08:00:00+07:00")
    catalog.import_services(counter.session, catalog.demo_catalog_rows())
    service = slow_service(counter.session)
    made = register(counter.session, RegistrationInput(
        service=service.code, name="Siti", nik="3273015503850003", sex="P", birth_date="1985-03-15",
        requirements_complete=True))
    assert made["deadline_provisional"] is True
    counter.sync()
    other.sync()

    # the SKB: Lebaran on the second estimated day, the first a working day
    second = IDUL_FITRI + timedelta(days=1)
    path = tmp_path / "libur.json"
    path.write_text(json.dumps([{"date": IDUL_FITRI.isoformat(), "kind": "working"},
                                {"date": second.isoformat(), "reason": "Hari Raya Idul Fitri"}]))
    assert parse_calendar(path) == [(IDUL_FITRI.isoformat(), ""), (second.isoformat(), "Hari Raya Idul Fitri")]
    assert import_calendar(portal.db, path, site) == {"holidays": {site: 2}}
    assert import_calendar(portal.db, path, site) == {"holidays": {site: 0}}  # nothing new

    fixed_now(f"{day0.isoformat()}T09:00:00+07:00")
    counter.sync()
    cal = site_calendar(counter.session)
    assert cal.is_working_day(IDUL_FITRI) and not cal.is_estimated(IDUL_FITRI)
    assert cal.reason_closed(second) == "Hari Raya Idul Fitri"
    settled = WorkingCalendar(week=5, confirmed={IDUL_FITRI: None, second: "Hari Raya Idul Fitri"})
    expected, crossed = settled.deadline(day0, service.effective_days)
    app = get_application(counter.session, made["registration_id"])
    assert app["deadline"] == expected.isoformat() and expected < date.fromisoformat(made["deadline"])
    assert app["deadline_provisional"] is False and crossed == []
    assert "kalender dikonfirmasi" in app["history"][-1]["note"]

    # the other counter only recomputes its own registrations; the change reaches it as an event
    other.sync()
    assert other.session.store.scalar(
        "SELECT count(*) FROM events WHERE type = 'application_deadline_changed'") == 0
    counter.sync()
    other.sync()
    seen = get_application(other.session, made["registration_id"])
    assert seen["deadline"] == expected.isoformat() and seen["deadline_provisional"] is False
    assert other.session.store.scalar(
        "SELECT count(*) FROM events WHERE type = 'application_deadline_changed'") == 1
    assert "Idul Fitri" in national_holidays(IDUL_FITRI.year)[IDUL_FITRI]


def test_bookings_follow_the_days_the_site_settled(portal, make_counter, fixed_now):
    """A day the site confirmed a working day takes bookings on the portal; a day still only
    estimated is refused with a message saying so, and the booking page lists it as such."""
    from counter_app.calendar import confirm_days
    from counter_app.errors import ValidationError
    from sync.portal import content

    site = portal.new_site()
    counter = make_counter(portal, site, "K1")
    day0 = IDUL_FITRI - timedelta(days=3)
    fixed_now(f"{day0.isoformat()}T08:00:00+07:00")
    catalog.import_services(counter.session, catalog.demo_catalog_rows())
    second = IDUL_FITRI + timedelta(days=1)
    assert second.weekday() < 5 and second in estimated_holidays(second.year)
    confirm_days(counter.session, [(IDUL_FITRI, "working", None)])
    counter.sync()

    online = next(s for s in content.site_services(portal.db, site) if s["week"] == 5)
    form = {"site": site, "service": online["code"], "name": "Siti Aminah", "nik": "3273015503850003",
            "sex": "P", "birth_date": "1985-03-15"}
    made = content.create_booking(portal.db, {**form, "date": IDUL_FITRI.isoformat()})
    assert made["date"] == IDUL_FITRI.isoformat()
    try:
        content.create_booking(portal.db, {**form, "date": second.isoformat()})
    except ValidationError as exc:
        field, message = exc.errors[0]
        assert field == "date" and "diperkirakan libur" in message and "belum ditetapkan" in message
        assert "(perkiraan)" not in message and str(second.day) in message
    else:
        raise AssertionError("a booking on an estimated holiday was accepted")

    closed = {d["day"]: d for d in content.closed_days_ahead(portal.db, site)}
    assert IDUL_FITRI.isoformat() not in closed
    assert closed[second.isoformat()]["estimated"] is True

    # the portal process runs on its own clock (Monday 16 March 2026): its booking page lists
    # the holidays of the next 30 days beside the date field (Nyepi, Idul Fitri 2026)
    import requests

    page = requests.get(f"{portal.url}/daftar", params={"site": site}, timeout=10).text
    assert 'id="closed-days"' in page and "Kamis, 19 Maret 2026" in page

    # the site later settles the second day as the holiday: no longer "estimated"
    confirm_days(counter.session, [(second, "holiday", "Hari Raya Idul Fitri")])
    counter.sync()
    closed = {d["day"]: d for d in content.closed_days_ahead(portal.db, site)}
    assert closed[second.isoformat()] == {**closed[second.isoformat()], "estimated": False,
                                          "reason": "Hari Raya Idul Fitri"}


def test_the_settled_days_newest_by_clock_win_in_any_arrival_order(tmp_path):
    """The portal's projection of calendar_confirmed keeps the newest by hybrid clock."""
    import itertools

    from sync.portal.db import Database
    from sync.portal.projections import project

    day = IDUL_FITRI.isoformat()
    events = [{"type": "calendar_confirmed", "hlc": f"0000000000{n:03d}-0000-x",
               "payload": {"day": day, "kind": kind, "reason": reason, "at": "2027-01-01T08:00:00+07:00"}}
              for n, (kind, reason) in enumerate([("holiday", "Idul Fitri"), ("working", None),
                                                  ("holiday", "Hari Raya Idul Fitri")])]
    for n, order in enumerate(itertools.permutations(events)):
        db = Database(tmp_path / f"p{n}.sqlite3")
        with db.transaction() as tx:
            for event in order:
                project(tx, "MPP01", event)
        with db.read() as tx:
            row = tx.one("SELECT kind, reason FROM calendar_confirmations WHERE site_code = 'MPP01'")
        assert (row["kind"], row["reason"]) == ("holiday", "Hari Raya Idul Fitri")
        db.close()


def test_migration_0004_fills_the_settled_days_from_stored_events(tmp_path):
    """A portal database from before 0004 with calendar_confirmed events already stored."""
    import shutil

    from sync.portal.db import MIGRATIONS_DIR, Database

    older = tmp_path / "older"
    older.mkdir()
    for path in MIGRATIONS_DIR.iterdir():
        if path.name[:4].isdigit() and int(path.name[:4]) < 4:
            shutil.copy(path, older / path.name)
    class Older(Database):  # the portal as it was before 0004
        def init_schema(self) -> None:
            self.migrate(older)

    db = Older(tmp_path / "portal.sqlite3")
    assert db.schema_version() == 3
    with db.transaction() as tx:
        tx.execute("INSERT INTO sites (code, name, portal_device_id, created_at) VALUES ('S1', 'S', 'p', 'x')")
        for seq, (hlc, kind) in enumerate([("0002", "working"), ("0001", "holiday")], 1):
            payload = json.dumps({"day": "2027-03-10", "kind": kind,
                                  "reason": None if kind == "working" else "Idul Fitri", "at": "x"})
            tx.execute("INSERT INTO events (seq, id, site_code, device_id, device_seq, hlc, recorded_at, type,"
                       " entity_id, payload, actor, prev_hash, hash, received_at)"
                       " VALUES (?, ?, 'S1', 'd', ?, ?, 'x', 'calendar_confirmed', '2027-03-10', ?, 'a', '', '', 'x')",
                       (seq, f"e{seq}", seq, hlc, payload))
    db.close()
    db = Database(tmp_path / "portal.sqlite3")  # opened by today's portal: migrated
    assert db.schema_version() >= 4
    with db.read() as tx:
        row = tx.one("SELECT kind, reason, hlc FROM calendar_confirmations WHERE site_code = 'S1'")
    assert (row["kind"], row["reason"], row["hlc"]) == ("working", None, "0002")
    db.close()
