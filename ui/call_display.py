"""The call display for a second screen or a TV in the waiting hall.

Shows the number being called in very large type, the ticket now served at every counter
and the last calls, with a caption of the spoken announcement for people who cannot hear
it. It reads the queue through the core (``last_calls``, ``list_queue``) when ``ctx.changed``
fires and on a timer (calls made on another counter PC arrive through sync), and hands each
new call to an :class:`ui.announcer.Announcer`. Type sizes follow the window height, so the
same layout reads from across a hall at 1366×768 and at 1920×1080.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog
from counter_app.formatting import tanggal_jam
from counter_app.site import site_info

from .announcer import Announcement, Announcer
from .call_board import Board, Call, new_calls, read_board

REFRESH_MS = 2000
FLASH_TIMES = 6
FLASH_MS = 450

BG = "#0b2545"
PANEL = "#13315c"
ACCENT = "#ffd166"
TEXT = "#ffffff"
MUTED = "#b8c7e0"


def _label(text: str = "", color: str = TEXT, bold: bool = False, align=Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel(text)
    label.setAlignment(align)
    label.setStyleSheet(f"color: {color}; background: transparent;")
    font = label.font()
    font.setBold(bold)
    label.setFont(font)
    return label


def _size(label: QLabel, pixels: float, width: float | None = None) -> None:
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
        _size(self, self.height() * self.fill, self.width() - margins.left() - margins.right() - 4)


class CallDisplayView(QWidget):
    """The board itself; give it an announcer to speak new calls, none for a silent preview."""

    def __init__(self, ctx, announcer: Announcer | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.announcer = announcer
        self.board: Board | None = None
        self._seen: set | None = None
        self._highlight: Announcement | Call | None = None
        self._flashes = 0
        self._services: dict[str, str] = {}

        self.setObjectName("callDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#callDisplay {{ background: {BG}; }} QFrame#panel {{ background: {PANEL};"
                           " border-radius: 12px; }")

        self.site = _label(color=TEXT, bold=True, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.clock = _label(color=MUTED, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(self.site, 1)
        header.addWidget(self.clock)

        self.call_panel = QFrame(objectName="panel")
        self.call_title = _label(self.tr("NOMOR ANTREAN"), MUTED, bold=True)
        self.call_number = _label("—", ACCENT, bold=True)
        self.call_number.setObjectName("calledNumber")
        self.call_counter = _label("", TEXT, bold=True)
        self.call_counter.setObjectName("calledCounter")
        self.call_service = _label("", MUTED)
        self.call_service.setWordWrap(True)
        left = QVBoxLayout(self.call_panel)
        left.addStretch(1)
        for w in (self.call_title, self.call_number, self.call_counter, self.call_service):
            left.addWidget(w)
        left.addStretch(1)

        self.counters_panel = QFrame(objectName="panel")
        right = QVBoxLayout(self.counters_panel)
        self.counters_title = _label(self.tr("SEDANG DILAYANI"), MUTED, bold=True)
        right.addWidget(self.counters_title)
        self.counters_grid = QGridLayout()
        right.addLayout(self.counters_grid, 1)

        middle = QHBoxLayout()
        middle.addWidget(self.call_panel, 3)
        middle.addWidget(self.counters_panel, 2)

        self.recent_title = _label(self.tr("Panggilan terakhir"), MUTED, bold=True,
                                   align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.recent_row = QHBoxLayout()
        self.caption = _label("", TEXT, align=Qt.AlignmentFlag.AlignCenter)
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)

        outer = QVBoxLayout(self)
        outer.addLayout(header)
        outer.addLayout(middle, 1)
        outer.addWidget(self.recent_title)
        outer.addLayout(self.recent_row)
        outer.addWidget(self.caption)
        self._outer = outer

        self._refresh_timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._clock_timer = QTimer(self, interval=1000, timeout=self._tick)
        self._flash_timer = QTimer(self, interval=FLASH_MS, timeout=self._flash)
        ctx.changed.connect(self._on_changed)
        if announcer is not None:
            announcer.started.connect(self._announcing)
            announcer.finished.connect(self._announced)
        self._idle_caption()
        self.refresh()

    # ------------------------------------------------------------------ data
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Poll only while someone can see the board (a hidden preview costs nothing)."""
        super().showEvent(event)
        self.refresh()
        self._refresh_timer.start()
        self._clock_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._refresh_timer.stop()
        self._clock_timer.stop()

    def _on_changed(self, what: str) -> None:
        if what in ("queue", "all", "sync", ""):
            self.refresh()

    def refresh(self) -> None:
        try:
            self._refresh()
        except sqlite3.ProgrammingError:  # the app is closing its database: stop polling it
            self._refresh_timer.stop()
            self._clock_timer.stop()

    def _refresh(self) -> None:
        session = self.ctx.session
        if not self._services:
            self._services = {s.code: s.name for s in catalog.list_services(session)}
            self.site.setText(site_info(session).name)
        board = read_board(session)
        fresh = new_calls(self._seen, board)
        self._seen = {c.key for c in board.recent}
        if board != self.board:
            self.board = board
            self._show_board()
        spoken = [
            call for call in fresh
            if self.announcer is not None and self.announcer.announce(call.number, call.counter, recall=call.recall)
        ]
        if fresh and not spoken:  # silent: the flash alone draws the eye
            self._start_flash(fresh[-1])
        self._tick()

    # ------------------------------------------------------------------ showing
    def _tick(self) -> None:
        try:
            now = self.ctx.session.now()
        except sqlite3.ProgrammingError:  # database closed under us (the app is quitting)
            self._clock_timer.stop()
            return
        self.clock.setText(tanggal_jam(now, self.ctx.language))

    def _show_board(self) -> None:
        self._show_called()
        while self.counters_grid.count():
            item = self.counters_grid.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        rows = self.board.serving
        columns = 1 if len(rows) <= 7 else 2 if len(rows) <= 16 else 3
        per_column = max(1, -(-len(rows) // columns))
        for i, (counter, number, _service) in enumerate(rows):
            name = FitLabel(self.counter_name(counter), TEXT, fill=0.5,
                            align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            ticket = FitLabel(number, ACCENT, bold=True, fill=0.65,
                              align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            ticket.setObjectName("servingNumber")
            col, row = divmod(i, per_column)
            self.counters_grid.addWidget(name, row, col * 2)
            self.counters_grid.addWidget(ticket, row, col * 2 + 1)
        if not rows:
            idle = FitLabel(self.tr("Belum ada loket yang melayani"), MUTED, fill=0.4)
            self.counters_grid.addWidget(idle, 0, 0)
        rows_shown = max(per_column, 6)  # a few counters keep a readable size, not giant
        for row in range(max(self.counters_grid.rowCount(), rows_shown)):
            self.counters_grid.setRowStretch(row, 1 if row < rows_shown else 0)
        for col in range(self.counters_grid.columnCount()):
            self.counters_grid.setColumnStretch(col, 1)
        self.counters_grid.setHorizontalSpacing(int(self._unit() * 3))

        while self.recent_row.count():
            item = self.recent_row.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        recent, shown = [], {self.board.recent[0].number} if self.board.recent else set()
        for call in self.board.recent[1:]:
            if call.number not in shown:  # a recalled ticket appears once
                shown.add(call.number)
                recent.append(call)
        for call in recent[:6]:
            where = self.counter_name(call.counter)
            tile = FitLabel(f"{call.number}  ›  {where}", TEXT,
                            fill=0.55, style=f"background: {PANEL}; border-radius: 8px; padding: 2px 6px;")
            tile.setObjectName("recentCall")
            self.recent_row.addWidget(tile, 1)
        if not recent:
            self.recent_row.addWidget(FitLabel("—", MUTED, fill=0.55), 1)
        for i in range(self.recent_row.count()):
            self.recent_row.itemAt(i).widget().setFixedHeight(int(self._unit() * 6))

    def _show_called(self) -> None:
        shown = self._highlight or (self.board.recent[0] if self.board and self.board.recent else None)
        if shown is None:
            self.call_number.setText("—")
            self.call_counter.setText(self.tr("Silakan menunggu nomor Anda dipanggil"))
            self.call_service.setText("")
            self._fit_called()
            return
        service = getattr(shown, "service", None) or self._service_of(shown.number)
        self.call_number.setText(shown.number)
        self.call_counter.setText(self.counter_name(shown.counter).upper())
        self.call_service.setText(self._services.get(service, ""))
        self._fit_called()

    def _fit_called(self) -> None:
        u, width = self._unit(), self.call_panel.width() * 0.9
        _size(self.call_number, u * 22, width)
        _size(self.call_counter, u * 9, width)

    def counter_name(self, counter: str) -> str:
        """'3' -> 'Loket 3'; a name that already says where ('Loket 3', 'Gerai Samsat') is kept."""
        if counter[:1].isdigit() or len(counter) <= 3:
            return self.tr("Loket %1").replace("%1", counter)
        return counter

    def _service_of(self, number: str) -> str:
        for call in self.board.recent if self.board else ():
            if call.number == number:
                return call.service
        return ""

    def _idle_caption(self) -> None:
        self.caption.setStyleSheet(f"color: {MUTED}; background: transparent;")
        self.caption.setText(self.tr("Siapkan dokumen Anda dan perhatikan nomor yang dipanggil"))

    def _announcing(self, item: Announcement) -> None:
        self.caption.setStyleSheet(f"color: {TEXT}; background: transparent;")
        self.caption.setText(item.text)
        self._start_flash(item)

    def _announced(self, _item: Announcement) -> None:
        if self.announcer is not None and not self.announcer.busy:
            self._idle_caption()
            self._highlight = None
            if not self._flash_timer.isActive():
                self._show_called()

    def _start_flash(self, item) -> None:
        self._highlight = item
        self._flashes = FLASH_TIMES
        self._show_called()
        self._flash_timer.start()

    def _flash(self) -> None:
        self._flashes -= 1
        on = self._flashes % 2 == 1
        self.call_number.setStyleSheet(f"color: {BG if on else ACCENT}; background: {ACCENT if on else 'transparent'};"
                                       " border-radius: 12px;")
        if self._flashes <= 0:
            self._flash_timer.stop()
            self.call_number.setStyleSheet(f"color: {ACCENT}; background: transparent;")
            if self.announcer is None or not self.announcer.busy:
                self._highlight = None
                self._show_called()

    # ------------------------------------------------------------------ sizes
    def _unit(self) -> float:
        """One hundredth of the height, limited by the width for very wide screens."""
        return min(self.height() / 100, self.width() / 160)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        u = self._unit()
        margin = int(u * 2)
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._outer.setSpacing(int(u * 1.5))
        _size(self.site, u * 4)
        _size(self.clock, u * 3)
        _size(self.call_title, u * 4)
        self._fit_called()
        _size(self.call_service, u * 3)
        _size(self.counters_title, u * 3.4)
        _size(self.recent_title, u * 3)
        _size(self.caption, u * 3)
        self.caption.setMinimumHeight(int(u * 5))
        for row in range(self.recent_row.count()):
            self.recent_row.itemAt(row).widget().setFixedHeight(int(u * 6))


class CallDisplayWindow(QWidget):
    """A top-level window holding the board, full screen on the chosen screen (Esc leaves)."""

    def __init__(self, ctx, announcer: Announcer | None = None, parent: QWidget | None = None):
        # a window of its own, owned by the page: it closes with the app, never outlives it
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Layar Panggilan Antrean"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.view = CallDisplayView(ctx, announcer, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1366, 768)

    def show_on(self, screen=None, full_screen: bool = True) -> None:
        if screen is not None:
            self.setScreen(screen)
            self.move(screen.geometry().topLeft())
        if full_screen:
            self.showFullScreen()
            self.setCursor(Qt.CursorShape.BlankCursor)
        else:
            self.show()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        else:
            super().keyPressEvent(event)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.unsetCursor()
        else:
            self.showFullScreen()
            self.setCursor(Qt.CursorShape.BlankCursor)
