"""Widgets for the kinds of field a paper form has (``counter_app.forms``): one line, several
lines, boxed digits, a written date, tick-one choices; and the paper look of the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from counter_app import forms

from .date_field import DateField
from .nik_input import NikInput

PAPER_STYLE = """
QFrame#paper { background: white; border: 1px solid #b8b8b8; }
QFrame#paper QLabel { color: #1a1a1a; }
QLabel.section { font-size: 15px; font-weight: bold; border-bottom: 2px solid #1a1a1a; padding-top: 10px; }
QFrame#paper QLineEdit, QFrame#paper QPlainTextEdit, QFrame#paper QComboBox {
    border: none; border-bottom: 1px dotted #555; background: #fbfbf6; font-size: 14px; padding: 3px; }
"""


def field_widget(field: forms.FormField, on_edit: Callable[[], Any]) -> tuple[QWidget, Any]:
    """(what to place on the form, what holds the value) for a TEXT, LONG_TEXT, BOXES, DATE
    or CHOICE field; ``on_edit`` is called on every change the user makes."""
    if field.kind == forms.BOXES:
        boxes = NikInput()
        boxes.changed.connect(lambda _t: on_edit())
        return boxes, boxes
    if field.kind == forms.DATE:
        date_field = DateField()
        date_field.textEdited.connect(lambda _t: on_edit())
        return date_field, date_field
    if field.kind == forms.CHOICE:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box)
        for value, text in field.options:
            radio = QRadioButton(text)
            radio.setProperty("value", value)
            group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        group.buttonToggled.connect(lambda _b, on: on and on_edit())
        return box, group
    if field.kind == forms.LONG_TEXT:
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setFixedHeight(64)
        text.setPlaceholderText(field.hint)
        text.textChanged.connect(on_edit)
        return text, text
    line = QLineEdit()
    line.setPlaceholderText(field.hint)
    line.textEdited.connect(lambda _t: on_edit())
    return line, line
