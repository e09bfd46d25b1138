"""Estimated national holidays (docs/calendar.md): a deadline whose count crosses a holiday
the ``holidays`` package only estimates is provisional, and is recomputed when the site's
calendar confirms the day."""

from __future__ import annotations

import json
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app import catalog
from counter_app.actors import Actor
from counter_app.calendar import (
    WorkingCalendar,
    confirm_days,
    estimated_holidays,
    national_holidays,
    site_calendar,
)
from counter_app.digest import projection_digest
from counter_app.errors import PermissionDenied, ValidationError
from counter_app.events import rebuild_projections
from counter_app.registration import RegistrationInput, change_status, get_application, register
from counter_app.reports.applications import deadline_section

YEARS = range(2027, 2031)
OFFICIAL = holidays.country_holidays("ID", categories=("public", "government"), years=YEARS)
ESTIMATED = sorted(d for d, name in OFFICIAL.items() if "(estimated)" in name)


def first_idul_fitri() -> date:
    """The first estimated Idul Fitri on a weekday whose second day is a weekday too."""
    for day in ESTIMATED:
        name = national_holidays(day.year)[day]
        if name.startswith("Hari Raya Idul Fitri") and day.weekday() < 4:
            return day
    raise AssertionError("the holidays package estimates no Idul Fitri in 2027–2030")


IDUL_FITRI = first_idul_fitri()


def test_the_package_marks_lunar_holidays_as_estimated():
    assert ESTIMATED, "the holidays package no longer estimates any Indonesian holiday"
    for year in YEARS:
        ours = estimated_holidays(year)
        assert ours == {d for d in ESTIMATED if d.year == year}
        assert all("perkiraan" in national_holidays(year)[d] for d in ours)
    assert date(2026, 3, 21) not in estimated_holidays(2026)  # Idul Fitri 2026 is fixed
    assert date(2026, 8, 17) not in estimated_holidays(2026)


# ------------------------------------------------------------------ properties
starts = st.dates(min_value=date(2027, 1, 1), max_value=date(2030, 10, 31))
near_estimates = st.builds(lambda d, k: d - timedelta(days=k), st.sampled_from(ESTIMATED), st.integers(0, 12))
weeks = st.sampled_from([5, 6])
confirmations = st.dictionaries(st.sampled_from(ESTIMATED + [d + timedelta(1) for d in ESTIMATED]),
                                st.sampled_from(["holiday", "working"]), max_size=6)


def oracle(start: date, days: int, week: int, confirmed: dict[date, str]) -> tuple[date, list[date]]:
    """Deadline and crossed estimates by brute force, straight from the package."""
    def working(d: date) -> bool:
        if d.weekday() >= week:
            return False
        if d in confirmed:
            return confirmed[d] == "working"
        return d not in OFFICIAL

    d = start
    if days == 0:
        while not working(d):
            d += timedelta(1)
    else:
        n = days
        while n:
            d += timedelta(1)
            n -= working(d)
    first = start if days == 0 else start + timedelta(1)
    crossed = [e for e in ESTIMATED if first <= e <= d and e not in confirmed]
    return d, crossed


def calendar_of(week: int, confirmed: dict[date, str]) -> WorkingCalendar:
    return WorkingCalendar(week=week, confirmed={
        d: ("Libur dikonfirmasi" if kind == "holiday" else None) for d, kind in confirmed.items()})


@settings(max_examples=300, deadline=None)
@given(st.one_of(starts, near_estimates), st.integers(0, 25), weeks, confirmations)
def test_deadline_and_its_estimates_match_brute_force(start, days, week, confirmed):
    cal = calendar_of(week, confirmed)
    due, crossed = cal.deadline(start, days)
    assert (due, crossed) == oracle(start, days, week, confirmed)
    assert due == cal.add_working_days(start, days)
    assert all(not cal.is_estimated(d) for d in confirmed)


