"""Applications (permohonan): search by number, NIK or name; filter by service and deadline;
the status timeline; change status; reprint the receipt after a printer fault (Ctrl+P).
Overdue applications are deemed approved by law and shown in red with the core's own wording.

Every read and write runs in a worker (``ui.worker``): the search starts
:data:`SEARCH_DELAY_MS` after the last keystroke (Enter and the filters at once), and the
answer of a search that a newer one replaced is dropped, so the list always shows the text
in the field. The table takes the results row by row (``ui.keyed_model``).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QShortcut
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
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog, i18n
from counter_app.calendar import holiday_name
from counter_app.errors import LoketError
from counter_app.formatting import tanggal, tanggal_jam, tanggal_pendek
from counter_app.registration import (
    STATUSES,
    TRANSITIONS,
    change_status,
    get_application,
    list_applications,
)
from counter_app.session import Session
from counter_app.validation import mask_nik

from .. import printing_bridge
from ..context import AppContext
from ..keyed_model import KeyedRowsModel
from ..widgets import Banner
from ..worker import Latest, run_query, run_write

log = logging.getLogger("loket.ui.applications")
SEARCH_DELAY_MS = 150  # typing pauses this long before the search runs
SHOWN_CHANGES = ("registration", "site", "sync")

OVERDUE_RED = QColor("#b3261e")
OVERDUE_BACKGROUND = QColor("#fce8e6")
_DISPLAY, _TOOLTIP, _FONT, _BACKGROUND, _FOREGROUND = (
    int(r.value) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
                           Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole))
_FILLED_ROLES = frozenset((_DISPLAY, _TOOLTIP, _FONT, _BACKGROUND, _FOREGROUND))


@functools.cache
def _bold_font() -> QFont:
    """An overdue row's font (made once, after the application object exists)."""
    font = QFont()
    font.setBold(True)
    return font


# The list shows this many rows (a search reads one more, to say that there are more): an
# officer looks at the first screenful, and each row costs the search its read and its JSON.
PAGE_ROWS = 200

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


def estimated_holidays_text(estimated: list[str], lang: str) -> str:
    """The estimated holidays a provisional deadline crossed, named: "Hari Raya Idul Fitri
    (10-03-2027)" ("Eid al-Fitr (10-03-2027)")."""
    unnamed = QCoreApplication.translate("ApplicationsPage", "libur nasional")
    return "; ".join(f"{holiday_name(day, lang) or unnamed} ({tanggal_pendek(day)})" for day in estimated)


def provisional_tooltip(estimated: list[str], lang: str) -> str:
    """Why a deadline is provisional (issue 16): it crossed a holiday the calendar only estimates,
    and is recomputed once the day is confirmed."""
    text = QCoreApplication.translate("ApplicationsPage", "Batas waktu sementara. Libur perkiraan yang terhitung: "
                                      "{holidays}. Dihitung ulang setelah tanggalnya ditetapkan dan "
                                      "dikonfirmasi di kalender lokasi.")
    return text.format(holidays=estimated_holidays_text(estimated, lang))


def provisional_mark() -> str:
    return QCoreApplication.translate("ApplicationsPage", "(sementara)")


