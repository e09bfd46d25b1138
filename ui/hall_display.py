"""What the hall display reads, and the display-only mode of a PC in the waiting hall.

- :class:`Zones`: the gerai and services one display PC shows (none chosen: all of them),
  kept with this PC's preferences (``hall_display/gerai``, ``hall_display/services``).
- :class:`CallFeed`: the day's calls and recalls read through ``counter_app.queue``, each
  handed on exactly once and oldest first, however many arrived between two looks (the
  old board looked at the 7 newest only and lost the rest of a burst).
- :class:`DbWatch`: notices a commit by another connection (the hub's live stream, the sync
  worker, another program on the same file) within a quarter of a second by polling
  ``PRAGMA data_version``, which reads no table.
- :func:`stale_text`: the mark the display shows while its data may be old.
- :func:`break_notice`: the banner shown during a break of the zone's services.
- :class:`HallDeviceMode`: starts the display, or the ticket kiosk, full screen without an
  officer logging in (``loket display``, ``loket kiosk``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app import catalog, queue, service_hours
from counter_app.actors import Actor

from .call_board import Board, Call, _natural

log = logging.getLogger(__name__)

WATCH_MS = 250       # how often the database is asked whether anyone else committed
FEED_LIMIT = 200     # calls read per look: far more than a hall makes in a quarter second
RECENT = 7
DISPLAY_ACTOR = Actor("hall-display", "frontliner")  # reads only; never an administrator


# ------------------------------------------------------------------ zones
@dataclass(frozen=True)
class Zones:
    """Gerai names and service codes a display shows; both empty means the whole hall."""

    gerai: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return not self.gerai and not self.services

    def shows(self, service_code: str, gerai_of: dict[str, str]) -> bool:
        return self.everything or service_code in self.services or gerai_of.get(service_code) in self.gerai


def _pref_list(value: Any) -> list[str]:
    # QSettings gives a one-item list back as a plain string
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value or ()]


def load_zones(ctx) -> Zones:
    return Zones(frozenset(_pref_list(ctx.pref("hall_display/gerai", []))),
                 frozenset(_pref_list(ctx.pref("hall_display/services", []))))


def save_zones(ctx, zones: Zones) -> None:
    ctx.set_pref("hall_display/gerai", sorted(zones.gerai))
    ctx.set_pref("hall_display/services", sorted(zones.services))


# ------------------------------------------------------------------ reading
@dataclass(frozen=True)
class HallState:
    """One look at the queue: the board to draw and every call read (newest first)."""

    board: Board
    calls: tuple[Call, ...]
    active: frozenset[tuple[str, str]]  # (ticket, counter) now being served

    def current(self) -> Call | None:
        """The newest call whose ticket is still being served at that counter (a ticket
        finished, skipped or marked absent is no longer the call on screen)."""
        return next((c for c in self.calls if (c.number, c.counter) in self.active), None)


def read_hall(session, zones: Zones = Zones(), gerai_of: dict[str, str] | None = None,
              limit: int = FEED_LIMIT) -> HallState:
    """The zone's part of today's queue, through ``queue.list_queue`` and ``queue.last_calls``."""
    gerai_of = gerai_of or {}
    serving = tuple(sorted(
        ((t["counter"], t["ticket"], t["service"]) for t in queue.list_queue(session, status="called")
         if zones.shows(t["service"], gerai_of)),
        key=lambda row: _natural(row[0])))
    calls = tuple(
        Call(r["number"], r["counter"], r["at"], r["action"] == "recalled", r["service_code"])
        for r in queue.last_calls(session, limit=limit) if zones.shows(r["service_code"], gerai_of))
    active = frozenset((number, counter) for counter, number, _service in serving)
    return HallState(Board(serving, calls[:RECENT]), calls, active)


def break_notice(services: Iterable[catalog.Service], zones: Zones, now: datetime) -> str:
    """The banner over the board while the zone's services are in a break: "Istirahat salat
    Jumat 11.30–13.00" (each break once, as the core names it); "" otherwise."""
    labels: list[str] = []
    for s in services:
        if zones.shows(s.code, {s.code: s.gerai}):
            current = service_hours.current_break(s.hours, now)
            if current is not None and current.label() not in labels:
                labels.append(current.label())
    return " · ".join(labels)


def gerai_by_service(session) -> dict[str, str]:
    return {s.code: s.gerai for s in catalog.list_services(session)}


