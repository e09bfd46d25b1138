"""One way to do UI work off the GUI thread, as Anki's ``CollectionOp``/``QueryOp``.

- :func:`run_write` (a write) runs ``fn(session, *args)`` in a worker, hands the result to
  ``on_done`` (or the exception to ``on_error``) on the GUI thread, then says what it changed
  through ``ctx.notify(kind)``, once per kind: only the views that show that kind reload.
- :func:`run_query` (a read) runs the same way and changes nothing.
- :class:`Latest` drops the answer of a query that a newer one replaced (a search whose
  text changed while it ran); :class:`Reload` keeps a view's reloads to one at a time, a
  reload asked for meanwhile running once after it (however many changes came in).

``run_in_background(ctx, fn, *args, on_done=..., on_error=...)`` is the common base: ``fn``
runs on a small pool of worker threads with its own SQLite connection (one connection per
thread, kept open from one operation to the next: opening one costs about 2 ms, ten times the
status bar's read, and its caches, the catalogue's parsed hours among them, start cold), as
the actor who started it. A write in a worker may wait for the database's busy
timeout behind another connection's transaction (the sync thread, the hub's stream, another
process): the window goes on repainting and taking keys meanwhile.

The pool is plain Python threads (``concurrent.futures``), and results travel through one
long-lived dispatcher that lives on the GUI thread, emitted through a method bound once on
that thread: a worker never creates or frees a Qt wrapper object. (A Qt wrapper freed on a
worker thread -- e.g. a QThreadPool runnable -- is handed to the GUI thread for deletion,
which crashed PySide6 6.12 at random moments in later tests.)

A worker is handed only the operation's number. It takes the function and its arguments
from the operation (which the GUI thread keeps), leaves the outcome there, drops every
reference of its own and only then says "done": the last reference to anything the caller
passed (a closure over a widget, an exception whose traceback holds one) is always dropped
on the GUI thread, when the operation is delivered. Cyclic garbage is collected on the GUI
thread too (:mod:`ui.gc_guard`).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from counter_app.session import Session
from counter_app.store import Store


@dataclass
class BackgroundOp:
    """What :func:`run_in_background` started; the GUI thread keeps it until it is delivered."""

    id: int
    fn: Callable[..., Any]
    args: tuple
    needs_session: bool
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    outcome: tuple[bool, Any] | None = None  # left here by the worker


class _Dispatcher(QObject):
    finished = Signal(int)  # op id: its outcome is on the operation

    def __init__(self):
        super().__init__()
        self.finished.connect(self._deliver)

    def _deliver(self, op_id: int) -> None:
        op = _running.pop(op_id, None)
        if op is None or op.outcome is None:
            return
        ok, value = op.outcome
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
# Printing, sync and writes waiting on a lock wait, not compute: a few threads are plenty.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="loket-worker")


class _Connection(threading.local):
    """This worker thread's open database (a connection serves only the thread that opened it)."""

    store: Store | None = None
    path: Path | None = None
    inode: tuple[int, int] | None = None
    generation = -1


_held = _Connection()
_generation = 0  # forget_connections() moves it on


def forget_connections() -> None:
    """The workers' connections are not used again: each thread closes its own at its next
    operation (a connection can only be closed on its own thread). An app context that
    closes calls this, so a file replaced or restored meanwhile is opened anew."""
    global _generation
    _generation += 1


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _drop_connection() -> None:
    store, _held.store = _held.store, None
    if store is not None:
        try:
            store.close()
        except sqlite3.Error:
            pass


def _session(db_path, actor) -> Session:
    path = Path(db_path)
    store = _held.store
    if store is not None:
        stale = (_held.path != path or _held.generation != _generation or _file_id(path) != _held.inode
                 or _closed(store))
        if stale:
            _drop_connection()
            store = None
        elif store.conn.in_transaction:
            store.conn.rollback()  # left open by an operation that failed half-way
    if store is None:
        store = Store(path)  # migrates a file that is behind, as Session.open does
        _held.store, _held.path, _held.generation, _held.inode = store, path, _generation, _file_id(path)
    return Session(store, actor)


def _closed(store: Store) -> bool:
    """True when the operation closed the connection itself."""
    try:
        store.conn.total_changes  # noqa: B018 - any use of a closed connection raises
    except sqlite3.ProgrammingError:
        return True
    return False


