"""Start-up through the widgets: first-start wizard, log-in, role-filtered pages, idle lock,
status bar, and the English translation."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel

from counter_app import users
from counter_app.actors import Actor
from counter_app.session import Session
from counter_app.site import init_site, site_info
from ui.app import AppController, install_translators
from ui.context import AppContext


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Small argon2id parameters: the log-in path is the same, the hashing just cheaper."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture
def fresh(db_path, fixed_now, qtbot):
    """A database as ``loket`` leaves it on the very first start: a default site, no accounts."""
    with Session.open(db_path) as s:
        init_site(s, site_code=None, site_name=None)
    ctx = AppContext(db_path)
    yield ctx
    ctx.close()


@pytest.fixture
def controller(fresh, qtbot):
    app = QApplication.instance()
    ctl = AppController(fresh, app)
    yield ctl
    app.removeEventFilter(ctl.idle)
    for widget in (ctl.window, ctl.login, ctl.wizard):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    install_translators(app, "id")


def log_in(qtbot, ctl, username: str, password: str) -> None:
    dialog = ctl.login
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.login_button.click()


def test_first_start_wizard_then_login_then_the_admin_pages(qtbot, controller, fresh):
    controller.start()
    wizard = controller.wizard
    assert wizard.isVisible() and controller.window is None
    wizard.site_code.setText("mpp-bdg")
    wizard.site_name.setText("MPP Kota Bandung")
    wizard.device_code.setText("K2")
    wizard.series.setValue(15)  # the 16th device of a hall: beyond the old limit of 0–8
    wizard.username.setText("admin")
    wizard.password.setText("pendek")
    wizard.password2.setText("pendek")
    wizard.submit()
    qtbot.waitUntil(lambda: wizard.errors["password"].isVisible(), timeout=10000)
    assert wizard.errors["password"].text() == "kata sandi minimal 8 karakter"
    wizard.password.setText("rahasia-admin")
    wizard.password2.setText("rahasia-lain")
    wizard.submit()
    assert wizard.errors["password2"].text() == "kata sandi tidak sama"
    wizard.password2.setText("rahasia-admin")
    wizard.submit()
    qtbot.waitUntil(lambda: controller.login is not None and controller.login.isVisible(), timeout=10000)
    info = site_info(fresh.session)
    assert (info.code, info.name, info.device_code, info.series) == ("MPP-BDG", "MPP Kota Bandung", "K2", 15)
    assert controller.login.username.text() == "admin"

    log_in(qtbot, controller, "admin", "salah-sandi")
    qtbot.waitUntil(lambda: controller.login.error.isVisible(), timeout=10000)
    assert controller.login.error.text().startswith("nama pengguna atau kata sandi salah")
    log_in(qtbot, controller, "admin", "rahasia-admin")
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
    window = controller.window
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "Pengaturan" in titles and "Konsol loket" not in titles
    assert window.user_label.text() == "admin · Administrator"
    assert window.site_label.text() == "MPP Kota Bandung · K2"


@pytest.fixture
def staffed(fresh):
    users.create_first_admin(fresh.session, "admin", "rahasia-admin")
    users.create_user(fresh.session.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner")
    return fresh


def test_a_frontliner_sees_the_counter_pages_and_the_status_bar(qtbot, controller, staffed):
    controller.start()
    assert controller.wizard is None
    log_in(qtbot, controller, "rina", "rahasia-rina")
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
    window = controller.window
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[:3] == ["Konsol loket", "Pendaftaran", "Permohonan"]
    assert "Pengaturan" not in titles
    assert window.current_key() == "counter"
    qtbot.waitUntil(lambda: not window.status_loading, timeout=10000)  # read in a worker
    assert window.db_status.text() == f"Database: {staffed.db_path.name} ✓"
    assert window.portal_status.text() == "Portal: tidak diatur (luring)"
    assert window.printer_status.text() == "Printer: belum diatur (PDF)"
    assert window.last_sync_status.text() == "Sinkron terakhir: belum pernah"
    pending = staffed.session.store.scalar("SELECT count(*) FROM events")
    assert window.pending_status.text() == f"Belum sinkron: {pending} event"


def test_idle_time_locks_the_screen_and_the_officer_unlocks_it(qtbot, controller, staffed):
    controller.start()
    log_in(qtbot, controller, "rina", "rahasia-rina")
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
    idle = controller.idle
    assert not idle.check(time.monotonic() + idle.seconds - 5)
    assert controller.window.isVisible()
    assert idle.check(time.monotonic() + idle.seconds + 1)
    assert not controller.window.isVisible()
    assert controller.login.isVisible()
    assert controller.login.username.text() == "rina"
    assert controller.login.findChild(QLabel, "loginSubtitle").text() == (
        "Layar dikunci karena tidak ada aktivitas. Masuk lagi untuk melanjutkan.")
    log_in(qtbot, controller, "rina", "rahasia-rina")
    qtbot.waitUntil(lambda: controller.window.isVisible(), timeout=10000)
    assert not idle.check(time.monotonic() + 1)  # the clock starts again after unlocking


def test_unlocking_keeps_a_half_filled_form_but_another_officer_gets_fresh_pages(
        qtbot, controller, staffed):
    users.create_user(staffed.session.as_actor(Actor("admin", "admin")), "budi", "rahasia-budi", "frontliner")
    controller.start()
    log_in(qtbot, controller, "rina", "rahasia-rina")
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
    controller.window.show_page("registration")
    controller.window.page("registration").inputs["name"].setText("Siti Nurhaliza")
    controller.lock()
    log_in(qtbot, controller, "rina", "rahasia-rina")
    qtbot.waitUntil(lambda: controller.window.isVisible(), timeout=10000)
    assert controller.window.page("registration").inputs["name"].text() == "Siti Nurhaliza"
    controller.lock()
    log_in(qtbot, controller, "budi", "rahasia-budi")
    qtbot.waitUntil(lambda: controller.window.isVisible(), timeout=10000)
    assert controller.window.user_label.text() == "budi · Petugas loket"
    assert controller.window.page("registration").inputs["name"].text() == ""


def test_switching_to_english_in_settings_rebuilds_the_window_translated(qtbot, controller, staffed):
    controller.start()
    log_in(qtbot, controller, "admin", "rahasia-admin")
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
    settings = controller.window.page("settings")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save_local()
    window = controller.window
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "Settings" in titles
    assert window.current_key() == "settings"
    page = window.page("settings")
    assert {"Location and device", "Staff accounts"} <= {b.title() for b in page.findChildren(QGroupBox)}
    qtbot.waitUntil(lambda: not window.status_loading, timeout=10000)  # read in a worker
    assert window.portal_status.text() == "Portal: not set (offline)"
    assert staffed.pref("language") == "en"


def test_every_translation_file_loads(qtbot):
    loaded = install_translators(QApplication.instance(), "en")
    assert "ui_core_en.qm" in loaded
    assert QCoreApplication.translate("pages", "Konsol loket") == "Counter console"
    install_translators(QApplication.instance(), "id")
    assert QCoreApplication.translate("pages", "Konsol loket") == "Konsol loket"


def test_run_app_opens_the_wizard_on_a_fresh_database_and_exits_cleanly(db_path, fixed_now):
    """``run_app`` runs the real event loop, so it gets a process of its own (after
    ``exec()`` returns, that process's Qt is finished with)."""
    with Session.open(db_path) as s:
        init_site(s, site_code=None, site_name=None)
    script = textwrap.dedent(f"""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from ui.app import run_app

        def look_and_quit():
            for w in QApplication.topLevelWidgets():
                if w.isVisible():
                    print("window:", w.windowTitle())
                w.close()
            QApplication.instance().quit()

        app = QApplication([])
        QTimer.singleShot(500, look_and_quit)
        raise SystemExit(run_app({str(db_path)!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert "window: Loket – pengaturan awal" in done.stdout.splitlines()
