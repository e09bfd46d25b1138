"""Fast transcription of paper SKM questionnaires: keys 1–4 per unsur, Enter saves and starts the next.

Laid out in the paper form's order: form number, service, the nine unsur (typing a score
moves on; 0, space or - leaves an unsur unanswered), profile and suggestion. Enter saves
through ``counter_app.skm.record_response(entry_mode="paper")``; the core's messages are
shown beside the fields they name, and the next form number is proposed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog, printjobs, skm
from counter_app.errors import LoketError, NotFound, ValidationError
from counter_app.formatting import tanggal
from ui.fields import ErrorLabel, service_combo
from ui.widgets import Banner
from ui.widgets.paper_terms import beside, mark

BLANK_KEYS = {Qt.Key.Key_0, Qt.Key.Key_Space, Qt.Key.Key_Minus}



def next_form_number(number: str) -> str:
    """The next paper form in the stack: 'SKM-0007' -> 'SKM-0008' (same width); else ''."""
    match = re.search(r"(\d+)(\D*)$", number)
    if not match:
        return ""
    digits = match.group(1)
    return number[: match.start(1)] + str(int(digits) + 1).zfill(len(digits)) + match.group(2)


class ScoreCell(QLineEdit):
    """One unsur's score: 1–4 fills and moves on, 0/space/- leaves it blank and moves on."""

    advance = Signal(int)   # this cell's index: move to the next field
    retreat = Signal(int)   # move back to the previous cell
    changed = Signal(int, str)

    def __init__(self, index: int):
        super().__init__()
        self.index = index
        self.textChanged.connect(self._changed)
        self.setMaxLength(1)
        self.setFixedWidth(44)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.setFont(font)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key, text = event.key(), event.text()
        if text in ("1", "2", "3", "4"):
            self.setText(text)
            self.advance.emit(self.index)
        elif key in BLANK_KEYS:
            self.clear()
            self.advance.emit(self.index)
        elif key == Qt.Key.Key_Backspace:
            if self.text():
                self.clear()
            else:
                self.retreat.emit(self.index)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Down,
                     Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
        # any other key is ignored: a score cell only ever holds 1–4 or nothing

    def _changed(self, text: str) -> None:
        self.changed.emit(self.index, text)


