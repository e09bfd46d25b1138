"""A date typed the way it is written on paper, ``HH-BB-TTTT``, handed to the core as ISO."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLineEdit


class DateField(QLineEdit):
    """``iso()`` is ``None`` when empty, the ISO date when complete and real, else ``""``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setInputMask("99-99-9999")
        self.setPlaceholderText("HH-BB-TTTT")
        self.setFixedWidth(130)

    def is_empty(self) -> bool:
        return not self.text().replace("-", "").strip()

    def iso(self) -> str | None:
        if self.is_empty():
            return None
        day = QDate.fromString(self.text(), "dd-MM-yyyy")
        return day.toString("yyyy-MM-dd") if day.isValid() else ""

    def set_iso(self, value: str | None) -> None:
        if not value:
            self.clear()
            return
        self.setText(QDate.fromString(value[:10], "yyyy-MM-dd").toString("dd-MM-yyyy"))
