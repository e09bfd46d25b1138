"""Ticket series for any number of devices per site (docs/queue-numbering.md): the number's
shape and how it is spoken, the series each device may hold, the portal handing them out,
fifteen devices issuing offline and merging with no number twice, and the migration that
lifted the old 0–8 limit."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from demo_rows import demo_rows_without_hours
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import catalog, queue, store
from counter_app.errors import ValidationError
from counter_app.events import Event
from counter_app.session import Session
from counter_app.site import MAX_SERIES, init_site, site_info
from sync.portal import service
from sync.portal.db import Database
from ui.announce import announcement_text, ticket_words

ROOT = Path(__file__).resolve().parents[1]
KTP, KK, SKCK = "DUK-KTP", "DUK-KK", "POL-SKCK"  # prefixes A, B, S
DEVICES = 15


# ------------------------------------------------------------------ the number
@pytest.mark.parametrize(("series", "n", "number"), [
    (0, 1, "A-001"), (0, 999, "A-999"), (1, 1, "A-1001"), (1, 5, "A-1005"), (9, 1, "A-9001"),
    (15, 1, "A-15001"), (59, 999, "A-59999"), (MAX_SERIES, 999, "A-999999"),
])
def test_number_is_series_times_1000_plus_the_count(series, n, number):
    assert queue.format_number("A", series, n) == number


@settings(max_examples=200, deadline=None)
@given(a=st.tuples(st.integers(0, MAX_SERIES), st.integers(1, 999)),
       b=st.tuples(st.integers(0, MAX_SERIES), st.integers(1, 999)))
def test_two_series_never_print_the_same_number(a, b):
    """Distinct (series, n) give distinct numbers, and the number alone gives both back."""
    number = queue.format_number("A", *a)
    assert (number == queue.format_number("A", *b)) == (a == b)
    value = int(number.removeprefix("A-"))
    assert divmod(value, 1000) == a


@pytest.mark.parametrize(("series", "n"), [(-1, 1), (0, 0), (0, 1000), (3, 1000)])
def test_a_count_outside_the_block_is_not_a_number(series, n):
    with pytest.raises(ValueError):
        queue.format_number("A", series, n)


# ------------------------------------------------------------------ how it is spoken
@pytest.mark.parametrize(("number", "words"), [
    ("A-001", "A nol nol satu"),
    ("A-1005", "A satu nol nol lima"),
    ("A-15001", "A satu lima nol nol satu"),
    ("KTP-999999", "K T P sembilan sembilan sembilan sembilan sembilan sembilan"),
])
def test_a_number_is_spoken_as_it_is_printed(number, words):
    assert ticket_words(number) == words
    assert announcement_text(number, "3") == f"Nomor antrean {words}, silakan menuju loket tiga"


def test_the_documented_readings_are_what_the_hall_hears():
    """docs/queue-numbering.md's table of examples is the announcement's, row by row."""
    doc = (ROOT / "docs" / "queue-numbering.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([A-Z]+-\d+)` \| ([^|]+?) \|$", doc, flags=re.MULTILINE)
    assert {"A-001", "A-1005", "A-15001"} <= {printed for printed, _ in rows}
    for printed, spoken in rows:
        assert ticket_words(printed) == spoken, printed


# ------------------------------------------------------------------ the device's series
def test_any_series_up_to_the_bound_numbers_tickets(session):
    for series, first in ((9, "A-9001"), (15, "A-15001"), (MAX_SERIES, "A-999001")):
        init_site(session, site_code=None, site_name=None, series=series)
        assert site_info(session).series == series
        assert queue.issue_ticket(session, KTP)["ticket"] == first
    init_site(session, site_code=None, site_name=None, series=0)
    assert queue.issue_ticket(session, KTP)["ticket"] == "A-001"


@pytest.mark.parametrize("bad", [-1, MAX_SERIES + 1, 10**6, "3", 2.5, True])
def test_a_series_that_is_not_a_whole_number_in_range_is_refused(session, bad):
    events = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(ValidationError) as info:
        init_site(session, site_code=None, site_name=None, series=bad)
    assert info.value.errors == [
        ("series", f"seri nomor antrean perangkat harus bilangan bulat 0–{MAX_SERIES}, bukan {bad!r}")]
    assert site_info(session).series == 0
    assert session.store.scalar("SELECT count(*) FROM events") == events


# ------------------------------------------------------------------ the portal hands them out
@pytest.fixture
def portal_db(tmp_path):
    db = Database(tmp_path / "portal.sqlite3")
    service.add_site(db, "MPP-BDG", "MPP Kota Bandung")
    yield db
    db.close()


def test_the_portal_gives_each_new_device_the_smallest_free_series(portal_db):
    got = [service.enrol_device(portal_db, "MPP-BDG", f"K{i}")["series"] for i in range(1, 62)]
    assert got == list(range(61))  # a hall of 60 counters and a kiosk: the 10th is no longer refused
    service.add_site(portal_db, "MPP-SBY", "MPP Kota Surabaya")
    assert service.enrol_device(portal_db, "MPP-SBY", "K1")["series"] == 0  # per site


def test_a_revoked_series_rests_a_day_except_for_its_own_device(portal_db):
    for i in range(1, 6):
        service.enrol_device(portal_db, "MPP-BDG", f"K{i}")  # series 0–4
    service.revoke_device(portal_db, "MPP-BDG", "K3")  # series 2: its tickets of today may be unmerged
    assert service.enrol_device(portal_db, "MPP-BDG", "KIOS1")["series"] == 5
    assert service.enrol_device(portal_db, "MPP-BDG", "K3")["series"] == 2  # its own numbers come back
    service.revoke_device(portal_db, "MPP-BDG", "K3")
    service.revoke_device(portal_db, "MPP-BDG", "K4")
    with portal_db.transaction() as tx:  # both revocations are now more than a day old
        tx.execute("UPDATE devices SET revoked_at = '2026-03-14T01:00:00.000+00:00'"
                   " WHERE name IN ('K3', 'K4') AND revoked_at IS NOT NULL")
    assert service.enrol_device(portal_db, "MPP-BDG", "K9")["series"] == 2
    assert service.enrol_device(portal_db, "MPP-BDG", "K10")["series"] == 3
    assert service.enrol_device(portal_db, "MPP-BDG", "K4")["series"] == 6  # 3 went to K10 meanwhile


def test_the_portal_refuses_a_device_past_the_last_series(portal_db, monkeypatch):
    monkeypatch.setattr(service, "MAX_SERIES", 11)
    for i in range(12):
        service.enrol_device(portal_db, "MPP-BDG", f"K{i}")
    with pytest.raises(service.PortalError, match="semua seri nomor antrean 0–11"):
        service.enrol_device(portal_db, "MPP-BDG", "K12")
    with portal_db.read() as tx:
        assert tx.one("SELECT count(*) AS n FROM devices")["n"] == 12


# ------------------------------------------------------------------ fifteen devices, offline
def _with_clock(value: str):
    old = os.environ.get("LOKET_NOW")
    os.environ["LOKET_NOW"] = value

    def restore() -> None:
        if old is None:
            os.environ.pop("LOKET_NOW", None)
        else:
            os.environ["LOKET_NOW"] = old
    return restore


@pytest.fixture(scope="module")
def site_devices(tmp_path_factory):
    """Fifteen device databases of one site, each initialised with the series the portal
    gave it at enrolment, plus an empty one (the place every log is merged into)."""
    folder = tmp_path_factory.mktemp("site")
    restore = _with_clock("2026-03-16T07:00:00+07:00")
    db = Database(folder / "portal.sqlite3")
    try:
        service.add_site(db, "MPP-BDG", "MPP Kota Bandung")
        paths, series = {}, {}
        for i in range(DEVICES + 1):
            code = f"K{i + 1}" if i < DEVICES else "ARSIP"
            enrolment = service.enrol_device(db, "MPP-BDG", code)
            s = Session.open(folder / f"{code}.sqlite3")
            init_site(s, site_code="MPP-BDG", site_name="MPP Kota Bandung", device_code=code,
                      series=enrolment["series"])
            if i == 0:
                catalog.import_services(s, demo_rows_without_hours())
            else:  # the catalogue reaches the others as it would: through the log
                apply_all(Session.open(paths["K1"]), s, close_source=True)
            s.close()
            paths[code], series[code] = folder / f"{code}.sqlite3", enrolment["series"]
    finally:
        db.close()
        restore()
    return paths, series


def apply_all(source: Session, target: Session, close_source: bool = False) -> int:
    """Apply every event of ``source`` to ``target`` in one transaction (what a sync does)."""
    applied = 0
    with target.transaction():
        for row in source.store.query("SELECT * FROM events ORDER BY seq"):
            applied += target.log.apply_remote(Event.from_row(row))
    if close_source:
        source.close()
    return applied


device_index = st.integers(0, DEVICES - 1)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("issue"), device_index, st.sampled_from([KTP, KK, SKCK]),
                  st.sampled_from([None, None, "lansia"])),
        st.tuples(st.just("sync"), device_index, device_index, st.none()),
        st.tuples(st.just("day"), st.none(), st.none(), st.none()),
    ),
    min_size=1, max_size=60,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps, merge_order=st.randoms(use_true_random=False))
def test_fifteen_devices_issuing_offline_never_repeat_a_number(site_devices, tmp_path_factory, monkeypatch,
                                                             plan, merge_order):
    paths, series = site_devices
    assert sorted(series.values()) == list(range(DEVICES + 1))  # the portal gave 0–15, no cap at 9
    folder = tmp_path_factory.mktemp("run")
    codes = [f"K{i + 1}" for i in range(DEVICES)]
    day = 16
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    dev: dict[str, Session] = {}

    def device(code: str) -> Session:  # opened on first use: most runs touch only a few
        if code not in dev:
            shutil.copyfile(paths[code], folder / f"{code}.sqlite3")
            dev[code] = Session.open(folder / f"{code}.sqlite3")
        return dev[code]

    issued: list[tuple[str, str, str, str]] = []  # (device, day, number, ticket id)
    try:
        for what, a, b, priority in plan:
            if what == "issue":
                t = queue.issue_ticket(device(codes[a]), b, priority)
                issued.append((codes[a], t["day"], t["ticket"], t["id"]))
            elif what == "sync" and a != b:  # a partial sync between two devices of the hall
                apply_all(device(codes[a]), device(codes[b]))
            elif what == "day":
                day += 1
                monkeypatch.setenv("LOKET_NOW", f"2026-03-{day:02d}T08:00:00+07:00")

        keys = [(d, n) for _, d, n, _ in issued]
        assert len(keys) == len(set(keys)), "a number was issued twice on one day"
        for who, _, number, _ in issued:  # the number tells the device
            assert int(number.split("-")[1]) // 1000 == series[who]

        # every device's whole log into one database, devices in random order
        shutil.copyfile(paths["ARSIP"], folder / "ARSIP.sqlite3")
        merged = dev["ARSIP"] = Session.open(folder / "ARSIP.sqlite3")
        order = list(dev)
        merge_order.shuffle(order)
        for code in order:
            if code != "ARSIP":
                apply_all(dev[code], merged)
        rows = merged.store.query("SELECT id, day, number FROM tickets")
        assert sorted((r["day"], r["number"], r["id"]) for r in rows) == sorted((d, n, i) for _, d, n, i in issued)
        assert all(apply_all(dev[code], merged) == 0 for code in order if code != "ARSIP")  # idempotent
    finally:
        for s in dev.values():
            s.close()


# ------------------------------------------------------------------ migration
def test_migration_lifts_the_limit_and_keeps_the_device(tmp_path, fixed_now, monkeypatch):
    path = tmp_path / "lama.sqlite3"
    everything = store.migrations()
    older = [m for m in everything if m[0] < 12]
    monkeypatch.setattr(store, "migrations", lambda: older)
    with Session.open(path) as old:
        init_site(old, site_code="MPP-BDG", site_name="MPP Kota Bandung", device_code="SAT2", series=5)
        catalog.import_services(old, catalog.demo_catalog_rows())
        ticket = queue.issue_ticket(old, KTP)
        before = dict(old.store.one("SELECT * FROM device"))
        assert old.store.schema_version() == older[-1][0]
        with pytest.raises(sqlite3.IntegrityError):  # the old table itself stops at 8
            old.store.conn.execute("UPDATE device SET series = 9")

    monkeypatch.setattr(store, "migrations", lambda: everything)
    with Session.open(path) as new:
        assert 12 in new.store.applied_migrations()
        assert dict(new.store.one("SELECT * FROM device")) == before
        assert site_info(new).series == 5 and site_info(new).device_code == "SAT2"
        assert queue.get_ticket(new, ticket["id"]).number == "A-5001"
        init_site(new, site_code=None, site_name=None, series=15)
        assert queue.issue_ticket(new, KTP)["ticket"] == "A-15001"
        conn = new.store.conn
        for bad in ("UPDATE device SET series = -1", "UPDATE device SET series = 2.5",
                    "UPDATE device SET series = 'lima'"):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(bad)
        with pytest.raises(sqlite3.IntegrityError):  # still one row: this file's own identity
            conn.execute("INSERT INTO device (singleton, device_id, device_code, series, created_at)"
                         " VALUES (2, 'x', 'K9', 0, '2026-03-16')")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert site_info(new).series == 15
    assert list((tmp_path / "backups").glob("lama-pre-migration-0012-*.sqlite3"))
