"""The SKM part of the daily and period reports says whether its respondents are enough for
the day's service users (Krejcie & Morgan) and how many more are needed, on the dict, in the
PDF (read back with pypdf) and in the XLSX (read back with openpyxl)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pypdf

from counter_app import queue, reports, skm
from counter_app.reports.signoff import figures_digest
from counter_app.skm_sample import required_sample
from printing.reports import render

MONDAY = date(2026, 3, 16)


def _serve(session, n: int) -> None:
    for _ in range(n):
        ticket = queue.issue_ticket(session, "DUK-KTP")
        queue.call_next(session, "1", ["DUK-KTP"])
        queue.finish(session, ticket["id"])


def _answer(session, n: int) -> None:
    for i in range(n):
        skm.record_response(session, [4, 3, 4, 4, 3 + i % 2, 4, 4, 3, 4], service="DUK-KTP")


def pdf_text(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages)


def summary_sheet(path) -> dict[str, tuple]:
    ws = openpyxl.load_workbook(path)["ringkasan"]
    return {row[0]: row[1:] for row in ws.iter_rows(min_row=2, values_only=True)}


def test_too_few_respondents_are_reported_with_how_many_more(session, tmp_path):
    _serve(session, 12)
    _answer(session, 4)
    report = reports.daily_summary(session, MONDAY)
    assert report["skm"]["sample"] == {"population": 12, "required": required_sample(12),
                                       "respondents": 4, "enough": False,
                                       "missing": required_sample(12) - 4, "population_source": "recorded"}
    missing = required_sample(12) - 4
    assert missing > 0

    render(report, "pdf", tmp_path / "rekap.pdf")
    text = pdf_text(tmp_path / "rekap.pdf")
    assert f"Jumlah responden kurang: perlu {missing} lagi; sampel minimal {required_sample(12)} untuk 12 pengguna layanan" in text
    assert "Pengguna layanan (populasi SKM)" in text and "Sampel SKM minimal" in text

    render(report, "xlsx", tmp_path / "rekap.xlsx")
    rows = summary_sheet(tmp_path / "rekap.xlsx")
    assert rows["Pengguna layanan (populasi SKM)"][0] == 12          # a number cell, not text
    assert rows["Sampel SKM minimal"][0] == required_sample(12)
    assert rows["Jumlah responden SKM"][:2] == ("kurang", f"perlu {missing} lagi")
    assert rows["Responden SKM"][0] == 4                               # the existing rows stay


def test_enough_respondents_are_reported_as_enough(session, tmp_path):
    _serve(session, 3)
    _answer(session, 3)
    report = reports.daily_summary(session, MONDAY)
    assert report["skm"]["sample"]["enough"] is True and report["skm"]["sample"]["missing"] == 0
    render(report, "pdf", tmp_path / "rekap.pdf")
    assert "Jumlah responden cukup; sampel minimal 3 untuk 3 pengguna layanan" in pdf_text(tmp_path / "rekap.pdf")
    render(report, "xlsx", tmp_path / "rekap.xlsx")
    assert summary_sheet(tmp_path / "rekap.xlsx")["Jumlah responden SKM"][0] == "cukup"


def test_the_period_report_counts_the_whole_period(session, fixed_now):
    _serve(session, 2)
    _answer(session, 1)
    fixed_now("2026-03-17T09:00:00+07:00")
    _serve(session, 3)
    period = reports.period_report(session, MONDAY, date(2026, 3, 17))
    assert (period["skm"]["sample"]["population"], period["skm"]["sample"]["respondents"]) == (5, 1)
    assert reports.daily_summary(session, date(2026, 3, 17))["skm"]["sample"]["population"] == 3


def test_the_sample_is_left_out_of_the_sign_off_digest(session):
    """It is made of figures the digest already covers; leaving it out keeps the days signed
    before it valid."""
    _serve(session, 2)
    _answer(session, 1)
    report = reports.daily_summary(session, MONDAY)
    without = {**report, "skm": {k: v for k, v in report["skm"].items() if k != "sample"}}
    assert figures_digest(report) == figures_digest(without)
    _answer(session, 1)  # a real change of the day still changes it
    assert figures_digest(reports.daily_summary(session, MONDAY)) != figures_digest(report)
