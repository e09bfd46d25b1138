"""A working session on one database: the store, its event log, the site clock and the actor.

Every core service function takes a :class:`Session` first, so who did what is always
known and recorded on the events it appends.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import clock
from .actors import SYSTEM, Actor
from .events import Event, EventLog
from .store import Store, default_db_path


class Session:
    def __init__(self, store: Store, actor: Actor = SYSTEM):
        self.store = store
        self.actor = actor
        self._log: EventLog | None = None

    @classmethod
    def open(cls, path: Path | str | None = None, actor: Actor = SYSTEM) -> Session:
        return cls(Store(path or default_db_path()), actor)

    def as_actor(self, actor: Actor) -> Session:
        """The same database acting as someone else (shares the connection)."""
        other = Session(self.store, actor)
        other._log = self._log
        return other

    @property
    def log(self) -> EventLog:
        if self._log is None:
            self._log = EventLog(self.store)
        return self._log

    @property
    def initialized(self) -> bool:
        return self.store.one("SELECT 1 FROM site") is not None

    @property
    def tz(self) -> ZoneInfo:
        return self.store.cached("tz", self._read_tz)

    def _read_tz(self) -> ZoneInfo:
        row = self.store.one("SELECT timezone FROM site")
        return ZoneInfo(row["timezone"]) if row else clock.DEFAULT_TZ

    def now(self) -> datetime:
        return clock.now(self.tz)

    def today(self) -> date:
        return self.now().date()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return self.store.transaction()  # the store's own (a second generator costs every write)

    def append(self, type: str, entity_id: str, payload: dict[str, Any]) -> Event:
        return self.log.append(type, entity_id, payload, self.actor)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
