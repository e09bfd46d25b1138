"""The bundled DejaVu fonts, registered once with reportlab and located for Pillow.

DejaVu Sans covers every Latin letter Indonesian names use (é, ñ, ü ...) and the ballot
boxes of the checklists; TrueType fonts registered here are embedded (subset) in PDFs.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
MONO = "DejaVuSansMono"
MONO_BOLD = "DejaVuSansMono-Bold"
FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf",
         MONO: "DejaVuSansMono.ttf", MONO_BOLD: "DejaVuSansMono-Bold.ttf"}


def font_path(name: str) -> Path:
    """The TTF file of one of the bundled fonts (``SANS``, ``SANS_BOLD``, ``MONO``, ``MONO_BOLD``)."""
    return Path(str(resources.files("resources.fonts") / FILES[name]))


@cache
def register() -> None:
    """Register the bundled fonts with reportlab (idempotent); bold maps to the bold face."""
    for name in FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    for regular, bold in ((SANS, SANS_BOLD), (MONO, MONO_BOLD)):
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 0, 1, regular)
        addMapping(regular, 1, 1, bold)
