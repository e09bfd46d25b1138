"""Applications (permohonan): search by number, NIK or name; filter by service and deadline;
the status timeline; change status; reprint the receipt after a printer fault (Ctrl+P).
Overdue applications are deemed approved by law and shown in red with the core's own wording.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog
from counter_app.errors import LoketError
from counter_app.formatting import tanggal, tanggal_jam
from counter_app.registration import (
    STATUSES,
    TRANSITIONS,
    change_status,
    get_application,
    list_applications,
)
from counter_app.validation import mask_nik

from .. import printing_bridge
from ..context import AppContext
from ..widgets import Banner

OVERDUE_RED = QColor("#b3261e")
OVERDUE_BACKGROUND = QColor("#fce8e6")
# Deadline filters: (label, list_applications keyword arguments)
DEADLINE_FILTERS = [
    (QT_TRANSLATE_NOOP("ApplicationsPage", "Semua batas waktu"), {}),
    (QT_TRANSLATE_NOOP("ApplicationsPage", "Lewat batas waktu (dianggap disetujui)"), {"overdue": True}),
    (QT_TRANSLATE_NOOP("ApplicationsPage", "Jatuh tempo ≤ 1 hari kerja"), {"due_within_days": 1}),
    (QT_TRANSLATE_NOOP("ApplicationsPage", "Jatuh tempo ≤ 3 hari kerja"), {"due_within_days": 3}),
    (QT_TRANSLATE_NOOP("ApplicationsPage", "Jatuh tempo ≤ 5 hari kerja"), {"due_within_days": 5}),
]
# The core's status labels and the table headers, marked for translation.
_LABELS = (
    QT_TRANSLATE_NOOP("ApplicationsPage", "Diterima"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Persyaratan diverifikasi"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Diproses"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Selesai"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Diserahkan"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Dikembalikan (tidak lengkap)"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Ditolak"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Dicabut pemohon"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "No. registrasi"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Nama"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "NIK"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Layanan"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Status"),
    QT_TRANSLATE_NOOP("ApplicationsPage", "Batas waktu"),
)


def next_statuses(current: str) -> list[str]:
    """The core's allowed next statuses in lifecycle order (the order of ``STATUSES``: the way
    forward first, then the side exits), never alphabetical."""
    return [status for status in STATUSES if status in TRANSITIONS.get(current, ())]


def _t(text: str) -> str:
    return QCoreApplication.translate("ApplicationsPage", text)


class ApplicationsModel(QAbstractTableModel):
    HEADERS = ("No. registrasi", "Nama", "NIK", "Layanan", "Status", "Batas waktu")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _t(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row["registration_id"]
            if col == 1:
                return row["name"]
            if col == 2:
                return mask_nik(row["nik"])
            if col == 3:
                return row["service_code"]
            if col == 4:
                status = _t(STATUSES.get(row["status"], row["status"]))
                deemed = QCoreApplication.translate("ApplicationsPage", "dianggap disetujui")
                return f"{status} — {deemed}" if row["overdue"] else status
            if col == 5:
                return row["deadline"] or QCoreApplication.translate("ApplicationsPage", "belum berjalan")
        if role == Qt.ItemDataRole.ForegroundRole and row["overdue"]:
            return OVERDUE_RED
        if role == Qt.ItemDataRole.BackgroundRole and row["overdue"]:
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and row["overdue"]:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ApplicationsPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.printing = False  # a receipt is on its way to the printer (in a worker)
        self.selected: dict[str, Any] | None = None
        self.banner = Banner()
        title = QLabel(self.tr("Permohonan"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nomor registrasi, NIK atau nama…"))
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(self._filters_changed)
        self.service_filter = QComboBox()
        self.service_filter.addItem(self.tr("Semua layanan"), None)
        for service in catalog.list_services(ctx.session):
            self.service_filter.addItem(f"{service.code} – {service.name}", service.code)
        self.service_filter.setMaximumWidth(320)
        self.deadline_filter = QComboBox()
        for label, kwargs in DEADLINE_FILTERS:
            self.deadline_filter.addItem(self.tr(label), kwargs)
        self.service_filter.currentIndexChanged.connect(self._filters_changed)
        self.deadline_filter.currentIndexChanged.connect(self._filters_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.service_filter, 1)
        filters.addWidget(self.deadline_filter, 1)

        self.model = ApplicationsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.count_label = QLabel()

        detail = QGroupBox(self.tr("Rincian permohonan"))
        form = QFormLayout(detail)
        self.detail_id = QLabel("—")
        self.detail_id.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.detail_name = QLabel()
        self.detail_service = QLabel()
        self.detail_service.setWordWrap(True)
        self.detail_status = QLabel()
        self.detail_status.setObjectName("detailStatus")
        self.detail_status.setWordWrap(True)
        self.detail_deadline = QLabel()
        form.addRow(self.tr("No. registrasi"), self.detail_id)
        form.addRow(self.tr("Pemohon"), self.detail_name)
        form.addRow(self.tr("Layanan"), self.detail_service)
        form.addRow(self.tr("Status"), self.detail_status)
        form.addRow(self.tr("Batas waktu"), self.detail_deadline)
        self.timeline = QListWidget()
        self.timeline.setMinimumHeight(120)
        self.timeline.setWordWrap(True)
        form.addRow(self.tr("Riwayat status"), self.timeline)
        self.next_status = QComboBox()
        # Nothing chosen after each change: a careless click or Enter must not withdraw.
        self.next_status.setPlaceholderText(self.tr("Pilih status berikutnya…"))
        self.next_status.currentIndexChanged.connect(self._next_status_chosen)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("catatan (opsional)"))
        self.change_button = QPushButton(self.tr("Ubah status"))
        self.change_button.clicked.connect(self.change)
        change_row = QHBoxLayout()
        change_row.addWidget(self.next_status, 1)
        change_row.addWidget(self.change_button)
        form.addRow(self.tr("Catatan"), self.note)
        form.addRow(self.tr("Ubah ke"), change_row)
        # after a printer fault (the banner promised it): the same core print as
        # 'loket print receipt --reprint', in a worker
        self.reprint_button = QPushButton(self.tr("Cetak ulang tanda terima  [Ctrl+P]"))
        self.reprint_button.setObjectName("reprintReceipt")
        self.reprint_button.clicked.connect(self.reprint_receipt)
        reprint = QShortcut(QKeySequence("Ctrl+P"), self)
        reprint.activated.connect(self.reprint_receipt)
        form.addRow("", self.reprint_button)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 380])

        root = QVBoxLayout(self)
        root.addWidget(title)
        root.addWidget(self.banner)
        root.addLayout(filters)
        root.addWidget(splitter, 1)
        self._show_detail(None)
        self.refresh()

    def _filters_changed(self, *_signal_args) -> None:
        self.refresh()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._select(current)

    def refresh(self) -> None:
        kwargs = dict(self.deadline_filter.currentData() or {})
        rows = list_applications(self.ctx.session, service=self.service_filter.currentData(),
                                 query=self.search.text().strip() or None, **kwargs)
        keep = self.selected["registration_id"] if self.selected else None
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r["overdue"])
        self.count_label.setText(self.tr("{n} permohonan, {overdue} lewat batas waktu").format(
            n=len(rows), overdue=overdue))
        ids = [r["registration_id"] for r in rows]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
            self._show_detail(get_application(self.ctx.session, keep))
        elif rows:
            self.table.selectRow(0)
        else:
            self._show_detail(None)

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            reg = self.model.rows[index.row()]["registration_id"]
            self._show_detail(get_application(self.ctx.session, reg))

    def select(self, reg_id: str) -> None:
        """Show one application (used by search results and tests through the table)."""
        self.search.setText(reg_id)

    def _show_detail(self, app: dict[str, Any] | None) -> None:
        self.selected = app
        self.timeline.clear()
        self.next_status.clear()
        self.change_button.setEnabled(app is not None)
        self.reprint_button.setEnabled(app is not None and not self.printing)
        if app is None:
            for label in (self.detail_id, self.detail_name, self.detail_service, self.detail_status,
                          self.detail_deadline):
                label.setText("—")
            return
        lang = self.ctx.language
        self.detail_id.setText(app["registration_id"])
        self.detail_name.setText(f"{app['name']} · NIK {mask_nik(app['nik'])}")
        self.detail_service.setText(app["service_code"])
        status = self.tr(STATUSES.get(app["status"], app["status"]))
        if app["overdue"]:
            self.detail_status.setText(f"{status} — {app['legal_status']}")
            self.detail_status.setStyleSheet("color: #b3261e; font-weight: bold;")
        else:
            self.detail_status.setText(status)
            self.detail_status.setStyleSheet("")
        self.detail_deadline.setText(tanggal(app["deadline"], lang) if app["deadline"] else self.tr(
            "belum berjalan (persyaratan belum lengkap)"))
        for step in app["history"]:
            text = f"{tanggal_jam(step['at'], lang)} · {self.tr(STATUSES.get(step['to_status'], step['to_status']))}"
            text += f" · {step['actor']}"
            if step["note"]:
                text += f" · {step['note']}"
            self.timeline.addItem(text)
        for status_key in next_statuses(app["status"]):
            self.next_status.addItem(self.tr(STATUSES[status_key]), status_key)
        self.next_status.setCurrentIndex(-1)
        self.next_status.setEnabled(self.next_status.count() > 0)
        self._next_status_chosen()

    def _next_status_chosen(self, *_signal_args) -> None:
        self.change_button.setEnabled(self.selected is not None and self.next_status.currentIndex() >= 0)

    def _confirm_final(self, target: str) -> bool:
        """A status after which nothing can change (withdrawn, rejected, handed over) is asked
        about first, No being the default."""
        if TRANSITIONS.get(target):
            return True
        text = self.tr("Ubah status {reg} menjadi “{status}”? Status ini tidak bisa diubah lagi.").format(
            reg=self.selected["registration_id"], status=self.tr(STATUSES[target]))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Ubah status"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Ya, ubah"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Tidak"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def change(self) -> None:
        if not self.selected:
            return
        target = self.next_status.currentData()
        if not target:
            self.banner.show_message(self.tr("Pilih status berikutnya dulu."), "warn")
            return
        if not self._confirm_final(target):
            return
        try:
            app = change_status(self.ctx.session, self.selected["registration_id"], target, self.note.text())
        except LoketError as exc:
            self.banner.show_error(exc)
            return
        self.note.clear()
        self.banner.show_message(self.tr("{reg}: status menjadi {status}").format(
            reg=app["registration_id"], status=self.tr(STATUSES[app["status"]])), "ok")
        self.ctx.notify("registration")
        self.refresh()

    # ------------------------------------------------------------------ reprint
    def reprint_receipt(self) -> None:
        """Print the chosen application's receipt again, marked CETAK ULANG; a printer that
        fails again leaves the PDF beside the database, as at registration."""
        if not self.selected:
            self.banner.show_message(self.tr("Pilih permohonan dulu untuk mencetak ulang tanda terimanya."), "warn")
            return
        if self.printing:
            return
        reg = self.selected["registration_id"]
        self.printing = True
        self.reprint_button.setEnabled(False)
        self.banner.show_message(self.tr("Mencetak ulang tanda terima {reg}…").format(reg=reg), "info")
        printing_bridge.print_receipt(self.ctx, reg, self._reprinted, self._reprint_failed, reprint=True)

    def _reprinted(self, outcome: printing_bridge.PrintOutcome) -> None:
        self._print_finished()
        self.banner.show_message(outcome.message, "ok" if outcome.ok else "warn")

    def _reprint_failed(self, exc: Exception) -> None:
        self._print_finished()
        self.banner.show_error(exc)

    def _print_finished(self) -> None:
        self.printing = False
        self.reprint_button.setEnabled(self.selected is not None)
