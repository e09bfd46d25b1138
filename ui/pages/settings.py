"""Settings (admin): site, this device and tier; printer spec with a test print; the central
portal's address and device token; the site hub (found on the LAN, joined with a device
token, left); language and idle lock; staff accounts.

Site and device go through ``site.init_site``; the printer spec is the setting
``printer@<DEVICE>`` read by ``counter_app.printjobs``; the portal through the sync
package; the hub through ``ui.hub_bridge`` (``sync.hub``), always in a worker; accounts
through ``counter_app.users``. Language and idle lock are this PC's.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app import printjobs, users
from counter_app.actors import ROLES
from counter_app.errors import LoketError, ValidationError
from counter_app.site import MAX_SERIES, TIERS, init_site, set_setting, site_info

from .. import hub_bridge, portal_bridge, printing_bridge
from ..context import AppContext
from ..login import TIER_LABELS, TIMEZONES
from ..widgets import Banner, FieldError
from ..worker import run_in_background

LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"))
# The core's role labels, marked for translation.
_ROLE_LABELS = (
    QT_TRANSLATE_NOOP("SettingsPage", "Petugas loket"),
    QT_TRANSLATE_NOOP("SettingsPage", "Petugas layanan satelit"),
    QT_TRANSLATE_NOOP("SettingsPage", "Penanggung jawab / pengelola layanan"),
    QT_TRANSLATE_NOOP("SettingsPage", "Administrator (pengelola teknis)"),
)


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.errors: dict[str, FieldError] = {}
        self.hub_errors: dict[str, FieldError] = {}  # the hub's fields ("url", "token")
        self.banner = Banner()
        title = QLabel(self.tr("Pengaturan"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")

        grid = QGridLayout()
        grid.addWidget(self._site_box(), 0, 0)
        grid.addWidget(self._printer_box(), 0, 1)
        grid.addWidget(self._portal_box(), 1, 0)
        grid.addWidget(self._local_box(), 1, 1)
        grid.addWidget(self._hub_box(), 2, 0, 1, 2)
        grid.addWidget(self._users_box(), 3, 0, 1, 2)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(grid)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        root = QVBoxLayout(self)
        root.addWidget(title)
        root.addWidget(self.banner)
        root.addWidget(scroll, 1)
        runner = getattr(ctx, "hub_runner", None)
        if runner is not None:
            runner.status_changed.connect(self._hub_status_changed)  # a bound method: no cycle
        self.refresh()

    def _field(self, form: QFormLayout, label: str, widget, key: str) -> None:
        form.addRow(label, widget)
        self.errors[key] = FieldError()
        form.addRow("", self.errors[key])

    # ------------------------------------------------------------------ boxes
    def _site_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Lokasi dan perangkat"))
        form = QFormLayout(box)
        self.site_code = QLineEdit()
        self.site_name = QLineEdit()
        self.tier = QComboBox()
        for tier in TIERS:
            self.tier.addItem(TIER_LABELS[tier], tier)
        self.timezone = QComboBox()
        self.timezone.addItems(TIMEZONES)
        self.device_code = QLineEdit()
        self.series = QSpinBox()
        self.series.setRange(0, MAX_SERIES)
        self._field(form, self.tr("Kode lokasi"), self.site_code, "site_code")
        self._field(form, self.tr("Nama lokasi"), self.site_name, "site_name")
        self._field(form, self.tr("Tingkat layanan"), self.tier, "tier")
        self._field(form, self.tr("Zona waktu"), self.timezone, "timezone")
        self._field(form, self.tr("Kode perangkat"), self.device_code, "device_code")
        self._field(form, self.tr("Seri nomor antrean"), self.series, "series")
        save = QPushButton(self.tr("Simpan lokasi dan perangkat"))
        save.clicked.connect(self.save_site)
        form.addRow(save)
        return box

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Printer tiket dan tanda terima"))
        form = QFormLayout(box)
        self.printer_spec = QLineEdit()
        self.printer_spec.setPlaceholderText(self.tr(
            "net:192.168.1.50:9100, usb:04b8:0202, serial:/dev/ttyUSB0:9600, cups:NAMA"))
        self._field(form, self.tr("Spesifikasi printer"), self.printer_spec, "printer")
        hint = QLabel(self.tr("Kosongkan bila tidak ada printer: tiket dan tanda terima disimpan sebagai PDF."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow(hint)
        save = QPushButton(self.tr("Simpan printer"))
        save.clicked.connect(self.save_printer)
        self.test_button = QPushButton(self.tr("Cetak uji"))
        self.test_button.clicked.connect(self.test_print)
        form.addRow(save, self.test_button)
        return box

    def _portal_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Portal pusat (sinkronisasi)"))
        form = QFormLayout(box)
        self.portal_url = QLineEdit()
        self.portal_url.setPlaceholderText("https://portal.mpp.example.go.id")
        self.portal_token = QLineEdit()
        self.portal_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.portal_token.setPlaceholderText(self.tr("token perangkat dari portal"))
        self._field(form, self.tr("Alamat portal"), self.portal_url, "portal_url")
        self._field(form, self.tr("Token perangkat"), self.portal_token, "token")
        save = QPushButton(self.tr("Simpan portal"))
        save.clicked.connect(self.save_portal)
        self.sync_button = QPushButton(self.tr("Sinkronkan sekarang"))
        self.sync_button.clicked.connect(self.sync_now)
        form.addRow(save, self.sync_button)
        return box

    def _hub_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Hub lokasi (antrean langsung di jaringan lokal)"))
        form = QFormLayout(box)
        self.hub_summary = QLabel()
        self.hub_summary.setObjectName("hubSummary")
        self.hub_summary.setWordWrap(True)
        form.addRow(self.tr("Status"), self.hub_summary)
        self.hub_found = QComboBox()
        self.hub_found.setMinimumWidth(360)
        self.hub_found.setPlaceholderText(self.tr("tekan Cari untuk mencari hub lokasi ini"))
        self.hub_found.activated.connect(self._hub_picked)
        self.hub_find_button = QPushButton(self.tr("Cari"))
        self.hub_find_button.clicked.connect(self.find_hubs)
        found = QHBoxLayout()
        found.addWidget(self.hub_found, 1)
        found.addWidget(self.hub_find_button)
        form.addRow(self.tr("Hub di jaringan"), found)
        self.hub_url = QLineEdit()
        self.hub_url.setPlaceholderText("http://192.168.1.10:8766")
        self.hub_token = QLineEdit()
        self.hub_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.hub_token.setPlaceholderText(self.tr("token dari 'loket hub enrol' di PC hub"))
        for label, widget, key in ((self.tr("Alamat hub"), self.hub_url, "url"),
                                   (self.tr("Token perangkat hub"), self.hub_token, "token")):
            form.addRow(label, widget)
            self.hub_errors[key] = FieldError()
            form.addRow("", self.hub_errors[key])
        self.hub_join_button = QPushButton(self.tr("Gabung"))
        self.hub_join_button.clicked.connect(self.join_hub)
        self.hub_leave_button = QPushButton(self.tr("Lepas"))
        self.hub_leave_button.clicked.connect(self.leave_hub)
        actions = QHBoxLayout()
        actions.addWidget(self.hub_join_button)
        actions.addWidget(self.hub_leave_button)
        actions.addStretch(1)
        form.addRow("", actions)
        return box

    def _idle_suffix(self, value: int) -> None:
        self.idle_minutes.setSuffix(self.tr(" menit (0 = tidak pernah)", "", value))

    def _local_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Komputer ini"))
        form = QFormLayout(box)
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 240)
        # "1 minute", "5 minutes": the suffix follows the number (a Qt numerus form)
        self.idle_minutes.valueChanged.connect(self._idle_suffix)
        self._idle_suffix(self.idle_minutes.value())
        form.addRow(self.tr("Bahasa tampilan"), self.language)
        form.addRow(self.tr("Kunci layar setelah diam"), self.idle_minutes)
        save = QPushButton(self.tr("Simpan"))
        save.clicked.connect(self.save_local)
        form.addRow(save)
        return box

    def _users_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Akun petugas"))
        grid = QGridLayout(box)
        self.user_list = QListWidget()
        self.user_list.setMinimumHeight(120)
        grid.addWidget(self.user_list, 0, 0, 2, 1)
        form = QFormLayout()
        self.new_username = QLineEdit()
        self.new_full_name = QLineEdit()
        self.new_role = QComboBox()
        for role in ROLES:
            self.new_role.addItem(self.tr(users.ROLE_LABELS[role]), role)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self._field(form, self.tr("Nama pengguna"), self.new_username, "username")
        form.addRow(self.tr("Nama lengkap"), self.new_full_name)
        self._field(form, self.tr("Peran"), self.new_role, "role")
        self._field(form, self.tr("Kata sandi awal"), self.new_password, "password")
        self.add_user_button = QPushButton(self.tr("Tambah akun"))
        self.add_user_button.clicked.connect(self.add_user)
        form.addRow(self.add_user_button)
        grid.addLayout(form, 0, 1)
        return box

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        session = self.ctx.session
        info = site_info(session)
        self.site_code.setText(info.code)
        self.site_name.setText(info.name)
        self.tier.setCurrentIndex(TIERS.index(info.tier))
        self.timezone.setCurrentText(info.timezone)
        self.device_code.setText(info.device_code)
        self.series.setValue(info.series)
        self.printer_spec.setText(printjobs.printer_spec(session))
        url, token = portal_bridge.portal_config(session)
        self.portal_url.setText(url)
        self.portal_token.setText(token)
        self._refresh_hub()
        self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.language)))
        self.idle_minutes.setValue(int(float(self.ctx.pref("lock/idle_seconds", 600))) // 60)
        self.user_list.clear()
        for user in users.list_users(session):
            state = "" if user["active"] else self.tr(" (nonaktif)")
            self.user_list.addItem(f"{user['username']} · {self.tr(user['role_label'])}{state}")

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def _show_exc(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            for field, message in exc.errors:
                if field in self.errors:
                    self.errors[field].show_error(message)
        self.banner.show_error(exc)

    def save_site(self) -> None:
        self._clear_errors()
        try:
            info = init_site(self.ctx.session, site_code=self.site_code.text().strip().upper(),
                             site_name=self.site_name.text().strip(), tier=self.tier.currentData(),
                             device_code=self.device_code.text().strip().upper(), series=self.series.value(),
                             timezone=self.timezone.currentText())
        except LoketError as exc:
            self._show_exc(exc)
            return
        self.banner.show_message(self.tr("Lokasi {code} ({name}), perangkat {device} tersimpan.").format(
            code=info.code, name=info.name, device=info.device_code), "ok")
        self.ctx.notify("site")

    def save_printer(self) -> None:
        self._clear_errors()
        device = site_info(self.ctx.session).device_code
        try:
            set_setting(self.ctx.session, f"printer@{device}", self.printer_spec.text().strip())
        except LoketError as exc:
            self._show_exc(exc)
            return
        self.banner.show_message(self.tr("Printer perangkat {device} tersimpan.").format(device=device), "ok")
        self.ctx.notify("printer")

    def test_print(self) -> None:
        self.test_button.setEnabled(False)
        self.banner.show_message(self.tr("Mencetak halaman uji…"), "info")
        printing_bridge.test_print(self.ctx, self.printer_spec.text().strip(), self._tested, self._test_failed)

    def _tested(self, outcome: printing_bridge.PrintOutcome) -> None:
        self.test_button.setEnabled(True)
        self.banner.show_message(outcome.message, "ok" if outcome.ok else "warn")

    def _test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        self.banner.show_error(exc)

    def save_portal(self) -> None:
        self._clear_errors()
        try:
            portal_bridge.save_portal_config(self.ctx.session, self.portal_url.text().strip(),
                                             self.portal_token.text().strip())
        except LoketError as exc:
            self._show_exc(exc)
            return
        self.banner.show_message(self.tr("Alamat portal tersimpan."), "ok")
        self.ctx.notify("portal")  # the background sync restarts with the new address

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)
        self.banner.show_message(self.tr("Sinkronisasi berjalan…"), "info")
        portal_bridge.sync_now(self.ctx, self._synced, self._sync_failed)

    def _synced(self, text: str) -> None:
        self.sync_button.setEnabled(True)
        self.banner.show_message(text, "ok")
        self.ctx.notify("sync")

    def _sync_failed(self, exc: Exception) -> None:
        self.sync_button.setEnabled(True)
        self.banner.show_message(self.tr("Sinkronisasi gagal: {error}").format(error=exc), "warn")
        self.ctx.notify("sync")

    # ------------------------------------------------------------------ hub
    def _refresh_hub(self) -> None:
        role = hub_bridge.role_of(self.ctx.session)
        self.hub_summary.setText(hub_bridge.summary(self.ctx))
        if role == "member" and not self.hub_url.text().strip():
            self.hub_url.setText(hub_bridge.joined_url(self.ctx.session))
        self.hub_join_button.setEnabled(role != "hub")
        self.hub_leave_button.setEnabled(role == "member")

    def _hub_status_changed(self, _mode: str, _detail: str) -> None:
        self.hub_summary.setText(hub_bridge.summary(self.ctx))

    def _clear_hub_errors(self) -> None:
        for label in self.hub_errors.values():
            label.clear_error()

    def find_hubs(self) -> None:
        """Listen for this site's hubs on the LAN for a moment (in a worker)."""
        self.hub_find_button.setEnabled(False)
        self.banner.show_message(self.tr("Mencari hub di jaringan lokal…"), "info")
        run_in_background(self.ctx, hub_bridge.find_hubs, hub_bridge.this_site(self.ctx.session),
                          needs_session=False, on_done=self._hubs_found,
                          on_error=self._hubs_not_found)

    def _hubs_found(self, hubs: list) -> None:
        self.hub_find_button.setEnabled(True)
        self.hub_found.clear()
        for found in hubs:
            self.hub_found.addItem(f"{found.site_name} ({found.site}) · {found.url}", found.url)
        if not hubs:
            text = self.tr("Tidak ada hub lokasi {site} yang terlihat di jaringan: ketik alamatnya "
                           "di Alamat hub.")
            site = hub_bridge.this_site(self.ctx.session)
            self.banner.show_message(text.format(site=site), "warn")
            return
        self.hub_found.setCurrentIndex(0)
        self._hub_picked(0)
        text = self.tr("{n} hub ditemukan; pilih satu, isi token, lalu Gabung.")
        self.banner.show_message(text.format(n=len(hubs)), "ok")

    def _hubs_not_found(self, exc: Exception) -> None:
        self.hub_find_button.setEnabled(True)
        text = self.tr("Pencarian hub gagal ({error}): ketik alamatnya di Alamat hub.")
        self.banner.show_message(text.format(error=exc), "warn")

    def _hub_picked(self, index: int) -> None:
        url = self.hub_found.itemData(index)
        if url:
            self.hub_url.setText(url)

    def join_hub(self) -> None:
        self._clear_hub_errors()
        self.hub_join_button.setEnabled(False)
        self.banner.show_message(self.tr("Menghubungi hub…"), "info")
        run_in_background(self.ctx, hub_bridge.join, self.hub_url.text(), self.hub_token.text(),
                          on_done=self._joined, on_error=self._join_failed)

    def _joined(self, result: dict) -> None:
        self.hub_token.clear()
        self.hub_url.setText(result["hub"])
        text = self.tr("Bergabung dengan hub {site} di {hub} sebagai {name}; {applied} event baru "
                       "diterima.")
        self.banner.show_message(text.format(site=result["site"], hub=result["hub"],
                                             name=result["name"], applied=result["applied"]), "ok")
        self.ctx.notify("hub")  # the hub's stream starts
        self._refresh_hub()

    def _join_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            for field, message in exc.errors:
                if field in self.hub_errors:
                    self.hub_errors[field].show_error(message)
        self.banner.show_error(exc)
        self._refresh_hub()

    def leave_hub(self) -> None:
        self.hub_leave_button.setEnabled(False)
        run_in_background(self.ctx, hub_bridge.leave, on_done=self._left,
                          on_error=self._leave_failed)

    def _left(self, result: dict) -> None:
        released = ", ".join(result["released"]) or self.tr("tidak ada")
        if result["warning"]:
            self.banner.show_message(self.tr("Hub dilepas, tetapi {warning}.").format(
                warning=result["warning"]), "warn")
        else:
            text = self.tr("Hub dilepas; sewa layanan dikembalikan: {released}.")
            self.banner.show_message(text.format(released=released), "ok")
        self.hub_url.clear()
        self.ctx.notify("hub")  # the hub's stream stops
        self._refresh_hub()

    def _leave_failed(self, exc: Exception) -> None:
        self.banner.show_error(exc)
        self._refresh_hub()

    def save_local(self) -> None:
        self.ctx.set_pref("lock/idle_seconds", self.idle_minutes.value() * 60)
        language = self.language.currentData()
        self.banner.show_message(self.tr("Pengaturan komputer ini tersimpan."), "ok")
        if language != self.ctx.language:
            self.ctx.set_pref("language", language)
            self.ctx.set_language(language)

    def add_user(self) -> None:
        """Create an account in a worker (argon2 hashing is slow on purpose)."""
        self._clear_errors()
        self.add_user_button.setEnabled(False)
        run_in_background(self.ctx, _create_user, self.new_username.text(), self.new_password.text(),
                          self.new_role.currentData(), self.new_full_name.text(),
                          on_done=self._user_added, on_error=self._user_failed)

    def _user_added(self, user: dict) -> None:
        self.add_user_button.setEnabled(True)
        self.new_username.clear()
        self.new_password.clear()
        self.new_full_name.clear()
        self.banner.show_message(self.tr("Akun {user} ({role}) dibuat.").format(
            user=user["username"], role=self.tr(user["role_label"])), "ok")
        self.refresh()

    def _user_failed(self, exc: Exception) -> None:
        self.add_user_button.setEnabled(True)
        self._show_exc(exc)


def _create_user(session, username: str, password: str, role: str, full_name: str) -> dict:
    return users.create_user(session, username, password, role, full_name=full_name)