def _outcome(fn: Callable[..., Any], args: tuple, needs_session: bool, db_path, actor) -> tuple[bool, Any]:
    # (takes no operation: an exception's traceback holds this frame, and the operation
    # holding the exception would make a cycle)
    try:
        if needs_session:
            result = fn(_session(db_path, actor), *args)
        else:
            result = fn(*args)
    except Exception as exc:  # delivered to the GUI, never lost in a thread
        exc.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
            _drop_connection()  # a disk or file fault: the next operation opens the file anew
        return False, exc
    return True, result


def _work(op_id: int, db_path, actor, emit: Callable[..., None]) -> None:
    op = _running.get(op_id)
    if op is None:
        return
    op.outcome = _outcome(op.fn, op.args, op.needs_session, db_path, actor)
    del op  # the GUI thread holds the operation, and with it the last references
    emit(op_id)


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
    op = BackgroundOp(next(_ids), fn, args, needs_session, on_done, on_error)
    _running[op.id] = op
    _pool.submit(_work, op.id, ctx.db_path, ctx.actor, _emit)
    return op


def run_task(fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[Exception], None] | None = None) -> BackgroundOp:
    """``fn(*args)`` on the pool with no session (it opens what it needs: the start-up upgrade,
    before any context exists)."""
    return run_in_background(_NO_CONTEXT, fn, *args, on_done=on_done, on_error=on_error, needs_session=False)


class _NoContext:
    db_path = None
    actor = None


_NO_CONTEXT = _NoContext()


def run_query(ctx, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
              on_error: Callable[[Exception], None] | None = None) -> BackgroundOp:
    """A read in a worker (``QueryOp``): ``on_done(result)`` on the GUI thread."""
    return run_in_background(ctx, fn, *args, on_done=on_done, on_error=on_error)


class _Changed:
    """Delivers a write's outcome, then tells the app what the write changed (a plain object,
    kept only until delivered)."""

    def __init__(self, ctx, changes: tuple[str, ...], on_done, on_error):
        self.ctx, self.changes, self.on_done, self.on_error = ctx, changes, on_done, on_error

    def done(self, result: Any) -> None:
        try:
            if self.on_done is not None:
                self.on_done(result)
        finally:
            self._notify()

    def failed(self, exc: Exception) -> None:
        if self.on_error is not None:
            self.on_error(exc)

    def _notify(self) -> None:
        runner = getattr(self.ctx, "hub_runner", None)
        if runner is not None and "queue" in self.changes:
            # our own commit is no news from another device: the "queue" notice below covers
            # it (and anything the hub's stream committed just before it)
            runner.note_own_commit()
        for kind in self.changes:
            try:
                self.ctx.notify(kind)
            except RuntimeError:  # the context is gone (the app is closing)
                return


def run_write(ctx, fn: Callable[..., Any], *args: Any, changes: Iterable[str],
              on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[Exception], None] | None = None) -> BackgroundOp:
    """A write in a worker (``CollectionOp``): ``on_done(result)`` on the GUI thread, then
    ``ctx.notify(kind)`` once for each kind in ``changes`` ("queue", "registration", ...).
    A write that failed changed nothing and notifies nobody."""
    report = _Changed(ctx, tuple(dict.fromkeys(changes)), on_done, on_error)
    return run_in_background(ctx, fn, *args, on_done=report.done, on_error=report.failed)


class Latest:
    """Numbers a series of queries so that only the newest answer is shown: ``n = ask()``
    before starting one, ``current(n)`` when its answer comes back."""

    def __init__(self) -> None:
        self.asked = 0
        self.answered = 0

    def ask(self) -> int:
        self.asked += 1
        return self.asked

    def current(self, n: int) -> bool:
        """Whether answer ``n`` is the newest asked (then it counts as answered)."""
        if n != self.asked:
            return False
        self.answered = n
        return True

    def drop(self) -> None:
        """The queries in flight no longer count (what they were asked about is gone)."""
        self.asked += 1
        self.answered = self.asked

    @property
    def waiting(self) -> bool:
        """A query asked for has not been answered yet."""
        return self.answered != self.asked


class Reload:
    """A view's reloads, one at a time: ``start()`` says whether to start a load now (False
    while one is in flight: it is run again once that one is back), ``finished()`` whether
    to start the next one."""

    def __init__(self) -> None:
        self.loading = False
        self.again = False
        self.count = 0  # loads applied (for tests and the bench)

    def start(self) -> bool:
        if self.loading:
            self.again = True
            return False
        self.loading = True
        return True

    def finished(self) -> bool:
        self.loading = False
        self.count += 1
        if self.again:
            self.again = False
            self.loading = True
            return True
        return False


def pending() -> int:
    """Operations started and not yet reported back (for tests and a clean shutdown)."""
    return len(_running)
