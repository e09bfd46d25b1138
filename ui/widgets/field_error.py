"""A small red label beside a form field that shows the core's validation message."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy


class FieldError(QLabel):
    """Hidden while there is nothing to say; ``show_error`` shows the message in red."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e; font-size: 12px;")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_error(self, message: str | None) -> None:
        if message:
            self.setText(message)
            self.show()
        else:
            self.clear_error()

    def clear_error(self) -> None:
        self.setText("")
        self.hide()

    @property
    def message(self) -> str:
        return self.text() if self.isVisible() or self.text() else ""
