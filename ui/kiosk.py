"""The SKM kiosk: a touch screen where an applicant answers the nine unsur alone.

One question per screen with four large buttons carrying the questionnaire's own labels
(``counter_app.skm.questionnaire()``), then an optional profile and suggestion, then
thanks. Nothing on it identifies anyone; it goes back to the welcome screen after a
submit, and after a spell without a touch (the half-filled answers are dropped, never
saved). Saving is one call to ``counter_app.skm.record_response``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import skm
from counter_app.errors import LoketError, ValidationError

from .kiosk_parts import (
    KEYPAD,
    ChoiceRow,
    kiosk_label,
    kiosk_stylesheet,
    leaves_kiosk,
    touch_button,
)

IDLE_MS = 90_000      # back to the welcome screen after this long without a touch
THANKS_MS = 6_000     # how long the thank-you screen stays
class SkmKioskView(QWidget):
    """The kiosk flow. ``submitted`` carries the saved response id."""

    submitted = Signal(str)
    reset_done = Signal()

    def __init__(self, ctx, service: str | None = None, idle_ms: int = IDLE_MS, thanks_ms: int = THANKS_MS):
        super().__init__()
        self.ctx = ctx
        self.service = service
        # the visitor reads the questionnaire in the kiosk's language; answers are the same codes
        self.q = skm.questionnaire(lang=getattr(ctx, "language", "id"))
        self.unsur = self.q["unsur"]
        self.answers: dict[str, int | None] = {}
        self.index = 0
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.idle = QTimer(self, singleShot=True, interval=idle_ms, timeout=self.reset)
        self.thanks_timer = QTimer(self, singleShot=True, interval=thanks_ms, timeout=self.reset)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._welcome_screen())
        self.stack.addWidget(self._question_screen())
        self.stack.addWidget(self._profile_screen())
        self.stack.addWidget(self._suggestion_screen())
        self.stack.addWidget(self._thanks_screen())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.reset()

    # ------------------------------------------------------------------ screens
    def _welcome_screen(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        box.addWidget(kiosk_label(self.tr("Survei Kepuasan Masyarakat"), "title"))
        box.addWidget(kiosk_label(self.tr("Bantu kami memperbaiki pelayanan. Sembilan pertanyaan singkat, "
                                     "tanpa nama."), "lead"))
        self.start_button = touch_button(self.tr("Mulai"), "primary")
        self.start_button.clicked.connect(self.start)
        box.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        box.addWidget(kiosk_label(self.q["instructions"], "note"))
        return page

    def _question_screen(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(self.unsur))
        self.progress.setTextVisible(False)
        self.progress_label = kiosk_label("", "note")
        self.unsur_label = kiosk_label("", "unsur")
        self.question_label = kiosk_label("", "question")
        box.addWidget(self.progress_label)
        box.addWidget(self.progress)
        box.addStretch(1)
        box.addWidget(self.unsur_label)
        box.addWidget(self.question_label)
        box.addStretch(1)
        row = QHBoxLayout()
        self.answer_buttons: list[QPushButton] = []
        answers = QButtonGroup(self)
        answers.setExclusive(False)
        for score in (1, 2, 3, 4):
            button = touch_button("", "answer", checkable=True)
            button.setProperty("score", score)
            answers.addButton(button, score)
            self.answer_buttons.append(button)
            row.addWidget(button, 1)
        answers.idClicked.connect(self.answer)
        box.addLayout(row, 2)
        box.addStretch(1)
        nav = QHBoxLayout()
        self.back_button = touch_button(self.tr("‹ Kembali"), "secondary")
        self.back_button.clicked.connect(self.back)
        self.skip_button = touch_button(self.tr("Lewati pertanyaan ini"), "secondary")
        self.skip_button.clicked.connect(self.skip)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.skip_button)
        box.addLayout(nav)
        return page

    def _profile_screen(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        profile = self.q["profile"]
        box.addWidget(kiosk_label(self.tr("Tentang Anda (boleh dilewati)"), "unsur"))
        self.sex = ChoiceRow(list(profile["sex"]["options"].items()))
        self.education = ChoiceRow([(o, o) for o in profile["education"]["options"]])
        labels = profile["occupation"].get("labels", {})
        self.occupation = ChoiceRow([(o, labels.get(o, o)) for o in profile["occupation"]["options"]])
        self.age_text = ""
        self.age_label = kiosk_label("", "age")
        keypad = QHBoxLayout()
        keys = QButtonGroup(self)
        for i, key in enumerate(KEYPAD):
            button = touch_button(key, "key")
            keys.addButton(button, i)
            keypad.addWidget(button)
        keys.idClicked.connect(self._keypad)
        form = QGridLayout()
        rows = ((profile["sex"]["label"], self.sex), (profile["age"]["label"], None),
                (profile["education"]["label"], self.education), (profile["occupation"]["label"], self.occupation))
        for r, (text, widget) in enumerate(rows):
            name = kiosk_label(text, "field", wrap=False)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.addWidget(name, r, 0)
            if widget is None:
                age_row = QHBoxLayout()
                age_row.addWidget(self.age_label)
                age_row.addLayout(keypad, 1)
                form.addLayout(age_row, r, 1)
            else:
                widget.changed.connect(self.touched)
                form.addWidget(widget, r, 1)
        form.setColumnStretch(1, 1)
        box.addStretch(1)
        box.addLayout(form)
        box.addStretch(1)
        nav = QHBoxLayout()
        back = touch_button(self.tr("‹ Kembali"), "secondary")
        back.clicked.connect(self.back)
        forward = touch_button(self.tr("Lanjut ›"), "primary")
        forward.clicked.connect(self.to_suggestion)
        nav.addWidget(back)
        nav.addStretch(1)
        nav.addWidget(forward)
        box.addLayout(nav)
        return page

    def _suggestion_screen(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(kiosk_label(self.tr("Saran dan masukan (boleh dikosongkan)"), "unsur"))
        self.suggestion = QPlainTextEdit()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setTabChangesFocus(True)  # Tab never gets stuck in the box
        self.suggestion.setPlaceholderText(self.tr("Ctrl+Enter mengirim jawaban"))
        self.suggestion.textChanged.connect(self.touched)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # a keyboard sends from the box itself
            send = QShortcut(QKeySequence(keys), page)
            send.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            send.activated.connect(self.submit)
        box.addWidget(self.suggestion, 1)
        self.error_label = kiosk_label("", "error")
        box.addWidget(self.error_label)
        nav = QHBoxLayout()
        back = touch_button(self.tr("‹ Kembali"), "secondary")
        back.clicked.connect(self.back)
        self.submit_button = touch_button(self.tr("Kirim jawaban"), "primary")
        self.submit_button.clicked.connect(self.submit)
        nav.addWidget(back)
        nav.addStretch(1)
        nav.addWidget(self.submit_button)
        box.addLayout(nav)
        return page

    def _thanks_screen(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        box.addWidget(kiosk_label(self.tr("Terima kasih!"), "title"))
        box.addWidget(kiosk_label(self.tr("Jawaban Anda sudah kami terima dan membantu kami memperbaiki pelayanan."),
                             "lead"))
        box.addStretch(1)
        done = touch_button(self.tr("Selesai"), "primary")
        done.clicked.connect(self.reset)
        box.addWidget(done, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    # ------------------------------------------------------------------ flow
    @property
    def screen(self) -> str:
        return ("welcome", "question", "profile", "suggestion", "thanks")[self.stack.currentIndex()]

    def show_screen(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.touched()

    def touched(self) -> None:
        """Any touch keeps the kiosk awake; the welcome and thanks screens need no timer."""
        if self.stack.currentIndex() in (1, 2, 3):
            self.idle.start()
        else:
            self.idle.stop()

    def reset(self) -> None:
        """Forget everything and show the welcome screen (nothing half-filled is saved)."""
        self.answers = {}
        self.index = 0
        for row in (self.sex, self.education, self.occupation):
            row.clear()
        self.age_text = ""
        self._show_age()
        self.suggestion.blockSignals(True)
        self.suggestion.clear()
        self.suggestion.blockSignals(False)
        self.error_label.clear()
        self.thanks_timer.stop()
        self.show_screen(0)
        self.reset_done.emit()

    def start(self) -> None:
        self.index = 0
        self._show_question()
        self.show_screen(1)

    def _show_question(self) -> None:
        unsur = self.unsur[self.index]
        self.progress.setValue(self.index + 1)
        self.progress_label.setText(self.tr("Pertanyaan %1 dari %2").replace("%1", str(self.index + 1))
                                    .replace("%2", str(len(self.unsur))))
        self.unsur_label.setText(unsur["name"])
        self.question_label.setText(unsur["question"])
        chosen = self.answers.get(unsur["code"])
        for score, (button, text) in enumerate(zip(self.answer_buttons, unsur["answers"], strict=True), start=1):
            button.setText(text)
            button.setChecked(chosen == score)

    def answer(self, score: int | None) -> None:
        self.answers[self.unsur[self.index]["code"]] = score
        if self.index + 1 < len(self.unsur):
            self.index += 1
            self._show_question()
            self.touched()
        else:
            self.show_screen(2)

    def skip(self) -> None:
        self.answer(None)

    def to_suggestion(self) -> None:
        self.show_screen(3)
        self.suggestion.setFocus()  # a keyboard types straight in; Ctrl+Enter sends

    def _keypad(self, index: int) -> None:
        self.type_age(KEYPAD[index])

    def back(self) -> None:
        current = self.stack.currentIndex()
        if current == 1 and self.index > 0:
            self.index -= 1
            self._show_question()
            self.touched()
        elif current == 1:
            self.reset()
        elif current == 2:
            self.index = len(self.unsur) - 1
            self._show_question()
            self.show_screen(1)
        else:
            self.show_screen(current - 1)

    def type_age(self, key: str) -> None:
        self.age_text = self.age_text[:-1] if key == "⌫" else (self.age_text + key)[:3]
        self._show_age()
        self.touched()

    def _show_age(self) -> None:
        self.age_label.setText(self.age_text or "—")

    def submit(self) -> None:
        scores = [self.answers.get(u["code"]) for u in self.unsur]
        profile = {"age": self.age_text or None, "sex": self.sex.value,
                   "education": self.education.value, "occupation": self.occupation.value}
        try:
            saved = skm.record_response(
                self.ctx.session, scores, service=self.service, profile=profile,
                suggestion=self.suggestion.toPlainText(), entry_mode="kiosk",
            )
        except ValidationError as exc:
            self.error_label.setText("\n".join(msg for _field, msg in exc.errors))
            self.touched()
            return
        except LoketError as exc:
            self.error_label.setText(str(exc))
            return
        self.ctx.notify("skm")
        self.show_screen(4)
        self.thanks_timer.start()
        self.submitted.emit(saved["response_id"])

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A numeric keypad works too (1–4 answer, Enter starts or goes on, Backspace goes back)."""
        key, text = event.key(), event.text()
        screen = self.screen
        if screen == "question" and text in ("1", "2", "3", "4"):
            self.answer(int(text))
        elif screen == "question" and key == Qt.Key.Key_Backspace:
            self.back()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and screen in ("welcome", "profile", "thanks"):
            {"welcome": self.start, "profile": self.to_suggestion, "thanks": self.reset}[screen]()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ look
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        u = min(self.height() / 100, self.width() / 160)
        self.setStyleSheet(kiosk_stylesheet(u))


class SkmKioskWindow(QWidget):
    """The kiosk full screen; only Ctrl+Shift+Q (or the page's button) leaves it."""

    def __init__(self, ctx, service: str | None = None, idle_ms: int = IDLE_MS, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)  # owned by the page: closes with the app
        self.setWindowTitle(self.tr("Kiosk SKM"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setProperty("publicScreen", True)  # the idle lock names no officer over it (ui.app)
        self.view = SkmKioskView(ctx, service, idle_ms)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if leaves_kiosk(event):
            self.close()
        # everything else (Esc, Alt+F4 handled by the window manager aside) stays in the kiosk
