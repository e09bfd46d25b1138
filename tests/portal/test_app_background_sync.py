"""The desktop app syncs in the background: the real portal on loopback, the real app widgets
(offscreen) on a real counter database; no click is needed for a ticket to reach the portal,
the status bar follows the rounds, and an unreachable portal never freezes the window."""

from __future__ import annotations

import socket

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

from counter_app import syncstate, users
from counter_app.actors import Actor
from ui.app import AppController, install_translators
from ui.context import AppContext

pytestmark = pytest.mark.parametrize("portal", ["sqlite"], indirect=True)  # the app's side is what is tested


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture
def staffed_counter(portal, site, make_counter):
    """A counter PC that has synced once (catalogue pulled) and has an admin and a frontliner."""
    counter = make_counter(portal, site, "K1")
    counter.sync()
    users.create_first_admin(counter.session, "admin", "rahasia-admin")
    users.create_user(counter.session.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner")
    return counter


@pytest.fixture
def app_on(qtbot):
    made: list[tuple[AppContext, AppController]] = []

    def start(counter, username: str, password: str) -> AppController:
        ctx = AppContext(counter.path)
        ctx.set_pref("counter/name", "Loket 1")
        ctx.set_pref("counter/services", ["DUK-KK"])
        ctl = AppController(ctx, QApplication.instance(), sync_interval_s=0.3)
        made.append((ctx, ctl))
        ctl.start()
        ctl.login.username.setText(username)
        ctl.login.password.setText(password)
        ctl.login.login_button.click()
        qtbot.waitUntil(lambda: ctl.window is not None and ctl.window.isVisible(), timeout=10000)
        return ctl

    yield start
    app = QApplication.instance()
    for ctx, ctl in made:
        ctl.quit()
        app.removeEventFilter(ctl.idle)
        for widget in (ctl.window, ctl.login, ctl.wizard):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        ctx.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    install_translators(app, "id")


def test_a_ticket_issued_in_the_app_reaches_the_portal_without_a_click(qtbot, portal, site, staffed_counter,
                                                                        app_on):
    ctl = app_on(staffed_counter, "rina", "rahasia-rina")
    window = ctl.window
    assert ctl.sync.running
    qtbot.waitUntil(lambda: ctl.sync.rounds >= 1, timeout=15000)
    page = window.page("counter")
    window.show_page("counter")
    page.issue_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)  # the ticket is issued in a worker
    ticket = staffed_counter.session.store.one(
        "SELECT id FROM events WHERE type = 'ticket_issued' ORDER BY device_seq DESC LIMIT 1")["id"]
    qtbot.waitUntil(lambda: ticket in portal.event_ids(site), timeout=15000)
    qtbot.waitUntil(lambda: window.pending_status.text() == "Belum sinkron: 0 event", timeout=15000)
    assert syncstate.pending_count(staffed_counter.session) == 0
    assert window.portal_status.text() == "Portal: terhubung"
    assert window.last_sync_status.text().startswith("Sinkron terakhir: ")
    assert "belum pernah" not in window.last_sync_status.text()
    # log-out stops the loop; the next log-in starts it again
    window.logout_requested.emit()
    assert not ctl.sync.running
    ctl.login.username.setText("rina")
    ctl.login.password.setText("rahasia-rina")
    ctl.login.login_button.click()
    qtbot.waitUntil(lambda: ctl.sync.running, timeout=10000)


def test_sync_now_asks_the_running_loop_and_new_portal_settings_restart_it(qtbot, portal, site,
                                                                          staffed_counter, app_on):
    ctl = app_on(staffed_counter, "admin", "rahasia-admin")
    window = ctl.window
    qtbot.waitUntil(lambda: ctl.sync.rounds >= 1, timeout=15000)
    settings = window.page("settings")
    window.show_page("settings")
    loop = ctl.sync.loop
    rounds = ctl.sync.rounds
    settings.sync_button.click()
    assert not settings.sync_button.isEnabled()  # the click returns at once, the round runs elsewhere
    qtbot.waitUntil(settings.sync_button.isEnabled, timeout=15000)
    assert settings.banner.text().startswith("Sinkron selesai:")
    assert ctl.sync.loop is loop and ctl.sync.rounds > rounds  # the loop's own round, not a second runner

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    settings.portal_url.setText(dead)
    settings.save_portal()
    assert ctl.sync.loop is not loop and ctl.sync.running
    qtbot.waitUntil(lambda: window.portal_status.text() == "Portal: tidak terjangkau", timeout=15000)
    assert "tidak bisa dihubungi" in window.portal_status.toolTip()


def test_an_unreachable_portal_shows_clearly_and_the_window_stays_responsive(qtbot, portal, site,
                                                                            staffed_counter, app_on):
    # a portal address that accepts the connection and then never answers
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(8)
    syncstate.configure(staffed_counter.session, f"http://127.0.0.1:{blackhole.getsockname()[1]}")
    try:
        ctl = app_on(staffed_counter, "rina", "rahasia-rina")
        window = ctl.window
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(20)
        page = window.page("counter")
        window.show_page("counter")
        qtbot.wait(600)
        assert ctl.sync.rounds == 0  # the round is still waiting on the silent portal
        assert len(ticks) >= 10  # the event loop kept running meanwhile
        page.issue_button.click()  # and the window still works
        qtbot.waitUntil(lambda: page.banner.text().startswith("Tiket B-001 diterbitkan"), timeout=5000)
        assert ctl.sync.rounds == 0
        timer.stop()
    finally:
        blackhole.close()  # the waiting connection is reset: the round fails now
    qtbot.waitUntil(lambda: ctl.sync.rounds >= 1, timeout=20000)
    qtbot.waitUntil(lambda: window.portal_status.text() == "Portal: tidak terjangkau", timeout=10000)
    assert "tidak bisa dihubungi" in window.portal_status.toolTip()
    assert window.pending_status.text() != "Belum sinkron: 0 event"  # the ticket waits on this device
