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


def test_a_models_none_for_an_unfilled_role_keeps_the_count_of_none(qtbot):
    """A model's data() answers None for most roles; 6.12.0 freed None a little each time
    (Fatal Python error: none_dealloc after a long session)."""
    from PySide6.QtCore import QAbstractTableModel, Qt
    from PySide6.QtWidgets import QTableView

    class Model(QAbstractTableModel):
        calls = 0

        def rowCount(self, parent=None):  # noqa: N802 - Qt API
            return 40

        def columnCount(self, parent=None):  # noqa: N802 - Qt API
            return 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            Model.calls += 1
            return "x" if role == Qt.ItemDataRole.DisplayRole else None

    model = Model()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 800)
    view.show()
    before = sys.getrefcount(None)
    for _ in range(20):
        view.viewport().repaint()
        qtbot.wait(1)
    assert Model.calls > 500  # Qt did ask, for many roles
    assert sys.getrefcount(None) >= before - 50, (before, sys.getrefcount(None))