@settings(max_examples=200, deadline=None)
@given(near_estimates, st.integers(1, 25), weeks)
def test_confirming_the_estimate_keeps_the_deadline_and_clears_the_flag(start, days, week):
    due, crossed = WorkingCalendar(week=week).deadline(start, days)
    as_estimated = calendar_of(week, {d: "holiday" for d in crossed})
    assert as_estimated.deadline(start, days) == (due, [])


@settings(max_examples=200, deadline=None)
@given(near_estimates, st.integers(1, 25), weeks, st.data())
def test_an_estimate_turned_working_day_brings_the_deadline_earlier(start, days, week, data):
    due, crossed = WorkingCalendar(week=week).deadline(start, days)
    weekdays = [d for d in crossed if d.weekday() < week]
    if not weekdays:
        return
    freed = data.draw(st.sampled_from(weekdays))
    new, left = calendar_of(week, {freed: "working"}).deadline(start, days)
    assert new < due and freed not in left
    # exactly one working day gained: the new deadline is the working day before the old one
    cal = calendar_of(week, {freed: "working"})
    assert cal.working_days_between(start, due) == days + 1


# ------------------------------------------------------------------ registrations (real db)
def slow_service(session):
    return next(s for s in catalog.list_services(session) if s.effective_days >= 5 and s.week == 5)


def register_before_lebaran(session, fixed_now):
    day0 = IDUL_FITRI - timedelta(days=3)
    fixed_now(f"{day0.isoformat()}T08:00:00+07:00")
    service = slow_service(session)
    result = register(session, RegistrationInput(
        service=service.code, name="Siti Aminah", nik="3273015503850003", sex="P",
        birth_date="1985-03-15", requirements_complete=True))
    return day0, service, result


def test_a_registration_before_idul_fitri_gets_a_provisional_deadline(session, fixed_now):
    day0, service, result = register_before_lebaran(session, fixed_now)
    expected, crossed = oracle(day0, service.effective_days, 5, {})
    assert IDUL_FITRI in crossed
    assert result["deadline"] == expected.isoformat() and result["deadline_provisional"] is True
    app = get_application(session, result["registration_id"])
    assert app["deadline_provisional"] is True
    assert app["deadline_estimated"] == [d.isoformat() for d in crossed]
    # a registration far from any estimate is not provisional
    fixed_now("2026-03-16T08:00:00+07:00")
    plain = register(session, RegistrationInput(service=service.code, name="Budi", nik="3273011503850003",
                                                sex="L", birth_date="1985-03-15", requirements_complete=True))
    assert "deadline_provisional" not in plain
    assert get_application(session, plain["registration_id"])["deadline_provisional"] is False


def test_confirming_idul_fitri_on_another_date_moves_the_deadline_and_clears_the_flag(session, fixed_now):
    day0, service, result = register_before_lebaran(session, fixed_now)
    reg_id = result["registration_id"]
    old = date.fromisoformat(result["deadline"])
    # the government fixes Lebaran on the second estimated day: the first is a working day
    fixed_now(f"{day0.isoformat()}T10:00:00+07:00")
    second = IDUL_FITRI + timedelta(days=1)
    confirmed = {IDUL_FITRI: "working", second: "holiday"}
    out = confirm_days(session, [(IDUL_FITRI, "working", None), (second, "holiday", "Hari Raya Idul Fitri")])
    expected, crossed = oracle(day0, service.effective_days, 5, confirmed)
    assert expected < old and crossed == []
    assert out["recomputed"] == [{"registration_id": reg_id, "from": old.isoformat(),
                                  "to": expected.isoformat(), "provisional": False}]
    app = get_application(session, reg_id)
    assert app["deadline"] == expected.isoformat() and app["deadline_provisional"] is False
    assert app["status"] == "diterima"
    last = app["history"][-1]
    assert (last["from_status"], last["to_status"]) == ("diterima", "diterima")
    assert "batas waktu" in last["note"] and "pasti" in last["note"]
    assert site_calendar(session).reason_closed(IDUL_FITRI) is None
    assert site_calendar(session).reason_closed(second) == "Hari Raya Idul Fitri"
    # confirming the same again records nothing and changes nothing
    before = session.store.scalar("SELECT count(*) FROM events")
    again = confirm_days(session, [(IDUL_FITRI, "working", None)])
    assert again == {"confirmed": [], "recomputed": []}
    assert session.store.scalar("SELECT count(*) FROM events") == before
    # the projections are the fold of the events: a rebuild gives the same tables
    digest = projection_digest(session)
    rebuild_projections(session.store)
    assert projection_digest(session) == digest
    assert get_application(session, reg_id)["deadline"] == expected.isoformat()


