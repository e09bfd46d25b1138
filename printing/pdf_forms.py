"""Blank A4 paper forms for the manual tier: registration, SKM questionnaire, complaint.

Every printed copy carries its own form number (``F-REG-<SITE>-<YYMMDD>-<DEVICE>-<NNNN>``)
as text and as a QR code; the numbers are recorded in the core, so a form transcribed
later links back to its paper original. The registration and complaint forms are drawn
from the layouts in :mod:`counter_app.forms`, the same ones the on-screen forms use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from counter_app import forms, printjobs
from counter_app.catalog import Service, get_service
from counter_app.formatting import tanggal
from counter_app.i18n import _
from counter_app.session import Session
from counter_app.site import site_info

from . import fonts, skm_questions
from .style import (
    GREY,
    INK,
    LINE,
    MARGIN,
    NAVY,
    PAGE,
    SHADE,
    Letterhead,
    canvas,
    draw_footer,
    draw_header,
    draw_qr,
)

KINDS = ("registration", "skm", "complaint")
WIDTH, HEIGHT = PAGE
LEFT, RIGHT = MARGIN, WIDTH - MARGIN
LABEL_W = 44 * mm
GENERIC_REQUIREMENTS = (
    "KTP-el (asli/fotokopi)", "Kartu Keluarga (asli/fotokopi)", "Akta kelahiran",
    "Pas foto", "Surat pengantar RT/RW/kelurahan", "Surat kuasa (bila dikuasakan)",
    "Dokumen lain: ........................................................",
)
TITLES = {"registration": "Formulir pendaftaran", "skm": "Kuesioner SKM", "complaint": "Formulir pengaduan"}


class FormPage:
    """A cursor down one A4 page with the drawing primitives of a paper form."""

    def __init__(self, c: Canvas, top: float):
        self.c = c
        self.y = top

    def text(self, x: float, y: float, text: str, size: float = 9, bold: bool = False, color=INK) -> None:
        self.c.setFont(fonts.SANS_BOLD if bold else fonts.SANS, size)
        self.c.setFillColor(color)
        self.c.drawString(x, y, text)

    def wrapped(self, x: float, text: str, width: float, size: float = 9, bold: bool = False,
                color=INK, leading: float | None = None) -> None:
        leading = leading or size * 1.3
        for line in simpleSplit(text, fonts.SANS_BOLD if bold else fonts.SANS, size, width):
            self.y -= leading
            self.text(x, self.y, line, size, bold, color)

    def box(self, x: float, y: float, w: float, h: float) -> None:
        self.c.setStrokeColor(INK)
        self.c.setLineWidth(0.6)
        self.c.rect(x, y, w, h, stroke=1, fill=0)

    def section(self, title: str) -> None:
        self.y -= 9 * mm
        self.c.setFillColor(SHADE)
        self.c.rect(LEFT, self.y - 1.6 * mm, RIGHT - LEFT, 6 * mm, stroke=0, fill=1)
        self.text(LEFT + 2 * mm, self.y, title, 9.5, bold=True, color=NAVY)
        self.y -= 1 * mm

    def label(self, label: str, required: bool, hint: str = "") -> None:
        """The label in the left column (wrapped to it), a small grey hint below."""
        lines = simpleSplit(label + (" *" if required else ""), fonts.SANS, 9, LABEL_W - 3 * mm)
        for i, line in enumerate(lines):
            self.text(LEFT, self.y - i * 3.6 * mm, line, 9)
        if hint:
            below = self.y - (len(lines) - 1) * 3.6 * mm - 3.2 * mm
            for i, line in enumerate(simpleSplit(hint, fonts.SANS, 6.5, LABEL_W - 3 * mm)[:2]):
                self.text(LEFT, below - i * 2.6 * mm, line, 6.5, color=GREY)

    def line(self, x0: float, x1: float, y: float) -> None:
        self.c.setStrokeColor(LINE)
        self.c.setLineWidth(0.5)
        self.c.setDash(1, 2)
        self.c.line(x0, y, x1, y)
        self.c.setDash()

    def boxes(self, x: float, count: int, size: float = 6 * mm) -> float:
        for i in range(count):
            self.box(x + i * size, self.y - 1.8 * mm, size, size)
        return x + count * size

    def checkbox(self, x: float, label: str, size: float = 3.4 * mm, text_size: float = 8.5) -> float:
        self.box(x, self.y - 0.6 * mm, size, size)
        self.text(x + size + 1.5 * mm, self.y, label, text_size)
        return x + size + 3 * mm + self.c.stringWidth(label, fonts.SANS, text_size) + 3 * mm


def _field(page: FormPage, field: forms.FormField, *, service: Service | None) -> None:
    x = LEFT + LABEL_W
    page.y -= 8 * mm
    if field.kind == forms.CHECKLIST:
        _checklist(page, field, service)
        return
    page.label(field.label, field.required, field.hint)
    if field.key == "service" and service is not None:
        page.text(x, page.y, f"{service.name} ({service.code})", 9.5, bold=True)
        page.line(x, RIGHT, page.y - 1.5 * mm)
    elif field.kind == forms.BOXES:
        page.boxes(x, field.boxes)
    elif field.kind == forms.DATE:
        end = page.boxes(x, 2)
        page.text(end + 1 * mm, page.y, "-", 10)
        end = page.boxes(end + 4 * mm, 2)
        page.text(end + 1 * mm, page.y, "-", 10)
        end = page.boxes(end + 4 * mm, 4)
        page.text(end + 2 * mm, page.y, field.hint, 7, color=GREY)
    elif field.kind == forms.CHOICE and field.options:
        cx = x
        for _value, label in field.options:
            if cx + page.c.stringWidth(label, fonts.SANS, 8.5) + 8 * mm > RIGHT:
                page.y -= 5.5 * mm
                cx = x
            cx = page.checkbox(cx, label)
    elif field.kind == forms.LONG_TEXT:
        lines = 8 if field.key == "text" else 3
        for i in range(lines):
            page.line(x, RIGHT, page.y - 1.5 * mm - i * 6.5 * mm)
        page.y -= (lines - 1) * 6.5 * mm
    else:
        page.line(x, RIGHT, page.y - 1.5 * mm)


WHEN_MARK = "(bila berlaku)"
ONE_OF_HEAD = "Salah satu dari:"


def checklist_lines(service: Service | None) -> list[tuple[str, str, bool]]:
    """The requirement checklist as printed, in order: (text, kind, indented). Each one-of group
    is printed together under ``Salah satu dari:`` where its first member stands; a requirement
    that applies only in a case ends with ``(bila berlaku)``; kind is the catalogue rule's."""
    if service is None or not service.requirements:
        return [(item, "wajib", False) for item in GENERIC_REQUIREMENTS]
    rule = service.requirement_rule
    lines: list[tuple[str, str, bool]] = []
    done: set[str] = set()
    for item in service.requirements:
        if item in done:
            continue
        group = rule.group_of(item)
        if group:
            lines.append((ONE_OF_HEAD, "head", False))
            lines += [(member, "salah_satu", True) for member in group]
            done.update(group)
        elif rule.kind(item) == "bila_berlaku":
            lines.append((f"{item} {WHEN_MARK}", "bila_berlaku", False))
        else:
            lines.append((item, "wajib", False))
    return lines


