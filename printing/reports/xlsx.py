"""Reports as XLSX (openpyxl): an info sheet, then one sheet per section with typed cells
(numbers are numbers, dates are dates), a frozen, filterable header row and print headers
naming the site and period."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from counter_app.formatting import tanggal_jam
from counter_app.reports.tables import header_lines, period_text, report_tables

from .pdf import TITLES

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
FORMATS = {"int": "#,##0", "num": "#,##0.00", "pct": "0.00", "date": "dd-mm-yyyy"}  # dates are date cells


def _cell_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date" and isinstance(value, str) and len(value) >= 10:
        return date.fromisoformat(value[:10])
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return value


def render_xlsx(report: dict[str, Any], path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    info = wb.active
    info.title = "laporan"
    info.append([TITLES[report["report"]]])
    info["A1"].font = Font(bold=True, size=14, color="1F3A5F")
    for key, value in header_lines(report):
        info.append([key, value])
    info.append(["Kode lokasi", report["site"]["code"]])
    info.append(["Tanggal awal", date.fromisoformat(report["period"]["from"])])
    info.append(["Tanggal akhir", date.fromisoformat(report["period"]["to"])])
    for row in info.iter_rows(min_row=7, max_row=8, min_col=2, max_col=2):
        row[0].number_format = FORMATS["date"]
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    period = period_text(report["period"]["from"], report["period"]["to"])
    notes: list[tuple[str, str]] = []
    for table in report_tables(report):
        ws = wb.create_sheet(table.name[:31])
        ws.append([c.label for c in table.columns])
        for cell in ws[1]:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in table.values():
            ws.append([_cell_value(v, c.kind) for v, c in zip(values, table.columns, strict=True)])
        for i, column in enumerate(table.columns, 1):
            letter = get_column_letter(i)
            width = max([len(column.label)] + [len(str(v)) for v in (r.get(column.key) for r in table.rows) if v is not None])
            ws.column_dimensions[letter].width = min(max(width + 2, 8), 60)
            if column.kind in FORMATS:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    if isinstance(cell.value, int | float | date) and not isinstance(cell.value, bool):
                        cell.number_format = FORMATS["num"] if isinstance(cell.value, float) and column.kind == "int" \
                            else FORMATS[column.kind]
        ws.freeze_panes = "A2"
        if table.rows:
            ws.auto_filter.ref = ws.dimensions
        if table.note:  # the data sheets stay plain tables for scripts; notes go on the first sheet
            notes.append((table.name, table.note))
        ws.oddHeader.left.text = f"{report['site']['name']} ({report['site']['code']})"
        ws.oddHeader.center.text = table.title
        ws.oddHeader.right.text = period
        ws.oddFooter.left.text = f"Dibuat {tanggal_jam(report['generated_at'])} · Loket {report['software_version']}"
        ws.oddFooter.right.text = "Halaman &P / &N"
    if notes:
        info.append([])
        info.append(["Catatan per lembar"])
        info.cell(info.max_row, 1).font = Font(bold=True)
        for name, note in notes:
            info.append([name, note])
            info.cell(info.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.title = f"{TITLES[report['report']]} {period}"
    wb.properties.creator = f"Loket {report['software_version']}"
    wb.save(path)
    return path
