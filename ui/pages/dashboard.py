"""The supervisor's dashboard: today at a glance, from the very report the files are made of.

Every figure on this page comes from ``counter_app.reports.daily_summary`` (computed in a
worker), and the export buttons hand that same dict to ``printing.reports.render``, so the
screen and the PDF/XLSX/CSV/JSON never disagree. Refreshes when data changes and every
minute; another day can be chosen. *Tandatangani berita acara* (Ctrl+Shift+S) records the
supervisor's sign-off of the chosen day (the core's ``sign_off_day``: it checks the
permission and refuses while tickets are open unless told to sign with them).
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# Imported here, on the GUI thread: a first import inside a worker thread races PySide6's
# import hook and can crash the interpreter, so nothing is imported lazily in a worker.
import printing.reports.csv  # noqa: F401
import printing.reports.pdf  # noqa: F401
import printing.reports.xlsx  # noqa: F401
from counter_app import conflicts as conflict_rules
from counter_app.calendar import national_holidays
from counter_app.errors import StateError, ValidationError
from counter_app.formatting import angka, names_itself, tanggal, tanggal_jam_pendek, tanggal_pendek
from counter_app.reports import daily_summary, get_signoff, month_range, period_report, sign_off_day
from counter_app.reports.signoff import open_tickets
from printing.reports import render
from ui.charts import BarChart
from ui.widgets import Banner, FieldError
from ui.widgets.banner import error_text
from ui.widgets.tables import read_only_table
from ui.worker import run_in_background

REFRESH_MS = 60_000
RED = "#a50e0e"


def minutes(value: float | None, lang: str = "id") -> str:
    if value is None:
        return "—"
    unit = QCoreApplication.translate("dashboard", "mnt")  # "min" in English
    return f"{angka(value, 1, lang)} {unit}"


def number(value: Any, decimals: int = 0, lang: str = "id") -> str:
    return "—" if value is None else angka(value, decimals, lang)


def _compute(session, day: str) -> dict[str, Any]:
    return daily_summary(session, date.fromisoformat(day))


def _open_conflicts(session) -> list[dict[str, Any]]:
    return conflict_rules.list_conflicts(session, include_resolved=False)


def _resolve(session, event_id: str, note: str) -> dict[str, Any]:
    return conflict_rules.resolve(session, event_id, note)


def _export(session, report: dict[str, Any], fmt: str, path: str) -> list[str]:
    return [str(p) for p in render(report, fmt, path)]


def _export_month(session, day: str, path: str) -> list[str]:
    """The period report of the month holding ``day`` (as 'loket report period --month'), as a PDF."""
    start, end = month_range(date.fromisoformat(day))
    return [str(p) for p in render(period_report(session, start, end), "pdf", path)]


def _sign(session, day: str, supervisor: str, verifier: str, note: str, with_open: bool) -> dict[str, Any]:
    """Sign ``day`` off. A refusal of a day not yet signed carries how many of its tickets are
    still open (``open_tickets``), so the dialog can offer to sign with them."""
    when = date.fromisoformat(day)
    try:
        return sign_off_day(session, when, supervisor_name=supervisor, verifier_name=verifier,
                            note=note, with_open=with_open)
    except StateError as exc:
        if get_signoff(session, when) is None:
            exc.open_tickets = sum(open_tickets(session, when).values())  # type: ignore[attr-defined]
        raise


class SignoffDialog(QDialog):
    """Who signs the Berita Acara of a day: the supervisor, the verifier of the paper
    transcriptions, a note. The page signs in a worker; the core's messages come back here,
    beside the field they name, and a refusal for open tickets shows the box to sign with them."""

    submitted = Signal()

    def __init__(self, day_text: str, supervisor: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tandatangani berita acara %1").replace("%1", day_text))
        form = QFormLayout(self)
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        for key, label in (("supervisor", self.tr("Penanggung jawab")),
                           ("verifier", self.tr("Pemeriksa transkripsi")), ("note", self.tr("Catatan"))):
            edit = QLineEdit()
            edit.setObjectName(f"signoff_{key}")
            edit.setMinimumWidth(360)
            edit.returnPressed.connect(self.accept)
            self.inputs[key] = edit
            self.errors[key] = FieldError()
            form.addRow(label, edit)
            form.addRow("", self.errors[key])
        self.inputs["supervisor"].setText(supervisor)
        self.with_open = QCheckBox()
        self.with_open.setObjectName("signoffWithOpen")
        self.with_open.hide()
        self.refusal = FieldError()
        form.addRow(self.refusal)
        form.addRow(self.with_open)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Tandatangani"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)  # Enter belongs to the fields (returnPressed)
        form.addRow(self.buttons)
        self.busy = False
        self.inputs["supervisor" if not supervisor else "verifier"].setFocus()

    def values(self) -> tuple[str, str, str, bool]:
        return (self.inputs["supervisor"].text(), self.inputs["verifier"].text(),
                self.inputs["note"].text(), self.with_open.isVisible() and self.with_open.isChecked())

    def accept(self) -> None:
        if self.busy:
            return
        for error in (*self.errors.values(), self.refusal):
            error.clear_error()
        self._set_busy(True)
        self.submitted.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError) and all(f in self.errors for f, _ in exc.errors):
            for field, message in exc.errors:
                self.errors[field].show_error(message)
            self.inputs[exc.field].setFocus()
            return
        self.refusal.show_error(error_text(exc))
        still = getattr(exc, "open_tickets", 0)
        if still:
            self.with_open.setText(self.tr("Tandatangani dengan %n tiket belum selesai", "", still))
            self.with_open.show()
            self.with_open.setFocus()

    def signed(self) -> None:
        self._set_busy(False)
        super().accept()


class Card(QFrame):
    """A figure with its caption; ``value`` is the label tests and people read."""

    def __init__(self, key: str, caption: str):
        super().__init__()
        self.setObjectName("card")
        self.setStyleSheet("QFrame#card { background: white; border: 1px solid #d5dce8; border-radius: 6px; }")
        self.value = QLabel("—")
        self.value.setObjectName(f"card_{key}")
        font = self.value.font()
        font.setPointSize(font.pointSize() + 9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.note = QLabel("")
        self.note.setObjectName(f"note_{key}")
        self.note.setStyleSheet("color: #4a5d7a;")
        # A long note wraps inside the card instead of widening the row of cards (and the
        # window past the screen); the whole text stays in the tooltip.
        self.note.setWordWrap(True)
        self.note.setMinimumWidth(1)
        box = QVBoxLayout(self)
        box.addWidget(self.caption)
        box.addWidget(self.value)
        box.addWidget(self.note)

    def show_value(self, value: str, note: str = "", alarm: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {RED if alarm else '#13315c'};")
        self.note.setText(note)
        self.note.setToolTip(note)


def _table(name: str, headers: list[str], *, pick_rows: bool = False) -> QTableWidget:
    table = read_only_table(name, headers, pick_rows=pick_rows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], red: bool = False) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0 and (text[:1].isdigit() or text == "—"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if red:
                item.setForeground(Qt.GlobalColor.darkRed)
            table.setItem(r, c, item)


class DashboardPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.report: dict[str, Any] | None = None
        self._loading = False
        self._again = False
        self.banner = Banner()

        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        today = ctx.session.today()
        national_holidays(today.year)  # loads the holiday tables here, not in the worker
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(self.refresh)
        self.title = QLabel()
        self.title.setObjectName("dashboardTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title.setFont(font)
        self.updated = QLabel()
        reload_button = QPushButton(self.tr("Muat ulang"))
        reload_button.clicked.connect(self.refresh)
        self.signoff_button = QPushButton(self.tr("Tandatangani berita acara …  [Ctrl+Shift+S]"))
        self.signoff_button.setObjectName("signoff")
        self.signoff_button.clicked.connect(self.open_signoff)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.open_signoff)
        self.export_buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.updated)
        top.addWidget(self.day)
        top.addWidget(reload_button)
        top.addWidget(self.signoff_button)
        exports = QHBoxLayout()
        exports.addWidget(QLabel(self.tr("Ekspor rekap harian:")))
        for fmt, text in (("pdf", "PDF"), ("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("json", "JSON")):
            button = QPushButton(text)
            button.setObjectName(f"export_{fmt}")
            button.setProperty("format", fmt)
            button.clicked.connect(self._export_clicked)  # bound: no lambda holding self
            self.export_buttons[fmt] = button
            exports.addWidget(button)
        # the month's report (Laporan periode) for the monthly meeting, from the chosen day's month
        self.month_button = QPushButton(self.tr("Laporan bulan ini (PDF)  [Ctrl+Shift+M]"))
        self.month_button.setObjectName("exportMonth")
        self.month_button.clicked.connect(self.export_month)
        QShortcut(QKeySequence("Ctrl+Shift+M"), self, self.export_month)
        period_row = QHBoxLayout()  # a row of its own: the daily row fills a 1366 screen
        period_row.addWidget(QLabel(self.tr("Laporan periode:")))
        period_row.addWidget(self.month_button)
        period_row.addStretch(1)
        self.folder_label = QLabel()
        folder_button = QPushButton(self.tr("Folder …"))
        folder_button.clicked.connect(self.choose_folder)
        exports.addWidget(folder_button)
        exports.addWidget(self.folder_label, 1)

        cards = QGridLayout()
        self.cards: dict[str, Card] = {}
        for i, (key, caption) in enumerate((
            ("issued", self.tr("Tiket diambil")), ("served", self.tr("Dilayani")),
            ("open", self.tr("Masih antre / dilayani")), ("wait", self.tr("Rata-rata waktu tunggu")),
            ("service", self.tr("Rata-rata waktu layanan")), ("registrations", self.tr("Registrasi hari ini")),
            ("overdue", self.tr("Permohonan lewat batas")), ("complaints", self.tr("Pengaduan hari ini")),
            ("ikm", self.tr("IKM (nilai konversi)")),
        )):
            self.cards[key] = Card(key, caption)
            cards.addWidget(self.cards[key], 0, i)

        self.service_chart = BarChart(self.tr("Tiket per layanan"), horizontal_labels=False)
        self.counter_chart = BarChart(self.tr("Tiket per loket"))
        charts = QHBoxLayout()
        charts.addWidget(self.service_chart, 3)
        charts.addWidget(self.counter_chart, 2)

        self.by_service = _table("byService", [self.tr("Layanan"), self.tr("Diambil"), self.tr("Dilayani"),
                                               self.tr("Tidak hadir"), self.tr("Tunggu rata-rata"),
                                               self.tr("Layanan rata-rata")])
        self.by_counter = _table("byCounter", [self.tr("Loket"), self.tr("Dipanggil"), self.tr("Dilayani"),
                                               self.tr("Tidak hadir"), self.tr("Layanan rata-rata")])
        self.overdue = _table("overdueApplications", [self.tr("Layanan"), self.tr("No. registrasi"),
                                                      self.tr("Pemohon"), self.tr("Batas"),
                                                      self.tr("Terlambat (hari kerja)"), self.tr("Status hukum")])
        self.complaints = _table("overdueComplaints", [self.tr("Nomor lacak"), self.tr("Diterima"),
                                                       self.tr("Batas jawab"), self.tr("Status")])
        self.nrr = _table("skmNrr", [self.tr("Unsur"), self.tr("Responden"), self.tr("NRR"), self.tr("Bobot")])
        # Conflicts between devices (one ticket called by two counters, one username created on
        # two PCs, ...): decided by the rule in counter_app.conflicts; the supervisor marks
        # each one settled with a note.
        self.conflicts = _table("conflicts", [self.tr("Waktu"), self.tr("Konflik"), self.tr("Tentang"),
                                              self.tr("Oleh"), self.tr("Yang berlaku")], pick_rows=True)
        self.conflicts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.conflict_rows: list[dict[str, Any]] = []
        self.resolve_button = QPushButton(self.tr("Tandai selesai …"))
        self.resolve_button.setObjectName("resolveConflict")
        self.resolve_button.clicked.connect(self._resolve_clicked)
        conflict_tab = QWidget()
        conflict_box = QVBoxLayout(conflict_tab)
        conflict_box.setContentsMargins(0, 0, 0, 0)
        conflict_box.addWidget(self.conflicts)
        conflict_row = QHBoxLayout()
        conflict_row.addWidget(QLabel(self.tr("Konflik diputuskan aturan yang sama di semua perangkat;"
                                              " tandai selesai setelah ditindaklanjuti.")), 1)
        conflict_row.addWidget(self.resolve_button)
        conflict_box.addLayout(conflict_row)
        self.tabs = QTabWidget()
        for table, title in ((self.by_service, self.tr("Per layanan")), (self.by_counter, self.tr("Per loket")),
                             (self.overdue, self.tr("Permohonan lewat batas")),
                             (self.complaints, self.tr("Pengaduan lewat batas")),
                             (self.nrr, self.tr("SKM per unsur"))):
            self.tabs.addTab(table, title)
        self.conflict_tab = self.tabs.addTab(conflict_tab, self.tr("Konflik antarperangkat"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(cards)
        layout.addLayout(charts, 3)
        layout.addWidget(self.tabs, 2)
        layout.addLayout(exports)
        layout.addLayout(period_row)

        self._debounce = QTimer(self, singleShot=True, interval=400, timeout=self.refresh)
        self._timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._timer.start()
        ctx.changed.connect(self._changed)  # a bound method: dropped when the page goes
        self._show_folder()
        self.refresh()

    # ------------------------------------------------------------------ data
    def _changed(self, _what: str) -> None:
        self._debounce.start()  # a burst of changes makes one recomputation

    def selected_day(self) -> str:
        return self.day.date().toString("yyyy-MM-dd")

    def refresh(self) -> None:
        """Recompute the summary in a worker; a request while one runs is done right after."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.updated.setText(self.tr("memuat …"))
        run_in_background(self.ctx, _compute, self.selected_day(), on_done=self._loaded, on_error=self._failed)
        run_in_background(self.ctx, _open_conflicts, on_done=self.show_conflicts, on_error=self.banner.show_error)

    def _loaded(self, report: dict[str, Any]) -> None:
        self._loading = False
        self.report = report
        self.show_report(report)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._loading = False
        self.updated.setText("")
        self.banner.show_error(exc)

    # ------------------------------------------------------------------ showing
    def show_report(self, r: dict[str, Any]) -> None:
        lang = self.ctx.language
        t = r["tickets"]
        totals = t["totals"]
        self.title.setText(f"{r['site']['name']} · {tanggal(r['period']['from'], lang)}")
        self.updated.setText(self.tr("diperbarui %1").replace("%1", r["generated_at"][11:16].replace(":", ".")))
        self.cards["issued"].show_value(number(totals["issued"]))
        self.cards["served"].show_value(number(totals["served"]),
                                        self.tr("tidak hadir %1").replace("%1", str(totals["noshow"])))
        self.cards["open"].show_value(number(totals["open"]))
        self.cards["wait"].show_value(minutes(t["waiting_time"]["mean"], lang),
                                      self.tr("maks. %1").replace("%1", minutes(t["waiting_time"]["max"], lang)))
        self.cards["service"].show_value(minutes(t["service_time"]["mean"], lang),
                                         self.tr("maks. %1").replace("%1", minutes(t["service_time"]["max"], lang)))
        d = r["deadlines"]
        self.cards["overdue"].show_value(number(d["overdue_count"]),
                                         self.tr("dianggap disetujui; %1 segera jatuh tempo")
                                         .replace("%1", str(d["due_soon_count"])), alarm=d["overdue_count"] > 0)
        # a day's own figures say which day: "hari ini" only for today
        day = r["period"]["from"]
        today = day == r["generated_at"][:10]  # the report's own clock: no database here
        self.cards["registrations"].caption.setText(
            self.tr("Registrasi hari ini") if today else self.tr("Registrasi %1").replace("%1", tanggal_pendek(day)))
        self.cards["complaints"].caption.setText(
            self.tr("Pengaduan hari ini") if today else self.tr("Pengaduan %1").replace("%1", tanggal_pendek(day)))
        g = r["registrations"]
        modes = g["by_entry_mode"]
        self.cards["registrations"].show_value(
            number(g["total"]), self.tr("%1 langsung · %2 dari kertas").replace("%1", str(modes.get("direct", 0)))
            .replace("%2", str(modes.get("paper", 0))))
        c = r["complaints"]
        self.cards["complaints"].show_value(number(c["opened"]),
                                            self.tr("lewat batas %1").replace("%1", str(c["overdue"])),
                                            alarm=c["overdue"] > 0)
        s = r["skm"]
        grade = f"{s['grade']} ({s['performance']})" if s["grade"] else self.tr("belum ada responden")
        respondents = self.tr("%n responden", "", s["respondents"])  # "1 respondent", "2 respondents"
        sample = s["sample"]  # enough respondents for the day's service users (Krejcie & Morgan)
        enough = [] if not sample["population"] else [
            self.tr("sampel cukup") if sample["enough"] else self.tr("kurang %1 lagi (min. %2)")
            .replace("%1", str(sample["missing"])).replace("%2", str(sample["required"]))]
        self.cards["ikm"].show_value(number(s["ikm_converted"], 2, lang),
                                     " · ".join([grade, respondents, *enough]))

        services = t["by_service"]
        self.service_chart.set_data([row["service"] for row in services],
                                    [(self.tr("Diambil"), [row["issued"] for row in services]),
                                     (self.tr("Dilayani"), [row["served"] for row in services])])
        counters = t["by_counter"]
        self.counter_chart.set_data([row["counter"] for row in counters],
                                    [(self.tr("Dipanggil"), [row["called"] for row in counters]),
                                     (self.tr("Dilayani"), [row["served"] for row in counters])])
        _fill(self.by_service, [[f"{row['service']} – {row['name']}", str(row["issued"]), str(row["served"]),
                                 str(row["noshow"]), minutes(row["wait_mean"], lang),
                                 minutes(row["service_mean"], lang)] for row in services])
        _fill(self.by_counter, [[row["counter"], str(row["called"]), str(row["served"]), str(row["noshow"]),
                                 minutes(row["service_mean"], lang)] for row in counters])
        _fill(self.overdue, [[item["service_name"], item["registration_id"], item["applicant"],
                              tanggal_pendek(item["deadline"]), str(item["working_days_late"]),
                              item["legal_status"]] for item in d["overdue"]], red=True)
        _fill(self.complaints, [[item["complaint_id"], tanggal_pendek(item["filed_on"]), tanggal_pendek(item["due"]),
                                 item["status"]] for item in c["overdue_list"]], red=True)
        _fill(self.nrr, [[f"{u['unsur']} {u['name']}", str(u["answered"]), number(u["nrr"], 2, lang),
                          number(u["weight"], 4, lang)] for u in s["nrr"]])

    def show_conflicts(self, rows: list[dict[str, Any]]) -> None:
        """The open conflicts, oldest first; the tab title counts them, in red when any."""
        lang = self.ctx.language
        labels = conflict_rules.KINDS_EN if lang == "en" else conflict_rules.KINDS
        self.conflict_rows = rows
        table = []
        for c in rows:
            d = c["detail"]
            about = d.get("ticket") or d.get("username") or d.get("booking") or c["entity_id"]
            who = d.get("actor", "")
            if d.get("counter"):
                who = self._counter(d["counter"]) + f" · {who}"
            kept = d.get("held_by") and self._counter(d["held_by"])
            kept = kept or d.get("kept_full_name") or d.get("kept_registration_id") or ""
            when = d.get("recorded_at", "")
            table.append([tanggal_jam_pendek(when, lang) if when else "—",
                          labels.get(c["kind"], c["kind"]), str(about), who, str(kept)])
        _fill(self.conflicts, table, red=True)
        title = self.tr("Konflik antarperangkat")
        self.tabs.setTabText(self.conflict_tab, f"{title} ({len(rows)})" if rows else title)
        self.tabs.tabBar().setTabTextColor(self.conflict_tab, Qt.GlobalColor.red if rows else
                                           self.tabs.tabBar().palette().windowText().color())
        self.resolve_button.setEnabled(bool(rows))

    def _counter(self, counter: object) -> str:
        """"loket 3" ("counter 3"); a counter named "Loket 1" as it is, never "loket Loket 1"."""
        return str(counter) if names_itself(counter) else self.tr("loket %1").replace("%1", str(counter))

    def _resolve_clicked(self) -> None:
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self.conflict_rows):
            self.banner.show_message(self.tr("Pilih dulu konflik yang sudah ditindaklanjuti."), "warn")
            return
        note, ok = QInputDialog.getText(self, self.tr("Tandai konflik selesai"),
                                        self.tr("Apa yang dilakukan (mis. pemohon dilayani di loket 2):"))
        if ok:
            self.resolve(self.conflict_rows[row]["event_id"], note)

    def resolve(self, event_id: str, note: str) -> None:
        """Mark a conflict settled (the core checks the permission and the note)."""
        run_in_background(self.ctx, _resolve, event_id, note, on_done=self._resolved, on_error=self.banner.show_error)

    def _resolved(self, conflict: dict[str, Any]) -> None:
        self.banner.show_message(self.tr("Konflik ditandai selesai."), "ok")
        self.ctx.notify("conflicts")

    # ------------------------------------------------------------------ sign-off
    def open_signoff(self) -> None:
        """The Berita Acara sign-off of the day shown (the core checks who may sign)."""
        day = self.selected_day()
        self.signoff_dialog = SignoffDialog(tanggal(day, self.ctx.language), "", self)
        self.signoff_dialog.setProperty("day", day)
        self.signoff_dialog.submitted.connect(self._sign_submitted)
        self.signoff_dialog.open()

    def _sign_submitted(self) -> None:
        dialog = self.signoff_dialog
        run_in_background(self.ctx, _sign, dialog.property("day"), *dialog.values(),
                          on_done=self._signed, on_error=dialog.failed)

    def _signed(self, report: dict[str, Any]) -> None:
        self.signoff_dialog.signed()
        signed = report["signoff"]
        self.banner.show_message(
            self.tr("Berita acara %1 ditandatangani oleh %2.")
            .replace("%1", tanggal(report["period"]["from"], self.ctx.language))
            .replace("%2", signed["supervisor_name"]), "ok")
        self.ctx.notify("signoff")

    # ------------------------------------------------------------------ export
    def folder(self) -> Path:
        default = Path(self.ctx.db_path).parent / "laporan"
        return Path(self.ctx.pref("dashboard/export_folder", str(default)))

    def _show_folder(self) -> None:
        self.folder_label.setText(str(self.folder()))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder ekspor laporan"), str(self.folder()))
        if chosen:
            self.ctx.set_pref("dashboard/export_folder", chosen)
            self._show_folder()

    def _export_clicked(self) -> None:
        self.export(self.sender().property("format"))

    def export(self, fmt: str) -> None:
        """Write the report on screen (the same dict) in ``fmt``, in a worker."""
        if self.report is None:
            self.banner.show_message(self.tr("Rekap masih dimuat; coba sebentar lagi."), "warn")
            return
        r = self.report
        name = f"rekap-harian-{r['site']['code']}-{r['period']['from']}"
        path = self.folder() / f"{name}.{'zip' if fmt == 'csv' else fmt}"
        self.export_buttons[fmt].setEnabled(False)
        self.banner.show_message(self.tr("Menyimpan %1 …").replace("%1", fmt.upper()), "info")
        run_in_background(self.ctx, _export, r, fmt, str(path),
                          on_done=functools.partial(self._exported, fmt),
                          on_error=functools.partial(self._export_failed, fmt))

    def _exported(self, fmt: str, paths: list[str]) -> None:
        self.export_buttons[fmt].setEnabled(True)
        self.last_export = paths
        self.banner.show_message(self.tr("Rekap harian tersimpan: %1").replace("%1", ", ".join(paths)), "ok")

    def export_month(self) -> None:
        """The period report of the chosen day's month, as a PDF, in a worker."""
        day = self.selected_day()
        code = self.report["site"]["code"] if self.report else "lokasi"
        path = self.folder() / f"laporan-bulan-{code}-{day[:7]}.pdf"
        self.month_button.setEnabled(False)
        self.banner.show_message(self.tr("Menyimpan laporan bulan …"), "info")
        run_in_background(self.ctx, _export_month, day, str(path), on_done=self._month_exported,
                          on_error=self._month_failed)

    def _month_exported(self, paths: list[str]) -> None:
        self.month_button.setEnabled(True)
        self.last_export = paths
        self.banner.show_message(self.tr("Laporan bulan tersimpan: %1").replace("%1", ", ".join(paths)), "ok")

    def _month_failed(self, exc: Exception) -> None:
        self.month_button.setEnabled(True)
        self.banner.show_error(exc)

    def _export_failed(self, fmt: str, exc: Exception) -> None:
        self.export_buttons[fmt].setEnabled(True)
        self.banner.show_error(exc)
