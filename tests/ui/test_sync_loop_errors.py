"""What the status bar says about sync from the recorded attempts: after a failed last round it
never says *terhubung* and shows the failure in red; quarantined events show in red too.
(The loop surviving an error against the real portal: tests/portal/test_app_sync_errors.py.)"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from counter_app import syncstate
from counter_app.actors import Actor
from sync.client import UNREACHABLE, failure_message
from ui.app import install_translators
from ui.context import AppContext
from ui.main_window import ALERT_STYLE, MainWindow


@pytest.fixture
def window(session, qtbot):
    syncstate.configure(session, "http://127.0.0.1:9", "token-uji")
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"))
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    yield main
    main.close()
    main.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ctx.close()
    install_translators(QApplication.instance(), "id")


def refreshed(window: MainWindow) -> None:
    """Refresh the status bar and wait for its worker's read to be shown."""
    window.refresh_status()
    deadline = time.monotonic() + 10
    while window.status_loading and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    assert not window.status_loading


def portal_shown(window: MainWindow) -> tuple[str, bool]:
    refreshed(window)
    return window.portal_status.text(), ALERT_STYLE in window.portal_status.styleSheet()


def test_a_failed_round_after_a_good_one_is_red_and_never_terhubung(session, window, fixed_now):
    syncstate.mark_attempt(session, error=None, success=True)
    assert portal_shown(window) == ("Portal: terhubung", False)
    fixed_now("2026-03-16T08:01:00+07:00")
    syncstate.mark_attempt(session, error=failure_message(KeyError("registration_id")))
    assert portal_shown(window) == ("Portal: sinkron gagal", True)
    assert "galat internal (KeyError)" in window.portal_status.toolTip()
    fixed_now("2026-03-16T08:02:00+07:00")
    syncstate.mark_attempt(session, error=f"{UNREACHABLE} setelah 2 percobaan (jaringan: Timeout)")
    assert portal_shown(window) == ("Portal: tidak terjangkau", True)
    fixed_now("2026-03-16T08:03:00+07:00")
    syncstate.mark_attempt(session, error=None, success=True)
    assert portal_shown(window) == ("Portal: terhubung", False)
    assert window.portal_status.toolTip() == ""


def test_an_attempt_newer_than_the_last_success_counts_as_failed(session, window, fixed_now):
    syncstate.mark_attempt(session, error=None, success=True)
    fixed_now("2026-03-16T09:00:00+07:00")
    syncstate.mark_attempt(session, error=None)  # recorded without an error, but not a success
    assert portal_shown(window) == ("Portal: sinkron gagal", True)


def test_a_first_round_that_fails_is_red_too(session, window):
    assert portal_shown(window) == ("Portal: belum pernah sinkron", False)
    syncstate.mark_attempt(session, error="token perangkat ditolak portal (401: token dicabut)")
    assert portal_shown(window) == ("Portal: sinkron gagal", True)
    assert "token perangkat ditolak" in window.portal_status.toolTip()


def test_quarantined_events_show_in_red_and_hide_at_zero(session, window, monkeypatch):
    real = syncstate.status
    count = {"n": 3}
    monkeypatch.setattr(syncstate, "status", lambda s: {**real(s), "quarantined": count["n"]})
    refreshed(window)
    label = window.quarantine_status
    assert label.text() == "Karantina: 3 event" and label.isVisibleTo(window)
    assert ALERT_STYLE in label.styleSheet() and "retry-quarantine" in label.toolTip()
    count["n"] = 0
    refreshed(window)
    assert not label.isVisibleTo(window)


def test_the_failure_and_the_quarantine_in_english(session, window, monkeypatch):
    assert install_translators(QApplication.instance(), "en")
    real = syncstate.status
    monkeypatch.setattr(syncstate, "status", lambda s: {**real(s), "quarantined": 2})
    syncstate.mark_attempt(session, error=failure_message(RuntimeError("x")))
    assert portal_shown(window) == ("Portal: sync failed", True)
    assert window.quarantine_status.text() == "Quarantine: 2 events"
