"""Draw decoded ESC/POS (what the printer received) as a PNG picture or a slip-sized PDF.

The picture is made from the bytes, not from the ticket data, so a preview or a PDF
fallback shows exactly what the thermal printer would print: 203 dpi, font A 12x24 dots,
384 dots across on 58 mm paper and 576 on 80 mm; QR modules drawn at the printer's dot size.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import fonts
from .escpos_decode import QR, Cut, Decoded, Feed, Line, decode

DOTS = {58: 384, 80: 576}
CHAR_W, CHAR_H, LINE_H = 12, 24, 30
MARGIN = 24
_EC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
       "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def qr_matrix(data: str, ec: str = "L") -> list[list[bool]]:
    """The QR modules (True = dark) with a 2-module quiet zone, as the printer builds them."""
    code = qrcode.QRCode(error_correction=_EC.get(ec, _EC["L"]), border=2)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def _x(align: str, width: int, paper: int) -> int:
    if align == "center":
        return (paper - width) // 2
    if align == "right":
        return paper - width
    return 0


def _line_image(line: Line) -> Image.Image:
    st = line.style
    face = fonts.MONO_BOLD if st.bold else fonts.MONO
    font = ImageFont.truetype(str(fonts.font_path(face)), 20 * st.height)
    width = max(len(line.text), 1) * CHAR_W
    img = Image.new("L", (width * st.height, CHAR_H * st.height), 255)
    ImageDraw.Draw(img).text((0, 2 * st.height), line.text, font=font, fill=0)
    img = img.resize((width * st.width, CHAR_H * st.height), Image.LANCZOS)
    if st.invert:
        img = Image.eval(img, lambda v: 255 - v)
    return img


def render_png(data: bytes | Decoded, width_mm: int, path: Path | str | None = None) -> Image.Image:
    """The slip as a greyscale picture of thermal paper; saved to ``path`` when given."""
    doc = data if isinstance(data, Decoded) else decode(data)
    paper = DOTS[width_mm]
    parts: list[tuple[Image.Image | str | None, int, int]] = []  # (picture or "cut", x, height)
    for item in doc.items:
        if isinstance(item, Line):
            img = _line_image(item) if item.text else None
            h = LINE_H + CHAR_H * (item.style.height - 1)
            parts.append((img, _x(item.style.align, img.width if img else 0, paper), h))
        elif isinstance(item, QR):
            matrix = qr_matrix(item.data, item.ec)
            side = len(matrix) * item.size
            img = Image.new("L", (side, side), 255)
            draw = ImageDraw.Draw(img)
            for r, row in enumerate(matrix):
                for c, dark in enumerate(row):
                    if dark:
                        draw.rectangle([c * item.size, r * item.size, (c + 1) * item.size - 1,
                                        (r + 1) * item.size - 1], fill=0)
            parts.append((img, _x(item.align, side, paper), side))
        elif isinstance(item, Feed):
            parts.append((None, 0, LINE_H * item.lines))
        elif isinstance(item, Cut):
            parts.append(("cut", 0, 12))
    height = sum(h for _, _, h in parts) + 2 * MARGIN
    page = Image.new("L", (paper + 2 * MARGIN, height), 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for img, x, h in parts:
        if img == "cut":
            for x0 in range(0, page.width, 16):
                draw.line([x0, y + 6, x0 + 8, y + 6], fill=120, width=2)
        elif isinstance(img, Image.Image):
            page.paste(img, (MARGIN + x, y + (h - img.height if img.height < h else 0) // 2))
        y += h
    draw.rectangle([0, 0, page.width - 1, page.height - 1], outline=190)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.save(path)
    return page


def render_pdf(data: bytes | Decoded, width_mm: int, path: Path | str, *, title: str = "Tiket") -> Path:
    """The slip on a page as wide as the paper roll (58/80 mm), fonts embedded."""
    fonts.register()
    doc = data if isinstance(data, Decoded) else decode(data)
    dot = 25.4 / 203 * mm  # one printer dot at 203 dpi
    side_margin = (width_mm * mm - DOTS[width_mm] * dot) / 2
    heights = []
    for item in doc.items:
        if isinstance(item, Line):
            heights.append((LINE_H + CHAR_H * (item.style.height - 1)) * dot)
        elif isinstance(item, QR):
            heights.append(len(qr_matrix(item.data, item.ec)) * item.size * dot)
        elif isinstance(item, Feed):
            heights.append(LINE_H * item.lines * dot)
        else:
            heights.append(0)
    page_h = sum(heights) + 12 * mm
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(path), pagesize=(width_mm * mm, page_h), initialFontName=fonts.MONO)
    c.setTitle(title)
    c.setCreator("Loket")
    y = page_h - 6 * mm
    for item, h in zip(doc.items, heights, strict=True):
        if isinstance(item, Line) and item.text:
            st = item.style
            size = 20 * st.height * dot
            text_w = len(item.text) * CHAR_W * st.width * dot
            x = side_margin + _x(st.align, text_w / dot, DOTS[width_mm]) * dot
            t = c.beginText(x, y - h + (LINE_H - CHAR_H) * dot + 4 * st.height * dot)
            t.setFont(fonts.MONO_BOLD if st.bold else fonts.MONO, size)
            t.setHorizScale(100 * st.width / st.height)
            t.textOut(item.text)
            c.drawText(t)
        elif isinstance(item, QR):
            matrix = qr_matrix(item.data, item.ec)
            cell = item.size * dot
            x0 = side_margin + _x(item.align, len(matrix) * item.size, DOTS[width_mm]) * dot
            for r, row in enumerate(matrix):
                for col, dark in enumerate(row):
                    if dark:
                        c.rect(x0 + col * cell, y - (r + 1) * cell, cell, cell, stroke=0, fill=1)
        y -= h
    c.showPage()
    c.save()
    return path
