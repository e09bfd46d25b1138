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
from .paper_terms import beside, mark, screen_hint

PAPER_STYLE = """
QFrame#paper { background: white; border: 1px solid #b8b8b8; }
QFrame#paper QLabel { color: #1a1a1a; }
QLabel.section { font-size: 15px; font-weight: bold; border-bottom: 2px solid #1a1a1a; padding-top: 10px; }
QFrame#paper QLineEdit, QFrame#paper QPlainTextEdit, QFrame#paper QComboBox {
    border: none; border-bottom: 1px dotted #555; background: #fbfbf6; font-size: 14px; padding: 3px; }
"""


def field_widget(field: forms.FormField, on_edit: Callable[..., Any]) -> tuple[QWidget, Any]:
    """(what to place on the form, what holds the value) for a TEXT, LONG_TEXT, BOXES, DATE
    or CHOICE field; ``on_edit`` (a bound method of a QObject: PySide keeps a lambda or a
    ``functools.partial`` alive, with what it captures, until exit) is connected to every
    change the user makes; it finds the field with ``field_key(self.sender())``."""
    widget, holder, emitter = _make(field)
    emitter.setProperty("field_key", field.key)
    if isinstance(emitter, QButtonGroup):
        emitter.buttonToggled.connect(on_edit)  # on a switch: once for each button, both harmless
    elif isinstance(emitter, (NikInput, QPlainTextEdit)):
        getattr(emitter, "changed" if isinstance(emitter, NikInput) else "textChanged").connect(on_edit)
    else:
        emitter.textEdited.connect(on_edit)
    return widget, holder


def field_key(emitter) -> str:
    """The form field whose widget sent the signal (see :func:`field_widget`)."""
    return str(emitter.property("field_key"))


def _make(field: forms.FormField) -> tuple[QWidget, Any, Any]:
    if field.kind == forms.BOXES:
        boxes = NikInput()
        return boxes, boxes, boxes
    if field.kind == forms.DATE:
        date_field = DateField()
        return date_field, date_field, date_field
    if field.kind == forms.CHOICE:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box)
        for value, text in field.options:
            radio = QRadioButton(beside(text, sep=" · "))
            mark(radio, text)
            radio.setProperty("value", value)
            group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        return box, group, group
    if field.kind == forms.LONG_TEXT:
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setFixedHeight(64)
        text.setPlaceholderText(screen_hint(field.hint))
        return text, text, text
    line = QLineEdit()
    line.setPlaceholderText(screen_hint(field.hint))
    return line, line, line
