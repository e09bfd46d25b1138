"""Pieces of the self-service ticket kiosk: its own language, touch tiles, the on-screen
keyboard for booking codes, its screens and its stylesheet.

The kiosk switches between Indonesian and English for the person in front of it without
touching the language of anything else in the process (a counter PC may run the officer's
window beside it): :class:`KioskLanguage` gives a widget a ``tr`` that reads the kiosk
translations (``resources/i18n/ui_kiosk_<lang>.qm``) through a translator of its own, never
installed application-wide.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTranslator, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import resources

from .kiosk_parts import kiosk_label, touch_button

I18N_DIR = Path(resources.__file__).parent / "i18n"
LANGUAGES = ("id", "en")  # source strings are Indonesian
KEYS = (*"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "-", "⌫")
SCREENS = ("welcome", "gerai", "service", "priority", "checkin", "wait", "ticket")

_translators: dict[str, QTranslator | None] = {}


def translator(language: str) -> QTranslator | None:
    """The kiosk's translator for ``language`` (loaded once), None for Indonesian or if missing."""
    if language == "id":
        return None
    if language not in _translators:
        loaded = QTranslator()
        _translators[language] = loaded if loaded.load(str(I18N_DIR / f"ui_kiosk_{language}.qm")) else None
    return _translators[language]


class KioskLanguage:
    """Mixin: ``self.tr`` in ``self.language``. lupdate files a string under the class whose
    code holds it, so each class of the object's lineage is tried as the context."""

    language = "id"

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        found = translator(self.language)
        result = ""
        for cls in type(self).__mro__ if found else ():
            result = found.translate(cls.__name__, text, disambiguation, n)
            if result:
                break
        result = result or text
        return result.replace("%n", str(n)) if n >= 0 else result


class TouchTile(QPushButton):
    """A large button whose title wraps over lines (a QPushButton's own text never wraps),
    with an optional smaller line under it."""

    def __init__(self, title: str, subtitle: str = "", name: str = "tile"):
        super().__init__()
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(title)
        box = QVBoxLayout(self)
        self.title = kiosk_label(title, "tileTitle")
        self.subtitle = kiosk_label(subtitle, "tileSubtitle")
        box.addStretch(1)
        for label in (self.title, self.subtitle):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            box.addWidget(label)
        box.addStretch(1)
        self.subtitle.setVisible(bool(subtitle))

    def text(self) -> str:  # noqa: D102 - what a test or a screen reader reads
        return self.title.text()

    def set_closed(self, reason: str) -> None:
        """Grey the tile out with why it takes no ticket now ("" opens it again)."""
        self.setEnabled(not reason)
        self.subtitle.setText(reason)
        self.subtitle.setVisible(bool(reason))
        # the label carries the state: a style sheet cannot read its parent's :disabled (Qt
        # applied "QPushButton:disabled QLabel" to every tile, greying out the open ones too)
        for label in (self.title, self.subtitle):
            label.setProperty("closed", bool(reason))
            label.style().unpolish(label)
            label.style().polish(label)
        self.setAccessibleDescription(reason)


