"""The first-start wizard (site set-up and the first admin) and the log-in / unlock dialog.

Both hand the slow part (argon2 password hashing and checking) to a worker and show the
core's messages beside the fields they name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from counter_app import users
from counter_app.errors import LoketError, ValidationError
from counter_app.session import Session
from counter_app.site import MAX_SERIES, TIERS, init_site, site_info

from .context import AppContext
from .widgets import Banner, FieldError
from .worker import run_in_background

TIER_LABELS = {"manual": "Manual 1.0", "2.0": "Semi-digital 2.0", "2.1": "Semi-digital 2.1",
               "2.2": "Semi-digital 2.2"}
TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def _setup(session: Session, site: dict, admin: dict) -> str:
    init_site(session, **site)
    return users.create_first_admin(session, admin["username"], admin["password"],
                                    full_name=admin["full_name"])["username"]


class FirstStartWizard(QDialog):
    """Pengaturan awal: the site, this device and the first admin account."""

    finished_setup = Signal(str)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Loket – pengaturan awal"))
        self.setMinimumWidth(620)
        self.errors: dict[str, FieldError] = {}
        info = site_info(ctx.session) if ctx.session.initialized else None
        root = QVBoxLayout(self)
        intro = QLabel(self.tr("Selamat datang. Isi data lokasi layanan dan buat akun admin pertama. "
                               "Data ini bisa diubah nanti oleh admin di menu Pengaturan."))
        intro.setWordWrap(True)
        root.addWidget(intro)
        self.banner = Banner()
        root.addWidget(self.banner)

        site_box = QGroupBox(self.tr("Lokasi dan perangkat"))
        form = QFormLayout(site_box)
        self.site_code = QLineEdit(info.code if info else "")
        self.site_code.setPlaceholderText("MPP-BDG")
        self.site_name = QLineEdit(info.name if info else "")
        self.site_name.setPlaceholderText(self.tr("MPP Kota Bandung"))
        self.tier = QComboBox()
        for tier in TIERS:
            self.tier.addItem(TIER_LABELS[tier], tier)
        if info:
            self.tier.setCurrentIndex(TIERS.index(info.tier))
        self.device_code = QLineEdit(info.device_code if info else "K1")
        self.series = QSpinBox()
        self.series.setRange(0, MAX_SERIES)
        self.series.setValue(info.series if info else 0)
        self.timezone = QComboBox()
        self.timezone.addItems(TIMEZONES)
        if info and info.timezone in TIMEZONES:
            self.timezone.setCurrentText(info.timezone)
        self._row(form, self.tr("Kode lokasi"), self.site_code, "site_code")
        self._row(form, self.tr("Nama lokasi"), self.site_name, "site_name")
        self._row(form, self.tr("Tingkat layanan"), self.tier, "tier")
        self._row(form, self.tr("Kode perangkat"), self.device_code, "device_code")
        self._row(form, self.tr("Seri nomor antrean"), self.series, "series")
        self._row(form, self.tr("Zona waktu"), self.timezone, "timezone")
        root.addWidget(site_box)

        admin_box = QGroupBox(self.tr("Akun admin pertama"))
        form = QFormLayout(admin_box)
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self._row(form, self.tr("Nama pengguna"), self.username, "username")
        self._row(form, self.tr("Nama lengkap"), self.full_name, "full_name")
        self._row(form, self.tr("Kata sandi"), self.password, "password")
        self._row(form, self.tr("Ulangi kata sandi"), self.password2, "password2")
        root.addWidget(admin_box)

        self.save_button = QPushButton(self.tr("Simpan dan lanjut ke masuk"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        root.addLayout(row)

    def _row(self, form: QFormLayout, label: str, widget, key: str) -> None:
        error = FieldError()
        self.errors[key] = error
        form.addRow(label, widget)
        form.addRow("", error)

    def submit(self) -> None:
        for label in self.errors.values():
            label.clear_error()
        if self.password.text() != self.password2.text():
            self.errors["password2"].show_error(self.tr("kata sandi tidak sama"))
            return
        site = {"site_code": self.site_code.text().strip().upper(), "site_name": self.site_name.text().strip(),
                "tier": self.tier.currentData(), "device_code": self.device_code.text().strip().upper(),
                "series": self.series.value(), "timezone": self.timezone.currentText()}
        admin = {"username": self.username.text(), "password": self.password.text(),
                 "full_name": self.full_name.text()}
        self.save_button.setEnabled(False)
        self.banner.show_message(self.tr("Menyimpan…"), "info")
        run_in_background(self.ctx, _setup, site, admin, on_done=self._done, on_error=self._failed)

    def _done(self, username: str) -> None:
        self.save_button.setEnabled(True)
        self.banner.clear_message()
        self.finished_setup.emit(username)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            unplaced = []
            for field, message in exc.errors:
                if field in self.errors:
                    self.errors[field].show_error(message)
                else:
                    unplaced.append(f"{field}: {message}")
            self.banner.show_message("; ".join(unplaced) or self.tr("Periksa kolom bertanda merah."), "error")
        else:
            self.banner.show_error(exc)


def _authenticate(session: Session, username: str, password: str):
    return users.authenticate(session, username, password)


class LoginDialog(QDialog):
    """Masuk (or, when the screen was locked, Buka kunci)."""

    logged_in = Signal(object)

    def __init__(self, ctx: AppContext, username: str = "", locked: bool = False):
        super().__init__()
        self.ctx = ctx
        info = site_info(ctx.session)
        self.setWindowTitle(self.tr("Loket – masuk"))
        self.setMinimumWidth(420)
        root = QVBoxLayout(self)
        title = QLabel(info.name)
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        root.addWidget(title)
        subtitle = QLabel(self.tr("Layar dikunci karena tidak ada aktivitas. Masuk lagi untuk melanjutkan.")
                          if locked else self.tr("Masuk dengan akun petugas."))
        subtitle.setObjectName("loginSubtitle")
        subtitle.setWordWrap(True)
        root.addWidget(subtitle)
        form = QFormLayout()
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        root.addLayout(form)
        self.error = FieldError()
        root.addWidget(self.error)
        self.login_button = QPushButton(self.tr("Buka kunci") if locked else self.tr("Masuk"))
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        root.addWidget(self.login_button)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        self.error.clear_error()
        self.login_button.setEnabled(False)
        run_in_background(self.ctx, _authenticate, self.username.text(), self.password.text(),
                          on_done=self._done, on_error=self._failed)

    def _done(self, actor) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self.logged_in.emit(actor)

    def _failed(self, exc: Exception) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self.error.show_error(str(exc) if isinstance(exc, LoketError) else repr(exc))
