"""Pieces of the SKM kiosk: its touch buttons and labels, the choice rows and its stylesheet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QPushButton, QWidget

# red → green, worst answer first, as on the printed questionnaire's scale
ANSWER_COLORS = ("#c0392b", "#e67e22", "#27ae60", "#1e8449")
KEYPAD = (*"0123456789", "⌫")


def touch_button(text: str, name: str, checkable: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setCheckable(checkable)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def leaves_kiosk(event) -> bool:
    """Ctrl+Shift+Q, the only key that closes a full-screen kiosk window."""
    mods = event.modifiers()
    return (event.key() == Qt.Key.Key_Q and bool(mods & Qt.KeyboardModifier.ControlModifier)
            and bool(mods & Qt.KeyboardModifier.ShiftModifier))


def kiosk_label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class ChoiceRow(QWidget):
    """Touch buttons of which at most one is on; tapping the chosen one clears it."""

    changed = Signal()

    def __init__(self, options: list[tuple[str, str]], columns: int = 6):
        super().__init__()
        self.value: str | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.values = [value for value, _text in options]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        group.setExclusive(False)
        for i, (value, text) in enumerate(options):
            button = touch_button(text, "choice", checkable=True)
            group.addButton(button, i)
            self.buttons[value] = button
            grid.addWidget(button, i // columns, i % columns)
        # a button group and bound methods, never lambdas capturing self: a lambda held by a
        # child's connection keeps the widget in a reference cycle that Python frees only at
        # exit, after Qt is gone (a crash on quit)
        group.idClicked.connect(self._clicked)

    def _clicked(self, index: int) -> None:
        self.choose(self.values[index])

    def clear(self) -> None:
        self.value = None
        for button in self.buttons.values():
            button.setChecked(False)

    def choose(self, value: str | None) -> None:
        self.value = None if value == self.value else value
        for key, button in self.buttons.items():
            button.setChecked(key == self.value)
        self.changed.emit()


def kiosk_stylesheet(u: float) -> str:
    """The kiosk's look for a screen whose height/100 (or width/160) is ``u`` pixels."""
    answer_rules = "".join(
        f"QPushButton#answer[score=\"{i + 1}\"] {{ background: {c}; }}" for i, c in enumerate(ANSWER_COLORS)
    )
    return f"""
            #kiosk {{ background: #f4f7fb; }}
            QLabel {{ color: #13315c; }}
            QLabel#title {{ font-size: {u * 7:.0f}px; font-weight: bold; }}
            QLabel#lead {{ font-size: {u * 3.6:.0f}px; }}
            QLabel#note {{ font-size: {u * 2.4:.0f}px; color: #4a5d7a; }}
            QLabel#unsur {{ font-size: {u * 4.4:.0f}px; font-weight: bold; }}
            QLabel#question {{ font-size: {u * 4:.0f}px; }}
            QLabel#field {{ font-size: {u * 3:.0f}px; padding-right: {u:.0f}px; }}
            QLabel#age {{ font-size: {u * 4:.0f}px; font-weight: bold; min-width: {u * 12:.0f}px; }}
            QLabel#error {{ font-size: {u * 2.8:.0f}px; color: #a50e0e; }}
            QPushButton {{ border-radius: {u:.0f}px; }}
            QPushButton#answer {{ color: white; font-size: {u * 3.4:.0f}px; font-weight: bold;
                                  min-height: {u * 24:.0f}px; padding: {u:.0f}px; border: {u * 0.6:.0f}px solid transparent; }}
            {answer_rules}
            QPushButton#answer:checked {{ border-color: #13315c; }}
            QPushButton#primary {{ background: #0b3d91; color: white; font-size: {u * 4:.0f}px;
                                   font-weight: bold; min-height: {u * 10:.0f}px; padding: 0 {u * 6:.0f}px; }}
            QPushButton#secondary {{ background: #dfe6f1; color: #13315c; font-size: {u * 3:.0f}px;
                                     min-height: {u * 8:.0f}px; padding: 0 {u * 3:.0f}px; }}
            QPushButton#choice, QPushButton#key {{ background: white; color: #13315c; border: 2px solid #aab8cc;
                                  font-size: {u * 3:.0f}px; min-height: {u * 8:.0f}px; padding: 0 {u:.0f}px; }}
            QPushButton#choice:checked {{ background: #0b3d91; color: white; border-color: #0b3d91; }}
            QPlainTextEdit#suggestion {{ font-size: {u * 3.2:.0f}px; background: white; }}
            QProgressBar {{ max-height: {u * 1.2:.0f}px; border: none; background: #dfe6f1; }}
            QProgressBar::chunk {{ background: #0b3d91; }}
        """
