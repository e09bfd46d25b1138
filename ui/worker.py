"""One small helper for every background operation (printing, sync, reports, backup).

``run_in_background(ctx, fn, *args, on_done=..., on_error=...)`` runs ``fn(session, *args)``
on the Qt thread pool with its own SQLite connection (one connection per thread), as the
same actor, and delivers the result or the exception back on the GUI thread.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from counter_app.session import Session


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class BackgroundOp(QRunnable):
    def __init__(self, ctx, fn: Callable[..., Any], *args: Any, needs_session: bool = True):
        super().__init__()
        self.ctx = ctx
        self.fn = fn
        self.args = args
        self.needs_session = needs_session
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        session = None
        try:
            if self.needs_session:
                session = Session.open(self.ctx.db_path, self.ctx.actor)
                result = self.fn(session, *self.args)
            else:
                result = self.fn(*self.args)
        except Exception as exc:  # delivered to the GUI, never lost in a thread
            exc.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)
        finally:
            if session is not None:
                session.close()


_running: set[BackgroundOp] = set()


def run_in_background(
    ctx,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    needs_session: bool = True,
) -> BackgroundOp:
    """Start ``fn`` on the thread pool; callbacks run on the GUI thread."""
    op = BackgroundOp(ctx, fn, *args, needs_session=needs_session)
    _running.add(op)

    def finished(callback, value):
        _running.discard(op)
        if callback is not None:
            callback(value)

    op.signals.done.connect(lambda value: finished(on_done, value))
    op.signals.failed.connect(lambda exc: finished(on_error, exc))
    QThreadPool.globalInstance().start(op)
    return op
