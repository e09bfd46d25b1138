"""The app-wide context every page receives: database path, GUI-thread session, actor, language.

Pages call core services through ``ctx.session`` for quick reads and writes (a few ms on
SQLite) and through :func:`ui.worker.run_in_background` for anything slow (printing,
sync, reports, backup). ``ctx.changed`` is emitted after any write so other pages refresh.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from counter_app.actors import SYSTEM, Actor
from counter_app.session import Session


class AppContext(QObject):
    changed = Signal(str)          # what changed: "queue", "registration", "skm", "complaint", ...
    actor_changed = Signal(object)
    language_changed = Signal(str)

    def __init__(self, db_path: Path | str, actor: Actor = SYSTEM, language: str = "id"):
        super().__init__()
        self.db_path = Path(db_path)
        self._session = Session.open(self.db_path, actor)
        self.language = language

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

    def close(self) -> None:
        self._session.close()
