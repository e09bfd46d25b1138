"""Cyclic garbage is collected on the GUI thread, never in a worker that allocates: a
collection in a worker frees Qt widgets there, which deadlocks or crashes the process."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget

from counter_app.actors import Actor
from ui import worker
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
