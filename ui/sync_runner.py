"""The portal sync in the background of the desktop app.

:class:`SyncRunner` owns one :class:`sync.client.BackgroundSync` (its own thread and its own
database connection) while someone is logged in and a portal address and token are set; it
is restarted when the portal settings change and stopped on log-out, on quit and before the
database closes. Each finished round is reported on the GUI thread through ``round_done``
(the status bar refreshes from it). "Sinkronkan sekarang" asks the running loop for a round
now (:meth:`request_round`) instead of starting a second, competing one.

The sync thread never creates or frees a Qt object: it calls a signal's ``emit`` bound once
on the GUI thread, and a stopped loop's late results are dropped by generation number.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from counter_app import syncstate
from sync.client import BackgroundSync

from .context import AppContext

QUIT_WAIT_S = 5.0


class SyncRunner(QObject):
    round_done = Signal(object, object)        # summary dict or None, error message or None
    _from_thread = Signal(int, int, object, object)  # generation, round number, summary, error

    def __init__(self, ctx: AppContext, interval_s: float | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.interval_s = interval_s
        self.loop: BackgroundSync | None = None
        self.generation = 0
        self.rounds = 0
        # (rounds begun when asked, on_done, on_error): a caller gets a round begun after it asked
        self._waiting: list[tuple[int, Callable[[dict], None], Callable[[str], None]]] = []
        self._from_thread.connect(self._deliver)
        self._emit = self._from_thread.emit  # bound here, on the GUI thread, once

    @property
    def running(self) -> bool:
        return self.loop is not None and self.loop.running

    def configured(self) -> bool:
        state = syncstate.state(self.ctx.session)
        return bool(state["portal_url"] and state["token"])

    def start(self) -> bool:
        """Start the loop if a portal and token are set (a no-op while it runs); True if running."""
        if self.running:
            return True
        if not self.configured():
            return False
        self.generation += 1
        loop = BackgroundSync(self.ctx.db_path, None, interval_s=self.interval_s)
        loop.on_result = functools.partial(self._on_result, self.generation, loop)
        self.loop = loop
        loop.start()
        return True

    def stop(self, wait_s: float = 0) -> None:
        """Stop the loop; a round in flight finishes on its own thread (``wait_s``: how long to
        wait for it, 0 on the GUI thread during work, a few seconds at quit)."""
        loop, self.loop = self.loop, None
        self.generation += 1
        if loop is not None:
            loop.stop(timeout=wait_s)
        waiting, self._waiting = self._waiting, []
        for _asked, _done, failed in waiting:
            _call(failed, self.tr("sinkronisasi latar belakang dihentikan"))

    def restart(self) -> bool:
        """After the portal address or token changed."""
        self.stop()
        return self.start()

    def request_round(self, on_done: Callable[[dict], None], on_error: Callable[[str], None]) -> bool:
        """Ask the running loop for a round now; the callbacks get the outcome of a round begun
        after this call (GUI thread): not that of a round already under way, which read the
        portal and the database before the officer asked. False if no loop runs (the caller
        then runs a round itself)."""
        if not self.running:
            return False
        self._waiting.append((self.loop.round, on_done, on_error))
        self.loop.trigger()
        return True

    def _on_result(self, generation: int, loop: BackgroundSync, summary: dict | None, error: str | None) -> None:
        # the sync thread: only the pre-bound emit, never a Qt object made or freed here
        self._emit(generation, loop.round, summary, error)

    def _deliver(self, generation: int, number: int, summary: dict | None, error: str | None) -> None:
        if generation != self.generation:
            return  # a stopped loop's last round
        self.rounds += 1
        answered = [w for w in self._waiting if w[0] < number]
        self._waiting = [w for w in self._waiting if w[0] >= number]
        for _asked, done, failed in answered:
            if error is None:
                _call(done, summary)
            else:
                _call(failed, error)
        self.round_done.emit(summary, error)


def _call(callback: Callable, value) -> None:
    try:
        callback(value)
    except RuntimeError as exc:  # the page that asked was closed meanwhile
        if "already deleted" not in str(exc):
            raise
