"""The daily sign-off (Berita Acara) as an A4 portrait PDF: the day's totals, the records
transcribed from paper with their form numbers and who typed them, who verified them, and
signature blocks for the verifier and the supervisor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from counter_app.formatting import tanggal, tanggal_jam
from counter_app.reports.tables import Column
from counter_app.reports.tables import Table as ReportTable

from .. import fonts
from ..style import GREY, PAGE, RED, STYLES, TEAL, build_document
from .pdf import header_block, letterhead, table_flowables

TOTAL_LABELS = {
    "tickets_issued": "Tiket antrean diterbitkan", "tickets_served": "  dilayani",
    "tickets_noshow": "  tidak hadir", "tickets_cancelled": "  dibatalkan",
    "tickets_skipped": "  dilewati", "tickets_open": "  belum selesai (menunggu atau dipanggil)",
    "registrations": "Pendaftaran permohonan", "registrations_paper": "  di antaranya ditranskripsi dari kertas",
    "applications_finished": "Permohonan selesai", "applications_overdue": "Permohonan melewati batas waktu",
    "skm_respondents": "Responden SKM", "skm_paper": "  di antaranya kuesioner kertas",
    "complaints_opened": "Pengaduan masuk",
}
RECORD_COLUMNS = (
    Column("no", "No."), Column("kind", "Jenis", "text"), Column("form_no", "No. formulir", "text"),
    Column("paper_date", "Tgl. formulir", "date"), Column("record_id", "No. catatan", "text"),
    Column("service", "Layanan", "text"), Column("subject", "Pemohon", "text"),
    Column("transcribed_by", "Diketik oleh", "text"),
)


def _signature(role: str, name: str | None, width: float) -> Table:
    rows = [[Paragraph(role, STYLES["center"])], [Spacer(1, 20 * mm)],
            [Paragraph(f"( {name or '.' * 40} )", STYLES["center"])]]
    t = Table(rows, colWidths=[width])
    t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return t


def _status(report: dict[str, Any]) -> list[Flowable]:
    signed = report.get("signoff")
    if signed is None:
        return [Paragraph("Status: BELUM DITANDATANGANI di Loket. Setelah diperiksa, penanggung jawab "
                          "menandatangani lembar ini dan mencatat penandatanganan di aplikasi.", STYLES["small"])]
    text = (f"Ditandatangani di Loket pada {tanggal_jam(signed['signed_at'])} oleh akun "
            f"{signed['signed_by']}. Sidik data: {signed['digest'][:16]}…")
    out = [Paragraph(text, ParagraphStyle("ok", parent=STYLES["small"], textColor=TEAL))]
    left_open = (signed.get("totals") or {}).get("tickets_open", 0)
    if left_open:
        out.append(Paragraph(f"Ditandatangani dengan {left_open} tiket belum selesai atas keputusan "
                             "penanggung jawab.", ParagraphStyle("open", parent=STYLES["value"], textColor=RED)))
    if signed.get("figures_changed"):
        out.append(Paragraph("⚠ Data hari ini telah berubah sejak ditandatangani (mis. transkripsi susulan): "
                             "angka di atas tidak sama dengan yang ditandatangani.",
                             ParagraphStyle("warn", parent=STYLES["value"], textColor=RED)))
    return out


def render_signoff_pdf(report: dict[str, Any], path: Path | str) -> Path:
    fonts.register()
    width = PAGE[0] - 36 * mm
    day = report["period"]["from"]
    signed = report.get("signoff") or {}
    story: list[Flowable] = header_block(report, width)
    story.append(Paragraph(
        f"Pada hari ini, {tanggal(day)}, di {report['site']['name']} telah dilakukan rekapitulasi "
        "pelayanan harian dan pemeriksaan catatan yang ditranskripsi dari formulir kertas, "
        "dengan hasil sebagai berikut.", STYLES["body"]))
    sub = ParagraphStyle("sub", parent=STYLES["body"], leftIndent=12, textColor=GREY)
    totals = [[Paragraph(TOTAL_LABELS.get(k, k).strip(), sub if TOTAL_LABELS.get(k, "").startswith(" ")
                         else STYLES["body"]), Paragraph(str(v), STYLES["right"])]
              for k, v in report["day_totals"].items()]
    story.append(Paragraph("A. Rekapitulasi hari ini", STYLES["h2"]))
    grid = Table(totals, colWidths=[width - 30 * mm, 30 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, "#9CA3AF"),
                              ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    story.append(grid)
    records = [{"no": i, **r} for i, r in enumerate(report["paper_records"], 1)]
    story += table_flowables(ReportTable("transkripsi", "B. Catatan yang ditranskripsi dari formulir kertas",
                                         RECORD_COLUMNS, records,
                                         note=f"{len(records)} catatan; formulir kertas asli disimpan sebagai arsip."),
                             width)
    verifier = signed.get("verifier_name")
    story.append(Paragraph("C. Pemeriksaan", STYLES["h2"]))
    story.append(Paragraph(
        "Setiap catatan pada bagian B telah dicocokkan dengan formulir kertas aslinya oleh "
        f"{verifier or '.' * 40} dan dinyatakan sesuai.", STYLES["body"]))
    if signed.get("note"):
        story.append(Paragraph(f"Catatan: {signed['note']}", STYLES["body"]))
    story.append(Spacer(1, 8 * mm))
    half = width / 2
    blocks = Table([[_signature("Pemeriksa transkripsi", verifier, half - 6 * mm),
                     _signature("Penanggung jawab layanan", signed.get("supervisor_name"), half - 6 * mm)]],
                   colWidths=[half, half])
    story.append(KeepTogether([blocks, Spacer(1, 4 * mm), *_status(report)]))
    return build_document(path, story, letterhead(report), page_size=PAGE)
