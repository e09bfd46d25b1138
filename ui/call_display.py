"""The call display for a second screen or a TV in the waiting hall.

Shows the number being called in very large type, the ticket now served at every counter
and the last calls, with a caption of the spoken announcement for people who cannot hear
it. It reads the queue through the core (:func:`ui.hall_display.read_hall`) when
``ctx.changed`` fires and whenever another connection commits (:class:`ui.hall_display.DbWatch`:
the hub's stream and the sync write through their own), and shows every new call in turn,
oldest first, each handed to the :class:`ui.announcer.Announcer` and held until it has been
said: a burst of calls waits its turn instead of being cut. A ticket finished, skipped or
marked absent leaves the big number. A display may show some gerai or services only (zones),
and marks its data stale when told (``stale_reason``). The public screen is always in
Indonesian, whatever language the officer's window uses. Type sizes follow the window
height, so the layout reads from across a hall at 1366×768 and at 1920×1080.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from counter_app import catalog
from counter_app.formatting import tanggal_jam
from counter_app.site import site_info

from . import hall_display as hall
from .announce import announcement_text
from .announcer import Announcement, Announcer
from .call_board import Call
from .call_display_parts import (
    ACCENT,
    BG,
    BOARD_STYLE,
    MUTED,
    STALE,
    TEXT,
    ShrinkLabel,
    break_banner,
    fill_recent,
    fill_serving,
    fit_size,
    label,
)
from .widgets.style import set_style

log = logging.getLogger(__name__)

REFRESH_MS = 30_000   # a full look now and then besides the change watch (the day turning over)
FLASH_TIMES = 6
FLASH_MS = 450
SILENT_SHOW_MS = 4000  # without sound, how long each new call holds the big number
SPEAK_LIMIT_MS = 20_000  # an announcement that never reports back does not stall the display

def _context_session(ctx):
    return ctx.session


class CallDisplayView(QWidget):
    """The board itself; give it an announcer to speak new calls, none for a silent preview.

    ``call_shown`` carries each new :class:`ui.call_board.Call` as it takes the big number.
    ``stale_reason``: a callable asked every second, returning None while the data is fresh,
    else the time of the last good contact or a text (see :func:`ui.hall_display.stale_text`).
    """

    call_shown = Signal(object)

    def __init__(self, ctx, announcer: Announcer | None = None, parent: QWidget | None = None,
                 zones: hall.Zones | None = None, stale_reason: Callable[[], Any] | None = None):
        super().__init__(parent)
        # the hall board is Indonesian whatever the officer's language (issue 16)
        self.setProperty("publicScreen", True)
        self.ctx = ctx
        self.announcer = announcer
        self.zones = zones or hall.Zones()
        self.stale_reason = stale_reason
        self._stale: Any = None
        self.state: hall.HallState | None = None
        self.feed = hall.CallFeed()
        self._waiting: deque[Call] = deque()  # new calls not yet shown, oldest first
        self._showing: Call | None = None
        self._flashes = 0
        self._services: dict[str, str] = {}
        self._gerai_of: dict[str, str] = {}

        self.setObjectName("callDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(BOARD_STYLE)

        self.site = ShrinkLabel(TEXT, bold=True)
        self.clock = label(color=MUTED, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.stale_mark = label("", BG, bold=True)
        self.stale_mark.setObjectName("staleMark")
        self.stale_mark.setStyleSheet(f"color: {BG}; background: {STALE}; border-radius: 8px; padding: 2px 12px;")
        self.stale_mark.hide()
        header = QHBoxLayout()
        header.addWidget(self.site, 1)
        header.addWidget(self.stale_mark)
        header.addWidget(self.clock)
        self.break_banner = break_banner()
        self._catalog: list[catalog.Service] = []

        self.call_panel = QFrame(objectName="panel")
        self.call_title = label("NOMOR ANTREAN", MUTED, bold=True)
        self.call_number = label("—", ACCENT, bold=True)
        self.call_number.setObjectName("calledNumber")
        self.call_counter = label("", TEXT, bold=True)
        self.call_counter.setObjectName("calledCounter")
        self.call_service = label("", MUTED)
        self.call_service.setWordWrap(True)
        left = QVBoxLayout(self.call_panel)
        left.addStretch(1)
        for w in (self.call_title, self.call_number, self.call_counter, self.call_service):
            left.addWidget(w)
        left.addStretch(1)

        self.counters_panel = QFrame(objectName="panel")
        right = QVBoxLayout(self.counters_panel)
        self.counters_title = label("SEDANG DILAYANI", MUTED, bold=True)
        right.addWidget(self.counters_title)
        self.counters_grid = QGridLayout()
        right.addLayout(self.counters_grid, 1)

        middle = QHBoxLayout()
        middle.addWidget(self.call_panel, 3)
        middle.addWidget(self.counters_panel, 2)

        self.recent_title = label("Panggilan terakhir", MUTED, bold=True,
                                   align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.recent_row = QHBoxLayout()
        self.caption = label("", TEXT, align=Qt.AlignmentFlag.AlignCenter)
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)

        outer = QVBoxLayout(self)
        outer.addLayout(header)
        outer.addWidget(self.break_banner)
        outer.addLayout(middle, 1)
        outer.addWidget(self.recent_title)
        outer.addLayout(self.recent_row)
        outer.addWidget(self.caption)
        self._outer = outer

        # the context's session, by a callable that holds the context, not this view: a bound
        # method kept by a child would be a cycle freed only by the garbage collector, on
        # whatever thread it runs (PySide crashed in a worker)
        self.watch = hall.DbWatch(functools.partial(_context_session, ctx), parent=self)
        self.watch.changed.connect(self.refresh)
        self._refresh_timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._clock_timer = QTimer(self, interval=1000, timeout=self._tick)
        self._flash_timer = QTimer(self, interval=FLASH_MS, timeout=self._flash)
        self._hold_timer = QTimer(self, singleShot=True, timeout=self._call_done)
        ctx.changed.connect(self._on_changed)
        if announcer is not None:
            announcer.started.connect(self._announcing)
            announcer.finished.connect(self._announced)
            announcer.failed.connect(self._announced)
        self._idle_caption()
        self.refresh()

    # ------------------------------------------------------------------ data
    @property
    def board(self):
        """What the board shows (:class:`ui.call_board.Board`), None before the first look."""
        return self.state.board if self.state else None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Watch only while someone can see the board (a hidden preview costs nothing)."""
        super().showEvent(event)
        self.refresh()
        self.watch.start()
        self._refresh_timer.start()
        self._clock_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._stop_timers()

    def _stop_timers(self) -> None:
        for timer in (self.watch.timer, self._refresh_timer, self._clock_timer):
            timer.stop()

    def _on_changed(self, what: str) -> None:
        if what in ("queue", "all", "sync", "hub", ""):
            self.refresh()

    def set_zones(self, zones: hall.Zones) -> None:
        self.zones = zones
        self._services = {}  # the header names the zone: read again
        self.refresh()

    def set_stale(self, value: Any) -> None:
        """Push-style alternative to ``stale_reason``: None when fresh, else a time or a text."""
        self._stale = value
        self._show_stale()

    def refresh(self) -> None:
        try:
            self._refresh()
        except sqlite3.ProgrammingError:  # the app is closing its database: stop polling it
            self._stop_timers()

    def _refresh(self) -> None:
        session = self.ctx.session
        if not self._services:
            self._services = {s.code: s.name for s in catalog.list_services(session)}
            self._gerai_of = hall.gerai_by_service(session)
            self._catalog = catalog.list_services(session)
            zone = sorted(self.zones.gerai) + [self._services.get(c, c) for c in sorted(self.zones.services)]
            self.site.setText(" · ".join([site_info(session).name, *zone]))
        state = hall.read_hall(session, self.zones, self._gerai_of)
        fresh = self.feed.new(state.calls)
        changed = state != self.state
        self.state = state
        for call in fresh:
            if (call.number, call.counter) in state.active:
                self._waiting.append(call)
            else:  # closed before this display saw it (a catch-up after an outage): listed only
                log.info("panggilan %s di %s sudah selesai saat tiba: tidak diumumkan", call.number, call.counter)
        if changed:
            self._show_board()
        if self._showing is None and self._waiting:
            self._next_call()
        self._tick()

    # ------------------------------------------------------------------ one call after another
    def _next_call(self) -> None:
        self._hold_timer.stop()
        if not self._waiting:
            self._showing = None
            self._idle_caption()
            if not self._flash_timer.isActive():
                self._show_called()
            return
        call = self._showing = self._waiting.popleft()
        self._start_flash()
        self.call_shown.emit(call)
        if self.announcer is not None and self.announcer.announce(call.number, call.counter, recall=call.recall):
            self._hold_timer.start(SPEAK_LIMIT_MS)  # the announcer's finished ends it sooner
        else:
            self._say(announcement_text(call.number, call.counter, recall=call.recall))
            self._hold_timer.start(SILENT_SHOW_MS)

    def _call_done(self) -> None:
        self._next_call()

    def _announcing(self, item: Announcement) -> None:
        self._say(item.text)

    def _announced(self, item: Announcement) -> None:
        call = self._showing
        if call is not None and (item.number, item.counter, item.recall) == (call.number, call.counter, call.recall):
            self._next_call()
        elif call is None and self.announcer is not None and not self.announcer.busy:
            self._idle_caption()  # a test announcement from the settings page ended

    def _say(self, text: str) -> None:
        set_style(self.caption, f"color: {TEXT}; background: transparent;")
        self.caption.setText(text)

    def _idle_caption(self) -> None:
        set_style(self.caption, f"color: {MUTED}; background: transparent;")
        self.caption.setText("Siapkan dokumen Anda dan perhatikan nomor yang dipanggil")

    # ------------------------------------------------------------------ showing
    def _tick(self) -> None:
        try:
            now = self.ctx.session.now()
        except sqlite3.ProgrammingError:  # database closed under us (the app is quitting)
            self._clock_timer.stop()
            return
        self.clock.setText(tanggal_jam(now, "id"))
        notice = hall.break_notice(self._catalog, self.zones, now)
        self.break_banner.setText(notice)
        self.break_banner.setVisible(bool(notice))
        self._show_stale(now)

    def _show_stale(self, now=None) -> None:
        value = self._stale
        if self.stale_reason is not None:
            try:
                value = self.stale_reason()
            except Exception:  # a broken hook must not stop the board; say the data may be old
                log.exception("stale_reason gagal")
                value = "Data belum diperbarui"
        text = hall.stale_text(value, now)
        self.stale_mark.setText(text)
        self.stale_mark.setVisible(bool(text))

    def _displayed(self) -> Call | None:
        """The call in the big panel: the one being announced while its ticket is still
        served, else the newest call still being served."""
        if self.state is None:
            return None
        if self._showing is not None and (self._showing.number, self._showing.counter) in self.state.active:
            return self._showing
        return self.state.current()

    def _show_board(self) -> None:
        self._show_called()
        fill_serving(self.counters_grid, [(self.counter_name(c), n) for c, n, _s in self.state.board.serving],
                     self._unit())
        self._show_recent()

    def _show_recent(self) -> None:
        big = self._displayed()
        recent, shown = [], {big.number} if big else set()
        for call in self.state.calls if self.state else ():
            if call.number not in shown:  # a recalled ticket appears once
                shown.add(call.number)
                recent.append(f"{call.number}  ›  {self.counter_name(call.counter)}")
            if len(recent) == 6:
                break
        fill_recent(self.recent_row, recent, self._unit())

    def _show_called(self) -> None:
        shown = self._displayed()
        if shown is None:
            self.call_number.setText("—")
            self.call_counter.setText("Silakan menunggu nomor Anda dipanggil")
            self.call_service.setText("")
        else:
            self.call_number.setText(shown.number)
            self.call_counter.setText(self.counter_name(shown.counter).upper())
            self.call_service.setText(self._services.get(shown.service, ""))
        self._fit_called()

    def _fit_called(self) -> None:
        u, width = self._unit(), self.call_panel.width() * 0.9
        fit_size(self.call_number, u * 22, width)
        fit_size(self.call_counter, u * 9, width)

    @staticmethod
    def counter_name(counter: str) -> str:
        """'3' -> 'Loket 3'; a name that already says where ('Loket 3', 'Gerai Samsat') is kept."""
        if counter[:1].isdigit() or len(counter) <= 3:
            return f"Loket {counter}"
        return counter

    def _start_flash(self) -> None:
        self._flashes = FLASH_TIMES
        self._show_called()
        if self.state is not None:
            self._show_recent()
        self._flash_timer.start()

    def _flash(self) -> None:
        self._flashes -= 1
        on = self._flashes % 2 == 1
        self.call_number.setStyleSheet(f"color: {BG if on else ACCENT}; background: {ACCENT if on else 'transparent'};"
                                       " border-radius: 12px;")
        if self._flashes <= 0:
            self._flash_timer.stop()
            self.call_number.setStyleSheet(f"color: {ACCENT}; background: transparent;")
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
        self.site.fit(u * 4)
        for widget, size in ((self.clock, 3), (self.stale_mark, 2.6), (self.call_title, 4),
                             (self.call_service, 3), (self.counters_title, 3.4), (self.recent_title, 3),
                             (self.caption, 3), (self.break_banner, 3.6)):
            fit_size(widget, u * size)
        self._fit_called()
        self.caption.setMinimumHeight(int(u * 5))
        for row in range(self.recent_row.count()):
            self.recent_row.itemAt(row).widget().setFixedHeight(int(u * 6))


class CallDisplayWindow(QWidget):
    """A top-level window holding the board, full screen on the chosen screen (Esc leaves)."""

    def __init__(self, ctx, announcer: Announcer | None = None, parent: QWidget | None = None,
                 zones: hall.Zones | None = None, stale_reason: Callable[[], Any] | None = None):
        # a window of its own, owned by the page: it closes with the app, never outlives it
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Layar Panggilan Antrean")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        # this PC's zones, and the hub's status as the stale mark, unless told otherwise (the
        # officer's page opens it without either)
        zones = hall.load_zones(ctx) if zones is None else zones
        runner = getattr(ctx, "hub_runner", None)
        if stale_reason is None and runner is not None:
            stale_reason = runner.stale_reason
        self.view = CallDisplayView(ctx, announcer, self, zones=zones, stale_reason=stale_reason)
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
