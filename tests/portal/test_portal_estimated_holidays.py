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
