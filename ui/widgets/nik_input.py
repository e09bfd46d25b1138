"""Sixteen boxed cells for the NIK, one digit each, like the paper form.

Typing moves to the next box, Backspace on an empty box goes back, pasting a whole
number fills the boxes. Only the first box takes Tab, and Tab or Shift+Tab from any box
leaves the NIK for the next or previous field in paper order, not through sixteen boxes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from .style import set_style

CELLS = 16


class _Cell(QLineEdit):
    def __init__(self, owner: NikInput, index: int):
        super().__init__(owner)
        self.index = index
        self.setMaxLength(1)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(30, 38)
        font = QFont(self.font())
        font.setPointSize(15)
        font.setBold(True)
        self.setFont(font)
        self.setAccessibleName(f"NIK digit {index + 1}")
        if index:
            self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    @property
    def owner(self) -> NikInput:
        # the parent, asked each time: an attribute holding it would make a reference cycle
        # (Qt's parent keeps this cell's wrapper), freed only by the garbage collector on
        # whatever thread it happens to run, which crashed PySide in a worker
        return self.parentWidget()

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt API)
        # Tab and Shift+Tab leave the NIK from whichever box the officer is in, as if from
        # the first: on to the next field, or back to the one before the NIK.
        if self.index:
            self.owner.cells[0].setFocus(Qt.FocusReason.TabFocusReason)
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key, text = event.key(), event.text()
        if event.matches(QKeySequence.StandardKey.Paste):
            self.owner.setText(QGuiApplication.clipboard().text())
            self.owner.focus_cell(min(len(self.owner.text()), CELLS - 1))
            return
        if key == Qt.Key.Key_Backspace and not self.text():
            self.owner.focus_cell(self.index - 1, clear=True)
            return
        if key == Qt.Key.Key_Left:
            self.owner.focus_cell(self.index - 1)
            return
        if key == Qt.Key.Key_Right:
            self.owner.focus_cell(self.index + 1)
            return
        if text and text.isdigit():
            self.setText(text)
            self.owner.focus_cell(self.index + 1)
            return
        if text and text.isprintable() and key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            # Letters are shown (the core explains the rule beside the field) rather than
            # swallowed silently, so the officer sees what was typed.
            self.setText(text)
            self.owner.focus_cell(self.index + 1)
            return
        super().keyPressEvent(event)


class NikInput(QWidget):
    """``text()`` is the digits typed so far; ``changed`` fires on every edit."""

    changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.cells = [_Cell(self, i) for i in range(CELLS)]
        for i, cell in enumerate(self.cells):
            if i and i % 4 == 0:
                layout.addSpacing(6)  # groups of four, easier to read back to the applicant
            layout.addWidget(cell)
            cell.textEdited.connect(self._edited)
        layout.addStretch(1)
        self.setFocusProxy(self.cells[0])
        self.setAccessibleName("NIK")
        self._filling = False
        self.set_invalid(False)

    def _edited(self, _text: str) -> None:
        if not self._filling:
            self.changed.emit(self.text())

    def text(self) -> str:
        return "".join(c.text() for c in self.cells)

    def setText(self, value: str) -> None:  # noqa: N802 (Qt naming)
        digits = re.sub(r"[\s.-]", "", value or "")[:CELLS]
        self._filling = True
        for i, cell in enumerate(self.cells):
            cell.setText(digits[i] if i < len(digits) else "")
        self._filling = False
        self.changed.emit(self.text())

    def clear(self) -> None:
        self.setText("")

    def focus_cell(self, index: int, clear: bool = False) -> None:
        if 0 <= index < CELLS:
            cell = self.cells[index]
            if clear:
                cell.setText("")
            cell.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit(self.text())

    def set_invalid(self, invalid: bool) -> None:
        border = "#b3261e" if invalid else "#6b7280"
        for cell in self.cells:
            set_style(cell, f"QLineEdit {{ border: 1px solid {border}; background: white; padding: 0; }}")
