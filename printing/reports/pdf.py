"""Daily and period reports as A4 landscape PDFs in the house page style, with charts.

Every table comes from ``counter_app.reports.tables.report_tables``, the same layout the XLSX
and CSV use, so the three formats always show the same figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from counter_app.formatting import angka, tanggal_jam, tanggal_pendek
from counter_app.reports.tables import Table as ReportTable
from counter_app.reports.tables import header_lines, report_tables, summary_rows
from counter_app.reports.tables import period_text as tables_period_text

from .. import fonts
from ..style import LINE, NAVY, RED, SHADE, STYLES, Letterhead, build_document
from .charts import bar_chart, line_chart

PAGE = landscape(A4)
TITLES = {"daily": "Rekap Harian Pelayanan", "period": "Laporan Periode Pelayanan",
          "signoff": "Berita Acara Penutupan Harian"}
CELL = ParagraphStyle("cell", parent=STYLES["body"], fontSize=7, leading=8.5)
CELL_NUM = ParagraphStyle("cell_num", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("head", parent=CELL, fontName=fonts.SANS_BOLD, textColor=colors.white)
NOTE = ParagraphStyle("note", parent=STYLES["small"], spaceBefore=1, spaceAfter=2)
# Long text columns get more room; the rest share what is left.
WIDE = {"definition": 3.0, "formula": 3.0, "source": 2.0, "name": 2.4, "agency": 2.4, "label": 2.2,
        "metric": 2.6, "service_name": 2.2, "applicant": 1.4, "registration_id": 2.0, "nik": 1.6,
        "complaint_id": 2.6, "record_id": 2.0, "service": 1.5, "officer": 1.5, "counter": 1.2}
CHUNK_ROWS = 40        # rows per table block in the PDF (the header repeats on each)
PDF_LIST_CAP = 200     # rows a long list shows in the PDF; the XLSX/CSV keep every row
CAPPED = ("jatuh_tempo", "pengaduan")  # never "lewat_batas": deemed approved is printed whole


def cell_text(value: Any, kind: str = "text") -> str:
    """A value the Indonesian way: ``1.234``, ``12,50``, ``–`` for no value."""
    if value is None or value == "":
        return "–"
    if kind == "date" and isinstance(value, str) and len(value) >= 10:
        return tanggal_pendek(value)  # 10-03-2026, as the XLSX date cells
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int) and kind != "text":
        return angka(value, 0)
    if isinstance(value, float):  # 2 decimals, 4 where the figure has them (NRR, IKM)
        return angka(value, 2 if round(value, 2) == value else 4)
    return str(value)


def period_text(report: dict[str, Any]) -> str:
    return tables_period_text(report["period"]["from"], report["period"]["to"])


def letterhead(report: dict[str, Any]) -> Letterhead:
    site = report["site"]
    kind = report["report"]
    return Letterhead(
        site_name=site["name"], site_code=site["code"], title=TITLES[kind],
        doc_no=period_text(report),
        printed_at=tanggal_jam(report["generated_at"]),
        note=f"Loket {report['software_version']} · {site['code']} · {TITLES[kind]}",
    )


def header_block(report: dict[str, Any], width: float) -> list[Flowable]:
    rows = [[Paragraph(k, STYLES["label"]), Paragraph(v, STYLES["body"])] for k, v in header_lines(report)]
    info = Table(rows, colWidths=[42 * mm, min(width, 140 * mm) - 42 * mm], hAlign="LEFT")
    info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                              ("TOPPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Paragraph(TITLES[report["report"]], STYLES["title"]),
            Paragraph(period_text(report), STYLES["subtitle"]), Spacer(1, 3 * mm), info, Spacer(1, 2 * mm)]


def _cell(value: Any, kind: str, width: float) -> str | Paragraph:
    """A table cell: plain text when it fits on one line (cheap to lay out, which matters
    for lists of thousands of rows), a wrapping paragraph when it does not."""
    text = cell_text(value, kind)
    if stringWidth(text, CELL.fontName, CELL.fontSize) <= width - 4:
        return text
    return Paragraph(escape(text), CELL if kind in ("text", "date") else CELL_NUM)


def _grid(header: list, rows: list, col_widths: list[float], overdue: bool, right: list[int]) -> Table:
    data = [header, *rows]
    grid = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 1), (-1, -1), CELL.fontName), ("FONTSIZE", (0, 1), (-1, -1), CELL.fontSize),
        ("LEADING", (0, 1), (-1, -1), CELL.leading),
        *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right],
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("GRID", (0, 0), (-1, -1), 0.3, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), SHADE) for i in range(2, len(data), 2)]
    if overdue:
        style.append(("TEXTCOLOR", (0, 1), (-1, -1), RED))
    grid.setStyle(TableStyle(style))
    return grid


def table_flowables(table: ReportTable, width: float) -> list[Flowable]:
    """A section title, its note and the table (an empty table says so in words).

    Long tables are cut into blocks of ``CHUNK_ROWS`` rows, each with the header, so
    reportlab never splits one huge table (its split is quadratic in the rows). Lists in
    ``CAPPED`` show their first ``PDF_LIST_CAP`` rows and say how many more the XLSX/CSV
    hold; the overdue (deemed approved) list is a legal record and is always printed whole.
    """
    out: list[Flowable] = [Paragraph(table.title, STYLES["h2"])]
    if table.note:
        out.append(Paragraph(table.note, NOTE))
    if not table.rows:
        out.append(Paragraph("Tidak ada data untuk periode ini.", STYLES["small"]))
        return [KeepTogether(out)]
    weights = [WIDE.get(c.key, 1.0) for c in table.columns]
    col_widths = [width * w / sum(weights) for w in weights]
    header = [Paragraph(c.label, HEAD) for c in table.columns]
    values = table.values()
    hidden = len(values) - PDF_LIST_CAP if table.name in CAPPED and len(values) > PDF_LIST_CAP else 0
    rows = [[_cell(v, c.kind, w) for v, c, w in zip(line, table.columns, col_widths, strict=True)]
            for line in values[:len(values) - hidden]]
    right = [i for i, c in enumerate(table.columns) if c.kind not in ("text", "date")]
    overdue = table.name == "lewat_batas"
    chunks = [_grid(header, rows[i:i + CHUNK_ROWS], col_widths, overdue, right)
              for i in range(0, len(rows), CHUNK_ROWS)]
    more = [Paragraph(f"… dan {angka(hidden, 0)} lainnya (lihat XLSX/CSV)", NOTE)] if hidden else []
    if len(rows) <= 12:
        return [KeepTogether([*out, *chunks, *more])]
    return [KeepTogether([*out, chunks[0]]), *chunks[1:], *more]


def charts(report: dict[str, Any], width: float) -> list[Flowable]:
    """Period: volume, waiting time and IKM per day side by side; daily: tickets per service."""
    trend = report.get("trend")
    if trend:
        labels = [f"{r['day'][8:10]}/{r['day'][5:7]}" if len(trend) <= 62 else f"{r['day'][5:7]}/{r['day'][2:4]}"
                  for r in trend]
        third, height = width / 3, 62 * mm
        drawings = [
            bar_chart("Volume harian", labels, [("Tiket terbit", [r["issued"] for r in trend]),
                                                ("Dilayani", [r["served"] for r in trend]),
                                                ("Pendaftaran", [r["registrations"] for r in trend])],
                      third - 4 * mm, height),
            line_chart("Rata-rata waktu tunggu (menit)", labels,
                       [("Waktu tunggu", [r["wait_mean"] for r in trend])], third - 4 * mm, height),
            line_chart("IKM konversi (NIK) harian", labels,
                       [("NIK", [r["ikm_converted"] for r in trend])], third - 4 * mm, height, value_max=100),
        ]
        row = Table([drawings], colWidths=[third] * 3, hAlign="LEFT")
        row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [row]
    services = report["tickets"]["by_service"]
    if not services:
        return []
    return [bar_chart("Tiket per layanan", [s["service"] for s in services],
                      [("Terbit", [s["issued"] for s in services]), ("Dilayani", [s["served"] for s in services]),
                       ("Tidak hadir", [s["noshow"] for s in services])], width, 55 * mm)]


def summary_grid(report: dict[str, Any], width: float) -> list[Flowable]:
    """The headline figures in two side-by-side columns (label, value, unit)."""
    rows = summary_rows(report)
    half = -(-len(rows) // 2)
    left, right = rows[:half], rows[half:] + [None] * (2 * half - len(rows))
    data = [[Paragraph(c, HEAD) for c in ("Ukuran", "Realisasi", "Satuan") * 2]]
    for a, b in zip(left, right, strict=True):
        line = []
        for item in (a, b):
            line += ([Paragraph(item["metric"], CELL), Paragraph(cell_text(item["value"], "num"), CELL_NUM),
                      Paragraph(item["unit"], CELL)] if item else [Paragraph("", CELL)] * 3)
        data.append(line)
    unit = width / 2
    grid = Table(data, colWidths=[unit * 0.62, unit * 0.18, unit * 0.20] * 2, repeatRows=1, hAlign="LEFT")
    style = [("BACKGROUND", (0, 0), (-1, 0), NAVY), ("GRID", (0, 0), (-1, -1), 0.3, LINE),
             ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("LINEAFTER", (2, 0), (2, -1), 1.2, NAVY)]
    style += [("BACKGROUND", (0, i), (-1, i), SHADE) for i in range(2, len(data), 2)]
    grid.setStyle(TableStyle(style))
    return [KeepTogether([Paragraph("Ringkasan", STYLES["h2"]), grid])]


def overdue_banner(report: dict[str, Any]) -> list[Flowable]:
    count = report["deadlines"]["overdue_count"]
    if not count:
        return []
    style = ParagraphStyle("alert", parent=STYLES["value"], textColor=RED, fontSize=10, leading=13)
    return [Paragraph(f"⚠ {angka(count, 0)} permohonan melewati batas waktu: menurut Permenpan RB 93/2021 "
                      "permohonan tersebut dianggap disetujui menurut hukum.", style), Spacer(1, 2 * mm)]


def render_pdf(report: dict[str, Any], path: Path | str) -> Path:
    """Write the daily or period report ``report`` to ``path`` (A4 landscape)."""
    if report["report"] == "signoff":
        from .berita_acara import render_signoff_pdf

        return render_signoff_pdf(report, path)
    fonts.register()
    width = PAGE[0] - 36 * mm
    head = header_block(report, width)
    if report.get("trend"):
        story: list[Flowable] = head + overdue_banner(report) + charts(report, width)
    else:  # the daily chart sits beside the header block
        pair = Table([[head, charts(report, width / 2) or ""]], colWidths=[width / 2, width / 2], hAlign="LEFT")
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story = [pair, *overdue_banner(report)]
    story += summary_grid(report, width)
    for table in report_tables(report)[1:]:  # [0] is the summary, drawn above
        story += table_flowables(table, width)
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(f"Data pribadi disamarkan (NIK, nama); jawaban SKM anonim. "
                           f"Dibuat oleh Loket {report['software_version']}.", STYLES["small"]))
    return build_document(path, story, letterhead(report), page_size=PAGE)

