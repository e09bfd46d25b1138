"""Finding a service by what the officer or citizen types: its name, code, agency (instansi),
gerai or catalogue keywords, in any case and with or without accents.

"samsat" finds the Samsat services although their names say "Pajak Kendaraan Bermotor":
the agency says Samsat. :func:`make_searchable` turns a service combo into one whose typing
lists every matching service, whatever part of the entry matched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from counter_app.catalog import Service


def fold(text: str) -> str:
    """Lower case without accents or extra spaces: "Pelayanan  ÉKTP" → "pelayanan ektp"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _keywords(service: Service) -> list[str]:
    value = service.extra.get("keywords", ())
    return [value] if isinstance(value, str) else [str(v) for v in value or ()]


def search_text(service: Service) -> str:
    """Everything a search looks in, folded."""
    return fold(" ".join([service.code, service.name, service.agency, service.gerai, service.prefix,
                          *_keywords(service)]))


def matches(haystack: str, query: str) -> bool:
    """Every word of ``query`` appears in ``haystack`` (folded by :func:`search_text`)."""
    return all(word in haystack for word in fold(query).split())


class ServiceFilter(QSortFilterProxyModel):
    """The combo's rows whose service matches the typed words (the empty row never does)."""

    def __init__(self, haystacks: dict[str, str], parent=None):
        super().__init__(parent)
        self.haystacks = haystacks
        self.query = ""

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self.query = query
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt override
        code = self.sourceModel().index(row, 0, parent).data(Qt.ItemDataRole.UserRole)
        if not code:
            return False
        return matches(self.haystacks.get(code, ""), self.query)


class ServiceCompleter(QCompleter):
    """A pop-up of the matching services under an editable combo; choosing one selects it."""

    def __init__(self, combo: QComboBox, services: Iterable[Service]):
        super().__init__(combo)
        self.filter = ServiceFilter({s.code: search_text(s) for s in services}, self)
        self.filter.setSourceModel(combo.model())
        self.setModel(self.filter)
        # the filter does the matching; the completer shows what it lets through
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # no reference back to the combo: with Qt's parent holding this completer, it would be
        # a cycle freed only by the garbage collector, on whatever thread it runs (a crash)
        combo.lineEdit().textEdited.connect(self.search)

    def set_services(self, services: Iterable[Service]) -> None:
        self.filter.haystacks = {s.code: search_text(s) for s in services}
        self.filter.set_query(self.filter.query)

    def search(self, text: str) -> None:
        self.filter.set_query(text)
        if text.strip() and self.filter.rowCount() > 0:
            self.complete()
        else:
            self.popup().hide()

    def found(self) -> list[str]:
        """The codes the pop-up lists now (for a test, or a caller choosing the only one)."""
        return [self.filter.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.filter.rowCount())]


def make_searchable(combo: QComboBox, services: Iterable[Service], placeholder: str = "") -> ServiceCompleter:
    """Let ``combo`` (items carrying the service code as data) be searched by typing."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    if placeholder:
        combo.lineEdit().setPlaceholderText(placeholder)
    completer = ServiceCompleter(combo, services)
    combo.setCompleter(completer)
    return completer
