"""The report's complaint sheet lists the complaints its summary counts: every complaint filed
in the period and every one past its deadline (filed then or earlier), each marked overdue or
not. It used to list the overdue ones only, so a day with one fresh complaint showed an empty
sheet under "Masuk 1". Read back from the XLSX with openpyxl, and from the CSV."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_reports_daily import SUPERVISOR, build_known_day

from counter_app import catalog, complaints
from counter_app.actors import Actor
from counter_app.reports import daily_summary
from counter_app.session import Session
from counter_app.site import init_site
from printing.reports import render

DAY = date(2026, 3, 16)
HEADER = ["No. pengaduan", "Masuk", "Batas waktu", "Status", "Lewat batas", "Kanal", "Jenis", "Layanan"]


def sheet_rows(path: Path) -> list[dict]:
    ws = load_workbook(path, read_only=True)["pengaduan"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    # openpyxl reads a date cell back as a datetime at midnight
    return [{k: v.date() if isinstance(v, datetime) else v for k, v in zip(HEADER, r, strict=True)}
            for r in rows[1:]]


def test_one_fresh_complaint_is_on_the_sheet_the_summary_counts(session, fixed_now, tmp_path):
    fixed_now("2026-03-16T09:30:00+07:00")
    c = complaints.file_complaint(session, type="pengaduan", channel="loket", anonymous=True,
                                  text="Antrean tidak bergerak", service="DUK-KTP")
    fixed_now("2026-03-16T17:00:00+07:00")
    report = daily_summary(session, DAY)
    assert (report["complaints"]["opened"], report["complaints"]["overdue"]) == (1, 0)
    (path,) = render(report, "xlsx", tmp_path / "rekap.xlsx")
    assert sheet_rows(path) == [{
        "No. pengaduan": c["tracking_number"], "Masuk": DAY,
        "Batas waktu": date.fromisoformat(c["deadline"]), "Status": "Baru", "Lewat batas": "tidak",
        "Kanal": "Loket", "Jenis": "Pengaduan", "Layanan": "DUK-KTP"}]


def test_the_known_day_lists_the_days_complaints_and_the_overdue_one(session, fixed_now, tmp_path):
    build_known_day(session, fixed_now)
    report = daily_summary(session, DAY)
    c = report["complaints"]
    (path,) = render(report, "xlsx", tmp_path / "rekap.xlsx")
    rows = sheet_rows(path)
    ids = [r["No. pengaduan"] for r in rows]
    assert len(ids) == len(set(ids))
    filed_today = [r for r in rows if r["Masuk"] == DAY]
    assert len(filed_today) == c["opened"] == 2
    assert {r["Jenis"] for r in filed_today} == {"Kritik", "Saran"}
    late = [r for r in rows if r["Lewat batas"] == "ya"]
    assert len(late) == c["overdue"] == 1
    assert late[0]["No. pengaduan"] == "MPP-TEST-ADU-260305-K1-0001" and late[0]["Status"] == "Baru"
    now_overdue = complaints.list_complaints(session.as_actor(SUPERVISOR), overdue=True)
    assert [x["tracking_number"] for x in now_overdue] == [r["No. pengaduan"] for r in late]
    # the CSV has the same rows
    (archive,) = render(report, "csv", tmp_path / "rekap.zip")
    with zipfile.ZipFile(archive) as zf:
        name = next(n for n in zf.namelist() if n.endswith("_pengaduan.csv"))
        table = list(csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig"))))
    assert [r[0] for r in table[1:]] == ids


answers = st.lists(st.tuples(st.integers(9, 16), st.sampled_from(["none", "answer", "final"])),
                   min_size=0, max_size=8)


@settings(max_examples=10, deadline=None)
@given(answers)
def test_the_sheet_always_agrees_with_the_summary(plan):
    """Complaints filed on 9–16 March, some answered or finished on the 16th: the 16th's sheet
    holds exactly the complaints filed that day and the overdue ones, once each."""
    old_now = os.environ.get("LOKET_NOW")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LOKET_NOW"] = "2026-03-09T08:00:00+07:00"
        session = Session.open(Path(tmp) / "loket.sqlite3")
        try:
            init_site(session, site_code="MPP-TEST", site_name="MPP Uji", device_code="K1")
            catalog.import_services(session, catalog.demo_catalog_rows())
            officer, supervisor = session.as_actor(Actor("ani", "frontliner")), session.as_actor(SUPERVISOR)
            filed = []
            for i, (day, _) in enumerate(sorted(plan)):
                os.environ["LOKET_NOW"] = f"2026-03-{day:02d}T09:{i:02d}:00+07:00"
                filed.append((day, complaints.file_complaint(
                    officer, type="saran", channel="telepon", anonymous=True, text=f"saran {i}")))
            os.environ["LOKET_NOW"] = "2026-03-16T15:00:00+07:00"
            for (_day, c), (_, action) in zip(filed, sorted(plan), strict=True):
                if action != "none":
                    complaints.respond(supervisor, c["tracking_number"], "ditanggapi", final=action == "final")
            os.environ["LOKET_NOW"] = "2026-03-16T17:00:00+07:00"
            report = daily_summary(session, DAY)
            (path,) = render(report, "xlsx", Path(tmp) / "rekap.xlsx")
            rows = sheet_rows(path)
            overdue_now = {x["tracking_number"] for x in complaints.list_complaints(supervisor, overdue=True)}
        finally:
            session.close()
            if old_now is None:
                os.environ.pop("LOKET_NOW", None)
            else:
                os.environ["LOKET_NOW"] = old_now
    ids = [r["No. pengaduan"] for r in rows]
    assert len(ids) == len(set(ids))
    assert {r["No. pengaduan"] for r in rows if r["Masuk"] == DAY} == {
        c["tracking_number"] for day, c in filed if day == 16}
    assert sum(r["Masuk"] == DAY for r in rows) == report["complaints"]["opened"]
    assert {r["No. pengaduan"] for r in rows if r["Lewat batas"] == "ya"} == overdue_now
    assert sum(r["Lewat batas"] == "ya" for r in rows) == report["complaints"]["overdue"]
    assert set(ids) == {c["tracking_number"] for day, c in filed if day == 16} | overdue_now
