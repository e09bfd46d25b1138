"""The counter console (konsol loket): this counter's queue, the number now being served,
the call actions on keyboard shortcuts, and walk-in ticket issuing with printing.

Every action is one queue operation through ``sync.hub.client.act``, run in a worker: on
the site hub when this PC joined one (the hub decides for the whole hall), else, or when
the hub does not answer (*mode mandiri*, said in the banner), by the core on this PC
alone. A slow or dead hub never freezes the window; while an operation is in flight the
action buttons (and their keys) wait for it. Printing runs in a worker too, and so does
the check-in of an online booking (the code the portal told the citizen to show here).

The queue is read in a worker as well (:func:`load_console`), once per change: an operation
says it changed the queue (``ui.worker.run_write``), and the page reloads once, one load at a
time. The table model takes the new rows ticket by ticket, so the officer's selection and
scroll position stay where they were, however often the queue is reloaded.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import bookings, catalog, queue
from counter_app.errors import LoketError
from counter_app.i18n import _
from counter_app.session import Session

from .. import hub_bridge, printing_bridge
from ..context import AppContext
from ..widgets import Banner, BigNumber
from ..widgets.banner import error_text
from ..widgets.service_search import make_searchable
from ..worker import Reload, run_query, run_write
from .counter_parts import (
    BookingDialog,
    CounterSetupDialog,
    QueueModel,
    TransferDialog,
    counter_name,
    counter_services,
)

REFRESH_MS = 5000
BUSY_LOOK_MS = 300  # an operation slower than this greys the console's buttons until it ends
SHOWN_CHANGES = ("queue", "site", "sync")  # what a change must be about to reload the console
log = logging.getLogger("loket.ui.counter")


@dataclass(frozen=True)
class ConsoleState:
    """What the console shows, as one worker read it."""

    rows: list[dict[str, Any]]        # the queue table, in queue order
    names: dict[str, str]             # service code -> name
    services: list[Any]               # the catalogue (for the walk-in ticket)
    current: dict[str, Any] | None    # the ticket this counter is serving


def load_console(session: Session, counter: str, services: list[str], show_closed: bool) -> ConsoleState:
    """Today's waiting and called tickets of ``services`` (every service when empty), with
    the skipped and no-show ones when ``show_closed``, and the ticket ``counter`` serves."""
    all_services = catalog.list_services(session)
    names = {s.code: s.name for s in all_services}
    scope = set(services) if services else set(names)
    shown_statuses = ("waiting", "called") + (("skipped", "noshow") if show_closed else ())
    rows = [t for t in queue.list_queue(session, statuses=shown_statuses) if t["service"] in scope]
    active = queue.active_ticket(session, counter)
    return ConsoleState(rows, names, all_services, active.as_dict() if active else None)


class CounterPage(QWidget):
    """Konsol loket. Shortcuts: F2 call next, F3 recall, F4 skip, F5 no-show, F6 transfer,
    F7 finish, F8 register the applicant, F9 restore a skipped/no-show ticket, Ctrl+P reprint
    the ticket slip, Ctrl+B check in an online booking, Ctrl+T issue a walk-in ticket."""

    refreshed = Signal()  # the console shows a new read of the queue
    manages_reload = True  # reloads itself on the changes it shows (the main window leaves it)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.current: dict[str, Any] | None = None
        self.acting = False  # a queue operation is in flight (in a worker)
        # The buttons grey out only when an operation takes long enough to be seen (waiting
        # for a lock): greying and restoring fifteen buttons around every 2 ms call repainted
        # the console twice more per F2. A press meanwhile is ignored either way (_act).
        self.looks_busy = False
        self._busy_look = QTimer(self)
        self._busy_look.setSingleShot(True)
        self._busy_look.setInterval(BUSY_LOOK_MS)
        self._busy_look.timeout.connect(self._look_busy)
        self.reload = Reload()
        self._loaded_mark: tuple[int, str] | None = None  # the database's mark at the last read
        self._then_pick_closed = False  # F9 with nothing chosen: choose once the closed are shown
        self._op = ""
        self.banner = Banner()
        self.model = QueueModel(self)

        title = QLabel(self.tr("Konsol Loket"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.counter_label = QLabel()
        self.counter_label.setStyleSheet("font-size: 16px; color: #444;")
        setup = QPushButton(self.tr("Atur loket…"))
        setup.clicked.connect(self.open_setup)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.counter_label, 1)
        top.addWidget(setup)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setStyleSheet("QTableView { font-size: 14px; }")
        # Columns as wide as the longest text each can show, fixed once: fitted to their
        # contents, every reload asked the model for every cell of the day's queue (6,000
        # data() calls after an F2 at 80 waiting tickets) and a width that changed laid the
        # whole console out again. The service's name takes the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()
        self.table.setAlternatingRowColors(True)
        self.waiting_label = QLabel()
        self.waiting_label.setStyleSheet("font-size: 15px;")
        # today's skipped and no-show tickets of this counter's services, for F9 (restore)
        self.show_closed = QCheckBox(self.tr("Tampilkan yang dilewati/tidak hadir  [Ctrl+L]"))
        self.show_closed.setObjectName("showClosed")
        self.show_closed.toggled.connect(self.refresh)
        QShortcut(QKeySequence("Ctrl+L"), self, self.show_closed.toggle)
        waiting_row = QHBoxLayout()
        waiting_row.addWidget(self.waiting_label, 1)
        waiting_row.addWidget(self.show_closed)
        left = QVBoxLayout()
        left.addLayout(waiting_row)
        left.addWidget(self.table, 1)
        left.addWidget(self._walk_in_box())

        serving = QGroupBox(self.tr("Sedang dilayani"))
        serving.setStyleSheet("QGroupBox { font-size: 15px; font-weight: bold; }")
        sv = QVBoxLayout(serving)
        self.number = BigNumber("—", 80)
        self.service_label = QLabel()
        self.service_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service_label.setWordWrap(True)
        self.service_label.setStyleSheet("font-size: 16px;")
        self.reason_label = QLabel()
        self.reason_label.setObjectName("reason")
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("font-size: 14px; color: #555;")
        sv.addWidget(self.number)
        sv.addWidget(self.service_label)
        sv.addWidget(self.reason_label)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        actions = [
            ("call", self.tr("Panggil berikutnya"), "F2", self.call_next),
            ("recall", self.tr("Panggil ulang"), "F3", self.recall),
            ("skip", self.tr("Lewati"), "F4", self.skip),
            ("noshow", self.tr("Tidak hadir"), "F5", self.noshow),
            ("transfer", self.tr("Pindahkan…"), "F6", self.transfer),
            ("finish", self.tr("Selesai"), "F7", self.finish),
            ("register", self.tr("Isi formulir"), "F8", self.register),
            ("restore", self.tr("Pulihkan"), "F9", self.restore),
            ("reprint", self.tr("Cetak ulang"), "Ctrl+P", self.reprint),
            ("booking", self.tr("Check-in booking…"), "Ctrl+B", self.open_booking),
        ]
        for i, (key, text, shortcut, slot) in enumerate(actions):
            button = QPushButton(f"{text}  [{shortcut}]")
            self._shortcut(shortcut, button)
            button.setMinimumHeight(52)
            button.setStyleSheet("font-size: 15px;")
            button.clicked.connect(slot)
            self.buttons[key] = button
            if key == "call":
                button.setStyleSheet("font-size: 18px; font-weight: bold; background: #1f5fa8; color: white;")
                grid.addWidget(button, 0, 0, 1, 2)
            else:
                grid.addWidget(button, 1 + (i - 1) // 2, (i - 1) % 2)
        sv.addLayout(grid)
        sv.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(serving, 2)
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(self.banner)
        root.addLayout(body, 1)

        # the catalogue (configuration, cached per connection) fills the walk-in list at once;
        # the queue comes from the first load
        self._show_services(catalog.list_services(ctx.session))
        ctx.changed.connect(self._on_changed)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(REFRESH_MS)
        self.refresh()

    def _walk_in_box(self) -> QWidget:
        box = QGroupBox(self.tr("Tiket untuk pemohon datang langsung"))
        row = QHBoxLayout(box)
        self.walk_in_service = QComboBox()
        self.walk_in_service.setMinimumWidth(280)
        self.walk_in_search = make_searchable(self.walk_in_service, (),
                                              self.tr("ketik nama, kode atau instansi layanan"))
        self.walk_in_priority = QComboBox()
        self.walk_in_priority.addItem(self.tr("Biasa"), None)
        for code, label in queue.PRIORITY_CATEGORIES.items():
            self.walk_in_priority.addItem(_(label), code)  # the core's label, in the UI's language
        self.issue_button = QPushButton(self.tr("Ambil tiket  [Ctrl+T]"))
        self._shortcut("Ctrl+T", self.issue_button)
        self.issue_button.clicked.connect(self.issue_walk_in)
        row.addWidget(self.walk_in_service, 2)
        row.addWidget(self.walk_in_priority, 1)
        row.addWidget(self.issue_button)
        return box

    def _shortcut(self, keys: str, button: QPushButton) -> None:
        """A key that presses ``button`` while this page is the one shown (window shortcuts of a
        hidden page do not fire), and only if the button is enabled."""
        _ButtonShortcut(keys, button, self)

    # ------------------------------------------------------------------ state
    @property
    def counter_name(self) -> str:
        return counter_name(self.ctx)

    @property
    def busy(self) -> bool:
        """Database work is in flight: a queue operation or a load of the queue."""
        return self.acting or self.reload.loading

    def refresh(self) -> None:
        """Read the queue again in a worker (one load at a time: asked for while one runs, it
        runs once more after it)."""
        services = counter_services(self.ctx)
        shown = ", ".join(services) if services else self.tr("semua layanan")
        self.counter_label.setText(f"{self.counter_name} · {shown}")
        if self.reload.start():
            self._load()

    def _load(self) -> None:
        self._loaded_mark = self._database_mark()
        run_query(self.ctx, load_console, self.counter_name, counter_services(self.ctx),
                  self.show_closed.isChecked(), on_done=self._loaded, on_error=self._load_failed)

    def _on_changed(self, what: str) -> None:
        if what in SHOWN_CHANGES and self.isVisible():
            self.refresh()

    def _database_mark(self) -> tuple[int, str] | None:
        """What the queue shown depends on besides this window's own writes (which say so
        themselves): another connection's commits (``PRAGMA data_version``, which reads no
        table) and the day. None when the file cannot be asked."""
        try:
            version = self.ctx.session.store.scalar("PRAGMA data_version")
        except sqlite3.Error:
            return None
        return version, self.ctx.session.today().isoformat()

    def _tick(self) -> None:
        # Other counters' calls reach this file through the sync (the hub's stream says so
        # itself): read again when another connection committed since the last read, or the
        # day turned. An idle console reads nothing, and a reload every 5 s no longer lands
        # in the middle of an F2 (it made every tenth press of the bench twice as long).
        mark = self._database_mark()
        if self.isVisible() and (mark is None or mark != self._loaded_mark):
            self.refresh()

    def _loaded(self, state: ConsoleState) -> None:
        if len(state.services) != self.walk_in_service.count():
            self._show_services(state.services)
        self.model.set_rows(state.rows, state.names)
        waiting = sum(1 for t in state.rows if t["status"] == "waiting")
        self.waiting_label.setText(self.tr("Antrean menunggu: {n}").format(n=waiting))
        self.current = state.current
        if self._then_pick_closed:
            self._then_pick_closed = False
            self._pick_closed()
        self._load_finished()
        self.refreshed.emit()

    def _load_failed(self, exc: Exception) -> None:
        log.error("memuat antrean gagal:\n%s", getattr(exc, "traceback_text", exc))
        self.banner.show_error(exc)
        self._then_pick_closed = False
        self._load_finished()

    def _load_finished(self) -> None:
        if self.reload.finished():
            self._load()
        self._show_current()

    def _show_services(self, all_services: list[Any]) -> None:
        services = counter_services(self.ctx)
        chosen = self.walk_in_service.currentData()
        self.walk_in_service.clear()
        # this counter's services first: a walk-in ticket is usually for one of them
        ordered = sorted(all_services, key=lambda s: (s.code not in services, s.prefix))
        for s in ordered:
            self.walk_in_service.addItem(f"{s.prefix} · {s.name}", s.code)
        self.walk_in_search.set_services(all_services)
        if chosen is not None and self.walk_in_service.findData(chosen) >= 0:
            self.walk_in_service.setCurrentIndex(self.walk_in_service.findData(chosen))

    def _show_current(self) -> None:
        t = self.current
        self.number.set_number(t["ticket"] if t else None)
        if t:
            name = self.model.service_names.get(t["service"], t["service"])
            self.service_label.setText(name)
            self.reason_label.setText(self.tr("Alasan dipanggil: {reason}").format(
                reason=queue.call_reason_text(t["reason"]) or "—"))
        else:
            self.service_label.setText(self.tr("Belum ada yang dipanggil"))
            self.reason_label.setText("")
        for key in ("recall", "skip", "noshow", "finish", "register"):
            self.buttons[key].setEnabled(t is not None and (key == "register" or not self.looks_busy))
        for key in ("call", "transfer", "restore", "reprint"):
            self.buttons[key].setEnabled(not self.looks_busy)
        self.issue_button.setEnabled(not self.looks_busy)

    def _fit_columns(self) -> None:
        self.table.ensurePolished()
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header_metrics = header.fontMetrics()
        pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 16
        for column, texts in self.model.longest_texts().items():
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max([metrics.horizontalAdvance(t) for t in texts] + [header_metrics.horizontalAdvance(title) + 8])
            header.resizeSection(column, width + pad)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._fit_columns()  # the status words and headers of the other language
        super().changeEvent(event)

    def _look_busy(self) -> None:
        if self.acting:
            self.looks_busy = True
            self._show_current()

    def _set_acting(self, acting: bool) -> None:
        self.acting = acting
        if acting:
            self._busy_look.start()
        else:
            self._busy_look.stop()
            if self.looks_busy:
                self.looks_busy = False
                self._show_current()

    # ------------------------------------------------------------------ operations
    def _act(self, op: str, args: dict[str, Any]) -> None:
        """Start one queue operation in a worker (through the hub when joined); the outcome
        comes back to :meth:`_acted` or :meth:`_act_failed`."""
        if self.acting:
            return
        self._set_acting(True)
        self._op = op
        # it changed the queue: the console (and any other view of it) reloads once after it
        run_write(self.ctx, hub_bridge.act, op, args, changes=("queue",),
                  on_done=self._acted, on_error=self._act_failed)

    def _acted(self, outcome: tuple[Any, str | None]) -> None:
        result, standalone = outcome
        self._set_acting(False)
        runner = getattr(self.ctx, "hub_runner", None)
        if standalone is not None and runner is not None:
            runner.report_standalone(standalone)
        text, kind = self._done_text(self._op, result, standalone is not None)
        if standalone is not None:
            text = self.tr("Mode mandiri (hub tidak menjawab): {text}").format(text=text)
            kind = "warn"
        self.banner.show_message(text, kind)
        self.banner.setToolTip(standalone or "")
        if not self.isVisible():
            self._show_current()  # no reload comes while hidden: the buttons are free again
        if self._op == "issue":
            printing_bridge.print_ticket(self.ctx, result, self._printed, self._print_failed)

    def _act_failed(self, exc: Exception) -> None:
        self._set_acting(False)
        if not isinstance(exc, LoketError):
            log.error("operasi antrean %s gagal:\n%s", self._op,
                      getattr(exc, "traceback_text", exc))
        self.banner.show_error(exc)
        self.refresh()

    def _done_text(self, op: str, r: Any, alone: bool) -> tuple[str, str]:
        if op == "call" and r is None:
            if alone:
                return self.tr("Tidak ada antrean yang boleh dipanggil loket ini sendiri (hanya "
                               "layanan yang disewa perangkat ini dan tiket terbitannya)."), "info"
            return self.tr("Tidak ada antrean yang menunggu."), "info"
        texts = {
            "call": self.tr("Memanggil {ticket} ke {counter}"),
            "recall": self.tr("Memanggil ulang {ticket}"),
            "skip": self.tr("{ticket} dilewati"),
            "noshow": self.tr("{ticket} ditandai tidak hadir"),
            "finish": self.tr("{ticket} selesai dilayani"),
            "transfer": self.tr("{ticket} dipindah ke {service}"),
            "restore": self.tr("{ticket} dipulihkan ke antrean"),
            "issue": self.tr("Tiket {ticket} diterbitkan ({n} orang di depannya). Mencetak…"),
        }
        text = texts[op].format(ticket=r["ticket"], counter=r.get("counter") or self.counter_name,
                                service=r["service"], n=r.get("waiting_before", 0))
        return text, "info" if op == "issue" else "ok"

    # ------------------------------------------------------------------ actions
    def call_next(self) -> None:
        services = counter_services(self.ctx) or None
        self._act("call", {"counter": self.counter_name, "services": services})

    def _on_current(self, op: str) -> None:
        if self.current:
            self._act(op, {"ticket": self.current["id"]})

    def recall(self) -> None:
        self._on_current("recall")

    def skip(self) -> None:
        self._on_current("skip")

    def noshow(self) -> None:
        self._on_current("noshow")

    def finish(self) -> None:
        self._on_current("finish")

    def transfer(self) -> None:
        ticket = self.current["ticket"] if self.current else self._selected_ticket()
        if not ticket:
            self.banner.show_message(self.tr("Pilih tiket di antrean atau panggil dulu."), "warn")
            return
        self.transfer_dialog = TransferDialog(self.ctx, ticket, self)
        self.transfer_dialog.accepted.connect(self._transfer_chosen)
        self.transfer_dialog.open()

    def _transfer_chosen(self) -> None:
        dialog = self.transfer_dialog
        self._act("transfer", {"ticket": dialog.ticket, "service": dialog.chosen()})

    def _selected_row(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _selected_ticket(self) -> str | None:
        row = self._selected_row()
        return row["ticket"] if row else None

    def restore(self) -> None:
        """Put the skipped/no-show ticket chosen in the table back in the queue (the core
        decides whether it still may: status and the site's tolerance)."""
        row = self._selected_row()
        if row is None or row["status"] not in ("skipped", "noshow"):
            if self.show_closed.isChecked():
                self._pick_closed()
            else:
                self._then_pick_closed = True  # once the load the box starts is shown
                self.show_closed.setChecked(True)
            return
        self._act("restore", {"ticket": row["id"]})

    def _pick_closed(self) -> None:
        """Choose the latest skipped/no-show ticket shown, for the next F9."""
        closed = [r for r, t in enumerate(self.model.rows) if t["status"] in ("skipped", "noshow")]
        if closed:
            self.table.selectRow(closed[-1])
            self.table.setFocus()
            text = self.tr("Pilih tiket yang dilewati/tidak hadir (panah atas/bawah), lalu tekan F9.")
        else:
            text = self.tr("Tidak ada tiket yang dilewati atau tidak hadir hari ini di layanan loket ini.")
        self.banner.show_message(text, "warn")

    def reprint(self) -> None:
        """Print the slip of the ticket being served (else the one chosen) again, marked CETAK
        ULANG: what the banner promises after a printer fault."""
        ticket = self.current or self._selected_row()
        if ticket is None:
            self.banner.show_message(self.tr("Pilih tiket di antrean atau panggil dulu untuk dicetak ulang."),
                                     "warn")
            return
        self.banner.show_message(self.tr("Mencetak ulang tiket {ticket}…").format(ticket=ticket["ticket"]),
                                 "info")
        printing_bridge.print_ticket(self.ctx, ticket, self._printed, self._print_failed, reprint=True)

    # ------------------------------------------------------------------ online booking
    def open_booking(self) -> None:
        serving = self.current["ticket"] if self.current else None
        self.booking_dialog = BookingDialog(serving, self)
        self.booking_dialog.submitted.connect(self._check_in)
        self.booking_dialog.open()

    def _check_in(self, code: str) -> None:
        ticket = self.current["ticket"] if self.current else None
        run_write(self.ctx, bookings.checkin, code, ticket, changes=("registration", "queue"),
                  on_done=self._checked_in, on_error=self._check_in_failed)

    def _checked_in(self, result: dict[str, Any]) -> None:
        self.booking_dialog.done_ok()
        self.banner.show_message(self.tr("Booking {code} terdaftar: nomor registrasi {reg}").format(
            code=result["booking_code"], reg=result["registration_id"]), "ok")

    def _check_in_failed(self, exc: Exception) -> None:
        if not isinstance(exc, LoketError):
            log.error("check-in booking gagal:\n%s", getattr(exc, "traceback_text", exc))
        self.booking_dialog.failed(error_text(exc))

    def register(self) -> None:
        if self.current:
            self.ctx.go("registration", {"ticket": self.current["ticket"], "service": self.current["service"]})

    def open_setup(self) -> None:
        self.setup_dialog = CounterSetupDialog(self.ctx, self)
        self.setup_dialog.accepted.connect(self.refresh)
        self.setup_dialog.open()

    def issue_walk_in(self) -> None:
        self._act("issue", {"service": self.walk_in_service.currentData(),
                            "priority": self.walk_in_priority.currentData()})

    def _printed(self, outcome: printing_bridge.PrintOutcome) -> None:
        self.banner.show_message(outcome.message, "ok" if outcome.ok else "warn")

    def _print_failed(self, exc: Exception) -> None:
        self.banner.show_message(self.tr("Tiket tersimpan, tetapi gagal dicetak: {error}").format(error=exc), "warn")


class _ButtonShortcut(QShortcut):
    """A key that clicks a button if it is enabled. Its own bound method, never a lambda or a
    ``functools.partial`` (PySide keeps those alive, and the page with them, until exit)."""

    def __init__(self, keys: str, button: QPushButton, parent: QWidget):
        super().__init__(QKeySequence(keys), parent)
        self.button = button
        self.activated.connect(self._press)

    def _press(self) -> None:
        if self.button.isEnabled():
            self.button.click()
