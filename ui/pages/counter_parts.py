"""Pieces of the counter console: the queue table model and the small dialogs (this
counter's set-up, transfer to another service, check-in of an online booking)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from counter_app import catalog, queue
from counter_app.i18n import _

from ..context import AppContext
from ..keyed_model import KeyedRowsModel
from ..widgets.field_error import FieldError
from ..widgets.service_search import make_searchable

STATUS_LABELS = {"waiting": QT_TRANSLATE_NOOP("QueueModel", "Menunggu"),
                 "called": QT_TRANSLATE_NOOP("QueueModel", "Dipanggil"),
                 "skipped": QT_TRANSLATE_NOOP("QueueModel", "Dilewati"),
                 "noshow": QT_TRANSLATE_NOOP("QueueModel", "Tidak hadir")}


def counter_name(ctx: AppContext) -> str:
    """This PC's counter name (device preference), e.g. "Loket 1"."""
    return str(ctx.pref("counter/name", "Loket 1"))


def counter_services(ctx: AppContext) -> list[str]:
    """The service codes this counter serves (device preference); empty = every service."""
    value = ctx.pref("counter/services", [])
    if isinstance(value, str):
        value = [value] if value else []
    return list(value)


class QueueModel(KeyedRowsModel):
    """Today's waiting and called tickets of this counter's services, in queue order (and,
    when the console asks for them, the skipped and no-show ones, greyed).

    New rows are taken ticket by ticket, keyed by the ticket's id (:meth:`set_rows`): a
    ticket gone is removed, a new one inserted where it belongs, one that moved in the queue
    is moved, one whose fields changed is reported changed. The model is never reset, so the
    view keeps its selection, current row and scroll position across every reload."""

    HEADERS = (QT_TRANSLATE_NOOP("QueueModel", "Nomor"), QT_TRANSLATE_NOOP("QueueModel", "Layanan"),
               QT_TRANSLATE_NOOP("QueueModel", "Prioritas"), QT_TRANSLATE_NOOP("QueueModel", "Status"),
               QT_TRANSLATE_NOOP("QueueModel", "Diambil"), QT_TRANSLATE_NOOP("QueueModel", "Loket"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.service_names: dict[str, str] = {}

    def set_rows(self, rows: list[dict[str, Any]], service_names: dict[str, str]) -> None:  # type: ignore[override]
        """Take ``rows`` (each with its ticket ``id``) row by row; see the class docstring."""
        if service_names != self.service_names:
            self.service_names = service_names
            self.refresh_column(1)
        super().set_rows(rows)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QueueModel.tr_header(self.HEADERS[section])
        return None

    def longest_texts(self) -> dict[int, list[str]]:
        """What each fixed-width column can show (the service's name, column 1, stretches)."""
        return {
            0: ["WW-000"],  # a two-letter prefix and a three-digit number
            2: [_("Lansia")],  # a longer category is elided, whole in its tooltip
            3: [self.tr_header(label) for label in STATUS_LABELS.values()],
            4: ["00:00"],
            5: ["Loket 00"],
        }

    @staticmethod
    def tr_header(text: str) -> str:
        return QCoreApplication.translate("QueueModel", text)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row["ticket"]
            if col == 1:
                return self.service_names.get(row["service"], row["service"])
            if col == 2:  # the core's label, in the UI's language ("Ibu hamil", "Pregnant woman")
                return _(queue.PRIORITY_CATEGORIES[row["priority"]]) if row["priority"] in queue.PRIORITY_CATEGORIES \
                    else (row["priority"] or "")
            if col == 3:
                return self.tr_header(STATUS_LABELS.get(row["status"], row["status"]))
            if col == 4:
                return row["issued_at"][11:16]
            if col == 5:
                return row["counter"] or ""
        if role == Qt.ItemDataRole.ToolTipRole and col == 2 and row["priority"] in queue.PRIORITY_CATEGORIES:
            return _(queue.PRIORITY_CATEGORIES[row["priority"]])
        if role == Qt.ItemDataRole.BackgroundRole and row["status"] == "called":
            return QColor("#fff4ce")
        if role == Qt.ItemDataRole.ForegroundRole and row["status"] in ("skipped", "noshow"):
            return QColor("#777777")
        if role == Qt.ItemDataRole.ForegroundRole and row["priority"]:
            return QColor("#8a1c7c")
        return None


class CounterSetupDialog(QDialog):
    """This PC's counter name and the services it calls (a device preference)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Pengaturan loket ini"))
        form = QFormLayout(self)
        self.name_edit = QLineEdit(ctx.pref("counter/name", "Loket 1"))
        form.addRow(self.tr("Nama loket"), self.name_edit)
        self.services = QListWidget()
        chosen = set(counter_services(ctx))
        for service in catalog.list_services(ctx.session):
            item = QListWidgetItem(f"{service.prefix} · {service.code} – {service.name}")
            item.setData(Qt.ItemDataRole.UserRole, service.code)
            item.setCheckState(Qt.CheckState.Checked if service.code in chosen else Qt.CheckState.Unchecked)
            self.services.addItem(item)
        self.services.setMinimumSize(520, 320)
        form.addRow(self.tr("Layanan yang dipanggil\n(kosong = semua)"), self.services)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        codes = [self.services.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.services.count())
                 if self.services.item(i).checkState() == Qt.CheckState.Checked]
        self.ctx.set_pref("counter/name", self.name_edit.text().strip() or "Loket 1")
        self.ctx.set_pref("counter/services", codes)
        super().accept()


class TransferDialog(QDialog):
    def __init__(self, ctx: AppContext, number: str, parent=None):
        super().__init__(parent)
        self.ticket = number
        self.setWindowTitle(self.tr("Pindahkan {ticket}").format(ticket=number))
        form = QFormLayout(self)
        self.target = QComboBox()
        services = catalog.list_services(ctx.session)
        for service in services:
            self.target.addItem(f"{service.code} – {service.name}", service.code)
        self.search = make_searchable(self.target, services, self.tr("ketik nama, kode atau instansi"))
        form.addRow(self.tr("Ke layanan"), self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> str:
        return self.target.currentData()


class BookingDialog(QDialog):
    """The booking code the portal gave the citizen, typed or scanned (a keyboard-wedge
    scanner types the code and Enter). The console runs the check-in in a worker; the core's
    refusal is shown beside the field and the dialog stays open for another try."""

    submitted = Signal(str)  # the code as typed

    def __init__(self, serving: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check-in booking online"))
        form = QFormLayout(self)
        self.code = QLineEdit()
        self.code.setObjectName("bookingCode")
        self.code.setPlaceholderText(self.tr("kode dari portal, mis. BK-7F3Q2A"))
        self.code.returnPressed.connect(self.accept)
        form.addRow(self.tr("Kode booking"), self.code)
        self.error = FieldError()
        form.addRow("", self.error)
        hint = (self.tr("Didaftarkan dengan tiket {ticket} yang sedang dilayani.").format(ticket=serving)
                if serving else self.tr("Tidak ada tiket yang sedang dilayani: didaftarkan tanpa tiket."))
        form.addRow(QLabel(hint))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            # Enter in the code field is the field's own (returnPressed), never a default
            # button's: a focused Cancel would otherwise take the scanner's Enter
            button.setAutoDefault(False)
            button.setDefault(False)
        form.addRow(self.buttons)
        self.busy = False
        self.code.setFocus()

    def accept(self) -> None:
        """Ask the console to check the code in; the dialog closes when the core accepted it."""
        if not self.busy:
            self.error.clear_error()
            self.set_busy(True)
            self.submitted.emit(self.code.text())

    def set_busy(self, busy: bool) -> None:
        """While the check-in runs the field keeps the focus but takes no typing."""
        self.busy = busy
        self.code.setReadOnly(busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def failed(self, message: str) -> None:
        self.set_busy(False)
        self.error.show_error(message)
        self.code.selectAll()
        self.code.setFocus()

    def done_ok(self) -> None:
        self.set_busy(False)
        super().accept()
