"""Cyclic garbage is collected on the GUI thread, never in a worker that allocates: a
collection in a worker frees Qt widgets there, which deadlocks or crashes the process."""

from __future__ import annotations

import gc
import os
import threading

from PySide6.QtWidgets import QWidget

from counter_app.actors import Actor
from counter_app.session import Session
from counter_app.site import init_site
from ui import gc_guard, worker
from ui.context import AppContext
from ui.gc_guard import GuiThreadCollector, due_generation


class _Cycle:
    freed_on: list[str] = []

    def __init__(self):
        self.me = self
        self.widget = QWidget()  # owned by Python: freeing the cycle destroys the widget

    def __del__(self):
        _Cycle.freed_on.append(threading.current_thread().name)


def _allocate_cycles(n: int) -> None:
    for _ in range(n):
        a: list = []
        a.append(a)  # tracked containers: these push the allocation counts past the thresholds


def test_a_worker_that_allocates_leaves_cyclic_garbage_to_the_gui_thread(qtbot, _gui_thread_garbage_collection):
    collector = _gui_thread_garbage_collection
    assert not gc.isenabled()
    _Cycle.freed_on = []
    _Cycle()
    thread = threading.Thread(target=_allocate_cycles, args=(200_000,), name="worker")
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20000)  # events go on meanwhile
    qtbot.waitUntil(lambda: bool(_Cycle.freed_on), timeout=5000)
    assert _Cycle.freed_on == ["MainThread"]
    assert sum(collector.collections) >= 1


def test_the_timer_collects_what_the_automatic_collector_would(qtbot, _gui_thread_garbage_collection):
    collector = _gui_thread_garbage_collection
    gc.collect()
    assert due_generation() is None
    _allocate_cycles(gc.get_threshold()[0] + 10)
    assert due_generation() == 0
    before = collector.collections[0]
    qtbot.waitUntil(lambda: collector.collections[0] > before, timeout=5000)
    assert due_generation() is None


def test_stop_gives_collection_back_as_it_was(qapp):
    collector = GuiThreadCollector()
    was = gc.isenabled()
    collector.start()
    assert not gc.isenabled() and collector.running
    collector.stop()
    assert gc.isenabled() == was and not collector.running
    collector.stop()  # twice is harmless
    gc.disable()
    try:
        collector.start()
        collector.stop()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_a_worker_drops_its_references_before_it_reports(qtbot, session):
    """The callable a worker ran, and what it captured, are let go on the GUI thread."""
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    freed_on: list[str] = []

    class Captured:
        def __del__(self):
            freed_on.append(threading.current_thread().name)

    captured = Captured()
    results = []

    def read(s, thing):
        return s.store.path is not None and thing is not None

    worker.run_query(ctx, read, captured, on_done=results.append)
    del captured
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == [True]
    assert freed_on == ["MainThread"]
    ctx.close()


_KEPT: list = []  # every store a worker used, kept so that identities stay unique


def _store_of(s):
    _KEPT.append(s.store)  # (compared by identity on the GUI thread, used only in its worker)
    return len(_KEPT) - 1, threading.current_thread().name, s.store.scalar("SELECT code FROM site")


def test_a_worker_keeps_its_connection_until_told_or_the_file_changes(qtbot, session, tmp_path):
    """One connection per worker thread, reused from one operation to the next; a context
    that closes, a file replaced under the same name or a connection the operation closed
    makes the next operation open the file anew."""
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    answers: list = []

    def ask(fn=_store_of):
        n = len(answers)
        worker.run_query(ctx, fn, on_done=answers.append)
        qtbot.waitUntil(lambda: len(answers) > n, timeout=10000)
        index, thread, code = answers[-1]
        return _KEPT[index], thread, code

    def by_thread(n=12):
        seen: dict = {}
        for _ in range(n):
            store, thread, _code = ask()
            assert seen.setdefault(thread, store) is store  # the same thread, the same open file
        return seen

    before = by_thread()
    worker.forget_connections()
    after = by_thread()
    assert all(after[t] is not before[t] for t in after.keys() & before.keys())
    assert not {id(s) for s in after.values()} & {id(s) for s in before.values()}

    def close_it(s):
        answer = _store_of(s)
        s.close()
        return answer

    n = len(answers)
    worker.run_query(ctx, close_it, on_done=answers.append)
    qtbot.waitUntil(lambda: len(answers) > n, timeout=10000)
    closed = _KEPT[answers[-1][0]]
    again = by_thread()
    assert closed not in again.values()
    assert {ask()[2] for _ in range(3)} == {"MPP-TEST"}  # reads go on, on the reopened file

    # another file under the same name (what it reads is SQLite's matter: a file swapped
    # under open connections meets their WAL; the point is that no connection to the old
    # file is used for it)
    other = tmp_path / "other.sqlite3"
    with Session.open(other) as s2:
        init_site(s2, site_code="MPP-LAIN", site_name="MPP Lain")
    os.replace(other, session.store.path)
    replaced = by_thread()
    assert not {id(s) for s in replaced.values()} & {id(s) for s in again.values()}
    ctx.close()
    _KEPT.clear()


def test_freeze_keeps_start_up_out_of_collections_until_stop(qapp):
    was = gc.isenabled()
    collector = GuiThreadCollector().start()
    try:
        assert collector.freeze() > 0 and gc.get_freeze_count() > 0
    finally:
        collector.stop()
    assert gc.isenabled() == was
    # the suite's own per-test collector (tests/conftest.py) froze first and still holds it
    assert gc.get_freeze_count() > 0 and gc_guard._freeze_owner is not collector


def test_only_the_collector_that_froze_first_unfreezes(qapp, monkeypatch):
    """gc.freeze is one state of the process: nested collectors must not undo each other."""
    calls = []
    monkeypatch.setattr(gc_guard, "_freeze_owner", None)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    outer = GuiThreadCollector().start()
    inner = GuiThreadCollector().start()
    outer.freeze(collect_first=False)
    inner.freeze(collect_first=False)
    inner.stop()
    assert calls == ["freeze", "freeze"]  # the inner one leaves the outer's freeze alone
    outer.stop()
    assert calls == ["freeze", "freeze", "unfreeze"] and gc_guard._freeze_owner is None
