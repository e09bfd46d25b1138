"""A read-only list table, as the dashboard and the calendar show their lists."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget


def read_only_table(name: str, headers: list[str], *, pick_rows: bool = False) -> QTableWidget:
    """A table nobody types into, without row numbers; ``pick_rows``: one whole row is chosen
    at a time (a list an action applies to)."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    if pick_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return table
