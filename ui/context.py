"""The app-wide context every page receives: database path, GUI-thread session, actor, language.

Pages call core services through ``ctx.session`` for quick reads and writes (a few ms on
SQLite) and through :func:`ui.worker.run_in_background` for anything slow (printing,
sync, reports, backup). ``ctx.changed`` is emitted after any write so other pages refresh.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from counter_app.actors import SYSTEM, Actor
from counter_app.session import Session

from . import worker


class AppContext(QObject):
    changed = Signal(str)          # what changed: "queue", "registration", "skm", "complaint", ...
    actor_changed = Signal(object)
    language_changed = Signal(str)
    navigate = Signal(str, object)  # page key, optional argument (e.g. a ticket to register)

    def __init__(self, db_path: Path | str, actor: Actor = SYSTEM, language: str = "id"):
        super().__init__()
        self.db_path = Path(db_path)
        self._session = Session.open(self.db_path, actor)
        self.language = language
        # Per-device preferences (counter name and services, idle lock, language) live in an
        # ini file beside the database: they are this PC's, not the site's synced settings.
        self.prefs = QSettings(str(self.db_path.with_suffix(".ui.ini")), QSettings.Format.IniFormat)
        self.sync_runner = None  # ui.sync_runner.SyncRunner, set by the app controller
        self.hub_runner = None   # ui.hub_bridge.HubRunner (the site hub's stream), likewise

    @property
    def session(self) -> Session:
        """The GUI thread's session. Workers must open their own (see ui.worker)."""
        return self._session

    @property
    def actor(self) -> Actor:
        return self._session.actor

    def set_actor(self, actor: Actor) -> None:
        self._session = self._session.as_actor(actor)
        self.actor_changed.emit(actor)

    def set_language(self, language: str) -> None:
        self.language = language
        self.language_changed.emit(language)

    def notify(self, what: str) -> None:
        self.changed.emit(what)

    def pref(self, key: str, default=None):
        value = self.prefs.value(key, default)
        return default if value is None else value

    def set_pref(self, key: str, value) -> None:
        self.prefs.setValue(key, value)
        self.prefs.sync()

    def go(self, page: str, arg=None) -> None:
        """Ask the main window to show ``page`` (with ``arg`` handed to its ``receive``)."""
        self.navigate.emit(page, arg)

    def close(self) -> None:
        """Close the database and drop every connection to this context's signals, so no
        widget is kept alive by a connected function after the context is done. The
        background sync and the hub's stream stop first (waiting a few seconds for a round in
        flight)."""
        if self.sync_runner is not None:
            self.sync_runner.stop(wait_s=5.0)
            self.sync_runner = None
        if self.hub_runner is not None:
            self.hub_runner.stop(wait_s=5.0)
            self.hub_runner = None
        for signal in (self.changed, self.actor_changed, self.language_changed, self.navigate):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass  # nothing was connected
        self._session.close()
        worker.forget_connections()  # the workers' connections to this file close too