def test_a_verified_file_after_the_confirmation_is_not_provisional(session, fixed_now):
    fixed_now(f"{(IDUL_FITRI - timedelta(days=3)).isoformat()}T08:00:00+07:00")
    confirm_days(session, [(IDUL_FITRI, "holiday", None), (IDUL_FITRI + timedelta(1), "holiday", None)])
    service = slow_service(session)
    result = register(session, RegistrationInput(service=service.code, name="Siti", nik="3273015503850003",
                                                 sex="P", birth_date="1985-03-15"))
    app = change_status(session, result["registration_id"], "diverifikasi")
    assert app["deadline_provisional"] is False
    assert "Idul Fitri" in site_calendar(session).reason_closed(IDUL_FITRI)
    assert "perkiraan" not in site_calendar(session).reason_closed(IDUL_FITRI)


def test_verifying_before_the_confirmation_gives_a_provisional_deadline(session, fixed_now):
    fixed_now(f"{(IDUL_FITRI - timedelta(days=2)).isoformat()}T08:00:00+07:00")
    service = slow_service(session)
    result = register(session, RegistrationInput(service=service.code, name="Siti", nik="3273015503850003",
                                                 sex="P", birth_date="1985-03-15"))
    app = change_status(session, result["registration_id"], "diverifikasi")
    assert app["deadline_provisional"] is True and IDUL_FITRI.isoformat() in app["deadline_estimated"]
    # returned incomplete: the clock stops and the provisional mark goes with the deadline
    app = change_status(session, result["registration_id"], "dikembalikan")
    assert app["deadline"] is None and app["deadline_provisional"] is False


def test_only_a_supervisor_or_admin_confirms_and_a_holiday_needs_a_name(session):
    frontliner = session.as_actor(Actor("rina", "frontliner"))
    with pytest.raises(PermissionDenied):
        confirm_days(frontliner, [(IDUL_FITRI, "working", None)])
    supervisor = session.as_actor(Actor("sari", "supervisor"))
    before = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(ValidationError) as info:
        confirm_days(supervisor, [(date(2027, 7, 7), "holiday", None)])  # not a national holiday
    assert info.value.field == "reason"
    with pytest.raises(ValidationError) as info:
        confirm_days(supervisor, [(IDUL_FITRI, "libur", None)])
    assert info.value.field == "kind"
    assert session.store.scalar("SELECT count(*) FROM events") == before
    out = confirm_days(supervisor, [(IDUL_FITRI, "holiday", None)])
    assert out["confirmed"][0]["reason"] == national_holidays(IDUL_FITRI.year)[IDUL_FITRI].replace(
        " (perkiraan)", "")


