"""Page that opens the call display on a second screen and sets its sound.

Chooses the screen (remembered per PC), switches the spoken announcements on or off, sets
the volume and plays a test announcement; a live, silent preview of the board shows what
the hall sees.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ui import hub_bridge
from ui.announcer import Announcer, SpeakerPlayer
from ui.call_display import CallDisplayView, CallDisplayWindow
from ui.fields import AspectBox


class CallDisplayPage(QWidget):
    def __init__(self, ctx, announcer: Announcer | None = None):
        super().__init__()
        self.ctx = ctx
        self.announcer = announcer or Announcer(parent=self)
        self.window: CallDisplayWindow | None = None

        self.screen_box = QComboBox()
        self.open_button = QPushButton(self.tr("Tampilkan layar panggilan"))
        self.open_button.clicked.connect(self.open_display)
        self.close_button = QPushButton(self.tr("Tutup layar panggilan"))
        self.close_button.clicked.connect(self.close_display)
        self.sound_box = QCheckBox(self.tr("Umumkan panggilan dengan suara"))
        self.sound_box.setChecked(str(ctx.pref("call_display/sound", "true")).lower() == "true")
        self.sound_box.toggled.connect(self._sound_toggled)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(int(ctx.pref("call_display/volume", 90)))
        self.volume.valueChanged.connect(self._volume_changed)
        self.test_button = QPushButton(self.tr("Tes pengumuman"))
        self.test_button.clicked.connect(self.test_announcement)
        self.audio_label = QLabel()
        self.audio_label.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setObjectName("announcementCaption")
        self.caption.setWordWrap(True)

        box = QGroupBox(self.tr("Layar dan suara"))
        form = QFormLayout(box)
        form.addRow(self.tr("Layar"), self.screen_box)
        form.addRow("", self.open_button)
        form.addRow("", self.close_button)
        form.addRow("", self.sound_box)
        form.addRow(self.tr("Volume"), self.volume)
        form.addRow("", self.test_button)
        form.addRow(self.tr("Keluaran suara"), self.audio_label)
        form.addRow(self.tr("Sedang diumumkan"), self.caption)

        self.preview = CallDisplayView(ctx, None)
        preview_box = QGroupBox(self.tr("Pratinjau layar panggilan"))
        QVBoxLayout(preview_box).addWidget(AspectBox(self.preview))

        box.setMaximumWidth(460)
        layout = QHBoxLayout(self)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(preview_box, 1)

        if self.announcer.parent() is None:
            self.announcer.setParent(self)
        # bound methods, not lambdas: Qt drops them when this page goes (the language switch
        # rebuilds pages while the context and its signals live on)
        self.announcer.started.connect(self._announcing)
        self.announcer.finished.connect(self._announced)
        self.announcer.set_enabled(self.sound_box.isChecked())
        self._volume_changed(self.volume.value())
        self._fill_screens()
        self._update_buttons()

    # ------------------------------------------------------------------ actions
    def refresh(self) -> None:
        self._fill_screens()
        self.preview.refresh()

    def open_display(self) -> None:
        screens = QGuiApplication.screens()
        index = self.screen_box.currentIndex()
        screen = screens[index] if 0 <= index < len(screens) else None
        if screen is not None:
            self.ctx.set_pref("call_display/screen", screen.name())
        if self.window is None:
            self.window = CallDisplayWindow(self.ctx, self.announcer, self,
                                            stale_reason=hub_bridge.stale_reason_for(self.ctx))
            self.window.destroyed.connect(self._window_gone)
        # a single screen: a window the officer can move, not a full screen hiding the app
        self.window.show_on(screen, full_screen=len(screens) > 1)
        self._update_buttons()

    def close_display(self) -> None:
        if self.window is not None:
            self.window.close()

    def test_announcement(self) -> None:
        was = self.announcer.enabled
        self.announcer.set_enabled(True)
        self.announcer.announce("A-001", "1")
        self.announcer.enabled = was

    # ------------------------------------------------------------------ helpers
    def _announcing(self, item) -> None:
        self.caption.setText(item.text)

    def _announced(self, _item) -> None:
        if not self.announcer.busy:
            self.caption.setText("")

    def _window_gone(self) -> None:
        self.window = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(True)
        self.close_button.setEnabled(self.window is not None)

    def _fill_screens(self) -> None:
        screens = QGuiApplication.screens()
        wanted = self.ctx.pref("call_display/screen", "")
        primary = QGuiApplication.primaryScreen()
        self.screen_box.clear()
        choice = 0
        for i, screen in enumerate(screens):
            size = screen.size()
            extra = self.tr(" (layar utama)") if screen is primary else ""
            self.screen_box.addItem(f"{screen.name() or i + 1} – {size.width()}×{size.height()}{extra}")
            if screen.name() == wanted or (not wanted and screen is not primary):
                choice = i
        self.screen_box.setCurrentIndex(choice)
        player = self.announcer.player
        if isinstance(player, SpeakerPlayer):
            self.audio_label.setText(self.tr("pengeras suara perangkat ini"))
        else:
            self.audio_label.setText(self.tr("tidak ada perangkat suara: panggilan hanya tampil di layar"))
        self.volume.setEnabled(isinstance(player, SpeakerPlayer))

    def _sound_toggled(self, on: bool) -> None:
        self.announcer.set_enabled(on)
        self.ctx.set_pref("call_display/sound", "true" if on else "false")

    def _volume_changed(self, value: int) -> None:
        self.ctx.set_pref("call_display/volume", value)
        player = self.announcer.player
        if isinstance(player, SpeakerPlayer):
            player.output.setVolume(value / 100)