def search_applications(session: Session, filters: dict[str, Any], keep: str | None
                        ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The applications matching ``filters`` (list_applications' arguments) and the detail
    of the one to show: ``keep`` if it is among them, else the first (in a worker)."""
    rows = list_applications(session, **filters)
    ids = [r["registration_id"] for r in rows]
    chosen = keep if keep in ids else (ids[0] if ids else None)
    return rows, (get_application(session, chosen) if chosen else None)


class ApplicationsModel(KeyedRowsModel):
    KEY = "registration_id"
    HEADERS = ("No. registrasi", "Nama", "NIK", "Layanan", "Status", "Batas waktu")

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _t(self.HEADERS[section])
        return None

    @staticmethod
    def text(row: dict[str, Any], col: int) -> str:
        """What a cell shows (also what the page measures its column widths by)."""
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
        # dd-mm-yyyy in a table cell (the long date is in the detail beside it)
        if not row["deadline"]:
            return QCoreApplication.translate("ApplicationsPage", "belum berjalan")
        shown = tanggal_pendek(row["deadline"])
        return f"{shown} {provisional_mark()}" if row.get("deadline_provisional") else shown

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        # A painted cell asks for seven roles; the ones this model fills are tested first, by
        # number (a repaint of the page's rows asks about 850 times).
        if role not in _FILLED_ROLES or not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == _DISPLAY:
            return self.text(row, col)
        if role == _TOOLTIP:
            return (provisional_tooltip(row["deadline_estimated"], i18n.language())
                    if col == 5 and row.get("deadline_provisional") else None)
        if not row["overdue"]:
            return None
        if role == _FOREGROUND:
            return OVERDUE_RED
        if role == _BACKGROUND:
            return OVERDUE_BACKGROUND
        if role == _FONT:
            return _bold_font()
        return None


class ApplicationsPage(QWidget):
    manages_reload = True  # reloads itself on the changes it shows (the main window leaves it)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.printing = False  # a receipt is on its way to the printer (in a worker)
        self.changing = False  # a status change is on its way (in a worker)
        self.selected: dict[str, Any] | None = None
        self.searches = Latest()  # only the newest search's answer is shown
        self.details = Latest()
        self._choosing = False  # the page itself is choosing the row (its detail is loaded)
        self.search_delay = QTimer(self)
        self.search_delay.setSingleShot(True)
        self.search_delay.setInterval(SEARCH_DELAY_MS)
        self.search_delay.timeout.connect(self.refresh)
        self.banner = Banner()
        title = QLabel(self.tr("Permohonan"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nomor registrasi, NIK atau nama…"))
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(self._typed)
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
        # Widths measured from the answer's texts once per answer (_fit_columns), not by Qt's
        # ResizeToContents, which asks data() of every role of every cell it looks at: that
        # was 7-10 ms of each search keystroke on a page of 200 rows (bench ui_scale).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
        self.detail_deadline.setObjectName("detailDeadline")
        self.detail_deadline.setWordWrap(True)
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
        ctx.changed.connect(self._on_changed)
        self.refresh()

    @property
    def busy(self) -> bool:
        """Database work is pending: a search waiting for typing to pause or in a worker, a
        detail being read, or a status change on its way."""
        return (self.search_delay.isActive() or self.searches.waiting or self.details.waiting
                or self.changing)

    def _typed(self, _text: str) -> None:
        self.search_delay.start()  # (again): the search runs once typing pauses

    def _filters_changed(self, *_signal_args) -> None:
        self.refresh()

    def _on_changed(self, what: str) -> None:
        if what in SHOWN_CHANGES and self.isVisible():
            self.refresh()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._choosing:
            self._select(current)

    FIT_ROWS = 60  # the rows an officer sees without scrolling far: the widths follow them

    def _fit_columns(self, rows: list[dict[str, Any]]) -> None:
        """Each column (but the status, which stretches) as wide as its widest text among the
        first rows of the answer and its title: names and dates are never elided."""
        self.table.ensurePolished()
        header = self.table.horizontalHeader()
        plain = self.table.fontMetrics()
        bold_font = QFont(self.table.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        titles = header.fontMetrics()
        # a cell's text margins, as Qt's own fit to contents leaves them
        pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 6
        shown = rows[:self.FIT_ROWS]
        for col in (0, 1, 2, 3, 5):
            title = self.model.headerData(col, Qt.Orientation.Horizontal)
            width = max([(bold if r["overdue"] else plain).horizontalAdvance(self.model.text(r, col)) for r in shown]
                        + [titles.horizontalAdvance(title) + 8])
            header.resizeSection(col, width + pad)

    def refresh(self) -> None:
        """Search now (in a worker) with the field's text and the filters."""
        self.search_delay.stop()
        filters = dict(self.deadline_filter.currentData() or {})
        filters.update(service=self.service_filter.currentData(), query=self.search.text().strip() or None,
                       limit=PAGE_ROWS + 1)  # one more than shown: whether the list goes on
        keep = self.selected["registration_id"] if self.selected else None
        asked = self.searches.ask()
        run_query(self.ctx, search_applications, filters, keep,
                  on_done=functools.partial(self._found, asked), on_error=functools.partial(self._failed, asked))

    def _found(self, asked: int, result: tuple[list[dict[str, Any]], dict[str, Any] | None]) -> None:
        if not self.searches.current(asked):
            return  # a newer search is on its way: this answer is for text no longer there
        rows, detail = result
        more = len(rows) > PAGE_ROWS
        rows = rows[:PAGE_ROWS]
        self.details.drop()  # a detail read for the row chosen before is stale now
        # The page chooses the row below; while the rows change, a chosen row that goes makes
        # Qt move the current row to a neighbour, which must not read a detail of its own.
        self._choosing = True
        try:
            self.model.set_rows(rows)
        finally:
            self._choosing = False
        self._fit_columns(rows)
        overdue = sum(1 for r in rows if r["overdue"])
        if more:
            self.count_label.setText(self.tr(
                "%n permohonan pertama, {overdue} lewat batas waktu; ada lebih banyak: persempit "
                "pencarian (nama lengkap, nomor registrasi atau NIK)", "", len(rows)).format(overdue=overdue))
        else:  # "1 application", "4 applications" (a Qt numerus form)
            self.count_label.setText(self.tr("%n permohonan, {overdue} lewat batas waktu", "", len(rows)).format(
                overdue=overdue))
        row = self.model.row_of(detail["registration_id"]) if detail else None
        self._choosing = True
        try:
            if row is not None:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()
        finally:
            self._choosing = False
        self._show_detail(detail)

    def _failed(self, asked: int, exc: Exception) -> None:
        if self.searches.current(asked):
            self.banner.show_error(exc)

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            reg = self.model.rows[index.row()]["registration_id"]
            asked = self.details.ask()
            run_query(self.ctx, get_application, reg, on_done=functools.partial(self._detailed, asked),
                      on_error=functools.partial(self._failed_detail, asked))

    def _detailed(self, asked: int, app: dict[str, Any]) -> None:
        if self.details.current(asked):
            self._show_detail(app)

    def _failed_detail(self, asked: int, exc: Exception) -> None:
        if self.details.current(asked):
            self.banner.show_error(exc)

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
            self.detail_deadline.setToolTip("")
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
        self.detail_deadline.setToolTip("")
        if app["deadline"] and app.get("deadline_provisional"):  # crossed an estimated holiday
            self.detail_deadline.setText(self.tr("{date} (sementara: melewati libur perkiraan {holidays})", "",
                                                 len(app["deadline_estimated"])).format(
                date=tanggal(app["deadline"], lang), holidays=estimated_holidays_text(app["deadline_estimated"], lang)))
            self.detail_deadline.setToolTip(provisional_tooltip(app["deadline_estimated"], lang))
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
        self.change_button.setEnabled(self.selected is not None and self.next_status.currentIndex() >= 0
                                      and not self.changing)

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
        if self.changing or not self._confirm_final(target):
            return
        self.changing = True
        self.change_button.setEnabled(False)
        # it changed a registration: this list (and any other view of them) reloads once
        run_write(self.ctx, change_status, self.selected["registration_id"], target, self.note.text(),
                  changes=("registration",), on_done=self._changed, on_error=self._change_failed)

    def _changed(self, app: dict[str, Any]) -> None:
        self.changing = False
        self.note.clear()
        self.banner.show_message(self.tr("{reg}: status menjadi {status}").format(
            reg=app["registration_id"], status=self.tr(STATUSES[app["status"]])), "ok")
        if not self.isVisible():
            self._next_status_chosen()

    def _change_failed(self, exc: Exception) -> None:
        self.changing = False
        self._next_status_chosen()
        if not isinstance(exc, LoketError):
            log.error("ubah status gagal:\n%s", getattr(exc, "traceback_text", exc))
        self.banner.show_error(exc)

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