class CallFeed:
    """Hands on each call once, oldest first. The first look only learns what is already
    there (a display switched on mid-morning does not replay the morning)."""

    def __init__(self) -> None:
        self._seen: set[tuple] | None = None

    def new(self, calls: Iterable[Call]) -> list[Call]:
        """``calls`` newest first (as read); returns those not handed on before, oldest first.

        Only the keys still in the window are kept: a call that dropped out of the newest
        ``FEED_LIMIT`` never comes back into it, so memory stays bounded all day."""
        calls = list(calls)
        keys = {c.key for c in calls}
        if self._seen is None:
            self._seen = keys
            return []
        fresh = [c for c in reversed(calls) if c.key not in self._seen]
        self._seen = keys
        return fresh


# ------------------------------------------------------------------ change watch
class DbWatch(QObject):
    """Emits ``changed`` when another connection has committed to the database since the last
    look (``PRAGMA data_version``; this connection's own writes announce themselves through
    ``ctx.changed``). Stops by itself when the database is closed."""

    changed = Signal()

    def __init__(self, session_of, interval_ms: int = WATCH_MS, parent: QObject | None = None):
        super().__init__(parent)
        self._session_of = session_of
        self._version: int | None = None
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._version = None
        self.poll()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> bool:
        try:
            version = self._session_of().store.scalar("PRAGMA data_version")
        except sqlite3.ProgrammingError:  # the app closed the database: nothing left to watch
            self.timer.stop()
            return False
        moved = self._version is not None and version != self._version
        self._version = version
        if moved:
            self.changed.emit()
        return moved


# ------------------------------------------------------------------ staleness
def stale_text(value: Any, now: datetime | None = None) -> str:
    """The corner mark for a stale source's answer: nothing when the data is fresh, a text as
    given, a time as "Data belum diperbarui sejak 08.15" (with the date when not today)."""
    if value is None or value is False or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if now is not None and value.tzinfo is not None and now.tzinfo is not None:
            value = value.astimezone(now.tzinfo)
        when = value.strftime("%H.%M")
        if now is not None and value.date() != now.date():
            when = value.strftime("%d-%m-%Y %H.%M")
        return f"Data belum diperbarui sejak {when}"
    return "Data belum diperbarui"


# ------------------------------------------------------------------ the mode
class HallDeviceMode(QObject):
    """A hall PC with no officer at it: the call display or the ticket kiosk, full screen,
    with the site hub's live stream (:class:`ui.hub_bridge.HubRunner`, when this PC joined a
    hub) and the portal sync running, so other devices' work arrives and the kiosk's leaves.
    The display's stale mark follows the hub's status. ``options`` may carry
    ``gerai``/``services`` (a display's zones, remembered for next time)."""

    def __init__(self, ctx, app, mode: str, options: dict[str, Any] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        from .hub_bridge import HubRunner
        from .sync_runner import SyncRunner

        options = options or {}
        self.ctx = ctx
        self.mode = mode
        self.hub = HubRunner(ctx, self)
        ctx.hub_runner = self.hub
        if mode == "display":
            from .announcer import Announcer, SpeakerPlayer
            from .call_display import CallDisplayWindow

            ctx.set_actor(DISPLAY_ACTOR)
            if options.get("gerai") is not None or options.get("services") is not None:
                save_zones(ctx, Zones(frozenset(options.get("gerai") or ()),
                                      frozenset(options.get("services") or ())))
            # sound and volume as set on this PC's 'Layar panggilan' page
            announcer = Announcer(parent=self)
            announcer.set_enabled(str(ctx.pref("call_display/sound", "true")).lower() == "true")
            if isinstance(announcer.player, SpeakerPlayer):
                announcer.player.output.setVolume(int(ctx.pref("call_display/volume", 90)) / 100)
            self.window = CallDisplayWindow(ctx, announcer, zones=load_zones(ctx),
                                            stale_reason=self.hub.stale_reason)
        elif mode == "kiosk":
            from .ticket_kiosk import KIOSK_ACTOR, TicketKioskWindow

            ctx.set_actor(KIOSK_ACTOR)
            self.window = TicketKioskWindow(ctx)
        else:
            raise ValueError(f"unknown mode {mode!r}")
        self.sync = SyncRunner(ctx, None, self)
        ctx.sync_runner = self.sync

    def start(self, full_screen: bool = True) -> None:
        self.hub.start()
        self.sync.start()
        if self.mode == "display":
            self.window.show_on(None, full_screen)  # no mouse pointer over the board
        elif full_screen:
            self.window.showFullScreen()
        else:
            self.window.show()
        log.info("hall device mode %s started", self.mode)

    def quit(self) -> None:
        from .sync_runner import QUIT_WAIT_S

        self.hub.stop(wait_s=QUIT_WAIT_S)
        self.sync.stop(wait_s=QUIT_WAIT_S)
        if self.ctx.hub_runner is self.hub:  # stopped here: closing the context need not again
            self.ctx.hub_runner = None
        if self.ctx.sync_runner is self.sync:
            self.ctx.sync_runner = None