def tile_grid(tiles: list[QWidget], group: QButtonGroup, columns: int) -> QGridLayout:
    """Lay ``tiles`` out ``columns`` wide; their ids in ``group`` are their indexes."""
    grid = QGridLayout()
    for i, tile in enumerate(tiles):
        group.addButton(tile, i)
        grid.addWidget(tile, i // columns, i % columns)
    for col in range(columns):
        grid.setColumnStretch(col, 1)
    return grid


class CodeKeyboard(QWidget):
    """Letters, digits, a dash and backspace for typing a booking code without a keyboard;
    ``typed`` carries the key (``"⌫"`` for backspace)."""

    typed = Signal(str)

    def __init__(self, columns: int = 10):
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        for i, key in enumerate(KEYS):
            button = touch_button(key, "key")
            group.addButton(button, i)
            grid.addWidget(button, i // columns, i % columns)
        # a button group and a bound method: no lambda capturing the widget (see
        # tests/ui/test_no_reference_cycles.py)
        group.idClicked.connect(self._clicked)

    def _clicked(self, index: int) -> None:
        self.typed.emit(KEYS[index])


class KioskScreens(KioskLanguage):
    """The ticket kiosk's screens, built in its current language and orientation (mixed into
    :class:`ui.ticket_kiosk.TicketKioskView`, whose methods the buttons call)."""

    def _build(self) -> None:
        """(Re)build every screen in the current language and orientation."""
        if self.content is not None:
            self.layout().removeWidget(self.content)
            self.content.hide()
            self.content.deleteLater()
        self.content = QWidget()
        self.content.setMinimumSize(1, 1)  # the screen's size decides, never the widest screen built
        box = QVBoxLayout(self.content)
        margin = int(self.unit * 3)
        box.setContentsMargins(margin, margin, margin, margin)
        box.setSpacing(int(self.unit * 2))
        header, where = QHBoxLayout(), QVBoxLayout()
        self.site_label = kiosk_label("", "site", wrap=False)
        self.clock_label = kiosk_label("", "clock", wrap=False)
        for label in (self.site_label, self.clock_label):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            where.addWidget(label)
        self.language_button = touch_button(self.tr("English"), "language")
        self.language_button.clicked.connect(self.switch_language)
        header.addLayout(where, 1)
        header.addWidget(self.language_button)
        box.addLayout(header)
        self.stack = QStackedWidget()
        for screen in SCREENS:
            self.stack.addWidget(getattr(self, f"_{screen}_screen")())
        box.addWidget(self.stack, 1)
        self.layout().addWidget(self.content)
        self.content.show()  # at once, not on the next turn of the event loop
        self.setWindowTitle(self.tr("Kiosk Antrean"))  # the window follows (TicketKioskWindow)
        self._tick()

    def _page(self, title: str, lead: str = "") -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(kiosk_label(title, "title"))
        if lead:
            box.addWidget(kiosk_label(lead, "lead"))
        return page, box

    def _nav(self, box: QVBoxLayout, back, forward: tuple[str, Any] | None = None) -> None:
        row = QHBoxLayout()
        if back is not None:
            button = touch_button(self.tr("‹ Kembali"), "secondary")
            button.clicked.connect(back)
            row.addWidget(button)
        row.addStretch(1)
        if forward is not None:
            button = touch_button(forward[0], "primary")
            button.clicked.connect(forward[1])
            row.addWidget(button)
        box.addLayout(row)

    def _welcome_screen(self) -> QWidget:
        page, box = self._page(self.tr("Selamat datang"), self.tr("Ambil nomor antrean Anda di sini."))
        box.addStretch(1)
        self.take_button = TouchTile(self.tr("Ambil nomor antrean"), name="hero")
        self.take_button.clicked.connect(self.start_walk_in)
        self.booking_button = TouchTile(self.tr("Sudah mendaftar online? Masukkan kode"), name="heroSecondary")
        self.booking_button.clicked.connect(self.start_checkin)
        for button in (self.take_button, self.booking_button):
            box.addWidget(button)
            box.addSpacing(int(self.unit * 4))
        box.addStretch(1)
        box.addWidget(kiosk_label(self.tr("Punya QR pendaftaran online? Tunjukkan ke pemindai kapan saja."), "note"))
        return page

    def _scroll(self, box: QVBoxLayout) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(area, 1)
        return area

    def _gerai_screen(self) -> QWidget:
        page, box = self._page(self.tr("Pilih gerai"), self.tr("Instansi yang ingin Anda datangi."))
        self.gerai_area = self._scroll(box)
        self._nav(box, self.reset)
        return page

    def _service_screen(self) -> QWidget:
        page, box = self._page(self.tr("Pilih layanan"))
        self.service_lead = kiosk_label("", "lead")
        box.insertWidget(1, self.service_lead)
        self.service_area = self._scroll(box)
        self._nav(box, self.back)
        return page

    def _priority_screen(self) -> QWidget:
        page, box = self._page(self.tr("Apakah Anda termasuk salah satu kelompok ini?"),
                               self.tr("Mereka dilayani lebih dahulu."))
        self.priority_service = kiosk_label("", "note")
        box.insertWidget(0, self.priority_service)
        self.priority_area = self._scroll(box)
        self.priority_error = kiosk_label("", "error")
        box.addWidget(self.priority_error)
        regular = TouchTile(self.tr("Tidak, antrean biasa"), name="hero")
        regular.clicked.connect(self.choose_regular)
        box.addWidget(regular)
        self._nav(box, self.back)
        return page

    def _checkin_screen(self) -> QWidget:
        page, box = self._page(self.tr("Kode pendaftaran online"),
                               self.tr("Ketik kode pada bukti pendaftaran Anda, atau pindai QR-nya."))
        self.code_field = QLineEdit(objectName="bookingCode")
        self.code_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_field.setMaxLength(32)
        self.code_field.setPlaceholderText("ABCD-EFGH")
        self.code_field.textEdited.connect(self._code_edited)
        self.code_field.returnPressed.connect(self.submit_code)
        box.addWidget(self.code_field)
        self.checkin_error = kiosk_label("", "error")
        box.addWidget(self.checkin_error)
        self.keyboard = CodeKeyboard(columns=8 if self.portrait else 13)
        self.keyboard.typed.connect(self.type_key)
        box.addStretch(1)
        box.addWidget(self.keyboard)
        box.addStretch(1)
        self._nav(box, self.reset, (self.tr("Lanjut ›"), self.submit_code))
        return page

    def _wait_screen(self) -> QWidget:
        page, box = self._page(self.tr("Mohon tunggu…"))
        box.addStretch(1)
        return page

    def _ticket_screen(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        box.addWidget(kiosk_label(self.tr("Nomor antrean Anda"), "lead"))
        self.number_label = kiosk_label("", "ticketNumber", wrap=False)
        box.addWidget(self.number_label)
        self.ticket_gerai = kiosk_label("", "note")
        self.ticket_service = kiosk_label("", "lead")
        self.ticket_wait = kiosk_label("", "note")
        self.print_status = kiosk_label("", "printStatus")
        for label in (self.ticket_gerai, self.ticket_service, self.ticket_wait, self.print_status):
            box.addWidget(label)
            box.addSpacing(int(self.unit))
        box.addStretch(1)
        self.done_button = touch_button(self.tr("Selesai"), "primary")
        self.done_button.clicked.connect(self.reset)
        box.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _fill(self, area: QScrollArea, tiles: list[TouchTile], handler, columns: int) -> None:
        inner = QWidget()
        group = QButtonGroup(inner)
        grid = tile_grid(tiles, group, columns)
        group.idClicked.connect(handler)
        outer = QVBoxLayout(inner)
        outer.addLayout(grid)
        outer.addStretch(1)
        area.setWidget(inner)


def kiosk_stylesheet(u: float, portrait: bool = True) -> str:
    """The kiosk's look for a screen whose shorter side / 100 is ``u`` pixels (a landscape
    screen fits five tiles a row: their titles are a little smaller)."""
    tile, key = (3.6, 11) if portrait else (3.1, 8.5)
    return f"""
        #ticketKiosk {{ background: #f4f7fb; }}
        QLabel {{ color: #13315c; }}
        QLabel#site {{ font-size: {u * 3.6:.0f}px; font-weight: bold; }}
        QLabel#clock {{ font-size: {u * 2.6:.0f}px; color: #4a5d7a; }}
        QLabel#title {{ font-size: {u * 6.4:.0f}px; font-weight: bold; }}
        QLabel#lead {{ font-size: {u * 3.8:.0f}px; }}
        QLabel#note {{ font-size: {u * 3:.0f}px; color: #4a5d7a; }}
        QLabel#error {{ font-size: {u * 3.4:.0f}px; color: #a50e0e; font-weight: bold; }}
        QLabel#ticketNumber {{ font-weight: bold; color: #0b3d91; }}
        QLabel#printStatus {{ font-size: {u * 3.8:.0f}px; font-weight: bold; padding: {u:.0f}px; }}
        QLabel#printStatus[failed="true"] {{ color: white; background: #a50e0e; border-radius: {u:.0f}px; }}
        QLabel#tileTitle {{ font-size: {u * tile:.0f}px; font-weight: bold; color: #13315c; }}
        QLabel#tileSubtitle {{ font-size: {u * 2.6:.0f}px; color: #4a5d7a; }}
        QPushButton {{ border-radius: {u * 1.2:.0f}px; }}
        QPushButton#tile {{ background: white; border: {u * 0.4:.0f}px solid #aab8cc;
                            min-height: {u * 13:.0f}px; padding: {u:.0f}px; }}
        QPushButton#tile:pressed {{ background: #dfe6f1; }}
        QPushButton#tile:disabled {{ background: #e9edf2; border-color: #cfd6e0; }}
        QLabel#tileTitle[closed="true"] {{ color: #7d8fab; }}
        QLabel#tileSubtitle[closed="true"] {{ color: #a50e0e; font-weight: bold; }}
        QPushButton#primary {{ background: #0b3d91; color: white; font-size: {u * 4.4:.0f}px;
                               font-weight: bold; min-height: {u * 13:.0f}px; padding: 0 {u * 5:.0f}px; }}
        QPushButton#hero {{ background: #0b3d91; min-height: {u * 18:.0f}px; padding: 0 {u * 3:.0f}px; }}
        QPushButton#hero QLabel#tileTitle {{ color: white; font-size: {u * 6:.0f}px; }}
        QPushButton#heroSecondary {{ background: white; border: {u * 0.5:.0f}px solid #0b3d91;
                                     min-height: {u * 13:.0f}px; padding: 0 {u * 3:.0f}px; }}
        QPushButton#heroSecondary QLabel#tileTitle {{ color: #0b3d91; font-size: {u * 4:.0f}px; font-weight: normal; }}
        QPushButton#hero:pressed, QPushButton#primary:pressed {{ background: #072a66; }}
        QPushButton#secondary, QPushButton#language {{ background: #dfe6f1; color: #13315c;
                               font-size: {u * 3.2:.0f}px; min-height: {u * 9:.0f}px; padding: 0 {u * 3:.0f}px; }}
        QPushButton#key {{ background: white; color: #13315c; border: 2px solid #aab8cc;
                           font-size: {u * 3.6:.0f}px; font-weight: bold; min-height: {u * key:.0f}px; }}
        QPushButton#key:pressed {{ background: #dfe6f1; }}
        QLineEdit#bookingCode {{ font-size: {u * 6:.0f}px; font-weight: bold; letter-spacing: {u * 0.5:.0f}px;
                                 padding: {u:.0f}px; border: {u * 0.4:.0f}px solid #0b3d91;
                                 border-radius: {u:.0f}px; background: white; color: #13315c; }}
        QScrollArea {{ background: transparent; border: none; }}
        QScrollArea > QWidget > QWidget {{ background: transparent; }}
        QScrollBar:vertical {{ width: {u * 3:.0f}px; background: #dfe6f1; border-radius: {u * 1.5:.0f}px; }}
        QScrollBar::handle:vertical {{ background: #7d8fab; border-radius: {u * 1.5:.0f}px; min-height: {u * 8:.0f}px; }}
        QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    """
