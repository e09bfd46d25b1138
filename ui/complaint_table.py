"""The complaints list as a Qt table model: tracking number, dates, type, status, LAPOR! ref,
with complaints past their response deadline drawn in red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from . import complaint_labels

OVERDUE = QColor("#a50e0e")


class ComplaintModel(QAbstractTableModel):
    COLUMNS = ("tracking_number", "day", "type", "service_code", "status", "lapor_ref", "deadline")

    def __init__(self, headers: list[str]):
        super().__init__()
        self.headers = headers
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 - Qt API
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(key)
            if key == "type":
                return complaint_labels.label("type", value)
            if key == "status":
                return complaint_labels.label("status", value)
            if key in ("day", "deadline"):
                return value and f"{value[8:10]}-{value[5:7]}-{value[:4]}"
            return value or ""
        if role == Qt.ItemDataRole.ForegroundRole and row["overdue"]:
            return OVERDUE
        return None
