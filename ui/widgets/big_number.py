"""The large "now serving" number, readable from the applicant's side of the counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel


class BigNumber(QLabel):
    def __init__(self, text: str = "—", point_size: int = 72, parent=None):
        super().__init__(text, parent)
        self.setObjectName("bigNumber")
        font = QFont(self.font())
        font.setPointSize(point_size)
        font.setBold(True)
        self.setFont(font)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #0b3d91;")
        self.setMinimumHeight(int(point_size * 1.8))

    def set_number(self, number: str | None) -> None:
        self.setText(number or "—")