def _checklist(page: FormPage, field: forms.FormField, service: Service | None) -> None:
    note = (f"Persyaratan layanan {service.code}" if service and service.requirements
            else "Persyaratan umum (coret yang tidak perlu)")
    page.text(LEFT, page.y, f"{note} – {field.hint}:", 8.5, color=GREY)
    for text, kind, indented in checklist_lines(service):
        x = LEFT + (6 * mm if indented else 0)
        page.y -= 1.2 * mm
        if kind == "head":
            page.y -= 3.4 * mm
            page.text(LEFT + 2 * mm, page.y, text, 8, color=GREY)
            continue
        top = page.y
        page.y -= 4.4 * mm
        page.box(x + 2 * mm, page.y - 0.6 * mm, 3.4 * mm, 3.4 * mm)
        page.y = top
        page.wrapped(x + 8 * mm, text, RIGHT - x - 8 * mm, 8.5, leading=4.4 * mm)


def _signatures(page: FormPage, fields: list[forms.FormField], day_text: str) -> None:
    page.y -= 2 * mm
    note = next((f.hint for f in fields if f.hint), "")
    if note:
        page.wrapped(LEFT, note, RIGHT - LEFT, 8.5)
    page.y -= 4.5 * mm
    page.text(LEFT, page.y, f"Tanggal: {day_text}", 8.5)
    col = (RIGHT - LEFT) / len(fields)
    page.y -= 5 * mm
    for i, f in enumerate(fields):
        cx = LEFT + i * col + col / 2
        page.c.setFont(fonts.SANS, 9)
        page.c.setFillColor(INK)
        page.c.drawCentredString(cx, page.y, f.label)
        page.c.setStrokeColor(INK)
        page.c.line(cx - 30 * mm, page.y - 16 * mm, cx + 30 * mm, page.y - 16 * mm)
        page.c.setFont(fonts.SANS, 7)
        page.c.setFillColor(GREY)
        page.c.drawCentredString(cx, page.y - 19 * mm, "tanda tangan dan nama jelas")
    page.y -= 19 * mm


