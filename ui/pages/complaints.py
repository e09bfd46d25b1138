"""Complaints (pengaduan): file one in the paper form's order, then respond, forward to
SP4N-LAPOR! with its reference, close, and print the complainant's slip.

Every action is one call in ``counter_app.complaints``; the core checks who may handle a
complaint and words the errors, shown beside the field they name. Printing runs in a worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog, complaints
from counter_app.errors import LoketError, ValidationError
from counter_app.formatting import tanggal, tanggal_jam
from counter_app.users import allowed
from ui import complaint_labels, printing_bridge
from ui.complaint_table import ComplaintModel
from ui.fields import ErrorLabel, service_combo
from ui.widgets import Banner

ACTIONS = {
    "filed": QT_TRANSLATE_NOOP("ComplaintsPage", "dicatat"),
    "responded": QT_TRANSLATE_NOOP("ComplaintsPage", "ditanggapi"),
    "forwarded": QT_TRANSLATE_NOOP("ComplaintsPage", "diteruskan"),
    "closed": QT_TRANSLATE_NOOP("ComplaintsPage", "ditutup"),
}


class ComplaintsPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.current: dict[str, Any] | None = None
        self.banner = Banner()
        self.errors: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self._list_tab(), self.tr("Daftar pengaduan"))
        self.tabs.addTab(self._new_tab(), self.tr("Catat pengaduan baru"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        ctx.actor_changed.connect(self._actor_changed)  # bound methods: dropped with the page
        ctx.changed.connect(self._changed)
        self.refresh()

    def _actor_changed(self, _actor) -> None:
        self._show_detail()

    def _changed(self, what: str) -> None:
        if what in ("complaint", "all", "sync"):
            self.refresh()

    # ------------------------------------------------------------------ list and detail
    def _list_tab(self) -> QWidget:
        tab = QWidget()
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Semua status"), None)
        for key, text in complaint_labels.items("status"):
            self.status_filter.addItem(text, key)
        self.overdue_only = QCheckBox(self.tr("Hanya yang lewat batas jawab"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("cari nomor lacak"))
        for signal in (self.status_filter.currentIndexChanged, self.overdue_only.toggled, self.search.textChanged):
            signal.connect(self.refresh)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.overdue_only)
        filters.addWidget(self.search, 1)

        self.model = ComplaintModel([self.tr("Nomor lacak"), self.tr("Tanggal"), self.tr("Jenis"),
                                     self.tr("Layanan"), self.tr("Status"), self.tr("SP4N-LAPOR!"),
                                     self.tr("Batas jawab")])
        self.table = QTableView()
        self.table.setObjectName("complaintTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(filters)
        lv.addWidget(self.table, 1)

        self.detail = QLabel()
        self.detail.setObjectName("complaintDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.response_text = QPlainTextEdit()
        self.response_text.setTabChangesFocus(True)
        self.response_text.setPlaceholderText(self.tr("tanggapan kepada pelapor"))
        self.response_text.setMaximumHeight(90)
        self.final_box = QCheckBox(self.tr("Tanggapan akhir (pengaduan selesai)"))
        self.respond_button = QPushButton(self.tr("Kirim tanggapan"))
        self.respond_button.clicked.connect(self.respond)
        self.lapor_ref = QLineEdit()
        self.lapor_ref.setPlaceholderText(self.tr("nomor referensi SP4N-LAPOR!"))
        self.forward_button = QPushButton(self.tr("Teruskan ke SP4N-LAPOR!"))
        self.forward_button.clicked.connect(self.forward)
        self.close_note = QLineEdit()
        self.close_note.setPlaceholderText(self.tr("alasan penutupan (wajib bila belum selesai)"))
        self.close_button = QPushButton(self.tr("Tutup pengaduan"))
        self.close_button.clicked.connect(self.close_complaint)
        self.print_button = QPushButton(self.tr("Cetak tanda terima pelapor"))
        self.print_button.clicked.connect(self.print_current)
        for widget, signal, fields in ((self.response_text, self.response_text.textChanged, "text"),
                                       (self.lapor_ref, self.lapor_ref.textEdited, "lapor_ref"),
                                       (self.close_note, self.close_note.textEdited, "note")):
            widget.setProperty("errorFields", fields)
            signal.connect(self._clear_field_errors)
        actions = QGroupBox(self.tr("Tindak lanjut"))
        form = QFormLayout(actions)
        form.addRow(self.response_text)
        self.errors["text"] = self._error_label("text")
        form.addRow(self.errors["text"])
        row = QHBoxLayout()
        row.addWidget(self.final_box)
        row.addWidget(self.respond_button)
        form.addRow(row)
        row = QHBoxLayout()
        row.addWidget(self.lapor_ref, 1)
        row.addWidget(self.forward_button)
        form.addRow(row)
        self.errors["lapor_ref"] = self._error_label("lapor_ref")
        form.addRow(self.errors["lapor_ref"])
        row = QHBoxLayout()
        row.addWidget(self.close_note, 1)
        row.addWidget(self.close_button)
        form.addRow(row)
        self.errors["note"] = self._error_label("note")
        form.addRow(self.errors["note"])
        form.addRow(self.print_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.detail, 1)
        rv.addWidget(actions)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(tab).addWidget(splitter)
        return tab

    def refresh(self) -> None:
        try:
            rows = complaints.list_complaints(self.ctx.session, self.overdue_only.isChecked(),
                                              status=self.status_filter.currentData())
        except LoketError as exc:
            self.banner.show_error(exc)
            return
        needle = self.search.text().strip().upper()
        if needle:
            rows = [r for r in rows if needle in r["tracking_number"]]
        keep = self.current["tracking_number"] if self.current else None
        self.model.set_rows(rows)
        for i, r in enumerate(rows):
            if r["tracking_number"] == keep:
                self.table.selectRow(i)
                break
        else:
            self.current = None
        self._show_detail()

    def _row_chosen(self, index: QModelIndex, _previous=None) -> None:
        if index.isValid():
            self.select(self.model.rows[index.row()]["tracking_number"])

    def select(self, tracking: str) -> None:
        self.current = complaints.get_complaint(self.ctx.session, tracking)
        for label in self.errors.values():
            label.clear()
        self._show_detail()

    def _show_detail(self) -> None:
        c = self.current
        can_handle = allowed(self.ctx.actor, "complaint.handle")
        open_ = bool(c) and c["status"] in complaints.OPEN_STATUSES
        self.respond_button.setEnabled(bool(c) and can_handle and c["status"] != "ditutup")
        self.forward_button.setEnabled(open_ and can_handle and c["stage"] != 2)
        self.close_button.setEnabled(bool(c) and can_handle and c["status"] != "ditutup")
        self.print_button.setEnabled(bool(c))
        if not c:
            self.detail.setText(self.tr("Pilih pengaduan di daftar untuk melihat rinciannya."))
            return
        lang = self.ctx.language
        label = {"late": self.tr("lewat batas"), "status": self.tr("status"), "who": self.tr("Pelapor"),
                 "due": self.tr("Batas jawab"), "service": self.tr("Layanan"), "component": self.tr("Komponen"),
                 "history": self.tr("Riwayat")}
        who = self.tr("Anonim") if c["anonymous"] else " · ".join(x for x in (c["name"], c["phone"], c["email"]) if x)
        deadline = tanggal(c["deadline"], lang)
        if c["overdue"]:
            deadline = f"<span style='color:#a50e0e'><b>{deadline} – {label['late']}</b></span>"
        lines = [
            f"<h3>{c['tracking_number']}</h3>",
            f"<b>{complaint_labels.label('type', c['type'])}</b> · {complaint_labels.label('channel', c['channel'])}"
            f" · {label['status']}: <b>{complaint_labels.label('status', c['status'])}</b>",
            f"{label['who']}: {_escape(who)}",
            f"{label['due']}: {deadline}",
        ]
        if c["service_code"]:
            lines.append(f"{label['service']}: {c['service_code']}")
        if c["component"]:
            lines.append(f"{label['component']}: {complaint_labels.label('component', c['component'])}")
        if c["lapor_ref"]:
            lines.append(f"SP4N-LAPOR!: <b>{_escape(c['lapor_ref'])}</b>")
        lines.append(f"<p>{_escape(c['text'])}</p><h4>{label['history']}</h4>")
        for h in c["history"]:
            text = f": {_escape(h['text'])}" if h["text"] and h["action"] != "filed" else ""
            action = self.tr(ACTIONS.get(h["action"], h["action"]))
            status = complaint_labels.label("status", h["status"])
            lines.append(f"{tanggal_jam(h['at'], lang)} · {action} → {status} ({h['actor']}){text}")
        self.detail.setText("<br>".join(lines))

    # ------------------------------------------------------------------ actions
    def _act(self, fn, *args, **kwargs) -> None:
        for label in self.errors.values():
            label.clear()
        try:
            updated = fn(self.ctx.session, self.current["tracking_number"], *args, **kwargs)
        except ValidationError as exc:
            for field, message in exc.errors:
                self.errors.get(field, self.errors["text"]).setText(message)
            self.banner.show_error(exc)
            return
        except LoketError as exc:
            self.banner.show_error(exc)
            return
        self.current = updated
        self.banner.show_message(self.tr("Pengaduan %1: %2").replace("%1", updated["tracking_number"])
                                 .replace("%2", complaint_labels.label("status", updated["status"])), "ok")
        self.ctx.notify("complaint")

    def respond(self) -> None:
        self._act(complaints.respond, self.response_text.toPlainText(), final=self.final_box.isChecked())
        if self.banner.kind == "ok":
            self.response_text.clear()
            self.final_box.setChecked(False)

    def forward(self) -> None:
        self._act(complaints.forward, self.lapor_ref.text())
        if self.banner.kind == "ok":
            self.lapor_ref.clear()

    def close_complaint(self) -> None:
        self._act(complaints.close, self.close_note.text())
        if self.banner.kind == "ok":
            self.close_note.clear()

    def print_current(self) -> None:
        if self.current:
            self._print(self.current["tracking_number"])

    def _print(self, tracking: str) -> None:
        self.print_button.setEnabled(False)
        self.banner.show_message(self.tr("Mencetak tanda terima pengaduan %1 …").replace("%1", tracking), "info")
        printing_bridge.print_complaint(self.ctx, tracking, self._printed, self._print_failed)

    def _printed(self, outcome: printing_bridge.PrintOutcome) -> None:
        self.print_button.setEnabled(bool(self.current))
        self.banner.show_message(outcome.message, "ok" if outcome.ok else "warn")

    def _print_failed(self, exc: Exception) -> None:
        self.print_button.setEnabled(bool(self.current))
        self.banner.show_error(exc)

    # ------------------------------------------------------------------ new complaint
    def _new_tab(self) -> QWidget:
        tab = QWidget()
        self.new_type = QComboBox()
        for key, text in complaint_labels.items("type"):
            self.new_type.addItem(text, key)
        self.new_channel = QComboBox()
        for key, text in complaint_labels.items("channel"):
            self.new_channel.addItem(text, key)
        self.new_service = service_combo()
        self.new_service.addItem(self.tr("(tidak tertentu)"), None)
        for s in catalog.list_services(self.ctx.session):
            self.new_service.addItem(f"{s.code} – {s.name}", s.code)
        self.new_component = QComboBox()
        self.new_component.addItem(self.tr("(tidak tertentu)"), None)
        for key, text in complaint_labels.items("component"):
            self.new_component.addItem(text, key)
        self.new_anonymous = QCheckBox(self.tr("Ya, rahasiakan identitas saya"))
        self.new_name = QLineEdit()
        self.new_phone = QLineEdit()
        self.new_email = QLineEdit()
        self.new_anonymous.toggled.connect(self._anonymous_toggled)
        self.new_text = QPlainTextEdit()
        self.new_text.setTabChangesFocus(True)  # Tab goes on to the next field, as on the form
        self.new_text.setPlaceholderText(self.tr("apa, kapan, di mana, siapa petugasnya bila tahu"))
        self.file_button = QPushButton(self.tr("Simpan dan cetak tanda terima"))
        self.file_button.clicked.connect(self.file_new)
        # Each message goes as soon as its field is edited (as on the registration form); the
        # next save asks the core again. Bound methods, no partials: a page must stay freeable.
        for widget, signal, fields in (
                (self.new_type, self.new_type.currentIndexChanged, "type"),
                (self.new_channel, self.new_channel.currentIndexChanged, "channel"),
                (self.new_service, self.new_service.currentIndexChanged, "service"),
                (self.new_component, self.new_component.currentIndexChanged, "component"),
                (self.new_anonymous, self.new_anonymous.toggled, "anonymous name phone email"),
                (self.new_name, self.new_name.textEdited, "name"),
                (self.new_phone, self.new_phone.textEdited, "phone"),
                (self.new_email, self.new_email.textEdited, "email"),
                (self.new_text, self.new_text.textChanged, "new_text")):
            widget.setProperty("errorFields", fields)
            signal.connect(self._clear_field_errors)

        sections = QVBoxLayout(tab)
        for title, rows in (
            (self.tr("A. Jenis dan layanan"), ((self.tr("Jenis"), self.new_type, "type"),
                                               (self.tr("Diterima melalui"), self.new_channel, "channel"),
                                               (self.tr("Layanan yang diadukan"), self.new_service, "service"),
                                               (self.tr("Komponen standar pelayanan"), self.new_component, "component"))),
            (self.tr("B. Identitas pelapor"), ((self.tr("Tanpa nama (anonim)"), self.new_anonymous, "anonymous"),
                                               (self.tr("Nama"), self.new_name, "name"),
                                               (self.tr("Nomor telepon/HP"), self.new_phone, "phone"),
                                               (self.tr("E-mail"), self.new_email, "email"))),
            (self.tr("C. Uraian"), ((self.tr("Uraian pengaduan/kritik/saran"), self.new_text, "new_text"),)),
        ):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for label, widget, field in rows:
                holder = QVBoxLayout()
                holder.addWidget(widget)
                self.errors[field] = self._error_label(field)
                holder.addWidget(self.errors[field])
                form.addRow(label, holder)
            sections.addWidget(box, 1 if field == "new_text" else 0)
        sections.addWidget(self.file_button, 0, Qt.AlignmentFlag.AlignRight)
        return tab

    def _clear_field_errors(self, *_signal_args) -> None:
        """The edited field's message (its ``errorFields``) goes; the others stay."""
        for field in str(self.sender().property("errorFields") or "").split():
            if field in self.errors:
                self.errors[field].clear()

    def _anonymous_toggled(self, on: bool) -> None:
        for widget in (self.new_name, self.new_phone, self.new_email):
            widget.setEnabled(not on)
            if on:
                widget.clear()

    def file_new(self) -> None:
        for label in self.errors.values():
            label.clear()
        try:
            filed = complaints.file_complaint(
                self.ctx.session, type=self.new_type.currentData(), channel=self.new_channel.currentData(),
                text=self.new_text.toPlainText(), service=self.new_service.currentData(),
                component=self.new_component.currentData(), name=self.new_name.text(),
                phone=self.new_phone.text(), email=self.new_email.text(),
                anonymous=self.new_anonymous.isChecked(),
            )
        except ValidationError as exc:
            for field, message in exc.errors:
                self.errors.get("new_text" if field == "text" else field, self.errors["new_text"]).setText(message)
            self.banner.show_error(self.tr("Pengaduan belum tersimpan: periksa isian yang ditandai merah."))
            return
        except LoketError as exc:
            self.banner.show_error(exc)
            return
        for widget in (self.new_name, self.new_phone, self.new_email):
            widget.clear()
        self.new_text.clear()
        self.new_anonymous.setChecked(False)
        self.current = filed
        self.ctx.notify("complaint")
        self.refresh()
        self.tabs.setCurrentIndex(0)
        self._print(filed["tracking_number"])
        self.banner.show_message(self.tr("Pengaduan tercatat dengan nomor lacak %1. Mencetak tanda terima …")
                                 .replace("%1", filed["tracking_number"]), "ok")

    def _error_label(self, field: str = "") -> QLabel:
        return ErrorLabel(field)


def _escape(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
