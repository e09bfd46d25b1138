"""Period reports: a range across a year end, per-day trend, comparison with the previous
period, daily targets scaled by working days, and the PDF/XLSX/CLI outputs."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import PolyLine
from reportlab.graphics.widgetbase import Widget

from counter_app import queue, skm
from counter_app.actors import Actor
from counter_app.cli import main
from counter_app.errors import ValidationError
from counter_app.reports import month_range, period_report, set_target, week_range
from counter_app.reports.period import previous_range
from printing.reports import render
from printing.reports.charts import SERIES, line_chart

ANI = Actor("ani", "frontliner")
SUPERVISOR = Actor("sari", "supervisor")


def serve(session, fixed_now, day: str, issued: str, called: str, finished: str, service: str = "DUK-KTP"):
    """One ticket issued, called at counter 1 and finished at the given times of ``day``."""
    fixed_now(f"{day}T{issued}:00+07:00")
    ticket = queue.issue_ticket(session, service)
    fixed_now(f"{day}T{called}:00+07:00")
    queue.call_next(session, "1")
    fixed_now(f"{day}T{finished}:00+07:00")
    queue.finish(session, ticket["ticket"])


@pytest.fixture
def year_end(session, fixed_now):
    """Activity on both sides of 1 January 2027 and in the week before."""
    ani = session.as_actor(ANI)
    serve(ani, fixed_now, "2026-12-22", "08:00", "08:30", "08:40")       # previous period: wait 30
    serve(ani, fixed_now, "2026-12-28", "08:00", "08:10", "08:20")       # wait 10
    serve(ani, fixed_now, "2026-12-28", "08:05", "08:25", "08:35")       # wait 20
    serve(ani, fixed_now, "2026-12-31", "09:00", "09:06", "09:16")       # wait 6
    fixed_now("2026-12-31T09:20:00+07:00")
    skm.record_response(ani, [4] * 9, service="DUK-KTP")
    skm.record_response(ani, [3] * 9, service="DUK-KTP")
    serve(ani, fixed_now, "2027-01-03", "10:00", "10:04", "10:14")       # a Sunday opening: wait 4
    fixed_now("2027-01-03T10:20:00+07:00")
    skm.record_response(ani, [2] * 9, service="DUK-KTP", entry_mode="paper", paper_form_no="SKM-2027-001")
    fixed_now("2027-01-04T07:30:00+07:00")
    set_target(session.as_actor(SUPERVISOR), "tickets_served", 2)
    return period_report(session, date(2026, 12, 28), date(2027, 1, 3))


def test_range_across_the_year_end(year_end):
    assert year_end["report"] == "period"
    assert year_end["period"] == {"from": "2026-12-28", "to": "2027-01-03", "days": 7, "working_days": 4}
    assert year_end["tickets"]["totals"]["issued"] == 4 and year_end["tickets"]["totals"]["served"] == 4
    assert year_end["tickets"]["waiting_time"] == {"count": 4, "mean": 10.0, "median": 8.0, "p90": 20.0, "max": 20.0}
    assert year_end["skm"]["respondents"] == 3 and year_end["skm"]["ikm_converted"] == 75.0


def test_trend_has_every_day_including_empty_ones(year_end):
    trend = {row["day"]: row for row in year_end["trend"]}
    assert list(trend) == ["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31",
                           "2027-01-01", "2027-01-02", "2027-01-03"]
    assert (trend["2026-12-28"]["issued"], trend["2026-12-28"]["wait_mean"]) == (2, 15.0)
    assert trend["2026-12-29"] == {"day": "2026-12-29", "issued": 0, "served": 0, "wait_mean": None,
                                   "registrations": 0, "skm_respondents": 0, "ikm_converted": None}
    assert (trend["2026-12-31"]["skm_respondents"], trend["2026-12-31"]["ikm_converted"]) == (2, 87.5)
    assert (trend["2027-01-03"]["served"], trend["2027-01-03"]["ikm_converted"]) == (1, 50.0)


def test_comparison_with_the_previous_week(year_end):
    assert year_end["previous_period"] == {"from": "2026-12-21", "to": "2026-12-27"}
    rows = {r["metric"]: r for r in year_end["comparison"]}
    assert rows["tickets_issued"] == {"metric": "tickets_issued", "label": "Tiket diterbitkan", "current": 4,
                                      "previous": 1, "change": 3, "change_pct": 300.0}
    assert (rows["waiting_time_mean"]["current"], rows["waiting_time_mean"]["previous"],
            rows["waiting_time_mean"]["change"]) == (10.0, 30.0, -20.0)
    assert rows["ikm_converted"]["previous"] is None and rows["ikm_converted"]["change"] is None


def test_daily_target_scaled_by_working_days(year_end):
    (row,) = year_end["targets"]
    assert (row["metric"], row["target"], row["realisasi"], row["gap"], row["met"]) == ("tickets_served", 8, 4, -4, False)


def test_pdf_and_xlsx_of_the_period(year_end, tmp_path):
    (pdf,) = render(year_end, "pdf", tmp_path / "periode.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Senin, 28 Desember 2026 s.d. Minggu, 3 Januari 2027" in text
    assert "Volume harian" in text and "IKM konversi (NIK) harian" in text
    assert "Periode sebelumnya: Senin, 21 Desember 2026 s.d. Minggu, 27 Desember 2026" in text
    (xlsx,) = render(year_end, "xlsx", tmp_path / "periode.xlsx")
    wb = load_workbook(xlsx)
    rows = list(wb["tren_harian"].iter_rows(min_row=2, values_only=True))
    assert [r[0].date().isoformat() for r in rows] == [r["day"] for r in year_end["trend"]]
    assert [r[1] for r in rows] == [2, 0, 0, 1, 0, 0, 1]
    comparison = {r[0]: r for r in wb["perbandingan"].iter_rows(min_row=2, values_only=True)}
    assert comparison["Tiket diterbitkan"][1:4] == (4, 1, 3)


def test_week_month_and_previous_ranges():
    assert week_range(date(2027, 1, 1)) == (date(2026, 12, 28), date(2027, 1, 3))
    assert month_range(date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert previous_range(date(2027, 3, 1), date(2027, 3, 31)) == (date(2027, 2, 1), date(2027, 2, 28))
    assert previous_range(date(2027, 1, 1), date(2027, 1, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert previous_range(date(2026, 12, 28), date(2027, 1, 3)) == (date(2026, 12, 21), date(2026, 12, 27))


def test_bad_ranges_are_refused(session):
    with pytest.raises(ValidationError) as exc:
        period_report(session, date(2027, 1, 3), date(2026, 12, 28))
    assert exc.value.errors[0][0] == "to"
    with pytest.raises(ValidationError):
        period_report(session, date(2025, 1, 1), date(2026, 1, 2))


def test_cli_period_by_week_and_month(year_end, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    out = tmp_path / "minggu.json"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "period", "--week", "2027-01-01", "--format", "json", "--out", str(out)])
    assert exit_.value.code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"] == year_end["period"] and data["trend"] == year_end["trend"]
    with pytest.raises(SystemExit) as exit_:
        main(["report", "period", "--month", "2026-12", "--format", "csv", "--out", str(tmp_path / "des")])
    assert exit_.value.code == 0
    names = sorted(p.name for p in (tmp_path / "des").iterdir())
    assert names[0] == "MPP-TEST_2026-12-01_2026-12-31_00_laporan.csv"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "period", "--week", "2027-01-01", "--month", "2026-12", "--out", str(tmp_path / "x.pdf")])
    assert exit_.value.code == 2
    assert "period" in capsys.readouterr().err


def test_a_period_without_activity_renders_its_charts(session, tmp_path):
    report = period_report(session, date(2026, 3, 1), date(2026, 3, 7))
    assert [r["issued"] for r in report["trend"]] == [0] * 7
    assert {r["wait_mean"] for r in report["trend"]} == {None}
    (pdf,) = render(report, "pdf", tmp_path / "kosong.pdf")
    assert "Tidak ada data pada periode ini" in "\n".join(p.extract_text() for p in PdfReader(pdf).pages)


def _polylines(node) -> list:
    if isinstance(node, PolyLine):
        return [node]
    if isinstance(node, Widget):
        node = node.draw()
    return [p for child in getattr(node, "contents", []) for p in _polylines(child)]


def test_line_charts_join_the_measured_days_whatever_the_gaps():
    for n in (1, 2, 3, 4):
        for pattern in itertools.product((None, 3.0, 7.5), repeat=n):
            drawing = line_chart("Waktu tunggu", [str(i) for i in range(n)],
                                 [("a", list(pattern)), ("b", [None] * (n - 1) + [2.0])])
            renderPDF.drawToString(drawing)  # reportlab accepts every shape of gaps
            measured = sum(v is not None for v in pattern)
            lines = [p for p in _polylines(drawing) if p.strokeColor == SERIES[0] and len(p.points) >= 4]
            if all(v is None for v in pattern):
                continue  # "b" alone: one point, a marker only
            assert len(lines) == (1 if measured >= 2 else 0), pattern
            if lines:
                assert len(lines[0].points) == 2 * measured, pattern
