"""A one-line message strip at the top of a page: the outcome of the last action.

Pages report results here instead of modal message boxes, so nothing waits on a click
and a test can read what the user read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel

from counter_app.errors import LoketError

from .style import set_style

STYLES = {
    "info": "background: #e8f0fe; color: #0b3d91; border: 1px solid #aac4f5;",
    "ok": "background: #e6f4ea; color: #1e6b34; border: 1px solid #a8d5b5;",
    "warn": "background: #fef7e0; color: #7a5400; border: 1px solid #f1d58a;",
    "error": "background: #fce8e6; color: #a50e0e; border: 1px solid #f3b2ac;",
}


def error_text(exc: BaseException) -> str:
    """The message a user should read for an exception (domain errors carry their own)."""
    if isinstance(exc, LoketError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class Banner(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.kind = ""
        self.reserved_lines = 0
        self.hide()

    def reserve_room(self, lines: int = 2) -> None:
        """Keep the strip's room while empty, at ``lines`` lines (a longer message is cut and
        whole in the tooltip): a message appearing then never moves the page under the mouse."""
        self.reserved_lines = lines
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        font = QFont(self.font())
        font.setPixelSize(14)  # the strip's font (show_message's style sheet)
        self.setFixedHeight(QFontMetrics(font).lineSpacing() * lines + 2 * 8 + 2)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.setText(text)
        if self.reserved_lines:
            self.setToolTip(text)
        set_style(self, f"QLabel#banner {{ {STYLES[kind]} padding: 8px 12px; border-radius: 4px;"
                        " font-size: 14px; }")
        self.show()

    def show_error(self, exc: BaseException | str) -> None:
        self.show_message(exc if isinstance(exc, str) else error_text(exc), "error")

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()
