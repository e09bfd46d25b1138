"""ESC/POS bytes for the thermal printer: the queue ticket and the registration receipt.

Both are rendered once into python-escpos's ``Dummy`` printer and the resulting bytes are
what every printer link receives, what tests decode and what the PNG/PDF previews draw.
Text is sent in code page 437 (every ESC/POS printer's default); typographic punctuation
is folded to ASCII first. 58 mm paper holds 32 characters a line, 80 mm holds 48.
"""

from __future__ import annotations

import textwrap
from typing import Any

from escpos.printer import Dummy

COLUMNS = {58: 32, 80: 48}
WIDTHS = tuple(COLUMNS)
ENCODING = "CP437"
_FOLD = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
                       "•": "*", "·": "-", "\u00a0": " "})


def columns(width_mm: int) -> int:
    if width_mm not in COLUMNS:
        from counter_app.errors import ValidationError
        from counter_app.i18n import _

        raise ValidationError("width", _("lebar kertas harus 58 atau 80 mm, bukan {width}").format(width=width_mm))
    return COLUMNS[width_mm]


def fold(text: str) -> str:
    """Text safe for code page 437: typographic punctuation becomes ASCII."""
    return str(text).translate(_FOLD)


class Slip:
    """A small writer over a Dummy printer: wrapped lines, label/value pairs, QR, cut."""

    def __init__(self, width_mm: int):
        self.cols = columns(width_mm)
        self.width_mm = width_mm
        self.p = Dummy(magic_encode_args={"disabled": True, "encoding": ENCODING})
        self.p.hw("INIT")

    def style(self, *, align: str = "left", bold: bool = False, size: int = 1, invert: bool = False) -> None:
        self.p.set(align=align, bold=bold, normal_textsize=size == 1,
                   custom_size=size > 1, width=size, height=size, invert=invert)

    def line(self, text: str = "", *, align: str = "left", bold: bool = False, size: int = 1,
             invert: bool = False) -> None:
        self.style(align=align, bold=bold, size=size, invert=invert)
        width = max(self.cols // size, 1)
        for part in textwrap.wrap(fold(text), width, break_on_hyphens=False) or [""]:
            self.p.textln(part)

    def rule(self, char: str = "-") -> None:
        self.style()
        self.p.textln(char * self.cols)

    def pair(self, label: str, value: str, label_width: int = 11) -> None:
        """``Label      : value`` with the value wrapped under itself (stacked on 58 mm)."""
        self.style()
        if self.cols < 40:
            self.p.textln(f"{label}:")
            for part in textwrap.wrap(fold(value), self.cols - 2, break_on_hyphens=False) or ["-"]:
                self.p.textln("  " + part)
            return
        lead = f"{label:<{label_width}}: "
        rest = max(self.cols - len(lead), 8)
        parts = textwrap.wrap(fold(value), rest, break_on_hyphens=False) or ["-"]
        self.p.textln(lead + parts[0])
        for part in parts[1:]:
            self.p.textln(" " * len(lead) + part)

    def bullet(self, mark: str, text: str) -> None:
        self.style()
        parts = textwrap.wrap(fold(text), self.cols - len(mark) - 1) or [""]
        self.p.textln(f"{mark} {parts[0]}")
        for part in parts[1:]:
            self.p.textln(" " * (len(mark) + 1) + part)

    def qr(self, data: str, size: int) -> None:
        self.style(align="center")
        self.p.qr(data, native=True, size=size)
        self.p.textln()

    def feed(self, lines: int = 1) -> None:
        self.p.ln(lines)

    def finish(self) -> bytes:
        self.style()
        self.p.cut()
        return self.p.output


def ticket_bytes(slip: dict[str, Any], width_mm: int = 80, reprint: bool = False) -> bytes:
    """The queue ticket: site and agency, service, big number, date and time, waiting, QR, footer."""
    s = Slip(width_mm)
    if reprint:
        s.line(" CETAK ULANG ", align="center", bold=True, size=2, invert=True)
    s.line(slip["site_name"], align="center", bold=True)
    s.line(slip["agency"], align="center")
    s.rule()
    s.line(slip["service_name"], align="center", bold=True)
    if slip.get("priority"):
        s.line(f"PRIORITAS: {slip['priority']}", align="center", bold=True)
    s.line("NOMOR ANTREAN", align="center")
    big = 6 if width_mm == 80 else 4
    while big > 2 and len(slip["number"]) * big > s.cols:
        big -= 1
    s.line(slip["number"], align="center", bold=True, size=big)
    s.line(slip["issued_at"], align="center")
    s.line(f"Antrean sebelum Anda: {slip['waiting_before']}", align="center", bold=True)
    if slip.get("standalone_note"):
        s.line(slip["standalone_note"], align="center", bold=True)
    s.qr(slip.get("position_url") or slip["tracking_code"], size=6 if width_mm == 80 else 5)
    if slip.get("position_url"):
        s.line("Pindai untuk melihat posisi antrean (Wi-Fi gedung)", align="center")
    s.line(f"Kode lacak: {slip['tracking_code']}", align="center")
    s.rule()
    s.line(slip["footer"], align="center")
    if reprint:
        s.line("CETAK ULANG", align="center", bold=True)
    return s.finish()


def receipt_bytes(slip: dict[str, Any], width_mm: int = 80, reprint: bool = False) -> bytes:
    """The registration receipt (tanda terima): number, service, masked NIK, requirements, fee, deadline."""
    s = Slip(width_mm)
    if reprint:
        s.line(" CETAK ULANG ", align="center", bold=True, size=2, invert=True)
    s.line("TANDA TERIMA PERMOHONAN", align="center", bold=True)
    s.line(slip["site_name"], align="center", bold=True)
    s.line(slip["agency"], align="center")
    s.rule()
    s.pair("No. daftar", slip["registration_id"])
    s.pair("Layanan", slip["service_name"])
    s.pair("Nama", slip["name"])
    s.pair("NIK", slip["nik_masked"])
    s.pair("Diterima", slip["received_at"])
    s.rule()
    s.line("Persyaratan ([x] = diterima):", bold=True)
    for item in slip["requirements_received"]:
        s.bullet("[x]", item)
    for item in slip["requirements_missing"]:
        s.bullet("[ ]", item)
    for item in slip.get("requirements_not_applicable", ()):
        s.bullet("[-]", f"{item} (tidak berlaku)")
    if not (slip["requirements_received"] or slip["requirements_missing"]
            or slip.get("requirements_not_applicable")):
        s.line("(tanpa persyaratan)")
    s.rule()
    s.pair("Biaya", slip["fee"])
    s.pair("Selesai", slip["deadline"])
    s.pair("Pengaduan", slip["complaint_channel"])
    s.feed()
    s.qr(slip["registration_id"], size=5 if width_mm == 80 else 4)
    s.line(slip["registration_id"], align="center")
    s.line("Simpan tanda terima ini untuk mengambil hasil layanan.", align="center")
    return s.finish()


def test_bytes(site_name: str, spec: str, width_mm: int = 80, when: str = "") -> bytes:
    """A test slip for setting up a printer: name, link, the ruler of one full line, QR, cut."""
    s = Slip(width_mm)
    s.line("TES PRINTER", align="center", bold=True, size=2)
    s.line("Loket", align="center", bold=True)
    s.line(site_name, align="center")
    s.line(when, align="center")
    s.rule("=")
    s.pair("Printer", spec)
    s.pair("Kertas", f"{width_mm} mm, {s.cols} karakter per baris")
    s.line("".join(str(i % 10) for i in range(1, s.cols + 1)))
    s.line("AaBbCc 0123456789 Rp 50.000", align="center")
    s.qr(f"LOKET-TES {spec}", size=4)
    s.line("Bila QR di atas terbaca, printer siap.", align="center")
    return s.finish()
