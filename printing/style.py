"""The house style of every A4 document Loket prints: colours, paragraph styles, the page frame.

Receipts, blank forms and the supervisors' reports share it, so every paper that leaves
the counter carries the same site header and footer. ``build_document`` is the one call
a flowable-based document needs; canvas-drawn pages use ``draw_header``/``draw_footer``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from . import fonts

PAGE = A4
MARGIN = 18 * mm
HEADER_H = 20 * mm
FOOTER_H = 12 * mm

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F8E")
RED = colors.HexColor("#B3261E")
GREY = colors.HexColor("#6B7280")
LINE = colors.HexColor("#9CA3AF")
SHADE = colors.HexColor("#E8EEF5")
INK = colors.black
SERIES = [NAVY, TEAL, colors.HexColor("#D08C2B"), colors.HexColor("#7A5195"), RED, GREY]


@dataclass(frozen=True)
class Letterhead:
    """What the page frame prints: the site, the document title and an optional number."""

    site_name: str
    site_code: str
    title: str
    doc_no: str = ""
    printed_at: str = ""
    note: str = ""


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=GREY),
        "label": ParagraphStyle("label", parent=base, fontSize=8.5, leading=11, textColor=GREY),
        "value": ParagraphStyle("value", parent=base, fontName=fonts.SANS_BOLD),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.SANS_BOLD, fontSize=15,
                                leading=19, textColor=NAVY, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, textColor=GREY),
        "h2": ParagraphStyle("h2", parent=base, fontName=fonts.SANS_BOLD, fontSize=11, leading=14,
                             textColor=NAVY, spaceBefore=8, spaceAfter=3),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "mono": ParagraphStyle("mono", parent=base, fontName=fonts.MONO, fontSize=9),
    }


STYLES = _styles()


def canvas(path: Path | str, head: Letterhead, page_size=PAGE) -> Canvas:
    """A canvas for hand-drawn pages (forms) with the bundled font as its initial font."""
    fonts.register()
    c = Canvas(str(path), pagesize=page_size, initialFontName=fonts.SANS)
    c.setTitle(head.title)
    c.setAuthor(head.site_name)
    c.setSubject(head.doc_no or head.title)
    c.setCreator("Loket")
    return c


def header_bottom(page_size=PAGE) -> float:
    """The y of the header rule: content starts below it."""
    return page_size[1] - MARGIN - 5 * mm


def draw_header(c: Canvas, head: Letterhead, page_size=PAGE) -> float:
    """Site name, document title and number at the top; returns the y below the header rule."""
    width, height = page_size
    top = header_bottom(page_size) + 11 * mm
    c.saveState()
    c.setFillColor(NAVY)
    c.setFont(fonts.SANS_BOLD, 11)
    c.drawString(MARGIN, top - 4 * mm, head.site_name)
    c.setFont(fonts.SANS, 8)
    c.setFillColor(GREY)
    c.drawString(MARGIN, top - 8.5 * mm, f"Kode lokasi {head.site_code}")
    c.setFillColor(NAVY)
    c.setFont(fonts.SANS_BOLD, 9)
    c.drawRightString(width - MARGIN, top - 4 * mm, head.title)
    if head.doc_no:
        c.setFont(fonts.MONO_BOLD, 9)
        c.setFillColor(INK)
        c.drawRightString(width - MARGIN, top - 8.5 * mm, head.doc_no)
    c.setStrokeColor(NAVY)
    c.setLineWidth(1.2)
    y = header_bottom(page_size)
    c.line(MARGIN, y, width - MARGIN, y)
    c.restoreState()
    return y


def draw_footer(c: Canvas, head: Letterhead, page_size=PAGE) -> None:
    width, _ = page_size
    y = MARGIN - 8 * mm
    c.saveState()
    c.setStrokeColor(LINE)
    c.setLineWidth(0.5)
    c.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
    c.setFont(fonts.SANS, 7)
    c.setFillColor(GREY)
    left = head.note or f"{head.site_name} · {head.title}"
    if head.printed_at:
        left += f" · dicetak {head.printed_at}"
    c.drawString(MARGIN, y, left)
    c.drawRightString(width - MARGIN, y, f"Halaman {c.getPageNumber()}")
    c.restoreState()


def build_document(path: Path | str, story: Sequence[Flowable], head: Letterhead,
                   *, page_size=PAGE) -> Path:
    """Write a flowable story to ``path`` inside the site's page frame; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    def frame(c: Canvas, _doc) -> None:
        draw_header(c, head, page_size)
        draw_footer(c, head, page_size)

    doc = SimpleDocTemplate(
        str(path), pagesize=page_size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H - 6 * mm, bottomMargin=MARGIN + FOOTER_H - 8 * mm,
        title=head.title, author=head.site_name, subject=head.doc_no or head.title, creator="Loket",
        initialFontName=fonts.SANS,  # no unembedded Helvetica in the file
    )
    doc.build(list(story), onFirstPage=frame, onLaterPages=frame)
    return path


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle whose cells use the bundled font (reportlab's default Helvetica is not embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SANS), *commands])


def draw_qr(c: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw a QR code of ``data`` with its lower-left corner at (x, y), ``size`` wide."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    c.saveState()
    c.setFillColor(colors.black)
    for r, row in enumerate(matrix):
        for col, dark in enumerate(row):
            if dark:
                c.rect(x + col * cell, y + size - (r + 1) * cell, cell, cell, stroke=0, fill=1)
    c.restoreState()


class QrFlowable(Flowable):
    """A QR code as a flowable (drawn as plain rectangles: no font enters the PDF)."""

    def __init__(self, data: str, size: float = 28 * mm):
        super().__init__()
        self.data = data
        self.width = self.height = size

    def draw(self) -> None:
        draw_qr(self.canv, self.data, 0, 0, self.width)


def qr_drawing(data: str, size: float = 28 * mm) -> QrFlowable:
    """A QR code of ``data`` as a flowable ``size`` wide."""
    return QrFlowable(data, size)
