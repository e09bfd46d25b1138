"""Page that starts the SKM kiosk: which service it rates, on which screen, idle time.

The kiosk runs full screen on the chosen screen (a touch monitor facing the applicant);
the officer closes it from here or with Ctrl+Shift+Q. Settings are remembered per PC.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app import catalog, skm
from ui.fields import AspectBox, service_combo
from ui.kiosk import IDLE_MS, SkmKioskView, SkmKioskWindow


class SkmKioskPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.window: SkmKioskWindow | None = None

        self.service_box = service_combo()
        self.service_box.addItem(self.tr("(tidak ditentukan)"), None)
        for service in catalog.list_services(ctx.session):
            self.service_box.addItem(f"{service.code} – {service.name}", service.code)
        wanted = ctx.pref("skm_kiosk/service", "")
        if wanted:
            self.service_box.setCurrentIndex(max(0, self.service_box.findData(wanted)))
        self.service_box.currentIndexChanged.connect(self._service_changed)
        self.screen_box = QComboBox()
        self.idle_box = QSpinBox()
        self.idle_box.setRange(20, 600)
        self.idle_box.setSuffix(self.tr(" detik"))
        self.idle_box.setValue(int(ctx.pref("skm_kiosk/idle_seconds", IDLE_MS // 1000)))
        self.idle_box.valueChanged.connect(self._idle_changed)
        self.start_button = QPushButton(self.tr("Mulai mode kiosk (layar penuh)"))
        self.start_button.clicked.connect(self.start_kiosk)
        self.stop_button = QPushButton(self.tr("Tutup mode kiosk"))
        self.stop_button.clicked.connect(self.stop_kiosk)
        self.stop_button.setEnabled(False)
        self.today_label = QLabel()
        self.today_label.setObjectName("kioskToday")
        hint = QLabel(self.tr("Kiosk tidak menampilkan data pribadi. Ia kembali ke layar awal setelah "
                              "jawaban dikirim atau bila tidak disentuh. Keluar: tombol di atas atau "
                              "Ctrl+Shift+Q."))
        hint.setWordWrap(True)

        box = QGroupBox(self.tr("Kiosk SKM"))
        form = QFormLayout(box)
        form.addRow(self.tr("Layanan yang dinilai"), self.service_box)
        form.addRow(self.tr("Layar"), self.screen_box)
        form.addRow(self.tr("Kembali ke awal bila diam"), self.idle_box)
        form.addRow("", self.start_button)
        form.addRow("", self.stop_button)
        form.addRow(self.tr("Jawaban hari ini"), self.today_label)
        form.addRow(hint)
        box.setMaximumWidth(460)

        # the same kiosk, usable here too (a tablet-sized window or a quick check)
        self.preview = SkmKioskView(ctx, self._service(), self.idle_box.value() * 1000)
        preview_box = QGroupBox(self.tr("Kiosk di layar ini"))
        QVBoxLayout(preview_box).addWidget(AspectBox(self.preview))

        layout = QHBoxLayout(self)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(preview_box, 1)
        ctx.changed.connect(self._changed)
        self.refresh()

    def _service(self) -> str | None:
        return self.service_box.currentData()

    def _idle_changed(self, seconds: int) -> None:
        self.ctx.set_pref("skm_kiosk/idle_seconds", seconds)

    def _service_changed(self) -> None:
        self.ctx.set_pref("skm_kiosk/service", self._service() or "")
        self.preview.service = self._service()
        if self.window is not None:
            self.window.view.service = self._service()

    def _changed(self, what: str) -> None:
        if what in ("skm", "all", "sync"):
            self.refresh()

    def refresh(self) -> None:
        today = self.ctx.session.today()
        result = skm.ikm_index(self.ctx.session, date_from=today, date_to=today)
        kiosk = result["profile"]["entry_mode"].get("kiosk", 0)
        self.today_label.setText(self.tr("%1 (kiosk: %2)").replace("%1", str(result["respondents"]))
                                 .replace("%2", str(kiosk)))
        screens = QGuiApplication.screens()
        wanted = self.ctx.pref("skm_kiosk/screen", "")
        self.screen_box.clear()
        for i, screen in enumerate(screens):
            size = screen.size()
            self.screen_box.addItem(f"{screen.name() or i + 1} – {size.width()}×{size.height()}")
            if screen.name() == wanted or (not wanted and screen is not QGuiApplication.primaryScreen()):
                self.screen_box.setCurrentIndex(i)

    def start_kiosk(self) -> None:
        if self.window is not None:
            return
        screens = QGuiApplication.screens()
        index = self.screen_box.currentIndex()
        screen = screens[index] if 0 <= index < len(screens) else None
        self.window = SkmKioskWindow(self.ctx, self._service(), self.idle_box.value() * 1000, self)
        self.window.destroyed.connect(self._closed)
        if screen is not None:
            self.ctx.set_pref("skm_kiosk/screen", screen.name())
            self.window.setScreen(screen)
            self.window.move(screen.geometry().topLeft())
        self.window.showFullScreen()
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)

    def stop_kiosk(self) -> None:
        if self.window is not None:
            self.window.close()

    def _closed(self) -> None:
        self.window = None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
