"""The site's working-day calendar for supervisors (issue 16 Build 1 and 4): confirm an
estimated national holiday (Idul Fitri after the isbat session) as a holiday or a working
day, close the site for a day, reopen it. Each moves legal deadlines, so each goes through
the core (``counter_app.calendar``, permission ``calendar.manage``) in a worker; a confirmation
recomputes the provisional deadlines it settles, as ``loket calendar confirm`` does.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import calendar
from counter_app.formatting import tanggal, tanggal_pendek
from ui.widgets import Banner
from ui.widgets.tables import read_only_table
from ui.worker import run_in_background

AHEAD_DAYS = 400  # estimated holidays as far as a year and a bit ahead


def _load(session) -> dict[str, Any]:
    today = session.today()
    return {"estimated": calendar.estimated_days(session, today, today + timedelta(days=AHEAD_DAYS)),
            "closures": [c for c in calendar.closures(session) if c["day"] >= today.isoformat()]}


def _confirm(session, day: str, kind: str) -> dict[str, Any]:
    return calendar.confirm_days(session, [(date.fromisoformat(day), kind, None)])


def _close(session, day: str, reason: str) -> None:
    calendar.close_day(session, date.fromisoformat(day), reason)


def _reopen(session, day: str) -> None:
    calendar.reopen_day(session, date.fromisoformat(day))


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = read_only_table(name, headers, pick_rows=True)  # an action applies to the chosen row
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CalendarPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.busy = False
        self._pending_day = ""
        self.banner = Banner()
        title = QLabel(self.tr("Kalender hari kerja"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        note = QLabel(self.tr("Hari libur dan penutupan menggeser batas waktu layanan menurut hukum: "
                              "perubahan di sini tercatat atas nama Anda dan berlaku di semua perangkat lokasi."))
        note.setWordWrap(True)

        self.estimated = _table("estimatedDays", [self.tr("Tanggal"), self.tr("Libur nasional (perkiraan)")])
        self.holiday_button = QPushButton(self.tr("Tetapkan sebagai hari libur  [Ctrl+H]"))
        self.holiday_button.setObjectName("confirmHoliday")
        self.holiday_button.clicked.connect(self.confirm_holiday)
        self.working_button = QPushButton(self.tr("Tetapkan sebagai hari kerja  [Ctrl+K]"))
        self.working_button.setObjectName("confirmWorking")
        self.working_button.clicked.connect(self.confirm_working)
        QShortcut(QKeySequence("Ctrl+H"), self, self.confirm_holiday)
        QShortcut(QKeySequence("Ctrl+K"), self, self.confirm_working)
        estimated_box = QGroupBox(self.tr("Libur perkiraan yang belum dikonfirmasi"))
        box = QVBoxLayout(estimated_box)
        box.addWidget(self.estimated)
        buttons = QHBoxLayout()
        buttons.addWidget(self.holiday_button)
        buttons.addWidget(self.working_button)
        buttons.addStretch(1)
        box.addLayout(buttons)

        self.closures = _table("closures", [self.tr("Tanggal"), self.tr("Alasan")])
        self.close_date = QDateEdit()
        self.close_date.setObjectName("closeDate")
        self.close_date.setCalendarPopup(True)
        self.close_date.setDisplayFormat("dd-MM-yyyy")
        self.close_reason = QLineEdit()
        self.close_reason.setObjectName("closeReason")
        self.close_reason.setPlaceholderText(self.tr("alasan, mis. kerja bakti gedung"))
        self.close_button = QPushButton(self.tr("Tutup lokasi pada tanggal ini"))
        self.close_button.setObjectName("closeDay")
        self.close_button.clicked.connect(self.close_day)
        self.close_reason.returnPressed.connect(self.close_day)
        self.reopen_button = QPushButton(self.tr("Buka kembali tanggal terpilih"))
        self.reopen_button.setObjectName("reopenDay")
        self.reopen_button.clicked.connect(self.reopen_day)
        closures_box = QGroupBox(self.tr("Penutupan lokasi"))
        box = QVBoxLayout(closures_box)
        box.addWidget(self.closures)
        row = QHBoxLayout()
        row.addWidget(self.close_date)
        row.addWidget(self.close_reason, 1)
        row.addWidget(self.close_button)
        box.addLayout(row)
        box.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignLeft)

        columns = QHBoxLayout()
        columns.addWidget(estimated_box, 1)
        columns.addWidget(closures_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(columns, 1)
        self.refresh()

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        today = self.ctx.session.today()
        self.close_date.setMinimumDate(QDate(today.year, today.month, today.day))
        run_in_background(self.ctx, _load, on_done=self._loaded, on_error=self.banner.show_error)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.estimated.setRowCount(0)
        for item in data["estimated"]:  # named in the UI's language (the list says they are estimated)
            self._add(self.estimated, item["day"], calendar.holiday_name(item["day"], self.ctx.language) or item["name"])
        self.closures.setRowCount(0)
        for item in data["closures"]:
            self._add(self.closures, item["day"], item.get("reason") or "")

    @staticmethod
    def _add(table: QTableWidget, day: str, text: str) -> None:
        row = table.rowCount()
        table.insertRow(row)
        cell = QTableWidgetItem(tanggal_pendek(day))
        cell.setData(Qt.ItemDataRole.UserRole, day)
        table.setItem(row, 0, cell)
        table.setItem(row, 1, QTableWidgetItem(text))

    def _chosen(self, table: QTableWidget) -> str | None:
        row = table.currentRow()
        return table.item(row, 0).data(Qt.ItemDataRole.UserRole) if row >= 0 else None

    # ------------------------------------------------------------------ changing
    def _start(self, fn, *args, on_done) -> None:
        if self.busy:
            return
        self.busy = True
        run_in_background(self.ctx, fn, *args, on_done=on_done, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.banner.show_error(exc)  # the core's refusal, e.g. no calendar.manage, named as it says

    def _done(self, text: str) -> None:
        self.busy = False
        self.banner.show_message(text, "ok")
        self.ctx.notify("calendar")
        self.refresh()

    def confirm_holiday(self) -> None:
        self._confirm("holiday")

    def confirm_working(self) -> None:
        self._confirm("working")

    def _confirm(self, kind: str) -> None:
        day = self._chosen(self.estimated)
        if day is None:
            self.banner.show_error(self.tr("Pilih dulu tanggal libur perkiraan di daftar."))
            return
        self._pending_day = day
        self._start(_confirm, day, kind, on_done=self._confirmed)

    def _confirmed(self, result: dict[str, Any]) -> None:
        self._done(self.tr("%1 dikonfirmasi; %2 batas waktu dihitung ulang.").replace(
            "%1", tanggal(self._pending_day, self.ctx.language)).replace("%2", str(len(result["recomputed"]))))

    def close_day(self) -> None:
        chosen = self.close_date.date()
        self._pending_day = date(chosen.year(), chosen.month(), chosen.day()).isoformat()
        self._start(_close, self._pending_day, self.close_reason.text(), on_done=self._closed)

    def _closed(self, _result) -> None:
        self.close_reason.clear()
        self._done(self.tr("Lokasi tutup pada %1.").replace("%1", tanggal(self._pending_day, self.ctx.language)))

    def reopen_day(self) -> None:
        day = self._chosen(self.closures)
        if day is None:
            self.banner.show_error(self.tr("Pilih dulu tanggal penutupan di daftar."))
            return
        self._pending_day = day
        self._start(_reopen, day, on_done=self._reopened)

    def _reopened(self, _result) -> None:
        self._done(self.tr("%1 dibuka kembali.").replace("%1", tanggal(self._pending_day, self.ctx.language)))
