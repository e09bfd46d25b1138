"""Small widgets shared by the hall, SKM, complaint and dashboard pages."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget


def service_combo(minimum_chars: int = 28) -> QComboBox:
    """A combo of long service names that does not widen its page past a 1366-pixel screen."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(minimum_chars)
    return box


class ErrorLabel(QLabel):
    """A red message beside a field (``error_<field>``) that takes no room while empty."""

    def __init__(self, field: str):
        super().__init__("")
        self.setObjectName(f"error_{field}")
        self.setStyleSheet("color: #a50e0e;")
        self.setWordWrap(True)
        self.setVisible(False)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setVisible(bool(text))


class AspectBox(QWidget):
    """Keeps its one child at a screen's shape (16:9 by default), centred."""

    def __init__(self, child: QWidget, ratio: float = 16 / 9):
        super().__init__()
        self.child, self.ratio = child, ratio
        child.setParent(self)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        w, h = self.width(), self.height()
        cw, ch = (w, int(w / self.ratio)) if w / self.ratio <= h else (int(h * self.ratio), h)
        self.child.setGeometry((w - cw) // 2, (h - ch) // 2, cw, ch)
