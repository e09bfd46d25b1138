"""PySide6 itself must not lose references: 6.12.0 drops one reference to ``True`` on every
``Signal.emit()`` from Python (Python 3.11, where True is not immortal), so a long day at a
counter (or the test suite) aborts with "Fatal Python error: bool_dealloc". pyproject.toml
keeps PySide6 below 6.12 for that; this test says when a release is safe again."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()
    carried = Signal(bool)


def test_emitting_and_slots_keep_the_reference_counts_of_true_false_and_none(qapp):
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.fired.connect(lambda: None)
    emitter.carried.connect(seen.append)
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for n in range(200):
        emitter.fired.emit()
        emitter.carried.emit(n % 2 == 0)
    seen.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert all(abs(a - b) < 50 for a, b in zip(after, before, strict=True)), (before, after)