def test_the_deadline_report_marks_provisional_deadlines(session, fixed_now):
    day0, service, result = register_before_lebaran(session, fixed_now)
    deadline = date.fromisoformat(result["deadline"])
    # seen the day before the deadline: due soon, and provisional
    section = deadline_section(session, deadline - timedelta(days=1))
    item = next(i for i in section["due_soon"] if i["registration_id"] == result["registration_id"])
    assert item["deadline_provisional"] is True and IDUL_FITRI.isoformat() in item["estimated_days"]
    assert "sementara" in item["deadline_note"] and f"{IDUL_FITRI:%d-%m-%Y}" in item["deadline_note"]
    # past it: overdue (deemed approved), still marked
    late = deadline_section(session, deadline + timedelta(days=7))
    item = next(i for i in late["overdue"] if i["registration_id"] == result["registration_id"])
    assert item["deadline_provisional"] is True
    # once confirmed, the mark is gone and the key absent (signed-off digests stay valid)
    fixed_now(f"{day0.isoformat()}T09:00:00+07:00")
    confirm_days(session, [(date.fromisoformat(d), "holiday", None) for d in item["estimated_days"]])
    late = deadline_section(session, deadline + timedelta(days=7))
    item = next(i for i in late["overdue"] if i["registration_id"] == result["registration_id"])
    assert "deadline_provisional" not in item and "deadline_note" not in item


def test_cli_confirm_and_show(session, fixed_now, db_path, capsys, monkeypatch):
    from counter_app.cli import cli
    from counter_app.cli._common import run

    day0, service, result = register_before_lebaran(session, fixed_now)
    reg_id = result["registration_id"]
    monkeypatch.delenv("LOKET_USER", raising=False)

    def loket(*args):
        capsys.readouterr()
        code = run(cli, ["--db", str(db_path), *args])
        return code, capsys.readouterr().out

    code, out = loket("application", "show", reg_id)
    assert code == 0 and "batas sementara: libur perkiraan" in out
    code, out = loket("calendar", "estimated", "--from", day0.isoformat(), "--days", "10", "--json")
    assert code == 0 and IDUL_FITRI.isoformat() in {r["day"] for r in json.loads(out)}
    code, out = loket("calendar", "confirm", IDUL_FITRI.isoformat())
    assert code != 0  # neither --holiday nor --working
    code, out = loket("calendar", "confirm", IDUL_FITRI.isoformat(), "--working")
    assert code == 0 and reg_id in out and "dikonfirmasi sebagai hari kerja" in out
    code, out = loket("application", "show", reg_id, "--json")
    app = json.loads(out)
    second = IDUL_FITRI + timedelta(1)
    assert app["deadline_estimated"] == ([second.isoformat()] if second in ESTIMATED else [])
    code, out = loket("calendar", "list", "--json")
    assert {"day": IDUL_FITRI.isoformat(), "kind": "working"}.items() <= next(
        r for r in json.loads(out) if r["day"] == IDUL_FITRI.isoformat()).items()


def test_the_pdf_and_xlsx_say_which_deadlines_are_provisional(session, fixed_now, tmp_path):
    """The daily report's deadline tables carry the note beside the deadline and say how many
    are provisional, in the PDF (parsed back) and in the XLSX sheet."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from counter_app.reports import daily_summary
    from printing.reports import render

    _day0, _service, result = register_before_lebaran(session, fixed_now)
    deadline = date.fromisoformat(result["deadline"])
    as_of = deadline - timedelta(days=1)
    fixed_now(f"{as_of.isoformat()}T16:00:00+07:00")
    report = daily_summary(session, as_of)
    (pdf,) = render(report, "pdf", tmp_path / "rekap.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "1 batas waktu sementara" in text and "Keterangan" in text
    assert f"{IDUL_FITRI:%d-%m-%Y}" in text
    (xlsx,) = render(report, "xlsx", tmp_path / "rekap.xlsx")
    book = load_workbook(xlsx)
    cells = [str(c.value) for row in book["jatuh_tempo"].iter_rows() for c in row if c.value is not None]
    assert any(c.startswith("sementara: libur perkiraan") for c in cells)
    notes = {row[0]: row[1] for row in book["laporan"].iter_rows(values_only=True) if row and row[0]}
    assert "1 batas waktu sementara" in notes["jatuh_tempo"]
