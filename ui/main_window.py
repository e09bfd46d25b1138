"""The main window: a sidebar of the pages the signed-in role may use, and a status bar.

Pages come from :data:`ui.pages.PAGES` and are built the first time they are shown. The
status bar shows the database, the printer, the site hub (while one is used), the portal, the
events not yet synced and the last sync. Its figures are read in a worker
(:func:`read_status`, one read at a time, once more if something changed meanwhile) and the
portal's reachability in another: the window never waits on the disk or the network for them.

A page that reloads itself on the changes it shows (``manages_reload``, the counter console
and the applications) is left to do so; any other page shown is reloaded on every change.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import queue
from counter_app.permissions import role_label
from counter_app.session import Session
from counter_app.site import site_info

from . import hub_bridge, portal_bridge, printing_bridge
from .context import AppContext
from .pages import PAGES
from .pages.counter_parts import counter_name
from .widgets.style import set_style
from .worker import Reload, run_query

STATUS_REFRESH_MS = 15_000
PORTAL_CHECK_MS = 60_000
STATUS_AFTER_CHANGE_MS = 300  # a change's figures, read once the view that changed has reloaded
ALERT_STYLE = "color: #b00020; font-weight: bold;"  # a failure the officer must notice
SMALL_SCREEN = QSize(1600, 960)


def page_title(title: str) -> str:
    return QCoreApplication.translate("pages", title)


def initial_geometry(available: QRect) -> tuple[QRect, bool]:
    """Where the window opens inside a screen's ``available`` area: (geometry, maximised).
    Below 1600×960 it is maximised (a fixed size plus a title bar would hang off a laptop's
    1366×768); above, it takes about 85 % of the area (at most 1600×1000), centred."""
    if available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height():
        return QRect(available), True
    size = QSize(min(int(available.width() * 0.85), 1600), min(int(available.height() * 0.85), 1000))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return rect, False


def read_status(session: Session) -> dict[str, Any]:
    """The status bar's local figures (in a worker): the sync state's texts, the printer's
    state and the hub's role. Each read is bounded: pending events from the per-device ack
    marks, the printer from its newest jobs (indexed)."""
    session.store.scalar("SELECT 1 FROM site")  # the file opens and reads
    return {"sync": portal_bridge.sync_summary(session),
            "printer": printing_bridge.printer_state(session),
            "hub": hub_bridge.hub_info(session)}


def allowed_pages(role: str) -> list[tuple[str, str, str, tuple[str, ...] | None]]:
    return [p for p in PAGES if p[3] is None or role in p[3]]


class MainWindow(QMainWindow):
    lock_requested = Signal()
    logout_requested = Signal()
    portal_checked = Signal(str)  # the portal text shown after a reachability check

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.pages: dict[str, QWidget] = {}
        self.page_keys: list[str] = []
        self.setWindowTitle(self.tr("Loket"))
        self.resize(1366, 768)  # until show_on_screen() fits it to the screen it opens on
        self.ask_before_closing = True  # off for a rebuild (language switch), never for Alt+F4
        self.quit_question: QMessageBox | None = None
        self.quit_button = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._header())
        body = QHBoxLayout()
        body.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(210)
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { background: #12355b; color: white; border: none; font-size: 15px; }"
            "QListWidget#sidebar::item { padding: 12px 14px; }"
            "QListWidget#sidebar::item:selected { background: #1f5fa8; }"
        )
        self.stack = QStackedWidget()
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self._status_bar()

        self.sidebar.currentRowChanged.connect(self._show_row)
        # Ctrl+1 … Ctrl+9 open the sidebar's pages in order, from anywhere in the window
        for n in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.setProperty("row", n - 1)
            shortcut.activated.connect(self._page_shortcut)
        ctx.changed.connect(self._on_changed)
        ctx.navigate.connect(self.show_page)
        ctx.actor_changed.connect(self._actor_changed)
        if ctx.hub_runner is not None:
            ctx.hub_runner.status_changed.connect(self._hub_changed)
        self.status_reload = Reload()
        self.last_status: dict[str, Any] | None = None
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start(STATUS_REFRESH_MS)
        # After a change the status bar reads its figures a moment later, once for all the
        # changes of that moment: read at once, its worker shared the interpreter with the
        # reload of the page the officer is looking at (an F2's console took twice as long).
        self.status_soon = QTimer(self)
        self.status_soon.setSingleShot(True)
        self.status_soon.setInterval(STATUS_AFTER_CHANGE_MS)
        self.status_soon.timeout.connect(self.refresh_status)
        self.portal_timer = QTimer(self)
        self.portal_timer.timeout.connect(self.check_portal)
        self.portal_timer.start(PORTAL_CHECK_MS)
        self.build_pages()
        self.refresh_status()

    # ------------------------------------------------------------------ screen and closing
    def show_on_screen(self) -> None:
        """Open on the screen's available area (what panels and docks leave): maximised on a
        small screen, so the status bar is never under the edge, else centred at a sane size."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        geometry, maximised = initial_geometry(screen.availableGeometry())
        self.setGeometry(geometry)
        if maximised:
            self.showMaximized()
        else:
            self.show()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Closing (Alt+F4, the title bar's ×) while this counter serves a ticket asks first
        (a window-modal question, so nothing waits on it); its default keeps the app open."""
        serving = self._serving() if self.ask_before_closing and self.isVisible() else None
        if serving is not None:
            event.ignore()
            self._ask_before_quitting(serving)
            return
        super().closeEvent(event)

    def _serving(self):
        try:
            return queue.active_ticket(self.ctx.session, counter_name(self.ctx))
        except Exception:  # a broken database must not keep the window from closing
            return None

    def _ask_before_quitting(self, serving) -> None:
        box = self.quit_question
        if box is None:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Tutup Loket?"), "", parent=self)
            box.setObjectName("confirmQuit")
            box.setInformativeText(self.tr("Tiket tetap tercatat sedang dilayani; selesaikan dulu dengan F7 "
                                           "bila pemohon sudah dilayani."))
            self.quit_button = box.addButton(self.tr("Tutup aplikasi"), QMessageBox.ButtonRole.DestructiveRole)
            stay = box.addButton(self.tr("Jangan tutup"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(stay)
            box.setEscapeButton(stay)
            box.buttonClicked.connect(self._quit_answered)
            self.quit_question = box
        box.setText(self.tr("Tiket {ticket} masih dilayani di {counter}. Tutup aplikasi sekarang?").format(
            ticket=serving.number, counter=counter_name(self.ctx)))
        if not box.isVisible():
            box.open()
        box.defaultButton().setFocus()

    def _quit_answered(self, button) -> None:
        if button is self.quit_button:
            self.ask_before_closing = False
            self.close()
            self.ask_before_closing = True  # shown again later (the app kept running): ask again

    # ------------------------------------------------------------------ layout
    def _header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")
        header.setStyleSheet("QWidget#header { background: #0b2545; } QLabel { color: white; }")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        self.site_label = QLabel()
        font = QFont(self.site_label.font())
        font.setPointSize(14)
        font.setBold(True)
        self.site_label.setFont(font)
        self.user_label = QLabel()
        lock = QPushButton(self.tr("Kunci layar"))
        lock.setShortcut("Ctrl+L")
        lock.clicked.connect(self.lock_requested.emit)
        logout = QPushButton(self.tr("Keluar"))
        logout.clicked.connect(self.logout_requested.emit)
        row.addWidget(self.site_label)
        row.addStretch(1)
        row.addWidget(self.user_label)
        row.addWidget(lock)
        row.addWidget(logout)
        return header

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.db_status = QLabel()
        self.printer_status = QLabel()
        self.portal_status = QLabel()
        self.hub_status = QLabel()  # shown only while this PC uses a site hub (or is one)
        self.hub_status.hide()
        self.pending_status = QLabel()
        self.last_sync_status = QLabel()
        self.quarantine_status = QLabel()  # shown only while events wait in quarantine
        self.quarantine_status.setStyleSheet(ALERT_STYLE)
        self.quarantine_status.hide()
        self.backup_status = QLabel()  # shown only when today's automatic backup failed
        self.backup_status.setStyleSheet(ALERT_STYLE)
        self.backup_status.hide()
        bar.addWidget(self.backup_status)
        for label in (self.db_status, self.printer_status, self.hub_status, self.portal_status,
                      self.quarantine_status, self.pending_status, self.last_sync_status):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def set_backup_warning(self, text: str) -> None:
        """A failed automatic backup, in red on the status bar until the app restarts."""
        self.backup_status.setText(text)
        self.backup_status.setToolTip(text)
        self.backup_status.setVisible(bool(text))

    def _actor_changed(self, _actor) -> None:
        # a bound method, not a lambda: a lambda would keep this window alive as long as the
        # context (Qt holds it), past the QApplication at exit
        self.build_pages()

    def build_pages(self) -> None:
        """(Re)build the sidebar for the current role; pages are created when first shown."""
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        self.page_keys = []
        for key, title, _target, _roles in allowed_pages(self.ctx.actor.role):
            item = QListWidgetItem(page_title(title))
            if len(self.page_keys) < 9:
                item.setToolTip(f"Ctrl+{len(self.page_keys) + 1}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
            self.page_keys.append(key)
        self.sidebar.blockSignals(False)
        info = site_info(self.ctx.session)
        self.site_label.setText(f"{info.name} · {info.device_code}")
        # "rina · Petugas loket": the role's name in the UI's language, its short form
        role = role_label(self.ctx.actor.role).split(" (")[0].split(" / ")[0]
        self.user_label.setText(self.tr("{user} · {role}").format(user=self.ctx.actor.username, role=role))
        if self.page_keys:
            self.sidebar.setCurrentRow(0)
            self._show_row(0)

    def page(self, key: str) -> QWidget:
        """The page widget for ``key`` (built on first use)."""
        if key not in self.pages:
            target = next(p[2] for p in PAGES if p[0] == key)
            module_name, class_name = target.split(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            widget = cls(self.ctx)
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def _page_shortcut(self) -> None:
        row = int(self.sender().property("row"))
        if 0 <= row < len(self.page_keys):
            self.sidebar.setCurrentRow(row)
            self.stack.currentWidget().setFocus()

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.page_keys):
            self._activate(self.page_keys[row])

    def _activate(self, key: str, arg: Any = None) -> None:
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if arg is not None and hasattr(widget, "receive"):
            widget.receive(arg)
        if hasattr(widget, "refresh"):
            widget.refresh()

    def show_page(self, key: str, arg: Any = None) -> None:
        if key not in self.page_keys:
            return
        row = self.page_keys.index(key)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(row)
        self.sidebar.blockSignals(False)
        self._activate(key, arg)

    def current_key(self) -> str | None:
        row = self.sidebar.currentRow()
        return self.page_keys[row] if 0 <= row < len(self.page_keys) else None

    # ------------------------------------------------------------------ status
    def _on_changed(self, _what: str) -> None:
        current = self.stack.currentWidget()
        if current is not None and hasattr(current, "refresh") and not getattr(current, "manages_reload", False):
            current.refresh()
        if not self.status_soon.isActive():  # not pushed back: under a stream of changes it still comes
            self.status_soon.start()

    @property
    def status_loading(self) -> bool:
        """The status bar's figures are being read, or will be in a moment after a change (for
        tests and the bench)."""
        return self.status_reload.loading or self.status_soon.isActive()

    def refresh_status(self) -> None:
        """Read the local figures in a worker and show them when they come back; the portal's
        reachability is checked apart (it may take seconds)."""
        if self.status_reload.start():
            run_query(self.ctx, read_status, on_done=self._status_read, on_error=self._status_failed)

    def _status_read(self, status: dict[str, Any]) -> None:
        self.last_status = status
        self.db_status.setText(self.tr("Database: {name} ✓").format(name=self.ctx.db_path.name))
        sync = status["sync"]
        self.pending_status.setText(sync["pending"])
        self.last_sync_status.setText(sync["last_sync"])
        self._show_portal(sync["portal"], sync["failed"], sync["portal_detail"])
        self.quarantine_status.setText(sync["quarantine"])
        self.quarantine_status.setToolTip(sync["quarantine_detail"])
        self.quarantine_status.setVisible(bool(sync["quarantine"]))
        text, failed, detail = status["printer"]
        self.printer_status.setText(text)
        self.printer_status.setToolTip(detail)
        set_style(self.printer_status, ALERT_STYLE if failed else "")
        self.show_hub()
        self._status_next()

    def _status_failed(self, exc: Exception) -> None:
        # a broken database must show, not crash the window
        self.db_status.setText(self.tr("Database: galat ({error})").format(error=exc))
        self._status_next()

    def _status_next(self) -> None:
        if self.status_reload.finished():
            run_query(self.ctx, read_status, on_done=self._status_read, on_error=self._status_failed)

    def _hub_changed(self, _mode: str, _detail: str) -> None:
        self.show_hub()

    def show_hub(self) -> None:
        """The hub's state: *Hub: terhubung* in green, *Mode mandiri* in red with the reason
        as its tooltip, *Hub lokasi ini* on the hub PC, nothing without a hub."""
        info = self.last_status["hub"] if self.last_status else ("none", "")
        text, style, tip = hub_bridge.status_text(self.ctx, info)
        self.hub_status.setText(text)
        set_style(self.hub_status, style)
        self.hub_status.setToolTip(tip)
        self.hub_status.setVisible(bool(text))

    def check_portal(self) -> None:
        """Ask the portal whether it answers (in a worker); shown in the status bar."""
        portal_bridge.check_portal(self.ctx, self._portal_checked)

    def _portal_checked(self, text: str, answered: bool) -> None:
        # a portal that answers now does not undo a failed round: the round's failure stays
        # (as the status bar's last read found it)
        sync = self.last_status["sync"] if self.last_status else None
        if sync is not None and sync["failed"]:
            self._show_portal(sync["portal"], True, sync["portal_detail"])
        else:
            self._show_portal(text, not answered, "")
        self.portal_checked.emit(self.portal_status.text())

    def _show_portal(self, text: str, failed: bool, detail: str) -> None:
        """The portal's state on the status bar; a failure in red."""
        self.portal_status.setText(text)
        self.portal_status.setToolTip(detail)
        set_style(self.portal_status, ALERT_STYLE if failed else "")
