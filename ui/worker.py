"""One small helper for every background operation (printing, sync, reports, backup).

``run_in_background(ctx, fn, *args, on_done=..., on_error=...)`` runs ``fn(session, *args)``
on a small pool of worker threads with its own SQLite connection (one connection per
thread), as the actor who started it, and delivers the result or the exception back on the
GUI thread.

The pool is plain Python threads (``concurrent.futures``), and results travel through one
long-lived dispatcher that lives on the GUI thread, emitted through a method bound once on
that thread: a worker never creates or frees a Qt wrapper object. (A Qt wrapper freed on a
worker thread -- e.g. a QThreadPool runnable -- is handed to the GUI thread for deletion,
which crashed PySide6 6.12 at random moments in later tests.)
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

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
_emit: Callable[..., None] | None = None
# Printing and sync wait on devices and networks, not the CPU: a few threads are plenty.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="loket-worker")


def _work(op_id: int, db_path, actor, fn: Callable[..., Any], args: tuple, needs_session: bool,
          emit: Callable[..., None]) -> None:
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
    emit(op_id, *outcome)


def run_in_background(
    ctx,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    needs_session: bool = True,
) -> BackgroundOp:
    """Start ``fn`` on the thread pool; callbacks run on the GUI thread (call from the GUI thread)."""
    global _dispatcher, _emit
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
        _emit = _dispatcher.finished.emit  # bound here, on the GUI thread, once
    op = BackgroundOp(next(_ids), fn, on_done, on_error)
    _running[op.id] = op
    _pool.submit(_work, op.id, ctx.db_path, ctx.actor, fn, args, needs_session, _emit)
    return op


def pending() -> int:
    """Operations started and not yet reported back (for tests and a clean shutdown)."""
    return len(_running)
