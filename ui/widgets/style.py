"""Setting a widget's style sheet only when it changes.

``QWidget.setStyleSheet`` re-polishes the widget and its children and lays them out again
even when the sheet is the one it already has. The status bar set three labels' sheets on
every refresh and the console's banner on every message: 10-20 ms of the GUI thread after
each F2 on the offscreen bench, all of it for sheets that had not changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style(widget: QWidget, sheet: str) -> bool:
    """``widget.setStyleSheet(sheet)`` unless it has that sheet already; True if it changed."""
    if widget.styleSheet() == sheet:
        return False
    widget.setStyleSheet(sheet)
    return True
