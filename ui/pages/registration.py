"""The paper-style registration form (formulir pendaftaran), field by field in the order of
``counter_app.forms.REGISTRATION_FORM`` so the screen matches the printed blank form.

As the officer types, the whole form is checked by the core (``validate_registration``)
and each message is shown beside its field; fee and deadline appear as soon as the ticked
requirements meet the service's rule (``Service.requirement_rule``: all of, one of each group,
never a case-only document; the deadline as ``register`` counts it, marked provisional when it
crosses a holiday the calendar only estimates).
Saving calls ``register`` and prints the receipt in a worker.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog, forms
from counter_app.calendar import site_calendar
from counter_app.catalog import Service
from counter_app.errors import LoketError, NotFound, ValidationError
from counter_app.formatting import rupiah, tanggal
from counter_app.registration import (
    RegistrationInput,
    get_application,
    register,
    validate_registration,
)

from .. import printing_bridge
from ..context import AppContext
from ..widgets import Banner, FieldError, NikInput
from ..widgets.date_field import DateField
from ..widgets.paper_fields import PAPER_STYLE, field_key, field_widget
from ..widgets.paper_terms import beside, english_of, mark, screen_hint
from ..widgets.service_search import make_searchable
from .applications import estimated_holidays_text

# The message column beside the fields keeps its room while empty (two lines of the message
# font), so a message appearing never reflows the form under the officer's mouse.
ERROR_WIDTH = 300
ERROR_HEIGHT = 34


class RegistrationPage(QWidget):
    """Formulir pendaftaran layanan. Ctrl+S saves and prints the receipt."""

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.layout_def = forms.REGISTRATION_FORM
        self.inputs: dict[str, Any] = {}
        self.errors: dict[str, FieldError] = {}
        self.touched: set[str] = set()
        self.requirement_boxes: list[QCheckBox] = []
        self.requirement_heads: list[QLabel] = []
        self.last_saved: dict[str, Any] | None = None
        self._filling = False

        self.banner = Banner()
        self.banner.reserve_room()  # a message above the form never pushes it down
        self.paper = QFrame()
        self.paper.setObjectName("paper")
        self.paper.setStyleSheet(PAPER_STYLE)
        self.paper.setMaximumWidth(1100)
        paper = QVBoxLayout(self.paper)
        paper.setContentsMargins(36, 24, 36, 24)
        paper.addLayout(self._head())
        for section in self.layout_def.sections:
            fields = [f for f in section.fields if not f.paper_only]
            if not fields:
                continue
            heading = QLabel(beside(section.title, sep="  ·  "))
            mark(heading, section.title)
            heading.setProperty("class", "section")
            paper.addWidget(heading)
            grid = QGridLayout()
            grid.setColumnMinimumWidth(0, 170)
            grid.setColumnStretch(1, 1)
            grid.setColumnMinimumWidth(2, ERROR_WIDTH)
            grid.setHorizontalSpacing(12)
            row = 0
            for field in fields:
                star = " *" if field.required else ""
                label = QLabel(beside(field.label + star, english_of(field.label)))
                mark(label, field.label + star, english_of(field.label))
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                label.setStyleSheet("font-size: 14px; padding-top: 4px;")
                widget = self._widget_for(field)
                error = self._reserved(FieldError())
                self.errors[field.key] = error
                grid.addWidget(label, row, 0)
                if field.kind == forms.CHECKLIST:
                    # the long document names take the message column too; the message goes under
                    grid.addWidget(widget, row, 1, 1, 2)
                    row += 1
                    grid.addWidget(error, row, 1, 1, 2, Qt.AlignmentFlag.AlignTop)
                else:
                    grid.addWidget(widget, row, 1)
                    grid.addWidget(error, row, 2, Qt.AlignmentFlag.AlignTop)
                row += 1
                if field.hint and field.kind not in (forms.CHECKLIST,):
                    label.setToolTip(screen_hint(field.hint))
            paper.addLayout(grid)
        paper.addWidget(self._summary())
        paper.addLayout(self._actions())
        paper.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # the bar is always there, so the form's width never changes when it grows
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        holder = QWidget()
        holder.setObjectName("desk")
        holder.setStyleSheet("QWidget#desk { background: #e9e9e4; }")
        centre = QHBoxLayout(holder)
        centre.addStretch(1)
        centre.addWidget(self.paper, 20)
        centre.addStretch(1)
        scroll.setWidget(holder)
        root = QVBoxLayout(self)
        root.addWidget(self.banner)
        root.addWidget(scroll, 1)
        self._set_tab_order()
        self._load_services()
        self.set_transcription(False)

    # ------------------------------------------------------------------ building
    def _head(self) -> QGridLayout:
        head = QGridLayout()
        title = QLabel(beside(self.layout_def.title))
        mark(title, self.layout_def.title)
        title.setStyleSheet("font-size: 20px; font-weight: bold; letter-spacing: 1px;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        head.addWidget(title, 0, 0, 1, 4)
        self.transcription = QCheckBox(self.tr("Transkripsi formulir kertas"))
        self.transcription.toggled.connect(self.set_transcription)
        head.addWidget(self.transcription, 1, 0)
        self.form_no_label = QLabel(self.tr("No. formulir"))
        self.form_no = QLineEdit()
        self.form_no.setPlaceholderText("F-REG-…")
        self.form_no.setMinimumWidth(260)
        self.paper_date_label = QLabel(self.tr("Tanggal di formulir"))
        self.paper_date = DateField()
        self.form_no.textEdited.connect(self._form_no_edited)
        self.paper_date.textEdited.connect(self._paper_date_edited)
        head.addWidget(self.form_no_label, 1, 1, Qt.AlignmentFlag.AlignRight)
        head.addWidget(self.form_no, 1, 2)
        head.addWidget(self.paper_date_label, 2, 1, Qt.AlignmentFlag.AlignRight)
        head.addWidget(self.paper_date, 2, 2)
        for key in ("paper_form_no", "paper_date"):
            self.errors[key] = self._reserved(FieldError())
        head.addWidget(self.errors["paper_form_no"], 1, 3)
        head.addWidget(self.errors["paper_date"], 2, 3)
        self.date_label = QLabel()
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        head.addWidget(self.date_label, 3, 0, 1, 4)
        return head

    @staticmethod
    def _reserved(error: FieldError) -> FieldError:
        error.setFixedWidth(ERROR_WIDTH)
        error.setMinimumHeight(ERROR_HEIGHT)
        error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        error.setSizePolicy(policy)
        return error

    def _widget_for(self, field: forms.FormField) -> QWidget:
        key = field.key
        if key == "service":
            combo = QComboBox()
            # typing searches name, code, agency and keywords ("samsat" finds the Samsat services)
            self.service_search = make_searchable(combo, (), screen_hint(field.hint))
            combo.currentIndexChanged.connect(self._service_changed)
            self.inputs[key] = combo
            return combo
        if field.kind == forms.CHECKLIST:
            box = QWidget()
            self.requirements_layout = QVBoxLayout(box)
            self.requirements_layout.setContentsMargins(0, 0, 0, 0)
            self.requirements_hint = QLabel(screen_hint(field.hint))
            self.requirements_hint.setStyleSheet("color: #666;")
            self.requirements_layout.addWidget(self.requirements_hint)
            self.inputs[key] = box
            return box
        widget, holder = field_widget(field, self._field_edited)
        self.inputs[key] = holder
        if isinstance(holder, QButtonGroup):
            # One Tab stop for the choice (the ticked one, else the first); arrows move within.
            holder.setExclusive(True)
            holder.buttonToggled.connect(self._choice_toggled)
            self._update_choice_stop(holder)
        return widget

    def _summary(self) -> QWidget:
        self.summary = QLabel()
        self.summary.setObjectName("feeDeadline")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("QLabel#feeDeadline { font-size: 15px; padding: 10px; margin-top: 12px;"
                                   " border: 2px solid #1a1a1a; background: #fffdf3; }")
        return self.summary

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("Kosongkan"))
        self.clear_button.clicked.connect(self.ask_clear)
        self.save_button = QPushButton(self.tr("Simpan dan cetak tanda terima  [Ctrl+S]"))
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.activated.connect(self.save)
        self.save_button.setMinimumHeight(44)
        self.save_button.setStyleSheet("font-size: 15px; font-weight: bold; background: #1f5fa8; color: white;")
        self.save_button.clicked.connect(self.save)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addWidget(self.save_button)
        return row

    def _focus_widgets(self) -> list[QWidget]:
        """Every focusable input in paper order (requirements included), then Simpan and
        Kosongkan. A choice's buttons stand together: only one of them takes Tab at a time."""
        chain: list[QWidget] = [self.transcription, self.form_no, self.paper_date]
        for field in self.layout_def.fields(include_paper_only=False):
            widget = self.inputs[field.key]
            if isinstance(widget, QButtonGroup):
                chain.extend(widget.buttons())
            elif isinstance(widget, NikInput):
                chain.extend(widget.cells)  # only the first box takes Tab (see NikInput)
            elif field.kind == forms.CHECKLIST:
                chain.extend(self.requirement_boxes)
            else:
                chain.append(widget)
        chain += [self.save_button, self.clear_button]
        return chain

    def _choice_toggled(self, _button: QAbstractButton, _checked: bool) -> None:
        self._update_choice_stop(self.sender())

    @staticmethod
    def _update_choice_stop(group: QButtonGroup) -> None:
        buttons = group.buttons()
        stop = group.checkedButton() or (buttons[0] if buttons else None)
        for button in buttons:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus)

    def _set_tab_order(self) -> None:
        chain = self._focus_widgets()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ data
    def _load_services(self) -> None:
        combo: QComboBox = self.inputs["service"]
        self._filling = True
        combo.clear()
        combo.addItem("", None)
        services = catalog.list_services(self.ctx.session)
        for service in services:
            combo.addItem(f"{service.code} – {service.name}", service.code)
        self.service_search.set_services(services)
        combo.setCurrentIndex(0)
        self._service_changed()
        self._filling = False

    def service(self) -> Service | None:
        code = self.inputs["service"].currentData()
        if not code:
            return None
        try:
            return catalog.get_service(self.ctx.session, code)
        except NotFound:
            return None

    def _service_changed(self, *_args) -> None:
        for widget in (*self.requirement_boxes, *self.requirement_heads):
            if widget.parentWidget() is self.inputs["requirements"]:
                self.requirements_layout.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.requirement_boxes, self.requirement_heads = [], []
        service = self.service()
        self.requirements_hint.setVisible(service is None or not service.requirements)
        if service is not None and not service.requirements:
            self.requirements_hint.setText(self.tr("Layanan ini tanpa persyaratan dokumen."))
        # As on the blank paper form: each one-of group together under "Salah satu dari:"
        # where its first member stands, and a case-only document marked "(bila berlaku)".
        rule = service.requirement_rule if service else None
        done: set[str] = set()
        for requirement in (service.requirements if service else ()):
            if requirement in done:
                continue
            group = rule.group_of(requirement)
            if group:
                head = QLabel(self.tr("Salah satu dari:"))
                head.setObjectName("oneOfHead")
                head.setStyleSheet("font-size: 13px; color: #444; padding-top: 4px;")
                members = QWidget()  # indented under its heading, the tick boxes too
                members_layout = QVBoxLayout(members)
                members_layout.setContentsMargins(22, 0, 0, 0)
                for widget in (head, members):
                    self.requirements_layout.addWidget(widget)
                    widget.setVisible(True)
                    self.requirement_heads.append(widget)
                for member in group:
                    self._add_requirement(member, member, members_layout)
                done.update(group)
            elif rule.kind(requirement) == "bila_berlaku":
                mark = self.tr("(bila berlaku)")  # outside the f-string, where lupdate finds it
                self._add_requirement(requirement, f"{requirement} {mark}", self.requirements_layout)
            else:
                self._add_requirement(requirement, requirement, self.requirements_layout)
        self._set_tab_order()
        if not self._filling:
            self._edited("service")

    def _add_requirement(self, requirement: str, text: str, layout: QVBoxLayout) -> None:
        box = QCheckBox(text)
        box.setProperty("requirement", requirement)
        box.setStyleSheet("font-size: 14px;")
        box.toggled.connect(self._requirements_edited)
        layout.addWidget(box)
        box.setVisible(True)
        self.requirement_boxes.append(box)

    def ticked_requirements(self) -> tuple[str, ...]:
        return tuple(b.property("requirement") for b in self.requirement_boxes if b.isChecked())

    def form_input(self) -> RegistrationInput:
        """What the form says now, as the core's input (no rule applied here)."""
        def text(key: str) -> str | None:
            widget = self.inputs[key]
            value = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            return value.strip() or None

        sex_button = self.inputs["sex"].checkedButton()
        service = self.service()
        ticked = self.ticked_requirements()
        # complete by the catalogue's rule (all of, one of each group, never a case-only one)
        complete = service is not None and service.requirement_rule.is_complete(ticked)
        transcribing = self.transcription.isChecked()
        return RegistrationInput(
            service=self.inputs["service"].currentData() or self.inputs["service"].currentText().strip(),
            name=text("name") or "",
            nik=self.inputs["nik"].text(),
            sex=sex_button.property("value") if sex_button else None,
            birth_date=self.inputs["birth_date"].iso() or None,
            birth_place=text("birth_place"),
            address=text("address"),
            phone=text("phone"),
            ticket=text("ticket"),
            requirements=ticked,
            requirements_complete=complete,
            paper_form_no=(self.form_no.text().strip() or None) if transcribing else None,
            paper_date=(self.paper_date.iso() or None) if transcribing else None,
        )

    # ------------------------------------------------------------------ validation
    # Bound methods only: PySide keeps a connected lambda or functools.partial (and this page
    # with it) alive until interpreter exit, after the QApplication -- a crash on quit.
    def _form_no_edited(self) -> None:
        self._edited("paper_form_no")

    def _paper_date_edited(self) -> None:
        self._edited("paper_date")

    def _requirements_edited(self) -> None:
        self._edited("requirements")

    def _field_edited(self) -> None:
        self._edited(field_key(self.sender()))

    def _edited(self, key: str) -> None:
        if self._filling:
            return
        self.touched.add(key)
        self.validate()

    def validate(self, show_all: bool = False) -> dict[str, str]:
        """Ask the core about the whole form; show each message beside its field."""
        messages: dict[str, str] = {}
        data = self.form_input()
        try:
            validate_registration(self.ctx.session, data)
        except ValidationError as exc:
            for field, message in exc.errors:
                messages.setdefault(field, message)
        for key, widget in (("birth_date", self.inputs["birth_date"]), ("paper_date", self.paper_date)):
            if widget.iso() == "":
                messages[key] = self.tr("tanggal tidak sah (tulis HH-BB-TTTT)")
        for key, label in self.errors.items():
            shown = messages.get(key) if (show_all or key in self.touched) else None
            label.show_error(shown)
        self.inputs["nik"].set_invalid(bool(messages.get("nik")) and (show_all or "nik" in self.touched))
        self._update_summary()
        return messages

    def _update_summary(self) -> None:
        service = self.service()
        self.date_label.setText(self.tr("Tanggal: {date}").format(date=tanggal(self.ctx.session.today(),
                                                                                self.ctx.language)))
        if service is None:
            self.summary.setText(self.tr("Pilih layanan untuk melihat persyaratan, biaya dan batas waktu."))
            return
        fee = rupiah(service.fee, self.ctx.language)
        rule, ticked = service.requirement_rule, set(self.ticked_requirements())
        if not rule.is_complete(ticked):
            missing = [r for r in rule.mandatory if r not in ticked]
            missing += [self.tr("salah satu dari: {items}").format(items=" / ".join(group))
                        for group in rule.one_of if not ticked & set(group)]
            self.summary.setText(self.tr(
                "Biaya: {fee}. Persyaratan belum lengkap, kurang: {missing}. Batas waktu dihitung "
                "setelah persyaratan lengkap.").format(fee=fee, missing="; ".join(missing)))
            return
        due, estimated = site_calendar(self.ctx.session, service.week).deadline(
            self.ctx.session.today(), service.effective_days)
        deadline = tanggal(due, self.ctx.language)
        if estimated:  # the deadline the core will set is provisional too
            deadline = self.tr("{date}, sementara: melewati libur perkiraan {holidays}", "", len(estimated)).format(
                date=deadline, holidays=estimated_holidays_text([d.isoformat() for d in estimated],
                                                                self.ctx.language))
        self.summary.setText(self.tr(
            "Persyaratan lengkap. Biaya: {fee}. Waktu penyelesaian: {days} hari kerja. "
            "Selesai paling lambat: {deadline}.").format(fee=fee, days=service.effective_days, deadline=deadline))

    # ------------------------------------------------------------------ actions
    def set_transcription(self, on: bool) -> None:
        for widget in (self.form_no_label, self.form_no, self.paper_date_label, self.paper_date):
            widget.setVisible(on)
        for key in ("paper_form_no", "paper_date"):  # their room is kept only while they are shown
            policy = self.errors[key].sizePolicy()
            policy.setRetainSizeWhenHidden(on)
            self.errors[key].setSizePolicy(policy)
        if not on:
            self.errors["paper_form_no"].clear_error()
            self.errors["paper_date"].clear_error()

    def receive(self, arg: dict[str, Any]) -> None:
        """Prefill from the counter console: the ticket being served and its service."""
        self.clear_form()
        self.inputs["ticket"].setText(arg.get("ticket") or "")
        combo: QComboBox = self.inputs["service"]
        index = combo.findData(arg.get("service"))
        if index >= 0:
            combo.setCurrentIndex(index)
        self.inputs["name"].setFocus()

    def refresh(self) -> None:
        self._update_summary()

    def ask_clear(self) -> bool:
        """Kosongkan: asks first (No is the default, so Enter or Space keeps the data); the
        ticket being served stays linked. True when the form was cleared."""
        ticket = self.inputs["ticket"].text().strip()
        text = self.tr("Kosongkan semua isian formulir ini?")
        if ticket:
            text += " " + self.tr("Nomor antrean {ticket} tetap terhubung.").format(ticket=ticket)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Kosongkan formulir"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Ya, kosongkan"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Tidak"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.No).setFocus()
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        self.clear_form(keep_ticket=True)
        self.inputs["service"].setFocus()
        return True

    def clear_form(self, keep_ticket: bool = False) -> None:
        ticket = self.inputs["ticket"].text()
        self._filling = True
        for key, widget in self.inputs.items():
            if isinstance(widget, QButtonGroup):
                widget.setExclusive(False)
                for button in widget.buttons():
                    button.setChecked(False)
                widget.setExclusive(True)
            elif isinstance(widget, (QLineEdit, QPlainTextEdit, NikInput)):
                widget.clear()
            elif key == "service":
                widget.setCurrentIndex(0)
        self.form_no.clear()
        self.paper_date.clear()
        if keep_ticket:
            self.inputs["ticket"].setText(ticket)
        self._filling = False
        self._service_changed()
        self.touched.clear()
        for label in self.errors.values():
            label.clear_error()
        self.inputs["nik"].set_invalid(False)
        self._update_summary()

    def save(self) -> None:
        messages = self.validate(show_all=True)
        if messages:
            self.banner.show_message(self.tr("Belum bisa disimpan: periksa %n kolom bertanda merah.", "",
                                             len(messages)), "error")
            self._focus_first_error(messages)
            return
        try:
            result = register(self.ctx.session, self.form_input())
        except LoketError as exc:
            self.banner.show_error(exc)
            return
        self.last_saved = result
        deadline = tanggal(result["deadline"], self.ctx.language) if result["deadline"] else self.tr(
            "dihitung setelah persyaratan lengkap")
        if result.get("deadline_provisional"):  # crossed a holiday the calendar only estimates
            estimated = get_application(self.ctx.session, result["registration_id"])["deadline_estimated"]
            deadline = self.tr("{date}, sementara: melewati libur perkiraan {holidays}", "", len(estimated)).format(
                date=deadline, holidays=estimated_holidays_text(estimated, self.ctx.language))
        self.banner.show_message(self.tr(
            "Tersimpan: {reg} (batas waktu: {deadline}). Mencetak tanda terima…").format(
                reg=result["registration_id"], deadline=deadline), "ok")
        self.ctx.notify("registration")
        self.clear_form()
        self.inputs["service"].setFocus()
        reg = result["registration_id"]
        printing_bridge.print_receipt(self.ctx, reg, functools.partial(self._printed, reg, deadline),
                                      self._print_failed)

    def _printed(self, reg: str, deadline: str, outcome: printing_bridge.PrintOutcome) -> None:
        self.banner.show_message(self.tr("Tersimpan: {reg} (batas waktu: {deadline}). {print}").format(
            reg=reg, deadline=deadline, print=outcome.message), "ok" if outcome.ok else "warn")

    def _print_failed(self, exc: Exception) -> None:
        self.banner.show_message(self.tr("Registrasi tersimpan, tetapi tanda terima gagal dicetak: {error}").format(
            error=exc), "warn")

    def _focus_first_error(self, messages: dict[str, str]) -> None:
        order = ["paper_form_no", "paper_date", *self.layout_def.field_keys(include_paper_only=False)]
        for key in order:
            if key in messages:
                target = {"paper_form_no": self.form_no, "paper_date": self.paper_date}.get(key, self.inputs.get(key))
                if isinstance(target, QButtonGroup):
                    target = target.buttons()[0]
                elif isinstance(target, NikInput):
                    target = target.cells[0]
                elif key == "requirements" and self.requirement_boxes:
                    target = self.requirement_boxes[0]
                if isinstance(target, QWidget):
                    target.setFocus()
                return
