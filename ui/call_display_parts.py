"""Pieces of the hall call display: its colours, labels whose type fits their cell, sizing,
and the two lists it redraws (the counters serving, the last calls)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy

BG = "#0b2545"
PANEL = "#13315c"
ACCENT = "#ffd166"
TEXT = "#ffffff"
MUTED = "#b8c7e0"
STALE = "#f4a261"
BOARD_STYLE = f"#callDisplay {{ background: {BG}; }} QFrame#panel {{ background: {PANEL}; border-radius: 12px; }}"


def label(text: str = "", color: str = TEXT, bold: bool = False, align=Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel(text)
    label.setAlignment(align)
    label.setStyleSheet(f"color: {color}; background: transparent;")
    font = label.font()
    font.setBold(bold)
    label.setFont(font)
    return label


def fit_size(label: QLabel, pixels: float, width: float | None = None) -> None:
    """Set the type size in pixels, smaller if the text would not fit in ``width``."""
    font = QFont(label.font())
    font.setPixelSize(max(8, int(pixels)))
    if width:
        text_width = QFontMetrics(font).horizontalAdvance(label.text() or " ")
        if text_width > width:
            font.setPixelSize(max(8, int(pixels * width / text_width)))
    label.setFont(font)


class FitLabel(QLabel):
    """A label whose type fills its cell: ``fill`` of its height, shrunk to fit its width."""

    def __init__(self, text: str, color: str, bold: bool = False, fill: float = 0.6,
                 align=Qt.AlignmentFlag.AlignCenter, style: str = ""):
        super().__init__(text)
        self.fill = fill
        self.setAlignment(align)
        self.setStyleSheet(f"color: {color}; background: transparent; {style}")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        font = self.font()
        font.setBold(bold)
        self.setFont(font)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        margins = self.contentsMargins()
        fit_size(self, self.height() * self.fill, self.width() - margins.left() - margins.right() - 4)


def break_banner() -> QLabel:
    """The band over the board during a break ("Istirahat salat Jumat 11.30–13.00"), hidden
    while there is none."""
    banner = label("", BG, bold=True)
    banner.setObjectName("breakBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet(f"color: {BG}; background: {ACCENT}; border-radius: 12px; padding: 8px 16px;")
    banner.hide()
    return banner


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().hide()
            item.widget().deleteLater()


class ShrinkLabel(QLabel):
    """A one-line label of ``pixels`` type that shrinks its type to fit the width it gets,
    instead of widening the window (a long site name with its zones beside the stale mark)."""

    def __init__(self, color: str, bold: bool = False, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter):
        super().__init__()
        self.pixels = 16.0
        self.setAlignment(align)
        self.setStyleSheet(f"color: {color}; background: transparent;")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.font()
        font.setBold(bold)
        self.setFont(font)

    def fit(self, pixels: float | None = None) -> None:
        self.pixels = pixels or self.pixels
        fit_size(self, self.pixels, max(20, self.width() - 4))

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self.fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit()


def fill_serving(grid: QGridLayout, rows: list[tuple[str, str]], unit: float) -> None:
    """(counter name, ticket) pairs in up to three columns; a few counters keep a readable
    size instead of filling the panel with giant type."""
    clear_layout(grid)
    columns = 1 if len(rows) <= 7 else 2 if len(rows) <= 16 else 3
    per_column = max(1, -(-len(rows) // columns))
    for i, (counter, number) in enumerate(rows):
        name = FitLabel(counter, TEXT, fill=0.5, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        ticket = FitLabel(number, ACCENT, bold=True, fill=0.65,
                          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        ticket.setObjectName("servingNumber")
        col, row = divmod(i, per_column)
        grid.addWidget(name, row, col * 2)
        grid.addWidget(ticket, row, col * 2 + 1)
    if not rows:
        grid.addWidget(FitLabel("Belum ada loket yang melayani", MUTED, fill=0.4), 0, 0)
    rows_shown = max(per_column, 6)
    for row in range(max(grid.rowCount(), rows_shown)):
        grid.setRowStretch(row, 1 if row < rows_shown else 0)
    for col in range(grid.columnCount()):
        grid.setColumnStretch(col, 1)
    grid.setHorizontalSpacing(int(unit * 3))


def fill_recent(row: QHBoxLayout, tiles: list[str], unit: float) -> None:
    """The last calls as tiles in one row ("—" when there are none)."""
    clear_layout(row)
    for text in tiles:
        tile = FitLabel(text, TEXT, fill=0.55, style=f"background: {PANEL}; border-radius: 8px; padding: 2px 6px;")
        tile.setObjectName("recentCall")
        row.addWidget(tile, 1)
    if not tiles:
        row.addWidget(FitLabel("—", MUTED, fill=0.55), 1)
    for i in range(row.count()):
        row.itemAt(i).widget().setFixedHeight(int(unit * 6))
