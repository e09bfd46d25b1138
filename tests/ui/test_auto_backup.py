"""The app makes today's automatic backup at start, in a worker, and shows a failure in red on
the status bar (real database file, real widgets offscreen)."""

from __future__ import annotations

import threading

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from counter_app import backup, users
from counter_app.actors import Actor
from counter_app.session import Session
from counter_app.site import init_site
from ui.app import AppController, install_translators
from ui.context import AppContext


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture
def controller(db_path, fixed_now, qtbot):
    with Session.open(db_path) as s:
        init_site(s, site_code="MPP-TEST", site_name="MPP Uji")
        users.create_first_admin(s, "admin", "rahasia-admin")
        users.create_user(s.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner")
    ctx = AppContext(db_path)
    app = QApplication.instance()
    ctl = AppController(ctx, app)
    yield ctl
    app.removeEventFilter(ctl.idle)
    for widget in (ctl.window, ctl.login, ctl.wizard):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ctx.close()
    install_translators(app, "id")


def log_in(qtbot, ctl) -> None:
    ctl.login.username.setText("rina")
    ctl.login.password.setText("rahasia-rina")
    ctl.login.login_button.click()
    qtbot.waitUntil(lambda: ctl.window is not None and ctl.window.isVisible(), timeout=10000)


def test_todays_copy_is_made_at_start_off_the_gui_thread(qtbot, controller, db_path, monkeypatch):
    threads = []
    real = backup.auto_backup

    def watched(session):
        threads.append(threading.current_thread())
        return real(session)

    monkeypatch.setattr(backup, "auto_backup", watched)
    controller.start()
    qtbot.waitUntil(lambda: controller.backup_done, timeout=10000)
    assert threads and threads[0] is not threading.main_thread()
    copies = list(backup.daily_dir(db_path).glob("*.sqlite3"))
    assert [p.name for p in copies] == ["loket-2026-03-16.sqlite3"]
    with Session.open(copies[0]) as copy:  # a real, readable copy of the site
        assert copy.store.scalar("SELECT count(*) FROM users") == 2
    log_in(qtbot, controller)
    assert controller.window.backup_status.isHidden()


def test_a_failed_backup_is_a_warning_on_the_status_bar(qtbot, controller, db_path):
    backup.backups_dir(db_path).mkdir()
    backup.daily_dir(db_path).write_text("not a folder")  # the copy cannot be written
    controller.start()
    log_in(qtbot, controller)
    qtbot.waitUntil(lambda: controller.backup_done, timeout=10000)
    label = controller.window.backup_status
    assert label.isVisible()
    assert label.text().startswith("Cadangan harian gagal: ")
    assert controller.window.isEnabled()  # the work goes on; the officer is told
