"""One small helper for every background operation (printing, sync, reports, backup).

``run_in_background(ctx, fn, *args, on_done=..., on_error=...)`` runs ``fn(session, *args)``
on the Qt thread pool with its own SQLite connection (one connection per thread), as the
actor who started it, and delivers the result or the exception back on the GUI thread.

Results travel through one long-lived dispatcher object that lives on the GUI thread, so a
worker never holds (and never frees) a per-operation QObject: freeing a GUI-thread QObject
from a pool thread after its last signal is a crash waiting for an unlucky schedule.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from counter_app.session import Session


@dataclass
class BackgroundOp:
    """What :func:`run_in_background` started (a plain object: safe to drop on any thread)."""

    id: int
    fn: Callable[..., Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None


class _Dispatcher(QObject):
    finished = Signal(int, bool, object)  # op id, succeeded, result or exception

    def __init__(self):
        super().__init__()
        self.finished.connect(self._deliver)

    def _deliver(self, op_id: int, ok: bool, value: Any) -> None:
        op = _running.pop(op_id, None)
        if op is None:
            return
        callback = op.on_done if ok else op.on_error
        if callback is None:
            return
        try:
            callback(value)
        except RuntimeError as exc:
            # the widget that asked has been closed meanwhile: nobody is left to tell
            if "already deleted" not in str(exc):
                raise


_running: dict[int, BackgroundOp] = {}
_ids = itertools.count(1)
_dispatcher: _Dispatcher | None = None


def _work(op_id: int, db_path, actor, fn: Callable[..., Any], args: tuple, needs_session: bool,
          dispatcher: _Dispatcher) -> None:
    session = None
    try:
        if needs_session:
            session = Session.open(db_path, actor)
            result = fn(session, *args)
        else:
            result = fn(*args)
    except Exception as exc:  # delivered to the GUI, never lost in a thread
        exc.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
        outcome = (False, exc)
    else:
        outcome = (True, result)
    finally:
        if session is not None:
            session.close()
    dispatcher.finished.emit(op_id, *outcome)


def run_in_background(
    ctx,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    needs_session: bool = True,
) -> BackgroundOp:
    """Start ``fn`` on the thread pool; callbacks run on the GUI thread (call from the GUI thread)."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    op = BackgroundOp(next(_ids), fn, on_done, on_error)
    _running[op.id] = op
    db_path, actor, dispatcher = ctx.db_path, ctx.actor, _dispatcher
    QThreadPool.globalInstance().start(
        lambda: _work(op.id, db_path, actor, fn, args, needs_session, dispatcher))
    return op


def pending() -> int:
    """Operations started and not yet reported back (for tests and a clean shutdown)."""
    return len(_running)
