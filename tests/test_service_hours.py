"""Service hours: open / closed / break / cut-off agree with the declared hours, working
seconds never count a break or closed time, refusals name the service and the reopening,
the catalogue carries and validates the hours, and waiting-time figures leave breaks out."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app import catalog, queue
from counter_app.errors import StateError, ValidationError
from counter_app.reports.tickets import ticket_facts, ticket_totals
from counter_app.service_hours import (
    FRIDAY_PRAYER,
    Hours,
    availability,
    check_hours,
    current_break,
    working_seconds,
)
from counter_app.session import Session
from counter_app.site import init_site

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 30)  # Senin; Jumat is 4 December, Sabtu 5 December, Senin 7 December
BLOCK = {
    "days": {d: "08.00-15.00" for d in ("senin", "selasa", "rabu", "kamis", "jumat")} | {"sabtu": "08.00-12.00"},
    "breaks": [{"days": ["jumat"], "from": "11.30", "to": "13.00", "name": "salat Jumat"},
               {"days": ["senin", "selasa"], "from": "12.00", "to": "12.30", "name": "siang"}],
    "cutoff_minutes": 30,
}
OPEN = {0: (8, 15), 1: (8, 15), 2: (8, 15), 3: (8, 15), 4: (8, 15), 5: (8, 12)}
BREAKS = {4: [(time(11, 30), time(13, 0))], 0: [(time(12), time(12, 30))], 1: [(time(12), time(12, 30))]}


def hours() -> Hours:
    normal = check_hours(BLOCK, lambda f, m: pytest.fail(f"{f}: {m}"))
    return Hours.from_data(normal)


def at(days: int, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=days), time(hh, mm), tzinfo=WIB)


def declared(moment: datetime) -> str:
    """What the hours above declare for ``moment``, written out by hand."""
    span = OPEN.get(moment.weekday())
    if span is None:
        return "closed_day"
    t = moment.time()
    if t < time(span[0]):
        return "before_open"
    if t >= time(span[1]):
        return "after_close"
    if any(a <= t < b for a, b in BREAKS.get(moment.weekday(), ())):
        return "break"
    if t >= time(span[1] - 1, 30):
        return "cutoff"
    return ""


minute_of_week = st.integers(0, 7 * 24 * 60 - 1)


@given(minute_of_week)
def test_open_closed_break_and_cutoff_agree_with_the_declared_hours(minute):
    moment = datetime.combine(MONDAY, time(0), tzinfo=WIB) + timedelta(minutes=minute)
    found = availability(hours(), moment, "KTP-el")
    assert found.reason == declared(moment)
    assert found.open == (found.reason == "")
    if not found.open:
        assert "KTP-el" in found.message
        assert found.reopens is not None and found.reopens > moment
        # it does open then (a break ends, the next day opens)
        assert availability(hours(), found.reopens, "KTP-el").open


def _brute_seconds(start: datetime, end: datetime) -> float:
    """Working minutes counted one by one (a minute counts when it is open and not a break)."""
    total, moment = 0, start
    while moment < end:
        span = OPEN.get(moment.weekday())
        t = moment.time()
        if span and time(span[0]) <= t < time(span[1]) and not any(
                a <= t < b for a, b in BREAKS.get(moment.weekday(), ())):
            total += 60
        moment += timedelta(minutes=1)
    return total


@given(minute_of_week, st.integers(0, 3 * 24 * 60))
def test_working_seconds_never_count_a_break_or_closed_time(start_minute, length):
    start = datetime.combine(MONDAY, time(0), tzinfo=WIB) + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length)
    assert working_seconds(hours(), start, end) == _brute_seconds(start, end)


def test_working_seconds_of_a_break_alone_are_zero_and_elapsed_without_hours():
    assert working_seconds(hours(), at(4, 11, 30), at(4, 13)) == 0
    assert working_seconds(hours(), at(4, 11), at(4, 13, 15)) == 45 * 60
    # Friday's last 10 minutes, Saturday's half day, Monday's first 10 minutes; Sunday is closed
    assert working_seconds(hours(), at(4, 14, 50), at(7, 8, 10)) == (10 + 4 * 60 + 10) * 60
    assert working_seconds(None, at(4, 11, 30), at(4, 13)) == 90 * 60


def test_refusals_name_the_service_and_when_it_opens_again():
    h = hours()
    assert availability(h, at(4, 12), "KTP-el").message == (
        "Loket KTP-el tutup untuk istirahat salat Jumat, buka kembali 13.00")
    assert availability(h, at(3, 14, 40), "KTP-el").message == (
        "Pengambilan nomor antrean untuk KTP-el ditutup 30 menit sebelum layanan tutup (15.00);"
        " buka kembali Jumat, 4 Desember 2026 08.00")
    sunday = availability(h, at(6, 10), "KTP-el")
    assert sunday.message == "Layanan KTP-el tutup hari Minggu; buka kembali Senin, 7 Desember 2026 08.00"
    no_saturday = Hours(h.days[:5] + (None, None), h.breaks, 30)
    assert availability(no_saturday, at(5, 9), "KTP-el").message == (
        "Layanan KTP-el tutup hari Sabtu; buka kembali Senin, 7 Desember 2026 08.00")
    assert availability(h, at(0, 7, 30), "KTP-el").message == "Layanan KTP-el belum buka; buka pukul 08.00"


def test_the_break_periods_of_a_day_and_the_banner_text():
    h = hours()
    assert [b.label() for b in h.breaks_on(at(4, 0).date())] == ["Istirahat salat Jumat 11.30–13.00"]
    assert h.breaks_on(at(6, 0).date()) == []  # Sunday is closed: no break to show
    assert current_break(h, at(4, 12)) == FRIDAY_PRAYER
    assert current_break(h, at(4, 13)) is None and current_break(h, at(2, 12)) is None


def test_a_block_without_breaks_gets_the_friday_prayer_break_and_an_empty_list_none():
    default = check_hours({"days": {"jumat": "08.00-16.00"}}, pytest.fail)
    assert Hours.from_data(default).breaks == (FRIDAY_PRAYER,)
    none = check_hours({"days": {"jumat": "08.00-16.00"}, "breaks": []}, pytest.fail)
    assert availability(Hours.from_data(none), at(4, 12), "X").open


# ------------------------------------------------------------------ the catalogue
def _row(**extra) -> dict:
    row = {"code": "UJI-1", "name": "Layanan Uji", "agency": "Dinas Uji", "prefix": "U", "requirements": []}
    return row | extra


@pytest.fixture
def bare(db_path, fixed_now):
    s = Session.open(db_path)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
    yield s
    s.close()


def test_a_bad_hours_block_is_refused_naming_each_field(bare, tmp_path):
    bad = {"days": {"senin": "8 sampai 4", "jumatan": "08.00-11.00", "selasa": "15.00-08.00"},
           "breaks": [{"days": ["jumat"], "from": "13.00", "to": "11.30"}], "cutoff_minutes": 600}
    with pytest.raises(ValidationError) as refused:
        catalog.import_services(bare, [_row(hours=bad)])
    fields = [f for f, _m in refused.value.errors]
    assert fields == ["baris 1: hours.days.senin", "baris 1: hours.days.jumatan", "baris 1: hours.days.selasa",
                      "baris 1: hours.breaks.1.to", "baris 1: hours.cutoff_minutes"]
    assert "'8 sampai 4' bukan rentang jam" in str(refused.value)
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps({"hours": {"days": {"senin": "08.00"}}, "services": [_row()]}))
    with pytest.raises(ValidationError) as gerai:
        catalog.import_file(bare, path)
    assert gerai.value.errors[0][0] == "hours.days.senin"
    assert bare.store.scalar("SELECT count(*) FROM services") == 0


def test_gerai_hours_reach_every_service_a_service_overrides_and_export_round_trips(bare, tmp_path):
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps({"hours": BLOCK, "services": [
        _row(), _row(code="UJI-2", prefix="V", hours={"cutoff_minutes": 60})]}))
    assert catalog.import_file(bare, path)["added"] == ["UJI-1", "UJI-2"]
    one, two = catalog.get_service(bare, "UJI-1").hours, catalog.get_service(bare, "UJI-2").hours
    assert one == hours() and two.cutoff_minutes == 60 and two.days == one.days
    assert catalog.import_file(bare, path)["unchanged"] == ["UJI-1", "UJI-2"]
    exported = tmp_path / "ekspor.json"
    exported.write_text(json.dumps(catalog.export_rows(bare)))
    assert catalog.import_file(bare, exported)["unchanged"] == ["UJI-1", "UJI-2"]
    csv_file = tmp_path / "ekspor.csv"
    csv_file.write_text(catalog.export_csv(bare))
    assert catalog.import_file(bare, csv_file)["unchanged"] == ["UJI-1", "UJI-2"]


def test_the_demo_catalogue_has_mpp_hours():
    rows = {r["code"]: r for r in catalog.demo_catalog_rows()}
    ktp = Hours.from_data(check_hours(rows["DUK-KTP"]["hours"], pytest.fail))
    assert availability(ktp, at(0, 9), "KTP-el").open
    assert availability(ktp, at(4, 12), "KTP-el").reason == "break"
    assert availability(ktp, at(5, 9), "KTP-el").reason == "closed_day"
    samsat = Hours.from_data(check_hours(rows["SAM-PKB"]["hours"], pytest.fail))
    assert availability(samsat, at(5, 9), "PKB").open  # Samsat's half day on Saturday


# ------------------------------------------------------------------ issuing and serving
@pytest.fixture
def hall(bare):
    catalog.import_services(bare, catalog.demo_catalog_rows())
    return bare


def test_issue_is_refused_in_the_friday_break_and_calls_go_on(hall, fixed_now):
    fixed_now("2026-12-04T11:00:00+07:00")
    ticket = queue.issue_ticket(hall, "DUK-KTP")
    fixed_now("2026-12-04T12:00:00+07:00")
    before = hall.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(StateError, match="istirahat salat Jumat, buka kembali 13.00"):
        queue.issue_ticket(hall, "DUK-KTP")
    assert hall.store.scalar("SELECT count(*) FROM events") == before
    called = queue.call_next(hall, "1")
    assert called["ticket"] == ticket["ticket"]
    assert queue.finish(hall, called["ticket"])["status"] == "finished"
    fixed_now("2026-12-04T13:00:00+07:00")
    assert queue.issue_ticket(hall, "DUK-KTP")["ticket"] == "A-002"


def test_issue_is_refused_after_the_cut_off_and_serving_goes_on_after_closing(hall, fixed_now):
    fixed_now("2026-11-30T14:20:00+07:00")
    queue.issue_ticket(hall, "DUK-KK")
    fixed_now("2026-11-30T14:30:00+07:00")
    with pytest.raises(StateError, match=r"Penerbitan Kartu Keluarga ditutup 30 menit sebelum layanan tutup \(15.00\)"):
        queue.issue_ticket(hall, "DUK-KK")
    fixed_now("2026-11-30T15:40:00+07:00")
    with pytest.raises(StateError, match="sudah tutup"):
        queue.issue_ticket(hall, "DUK-KK")
    called = queue.call_next(hall, "2")
    assert queue.finish(hall, called["ticket"])["status"] == "finished"


def test_a_catalogue_without_hours_is_never_restricted(bare, fixed_now):
    catalog.import_services(bare, [_row()])
    fixed_now("2026-12-06T03:00:00+07:00")  # Sunday night
    assert queue.issue_ticket(bare, "UJI-1")["ticket"] == "U-001"


def test_waiting_time_figures_leave_the_break_out(hall, fixed_now):
    fixed_now("2026-12-04T11:20:00+07:00")
    queue.issue_ticket(hall, "DUK-KTP")
    fixed_now("2026-12-04T13:10:00+07:00")  # 110 minutes later, 90 of them the prayer break
    queue.call_next(hall, "1")
    day = date(2026, 12, 4)
    assert [f["wait"] for f in ticket_facts(hall, day, day)] == [20]
    assert ticket_totals(hall, day, day)["waiting_time"]["mean"] == 20


def test_the_refusal_crosses_a_process_boundary_whole():
    """A worker pool hands exceptions back pickled: a refusal that could not be rebuilt hung
    the pool's parent (the portal scale bench waited forever)."""
    import pickle

    from counter_app.service_hours import ServiceClosed

    closed = availability(hours(), datetime(2026, 3, 16, 20, 0, tzinfo=WIB), "KTP-el")
    assert not closed.open
    refusal = pickle.loads(pickle.dumps(ServiceClosed(closed)))
    assert isinstance(refusal, ServiceClosed) and str(refusal) == closed.message
    assert refusal.availability == closed
    bad = pickle.loads(pickle.dumps(ValidationError("nik", "NIK harus 16 digit", more=[("name", "wajib")])))
    assert bad.errors == [("nik", "NIK harus 16 digit"), ("name", "wajib")]
