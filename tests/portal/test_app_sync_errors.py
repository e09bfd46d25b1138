"""The background sync survives any exception: a round that fails with something other than a
sync error (a locked database, a projector's bug) is recorded, logged with its traceback and
shown in red on the status bar, which never says *terhubung* meanwhile; the same loop keeps
running and a later round against the real portal succeeds."""

from __future__ import annotations

import queue
import sqlite3
import threading
from datetime import datetime

import pytest
from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from counter_app import logs, syncstate, users
from counter_app import queue as ticket_queue
from counter_app.actors import Actor
from sync.client import BackgroundSync
from ui.app import AppController, install_translators
from ui.context import AppContext
from ui.main_window import ALERT_STYLE

ON_SQLITE_PORTAL = pytest.mark.parametrize("portal", ["sqlite"], indirect=True)
RED = "#b00020"
assert RED in ALERT_STYLE


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    monkeypatch.setattr(users, "_hasher", hasher)


@pytest.fixture
def broken_apply(monkeypatch):
    """While set, applying a pulled page on the background sync thread raises
    ``sqlite3.OperationalError`` (a database locked by another program)."""
    broken = threading.Event()
    real = syncstate.apply_events

    def apply_events(session, events, cursor=None):
        if broken.is_set() and threading.current_thread().name == "loket-sync":
            raise sqlite3.OperationalError("database is locked")
        return real(session, events, cursor)

    monkeypatch.setattr(syncstate, "apply_events", apply_events)
    return broken


@pytest.fixture
def app_logged_in(qtbot):
    made: list[tuple[AppContext, AppController]] = []

    def start(counter, username: str, password: str) -> AppController:
        ctx = AppContext(counter.path)
        ctx.set_pref("counter/name", "Loket 1")
        ctx.set_pref("counter/services", ["DUK-KK"])
        ctl = AppController(ctx, QApplication.instance(), sync_interval_s=0.2)
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
    logs.stop_logging()


@ON_SQLITE_PORTAL
def test_an_operational_error_in_a_round_leaves_the_loop_running_and_the_status_bar_red(
        qtbot, portal, site, make_counter, broken_apply, app_logged_in):
    k1 = make_counter(portal, site, "K1")
    k1.sync()
    users.create_first_admin(k1.session, "admin", "rahasia-admin")
    admin = k1.session.as_actor(Actor("admin", "admin"))
    users.create_user(admin, "rina", "rahasia-rina", "frontliner")
    log_file = logs.setup_logging(k1.path)
    broken_apply.set()
    ctl = app_logged_in(k1, "rina", "rahasia-rina")
    window, loop = ctl.window, ctl.sync.loop

    qtbot.waitUntil(lambda: ctl.sync.rounds >= 3, timeout=20000)  # several failed rounds, one loop
    assert ctl.sync.loop is loop and ctl.sync.running
    window.refresh_status()
    qtbot.waitUntil(lambda: not window.status_loading, timeout=5000)  # read in a worker
    assert window.portal_status.text() == "Portal: sinkron gagal"
    assert RED in window.portal_status.styleSheet()
    assert "galat internal (OperationalError)" in window.portal_status.toolTip()
    status = syncstate.status(k1.session)
    assert "OperationalError" in status["last_error"]
    assert "database is locked" not in status["last_error"]  # the technical text is in the log
    last_attempt = datetime.fromisoformat(status["last_attempt"])
    assert last_attempt >= datetime.fromisoformat(status["last_success"])
    # the portal answers its health check, but the last round failed: still not "terhubung"
    with qtbot.waitSignal(window.portal_checked, timeout=10000):
        window.check_portal()
    assert window.portal_status.text() == "Portal: sinkron gagal"
    assert RED in window.portal_status.styleSheet()
    text = log_file.read_text(encoding="utf-8")
    assert "background sync round failed" in text and "Traceback (most recent call last)" in text
    assert "sqlite3.OperationalError: database is locked" in text

    # meanwhile another counter of the site issues a ticket; once the error is gone the same
    # loop brings it here
    k2 = make_counter(portal, site, "K2")
    k2.sync()
    ticket = ticket_queue.issue_ticket(k2.session, "DUK-KK")
    k2.sync()
    broken_apply.clear()
    outcome: list[object] = []
    assert ctl.sync.request_round(outcome.append, outcome.append)  # now, not after the backoff
    qtbot.waitUntil(lambda: bool(outcome), timeout=20000)
    assert isinstance(outcome[0], dict), outcome
    assert ctl.sync.loop is loop
    assert k1.session.store.one("SELECT 1 FROM tickets WHERE id = ?", (ticket["id"],)) is not None
    qtbot.waitUntil(lambda: window.portal_status.text() == "Portal: terhubung", timeout=10000)
    assert RED not in window.portal_status.styleSheet() and window.portal_status.toolTip() == ""
    assert "sync round ok" in log_file.read_text(encoding="utf-8")


@ON_SQLITE_PORTAL
def test_run_sync_records_any_exception_as_a_failed_attempt(portal, site, make_counter,
                                                            monkeypatch):
    k1 = make_counter(portal, site, "K1")
    k1.sync()
    succeeded = syncstate.status(k1.session)["last_success"]

    def projector_bug(session, events, cursor=None):
        raise KeyError("registration_id")

    monkeypatch.setattr(syncstate, "apply_events", projector_bug)
    with pytest.raises(KeyError):
        k1.sync()
    status = syncstate.status(k1.session)
    assert status["last_error"].startswith("sinkron gagal karena galat internal (KeyError)")
    assert status["last_success"] == succeeded and status["last_attempt"] is not None


@ON_SQLITE_PORTAL
def test_a_result_callback_that_raises_does_not_end_the_loop(portal, site, make_counter):
    k1 = make_counter(portal, site, "K1")
    syncstate.configure(k1.session, k1.portal_url, k1.token)
    results: queue.Queue = queue.Queue()

    def on_result(summary, error):
        results.put((summary, error))
        if results.qsize() == 1:
            raise RuntimeError("the listener is gone")

    loop = BackgroundSync(k1.path, on_result, interval_s=0.05)
    loop.start()
    try:
        first, second = results.get(timeout=20), results.get(timeout=20)
    finally:
        loop.stop()
    assert first[1] is None and second[1] is None and second[0]["cursor"] >= first[0]["cursor"]
    assert loop.failures == 0


@settings(max_examples=80, deadline=None)
@given(failures=st.integers(0, 40), interval=st.floats(0.05, 600), cap=st.floats(0, 3600))
def test_the_pause_after_failures_grows_from_the_interval_up_to_the_cap(failures, interval, cap):
    loop = BackgroundSync(":memory:", lambda *_: None, interval_s=interval, backoff_cap_s=cap)
    loop.failures = failures
    pause = loop.pause_s(interval)
    if failures == 0:
        assert pause == interval
    else:
        assert interval <= pause <= max(interval, min(cap, interval * 2**failures))
