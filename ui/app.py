"""Start-up: the Qt application, translations, the first-start wizard, log-in and idle lock.

``run_app(db_path)`` is what ``loket`` (no subcommand) calls. A database an update left at an
older schema is migrated first, in a worker behind a progress window (``ui.upgrade``). On a
database without any staff account the wizard sets up the site and the first admin; then
staff log in; after ``lock/idle_seconds`` without keyboard or mouse input the window hides
behind the log-in.
Password hashing (argon2) is slow on purpose, so log-ins run in a worker.

The app writes its log beside the database (``counter_app.logs``) and an
:class:`ExceptionReporter` catches every exception nobody handled, on any thread: it is
logged with its traceback and shown in a dialog that does not block the window.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import resources
from counter_app import backup, logs, users

from .context import AppContext
from .gc_guard import GuiThreadCollector
from .hub_bridge import HubRunner
from .login import FirstStartWizard, LoginDialog
from .main_window import MainWindow
from .qt_platform import PlatformGuard
from .sync_runner import QUIT_WAIT_S, SyncRunner
from .upgrade import upgrade_database, upgrade_failed_text
from .worker import run_in_background

I18N_DIR = Path(resources.__file__).parent / "i18n"
DEFAULT_IDLE_SECONDS = 600
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_installed: list[QTranslator] = []
log = logging.getLogger("loket.ui")


def install_translators(app: QApplication, language: str) -> list[str]:
    """Replace the installed translators with every ``resources/i18n/*_<language>.qm``; the
    core's messages (gettext, counter_app/i18n.py) follow the same language."""
    from counter_app import i18n

    i18n.set_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded = []
    for qm in sorted(I18N_DIR.glob(f"*_{language}.qm")):
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(qm.name)
    return loaded


def public_screens() -> list[QWidget]:
    """The open windows a citizen faces (marked ``publicScreen``, e.g. the SKM kiosk)."""
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.property("publicScreen")]


class IdleWatcher(QObject):
    """Counts time since the last key press or mouse action anywhere in the app."""

    idle = Signal()
    INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin}

    def __init__(self, seconds: float, parent=None):
        super().__init__(parent)
        self.seconds = seconds
        self.last_input = time.monotonic()
        self.armed = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(1000)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() in self.INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def check(self, now: float | None = None) -> bool:
        """Emit ``idle`` once when the threshold has passed (``now``: a monotonic time)."""
        now = time.monotonic() if now is None else now
        if self.armed and self.seconds > 0 and now - self.last_input >= self.seconds:
            self.armed = False
            self.idle.emit()
            return True
        return False


class AppController(QObject):
    """Wizard → log-in → main window; locks on idle; rebuilds the window on a language switch;
    runs the portal sync in the background while someone is logged in."""

    def __init__(self, ctx: AppContext, app: QApplication, sync_interval_s: float | None = None):
        super().__init__()
        self.ctx = ctx
        self.app = app
        self.window: MainWindow | None = None
        self.wizard: FirstStartWizard | None = None
        self.login: LoginDialog | None = None
        self.logged_out = False
        self.idle = IdleWatcher(float(ctx.pref("lock/idle_seconds", DEFAULT_IDLE_SECONDS)), self)
        app.installEventFilter(self.idle)
        self.idle.idle.connect(self.lock)
        ctx.language_changed.connect(self.switch_language)
        self.sync = SyncRunner(ctx, sync_interval_s, self)
        ctx.sync_runner = self.sync
        self.sync.round_done.connect(self._sync_round)
        self.hub = HubRunner(ctx, self)  # the site hub's live stream while someone is logged in
        ctx.hub_runner = self.hub
        ctx.changed.connect(self._changed)
        self.backup_done = False
        self.backup_warning = ""

    def start(self) -> None:
        # the retention rule, then today's automatic copy, in a worker (a copy of a big
        # database takes seconds)
        run_in_background(self.ctx, backup.daily_maintenance, on_done=self._backup_done,
                          on_error=self._backup_failed)
        if users.has_users(self.ctx.session):
            self.show_login()
        else:
            self.wizard = FirstStartWizard(self.ctx)
            self.wizard.finished_setup.connect(self._setup_done)
            self.wizard.show()

    def _setup_done(self, username: str) -> None:
        self.wizard.close()
        self.show_login(username)

    def show_login(self, username: str = "", locked: bool = False) -> None:
        self.login = LoginDialog(self.ctx, username=username, locked=locked)
        self.login.logged_in.connect(self._logged_in)
        self.login.show()
        self.login.raise_()

    def _logged_in(self, actor) -> None:
        # The same officer unlocking keeps the pages as they were (a half-filled form survives
        # the lock); anyone else gets freshly built pages for their own role.
        if actor != self.ctx.actor:
            self.ctx.set_actor(actor)
        elif self.logged_out and self.window is not None:
            self.window.build_pages()  # after "Keluar" the next shift starts clean
        self.logged_out = False
        if self.login is not None:
            self.login.close()
        if self.window is None:
            self.window = MainWindow(self.ctx)
            self.window.lock_requested.connect(self.lock)
            self.window.logout_requested.connect(self.logout)
            self.window.set_backup_warning(self.backup_warning)
            self.window.show_on_screen()
        else:
            self.window.show()  # where the officer left it
        self.idle.last_input = time.monotonic()
        self.idle.seconds = float(self.ctx.pref("lock/idle_seconds", DEFAULT_IDLE_SECONDS))
        self.idle.armed = True
        self.sync.start()
        self.hub.start()

    def _backup_done(self, _path) -> None:
        self.backup_done = True

    def _backup_failed(self, exc: Exception) -> None:
        self.backup_done = True
        self.backup_warning = self.tr("Cadangan harian gagal: {error}").format(error=exc)
        if self.window is not None:
            self.window.set_backup_warning(self.backup_warning)

    def _changed(self, what: str) -> None:
        if what == "portal" and self.window is not None and not self.logged_out:
            self.sync.restart()
        if what == "hub" and self.window is not None and not self.logged_out:
            self.hub.restart()

    def _sync_round(self, _summary, _error) -> None:
        if self.window is not None:
            self.window.refresh_status()

    def quit(self) -> None:
        """Before the database closes: stop the background sync (a round in flight may finish)
        and the hub's stream, giving this counter's service leases back."""
        self.sync.stop(wait_s=QUIT_WAIT_S)
        if self.hub.running:
            self.hub.release_leases_now(self.ctx.session)
        self.hub.stop(wait_s=QUIT_WAIT_S)

    def lock(self) -> None:
        """Hide the work behind the log-in; the same or another officer unlocks it.

        While a public screen (the SKM kiosk) is open the lock names nobody and stays behind
        it: the citizen at the kiosk never sees an officer's account, the officer's work is
        hidden all the same, and the kiosk keeps serving the next citizen until the officer
        leaves it with Ctrl+Shift+Q and unlocks."""
        self.idle.armed = False
        if self.window is not None:
            self.window.hide()
        public = public_screens()
        self.show_login("" if public else self.ctx.actor.username, locked=True)
        for screen in public:
            screen.raise_()
            screen.activateWindow()

    def logout(self) -> None:
        self.idle.armed = False
        self.logged_out = True
        self.sync.stop()
        self.hub.release_leases()
        self.hub.stop()
        if self.window is not None:
            self.window.hide()
        self.show_login()

    def switch_language(self, language: str) -> None:
        install_translators(self.app, language)
        if self.window is not None:
            geometry = self.window.geometry()
            self.window.ask_before_closing = False  # rebuilt at once, in the new language
            self.window.close()
            self.window.deleteLater()
            self.window = MainWindow(self.ctx)
            self.window.lock_requested.connect(self.lock)
            self.window.logout_requested.connect(self.logout)
            self.window.set_backup_warning(self.backup_warning)
            self.window.setGeometry(geometry)
            self.window.show()
            self.window.show_page("settings")


class ExceptionReporter(QObject):
    """Logs an exception nobody caught (``sys.excepthook``, and ``threading.excepthook`` for
    other threads) with its traceback, and tells the officer in a dialog on the GUI thread.

    The dialog does not block: the window keeps working behind it, and while it is open a
    further error is only logged. ``show`` replaces the dialog (tests, a kiosk without one).
    Create it on the GUI thread; another thread only emits a signal bound there.
    """

    _report = Signal(str)

    def __init__(self, show: Callable[[str], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.show = show or self.show_dialog
        self.dialog: QMessageBox | None = None
        self._previous: tuple | None = None
        self._report.connect(self._deliver)
        self._emit = self._report.emit  # bound here, on the GUI thread, once

    def install(self) -> ExceptionReporter:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._handle(exc_type, exc, tb, threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self._handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def _handle(self, exc_type, exc, tb, thread: str) -> None:
        log.critical("uncaught exception in thread %s", thread, exc_info=(exc_type, exc, tb))
        if sys.stderr is not None:  # none when started without a console (pythonw)
            traceback.print_exception(exc_type, exc, tb)  # the terminal too, as without the hook
        where = logs.current_log_path()
        self._emit(self.tr(
            "Terjadi galat yang tidak terduga: {error}\n\nData yang sudah tersimpan tetap aman. "
            "Rincian teknisnya tercatat di berkas log {log}. Jika galat ini berulang, mulai ulang "
            "aplikasi dan kirim berkas log itu ke petugas TI.").format(
                error=f"{exc_type.__name__}: {exc}"[:300],
                log=where if where is not None else self.tr("(log tidak aktif)")))

    def _deliver(self, message: str) -> None:
        try:
            self.show(message)
        except Exception:  # never let the reporter raise into the hook again
            log.exception("showing the error dialog failed")

    def show_dialog(self, message: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; the next error is in the log
        if self.dialog is None:
            self.dialog = QMessageBox(QMessageBox.Icon.Critical, self.tr("Loket: galat"), "",
                                      QMessageBox.StandardButton.Ok)
            self.dialog.setObjectName("exception_dialog")
            self.dialog.setModal(False)
        self.dialog.setText(message)
        self.dialog.show()
        self.dialog.raise_()


def run_app(db_path: Path | str, mode: str = "staff", options: dict | None = None) -> int:
    """Open the desktop app on ``db_path``; returns the Qt exit code. ``mode`` "display" or
    "kiosk" starts that hall device full screen with no officer logging in
    (:class:`ui.hall_display.HallDeviceMode`; ``loket display``, ``loket kiosk``)."""
    logs.setup_logging(db_path)
    app = QApplication.instance()
    if app is None:
        with PlatformGuard():  # a window plugin that cannot start names the package to install
            app = QApplication(sys.argv)
    app.setApplicationName("Loket")
    collector = GuiThreadCollector(app).start()  # workers and the sync thread never collect
    reporter = ExceptionReporter(parent=app).install()
    log.info("desktop app started on %s (%s)", db_path, mode)
    try:
        # before the context opens the file (which would migrate it with nothing on screen)
        applied = upgrade_database(db_path)
    except Exception as exc:
        log.error("start-up upgrade of %s failed:\n%s", db_path, getattr(exc, "traceback_text", exc))
        QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("UpgradeWindow", "Loket: pembaruan gagal"),
                    upgrade_failed_text(exc), QMessageBox.StandardButton.Ok).exec()
        reporter.uninstall()
        collector.stop()
        return 1
    if applied:
        log.info("database upgraded at start-up: %s", ", ".join(applied))
    ctx = AppContext(db_path)
    if mode == "staff":
        ctx.language = str(ctx.pref("language", "id"))
        install_translators(app, ctx.language)
        controller = AppController(ctx, app)
    else:  # a public screen: Indonesian (the kiosk switches itself for its visitor)
        from .hall_display import HallDeviceMode

        controller = HallDeviceMode(ctx, app, mode, options)
    controller.start()
    collector.freeze()  # start-up's objects stay out of every later collection
    try:
        return app.exec()
    finally:
        controller.quit()
        ctx.close()
        reporter.uninstall()
        collector.stop()
        log.info("desktop app closed")
