"""A table model whose rows are taken one by one, keyed by an id, never by a reset.

:class:`KeyedRowsModel.set_rows` compares the new rows with those shown: a row gone is
removed (``beginRemoveRows``), a new one inserted where it belongs (``beginInsertRows``),
one that moved is moved (``beginMoveRows``), one whose fields changed is reported
(``dataChanged``). A view on it keeps its selection, current row and scroll position across
every reload, which a ``beginResetModel`` would throw away.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex


class KeyedRowsModel(QAbstractTableModel):
    """Rows are dicts; ``KEY`` names the field that identifies a row."""

    KEY = "id"
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return len(self.HEADERS)

    def row_of(self, key: Any) -> int | None:
        """The row showing ``key`` now, or None."""
        return next((r for r, row in enumerate(self.rows) if row[self.KEY] == key), None)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show ``rows`` (in their order), changing only what differs; see the module docstring."""
        key = self.KEY
        wanted = {row[key] for row in rows}
        # gone: removed from the bottom up, a run of neighbours at a time
        r = len(self.rows) - 1
        while r >= 0:
            if self.rows[r][key] in wanted:
                r -= 1
                continue
            end = r
            while r - 1 >= 0 and self.rows[r - 1][key] not in wanted:
                r -= 1
            self.beginRemoveRows(QModelIndex(), r, end)
            del self.rows[r:end + 1]
            self.endRemoveRows()
            r -= 1
        # then in the new order: kept, moved up from further down, or inserted
        shown = {row[key] for row in self.rows}
        i = 0
        while i < len(rows):
            row = rows[i]
            if i < len(self.rows) and self.rows[i][key] == row[key]:
                self._update(i, row)
            elif row[key] in shown:
                j = next(k for k in range(i + 1, len(self.rows)) if self.rows[k][key] == row[key])
                self.beginMoveRows(QModelIndex(), j, j, QModelIndex(), i)
                self.rows.insert(i, self.rows.pop(j))
                self.endMoveRows()
                self._update(i, row)
            else:
                # a run of new rows goes in at once (a new search's page: one insertion, not 200)
                end = i + 1
                while end < len(rows) and rows[end][key] not in shown:
                    end += 1
                self.beginInsertRows(QModelIndex(), i, end - 1)
                self.rows[i:i] = rows[i:end]
                self.endInsertRows()
                shown.update(r[key] for r in rows[i:end])
                i = end
                continue
            i += 1

    def _update(self, i: int, row: dict[str, Any]) -> None:
        if self.rows[i] != row:
            self.rows[i] = row
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def refresh_column(self, column: int) -> None:
        """Every row's ``column`` may read differently (e.g. a name table changed)."""
        if self.rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))
