"""Long lists in the report files: the PDF prints every overdue (deemed approved) row in
blocks with the header repeated, caps the other long lists with a pointer to the XLSX/CSV,
and the XLSX/CSV keep every row."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from test_reports_daily import build_known_day

from counter_app.reports import daily_summary
from printing.reports import render
from printing.reports.pdf import CHUNK_ROWS, PDF_LIST_CAP

OVERDUE_ROWS = 5000
COMPLAINT_ROWS = PDF_LIST_CAP + 321
FILED_THAT_DAY = 2  # the known day's own complaints, on the sheet beside the overdue ones


@pytest.fixture
def long_day(session, fixed_now):
    """The known day's report with its overdue and complaint lists grown to thousands of rows."""
    build_known_day(session, fixed_now)
    report = daily_summary(session, date(2026, 3, 16))
    (overdue,) = report["deadlines"]["overdue"]
    report["deadlines"]["overdue"] = [
        {**overdue, "registration_id": f"MPP-TEST-260309-K1-{i:05d}", "working_days_late": 1 + i % 9}
        for i in range(1, OVERDUE_ROWS + 1)]
    report["deadlines"]["overdue_count"] = OVERDUE_ROWS
    (complaint,) = report["complaints"]["overdue_list"]
    report["complaints"]["overdue_list"] = [
        {**complaint, "complaint_id": f"MPP-TEST-ADU-260305-K1-{i:05d}"} for i in range(1, COMPLAINT_ROWS + 1)]
    report["complaints"]["overdue"] = COMPLAINT_ROWS
    assert len(report["complaints"]["filed_list"]) == FILED_THAT_DAY  # listed after the older ones
    return report


def test_pdf_prints_every_overdue_row_and_caps_other_lists(long_day, tmp_path):
    (path,) = render(long_day, "pdf", tmp_path / "panjang.pdf")
    pages = PdfReader(path).pages
    text = "\n".join(page.extract_text() for page in pages)
    ids = re.findall(r"MPP-TEST-260309-K1-(\d{5})", text)
    assert sorted(set(ids)) == [f"{i:05d}" for i in range(1, OVERDUE_ROWS + 1)]
    assert len(ids) == OVERDUE_ROWS  # each once
    assert f"{OVERDUE_ROWS:,}".replace(",", ".") + " permohonan melewati batas waktu" in text
    # the header is repeated on every block of rows
    assert len(re.findall(r"Terlambat\s+\(hari\s+kerja\)", text)) >= OVERDUE_ROWS // CHUNK_ROWS
    assert len(pages) >= OVERDUE_ROWS // 40
    complaints = re.findall(r"MPP-TEST-ADU-260305-K1-(\d{5})", text)
    assert complaints == [f"{i:05d}" for i in range(1, PDF_LIST_CAP + 1)]
    assert f"… dan {321 + FILED_THAT_DAY} lainnya (lihat XLSX/CSV)" in text


def test_xlsx_and_csv_keep_every_row(long_day, tmp_path):
    (path,) = render(long_day, "xlsx", tmp_path / "panjang.xlsx")
    wb = load_workbook(path, read_only=True)
    assert wb["lewat_batas"].max_row == OVERDUE_ROWS + 1
    assert wb["pengaduan"].max_row == COMPLAINT_ROWS + FILED_THAT_DAY + 1
    (archive,) = render(long_day, "csv", tmp_path / "panjang.zip")
    with zipfile.ZipFile(archive) as zf:
        name = next(n for n in zf.namelist() if n.endswith("_pengaduan.csv"))
        assert zf.read(name).decode("utf-8-sig").count("\r\n") == COMPLAINT_ROWS + FILED_THAT_DAY + 1