def _officer_box(page: FormPage, what: str) -> None:
    """The strip the officer fills in when the paper is transcribed."""
    y = MARGIN + 2 * mm
    page.c.setStrokeColor(NAVY)
    page.c.setLineWidth(0.8)
    page.c.rect(LEFT, y, RIGHT - LEFT, 11 * mm, stroke=1, fill=0)
    page.text(LEFT + 2 * mm, y + 7 * mm, "Diisi petugas saat transkripsi", 7.5, bold=True, color=NAVY)
    page.text(LEFT + 2 * mm, y + 2.5 * mm, f"{what}: ............................   "
              "Ditranskripsi tgl: ..................   Paraf: ..........", 7.5)


def _check_fits(page: FormPage, form_no: str) -> None:
    """A form that runs into the officer strip is a layout bug, not something to print."""
    if page.y < MARGIN + 14 * mm:
        raise RuntimeError(f"formulir {form_no} melebihi satu halaman A4 ({page.y / mm:.0f} mm dari bawah)")


QR_SIZE = 24 * mm


def qr_box(header_bottom: float) -> tuple[float, float, float]:
    """(x, y, size) of the form-number QR, lower-left corner, below the header rule."""
    return RIGHT - QR_SIZE, header_bottom - 2 * mm - QR_SIZE, QR_SIZE


def _frame(c: Canvas, head: Letterhead, title: str, subtitle: str, form_no: str) -> FormPage:
    top = draw_header(c, head)
    draw_footer(c, head)
    page = FormPage(c, top - 9 * mm)
    qx, qy, qr = qr_box(top)
    draw_qr(c, form_no, qx, qy, qr)
    c.setFont(fonts.MONO, 6.5)
    c.drawRightString(RIGHT, qy - 3 * mm, form_no)
    page.text(LEFT, page.y, title, 15, bold=True, color=NAVY)
    page.y -= 1 * mm
    page.wrapped(LEFT, subtitle, RIGHT - LEFT - qr - 6 * mm, 8.5, color=GREY)
    page.y = min(page.y, top - 2 * mm - qr - 4 * mm)
    return page


def _layout_page(c: Canvas, head: Letterhead, layout: forms.FormLayout, form_no: str,
                 service: Service | None, day_text: str, subtitle: str, officer: str) -> None:
    page = _frame(c, head, layout.title, subtitle, form_no)
    for section in layout.sections:
        signatures = [f for f in section.fields if f.kind == forms.SIGNATURE]
        page.section(section.title)
        for field in section.fields:
            if field.kind != forms.SIGNATURE:
                _field(page, field, service=service)
        if signatures:
            _signatures(page, signatures, day_text)
    _officer_box(page, officer)
    _check_fits(page, form_no)
    c.showPage()