class SkmTranscribePage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        q = skm.questionnaire()
        self.unsur = q["unsur"]
        # the paper form's terms, with their English beside in an English UI
        self.terms = skm.paper_terms()
        profile = q["profile"]
        self.banner = Banner()
        self.errors: dict[str, QLabel] = {}

        self.form_no = QLineEdit()
        self.form_no.setObjectName("paperFormNo")
        self.form_no.setPlaceholderText(self.tr("nomor tercetak di pojok formulir"))
        self.service = service_combo()
        self.service.addItem(self.tr("(tidak ditulis)"), None)
        for s in catalog.list_services(ctx.session):
            self.service.addItem(f"{s.code} – {s.name}", s.code)
        self.form_info = QLabel("")
        self.form_info.setWordWrap(True)
        self.form_no.setMaximumWidth(360)
        self.form_info.setObjectName("formInfo")
        self.form_no.textChanged.connect(self._look_up_form)
        head = QGridLayout()
        self._row(head, 0, self.tr("No. formulir kertas"), self.form_no, "paper_form_no", extra=self.form_info)
        self._row(head, 1, self.tr("Layanan"), self.service, "service")

        scores_box = QGroupBox(self.tr("Jawaban (ketik 1–4; 0, spasi atau - bila tidak dijawab)"))
        grid = QGridLayout(scores_box)
        self.cells: list[ScoreCell] = []
        self.meanings: list[QLabel] = []
        for i, u in enumerate(self.unsur):
            cell = ScoreCell(i)
            cell.setObjectName(f"score_{u['code']}")
            meaning = QLabel("")
            meaning.setObjectName(f"meaning_{u['code']}")
            # bound methods, no lambdas capturing self (a reference cycle freed only at exit)
            cell.changed.connect(self._show_meaning)
            cell.advance.connect(self._focus_after)
            cell.retreat.connect(self._focus_before)
            self.cells.append(cell)
            self.meanings.append(meaning)
            self._row(grid, i, f"{u['code']}  {u['name']}", cell, u["code"], extra=meaning,
                      english=self.terms.get(u["name"]))

        grid.setRowStretch(len(self.unsur), 1)  # rows stay together at the top on a tall screen
        self.age = QLineEdit()
        self.age.setMaxLength(3)
        self.age.setFixedWidth(70)
        self.sex = QComboBox()
        self.sex.addItem("", None)
        for code, label in profile["sex"]["options"].items():
            self.sex.addItem(beside(f"{code} – {label}", self.terms.get(label), sep=" · "), code)
            mark(self.sex, label, self.terms.get(label))
        self.education = QComboBox()
        self.occupation = QComboBox()
        for box, key in ((self.education, "education"), (self.occupation, "occupation")):
            box.addItem("", None)
            for option in profile[key]["options"]:
                box.addItem(beside(option, self.terms.get(option), sep=" · "), option)
                mark(box, option, self.terms.get(option))
        self.suggestion = QLineEdit()
        self.suggestion.setMaxLength(q["suggestion"]["max_length"])
        for widget in (self.sex, self.education, self.occupation, self.suggestion):
            widget.setMinimumWidth(160)
        profile_box = QGroupBox(self.tr("Profil responden dan saran"))
        pgrid = QGridLayout(profile_box)
        for r, (text, widget, key) in enumerate((
                (profile["age"]["label"], self.age, "age"), (profile["sex"]["label"], self.sex, "sex"),
                (profile["education"]["label"], self.education, "education"),
                (profile["occupation"]["label"], self.occupation, "occupation"),
                (q["suggestion"]["label"], self.suggestion, "suggestion"))):
            self._row(pgrid, r, text, widget, key, english=self.terms.get(text))
        self.errors["scores"] = ErrorLabel("scores")
        pgrid.addWidget(self.errors["scores"], 5, 0, 1, 3)

        self.recent = QTableWidget(0, 3)
        self.recent.setObjectName("recentForms")
        self.recent.setHorizontalHeaderLabels([self.tr("No. formulir"), self.tr("Nilai U1–U9"), self.tr("Layanan")])
        header = self.recent.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
        self.recent.setWordWrap(False)
        self.recent.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.recent.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # A form typed wrongly is withdrawn from the index with a reason (skm.void_response:
        # the core decides who may, skm.correct) and typed again.
        self.void_button = QPushButton(self.tr("Batalkan jawaban terpilih (salah ketik) …  [Ctrl+Del]"))
        self.void_button.setObjectName("voidResponse")
        self.void_button.clicked.connect(self.ask_void)
        QShortcut(QKeySequence("Ctrl+Del"), self, self.ask_void)
        self.void_dialog: QInputDialog | None = None
        self._void_row = -1
        recent_box = QGroupBox(self.tr("Baru saja disimpan"))
        recent_layout = QVBoxLayout(recent_box)
        recent_layout.addWidget(self.recent)
        recent_layout.addWidget(self.void_button)

        left = QVBoxLayout()
        left.addLayout(head)
        left.addWidget(scores_box)
        right = QVBoxLayout()
        right.addWidget(profile_box)
        right.addWidget(recent_box, 1)
        hint = QLabel(self.tr("Enter menyimpan formulir ini dan membuka formulir berikutnya."))
        hint.setObjectName("hint")
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addWidget(hint)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.setTabOrder(self.form_no, self.service)
        self.setTabOrder(self.service, self.cells[0])
        self.form_no.setFocus()

    # ------------------------------------------------------------------ building
    def _row(self, grid: QGridLayout, row: int, text: str, widget: QWidget, field: str,
             extra: QWidget | None = None, english: str | None = None) -> None:
        label = QLabel(beside(text, english, sep=" · ") if english else text)
        if english:
            mark(label, text, english)
            # "U8  Penanganan pengaduan, saran dan masukan · Handling of complaints, …" on two
            # lines: on one, the English UI was wider than a 1366-pixel screen
            label.setWordWrap(True)
        label.setBuddy(widget)
        grid.addWidget(label, row, 0)
        grid.addWidget(widget, row, 1)
        error = ErrorLabel(field)
        self.errors[field] = error
        if extra is not None:
            holder = QHBoxLayout()
            holder.addWidget(extra)
            holder.addWidget(error, 1)
            grid.addLayout(holder, row, 2)
        else:
            grid.addWidget(error, row, 2)
        grid.setColumnStretch(2, 1)

    def _look_up_form(self, text: str) -> None:
        """Say whether this blank form was printed here, and preselect the service printed on it."""
        if not text.strip():
            self.form_info.setText("")
            return
        try:
            form = printjobs.get_paper_form(self.ctx.session, text)
        except NotFound:
            self.form_info.setText(self.tr("tidak tercetak di perangkat ini"))
            return
        if form["kind"] != "skm":
            self.form_info.setText(self.tr("ini bukan nomor formulir SKM"))
            return
        self.form_info.setText(self.tr("formulir SKM tercetak %1").replace("%1", tanggal(form["day"], self.ctx.language)))
        if form["service_code"]:
            self.service.setCurrentIndex(max(0, self.service.findData(form["service_code"])))

    def _show_meaning(self, i: int, text: str) -> None:
        if not text:
            self.meanings[i].setText(self.tr("(tidak dijawab)"))
            self.meanings[i].setProperty("paperTerm", None)
            return
        answer = self.unsur[i]["answers"][int(text) - 1]
        self.meanings[i].setText(beside(answer, self.terms.get(answer), sep=" · "))
        mark(self.meanings[i], answer, self.terms.get(answer))

    def _focus_before(self, i: int) -> None:
        self.cells[max(i - 1, 0)].setFocus()

    def _focus_after(self, i: int) -> None:
        self._show_meaning(i, self.cells[i].text())  # a blank key on an empty cell changes no text
        (self.cells[i + 1] if i + 1 < len(self.cells) else self.age).setFocus()

    # ------------------------------------------------------------------ saving
    def refresh(self) -> None:
        pass  # nothing here depends on other pages; the recent list is this screen's own

    def save(self) -> None:
        for label in self.errors.values():
            label.clear()
        scores = [cell.text() or None for cell in self.cells]
        profile = {"age": self.age.text(), "sex": self.sex.currentData(),
                   "education": self.education.currentData(), "occupation": self.occupation.currentData()}
        try:
            saved = skm.record_response(
                self.ctx.session, scores, service=self.service.currentData(), profile=profile,
                suggestion=self.suggestion.text(), entry_mode="paper", paper_form_no=self.form_no.text(),
            )
        except ValidationError as exc:
            for field, message in exc.errors:
                self.errors.get(field, self.errors["scores"]).setText(message)
            self.banner.show_error(self.tr("Formulir belum tersimpan: periksa isian yang ditandai merah."))
            return
        except LoketError as exc:
            self.banner.show_error(exc)
            return
        self._saved(saved)

    def _saved(self, saved: dict) -> None:
        form_no = saved["paper_form_no"]
        self.recent.insertRow(0)
        values = " ".join(str(saved["scores"][u["code"]] or "-") for u in self.unsur)
        for col, text in enumerate((form_no, values, saved["service"] or "")):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, saved["response_id"])
            self.recent.setItem(0, col, item)
        self.banner.show_message(self.tr("Formulir %1 tersimpan.").replace("%1", form_no), "ok")
        self.ctx.notify("skm")
        for cell, meaning in zip(self.cells, self.meanings, strict=True):
            cell.clear()
            meaning.clear()
        for box in (self.sex, self.education, self.occupation):
            box.setCurrentIndex(0)
        self.age.clear()
        self.suggestion.clear()
        self.form_no.setText(next_form_number(form_no))
        self.form_no.selectAll()
        self.form_no.setFocus()

    # ------------------------------------------------------------------ withdrawing a form
    def ask_void(self) -> None:
        """Ask why the chosen form is withdrawn (the reason stays in the log with who did it)."""
        row = self.recent.currentRow()
        if row < 0:
            self.banner.show_error(self.tr("Pilih dulu formulir yang salah di daftar \"Baru saja disimpan\"."))
            return
        form_no = self.recent.item(row, 0).text()
        dialog = QInputDialog(self)
        dialog.setObjectName("voidDialog")
        dialog.setWindowTitle(self.tr("Batalkan jawaban SKM"))
        dialog.setLabelText(self.tr("Alasan membatalkan formulir %1 (mis. salah ketik nilai U3):").replace(
            "%1", form_no))
        self._void_row = row
        dialog.accepted.connect(self._void_accepted)  # a bound method: no closure keeps the page alive
        self.void_dialog = dialog
        dialog.open()

    def _void_accepted(self) -> None:
        if self.void_dialog is not None:
            self.void(self._void_row, self.void_dialog.textValue())

    def void(self, row: int, reason: str) -> None:
        item = self.recent.item(row, 0)
        if item is None:
            return
        try:
            skm.void_response(self.ctx.session, item.data(Qt.ItemDataRole.UserRole), reason)
        except LoketError as exc:  # no reason, or not this officer's to withdraw (skm.correct)
            self.banner.show_error(exc)
            return
        form_no = item.text()
        self.recent.removeRow(row)
        self.banner.show_message(self.tr("Formulir %1 dibatalkan; ketik ulang jawabannya yang benar.").replace(
            "%1", form_no), "ok")
        self.ctx.notify("skm")
        self.form_no.setText(form_no)
        self.form_no.selectAll()
        self.form_no.setFocus()
