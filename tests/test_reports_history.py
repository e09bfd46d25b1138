"""Watch lists of a past day (overdue applications and complaints, due soon) read only the
applications and complaints that can qualify, yet equal a replay of the whole history; the
previous period's figures for a comparison equal the full report's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_reports_daily import build_known_day

from counter_app import complaints
from counter_app import registration as reg
from counter_app.actors import Actor
from counter_app.calendar import site_calendar
from counter_app.complaints import OPEN_STATUSES as OPEN_COMPLAINT
from counter_app.reports.accountability import complaint_section
from counter_app.reports.applications import DUE_SOON_WORKING_DAYS, deadline_section
from counter_app.reports.daily import figures
from counter_app.reports.period import COMPARED, _get, compared_figures

ANI = Actor("ani", "frontliner")
SARI = Actor("sari", "supervisor")
NIK = "3273014506900003"
DAYS = [date(2026, 3, 9) + timedelta(days=i) for i in range(12)]  # 03-09 .. 03-20


def replayed_watch(session, as_of: date) -> tuple[list, list]:
    """The watch lists by replaying every history row up to ``as_of`` (the slow, obvious way)."""
    status: dict[str, str] = {}
    for r in session.store.query("SELECT registration_id, to_status FROM application_history"
                                 " WHERE substr(at, 1, 10) <= ? ORDER BY hlc", (as_of.isoformat(),)):
        status[r[0]] = r[1]
    horizon = site_calendar(session).add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    overdue, due = [], []
    for r in session.store.query(
            "SELECT id, deadline FROM registrations WHERE day <= ? AND deadline IS NOT NULL"
            " AND requirements_complete_on <= ? ORDER BY deadline, id", (as_of.isoformat(),) * 2):
        if status.get(r["id"]) not in reg.OPEN_STATUSES:
            continue
        deadline = date.fromisoformat(r["deadline"])
        if deadline < as_of:
            overdue.append((r["id"], status[r["id"]]))
        elif deadline <= horizon:
            due.append((r["id"], status[r["id"]]))
    return overdue, due


def replayed_complaints(session, as_of: date) -> list:
    status: dict[str, str] = {}
    for r in session.store.query("SELECT tracking_number, status FROM complaint_history"
                                 " WHERE substr(at, 1, 10) <= ? ORDER BY hlc", (as_of.isoformat(),)):
        status[r[0]] = r[1]
    return [(c[0], status[c[0]]) for c in session.store.query(
        "SELECT tracking_number FROM complaints WHERE day <= ? AND deadline < ? ORDER BY deadline, tracking_number",
        (as_of.isoformat(),) * 2) if status.get(c[0]) in OPEN_COMPLAINT]


@pytest.fixture
def fortnight(session, fixed_now):
    """Applications and complaints closed on time, closed late, moved while open, left open."""
    ani, sari = session.as_actor(ANI), session.as_actor(SARI)

    def at(day: str, hhmm: str = "10:00") -> None:
        fixed_now(f"2026-03-{day}T{hhmm}:00+07:00")

    def register(service: str) -> str:
        return reg.register(ani, reg.RegistrationInput(service=service, name="Rina Wati", nik=NIK,
                                                      requirements_complete=True))["registration_id"]

    def close(reg_id: str, statuses=("diverifikasi", "diproses", "selesai", "diserahkan")) -> None:
        for status in statuses:
            reg.change_status(ani, reg_id, status)

    at("05")
    still_open = complaints.file_complaint(ani, type="pengaduan", channel="counter", anonymous=True, text="Antre lama")
    answered_late = complaints.file_complaint(ani, type="kritik", channel="web", anonymous=True, text="Situs lambat")
    at("09")
    ids = {name: register(service) for name, service in (
        ("on_time", "DUK-AKL"), ("closed_late", "DUK-AKL"), ("moved_open", "DUK-AKL"), ("roya", "BPN-ROYA"))}
    at("10")
    close(ids["on_time"])
    at("11")
    ids["left_open"] = register("DUK-AKL")
    at("12")
    close(ids["closed_late"])
    reg.change_status(ani, ids["moved_open"], "diverifikasi")
    at("13")
    complaints.respond(sari, answered_late["tracking_number"], "Sedang ditangani")
    at("16", "16:00")
    complaints.respond(sari, answered_late["tracking_number"], "Sudah diperbaiki", final=True)
    at("18")
    close(ids["roya"])
    at("20", "17:00")
    return ids, still_open["tracking_number"], answered_late["tracking_number"]


def test_past_days_equal_a_replay_of_the_whole_history(session, fortnight):
    for day in DAYS:
        watch = deadline_section(session, day)
        overdue, due = replayed_watch(session, day)
        assert [(r["registration_id"], r["status"]) for r in watch["overdue"]] == overdue, day
        assert [(r["registration_id"], r["status"]) for r in watch["due_soon"]] == due, day
        section = complaint_section(session, day, day, day)
        assert [(r["complaint_id"], r["status"]) for r in section["overdue_list"]] == \
            replayed_complaints(session, day), day


def test_past_days_pinned(session, fortnight):
    ids, still_open, answered_late = fortnight

    def overdue(day: date) -> list:
        return [(r["registration_id"], r["status"]) for r in deadline_section(session, day)["overdue"]]

    # due 03-10: closed_late was overdue on 03-11 and left the list when closed on 03-12
    assert overdue(date(2026, 3, 11)) == [(ids["closed_late"], "diterima"), (ids["moved_open"], "diterima")]
    assert overdue(date(2026, 3, 12)) == [(ids["moved_open"], "diverifikasi")]
    # roya (due 03-16) was due that day, overdue on 03-17, closed on 03-18
    due_16 = deadline_section(session, date(2026, 3, 16))["due_soon"]
    assert (ids["roya"], 0) in [(r["registration_id"], r["working_days_left"]) for r in due_16]
    assert (ids["roya"], "diterima") in overdue(date(2026, 3, 17))
    assert ids["roya"] not in dict(overdue(date(2026, 3, 18)))
    assert ids["left_open"] in dict(overdue(date(2026, 3, 20)))
    # complaints due 03-12: the answered one was overdue on 03-13 (in process), finished 03-16
    on_13 = complaint_section(session, date(2026, 3, 13), date(2026, 3, 13), date(2026, 3, 13))
    assert [(r["complaint_id"], r["status"]) for r in on_13["overdue_list"]] == [
        (still_open, "baru"), (answered_late, "diproses")]
    on_16 = complaint_section(session, date(2026, 3, 16), date(2026, 3, 16), date(2026, 3, 16))
    assert [r["complaint_id"] for r in on_16["overdue_list"]] == [still_open]
    # first answers: 03-13 counts the first answer, 03-16 (the final one) does not
    assert on_13["answered"] == 1 and on_16["answered"] == 0
    assert complaint_section(session, DAYS[0], DAYS[-1], DAYS[-1])["answered"] == 1


def test_previous_period_figures_equal_the_full_report(session, fixed_now):
    build_known_day(session, fixed_now)
    for start, end in ((date(2026, 3, 16), date(2026, 3, 16)), (date(2026, 3, 1), date(2026, 3, 31))):
        full, light = figures(session, start, end), compared_figures(session, start, end)
        for key, _label, path in COMPARED:
            assert _get(light, path) == _get(full, path), key
    assert _get(compared_figures(session, date(2026, 3, 16), date(2026, 3, 16)),
                ("tickets", "waiting_time", "mean")) is not None