def _skm_page(c: Canvas, head: Letterhead, form_no: str, service: Service | None, day_text: str) -> None:
    q = skm_questions.load()
    page = _frame(c, head, "SURVEI KEPUASAN MASYARAKAT (SKM)", q["intro"], form_no)
    page.y -= 5 * mm
    page.text(LEFT, page.y, "Layanan yang diterima:", 9)
    if service is not None:
        page.text(LEFT + LABEL_W, page.y, f"{service.name} ({service.code})", 9, bold=True)
    page.line(LEFT + LABEL_W, RIGHT, page.y - 1.5 * mm)
    page.y -= 6 * mm
    page.text(LEFT, page.y, "Tanggal survei:", 9)
    page.line(LEFT + LABEL_W, LEFT + LABEL_W + 45 * mm, page.y - 1.5 * mm)
    page.section(q["profile_title"])
    for field in q["profile"]:
        _field(page, field, service=None)
        page.y += 2.5 * mm
    page.section("Pendapat Saudara tentang pelayanan (beri tanda ✓ satu jawaban per unsur)")
    col = (RIGHT - LEFT - 8 * mm) / 4
    for item in q["unsur"]:
        page.y -= 1.2 * mm
        page.wrapped(LEFT, f"{item['code']}. {item['name']}", RIGHT - LEFT, 8.5, bold=True, leading=3.9 * mm)
        page.wrapped(LEFT + 8 * mm, item["question"], RIGHT - LEFT - 8 * mm, 8, leading=3.6 * mm)
        page.y -= 4.6 * mm
        wraps = [simpleSplit(f"{'abcd'[i]}. {a}", fonts.SANS, 7.8, col - 7 * mm)
                 for i, a in enumerate(item["answers"])]
        for i, lines in enumerate(wraps):
            x = LEFT + 8 * mm + i * col
            page.box(x, page.y - 0.6 * mm, 3.4 * mm, 3.4 * mm)
            for j, text in enumerate(lines):
                page.text(x + 4.9 * mm, page.y - j * 3.3 * mm, text, 7.8)
        page.y -= (max(len(w) for w in wraps) - 1) * 3.3 * mm
    page.section("Saran dan masukan")
    for _row in range(2):
        page.y -= 6.5 * mm
        page.line(LEFT, RIGHT, page.y)
    _officer_box(page, "No. respons SKM")
    _check_fits(page, form_no)
    c.showPage()


def write_forms(session: Session, kind: str, path: Path | str, *, copies: int = 1,
                service_code: str | None = None) -> dict[str, Any]:
    """Number ``copies`` blank forms of ``kind`` in the core and write them, one page each, to ``path``."""
    if kind not in KINDS:
        from counter_app.errors import ValidationError

        raise ValidationError("form", _("formulir harus salah satu dari {choices}").format(choices=", ".join(KINDS)))
    service = get_service(session, service_code) if service_code else None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    numbers = printjobs.issue_form_numbers(session, kind, copies, service.code if service else None)
    info = site_info(session)
    day_text = "....../....../.........."
    issued = tanggal(session.today())
    first = Letterhead(info.name, info.code, TITLES[kind], numbers[0])
    c = canvas(path, first)
    for no in numbers:
        head = Letterhead(info.name, info.code, TITLES[kind], no, note=f"{TITLES[kind]} · dicetak {issued}")
        if kind == "registration":
            sub = ("Isi dengan huruf cetak. Bertanda * wajib diisi. Serahkan formulir ini bersama "
                   "persyaratan kepada petugas loket.")
            _layout_page(c, head, forms.REGISTRATION_FORM, no, service, day_text, sub, "No. registrasi")
        elif kind == "complaint":
            sub = ("Pengaduan dapat disampaikan tanpa nama. Petugas memberi nomor pelacakan untuk "
                   "mengikuti tindak lanjutnya; pengaduan juga dapat diteruskan ke SP4N-LAPOR!.")
            _layout_page(c, head, forms.COMPLAINT_FORM, no, service, day_text, sub, "No. pengaduan")
        else:
            _skm_page(c, head, no, service, day_text)
    c.save()
    return {"form": kind, "pdf": str(path), "numbers": numbers, "copies": len(numbers),
            "service": service.code if service else None}
