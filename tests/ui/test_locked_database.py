"""The window never waits for the disk: while another connection holds the write lock (as
the sync thread or a second process may, for seconds), the officer presses F2, the window
goes on repainting and taking keys, and the call is made as soon as the lock is free."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer

from counter_app import queue
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from ui import worker
from ui.context import AppContext
from ui.main_window import MainWindow

HOLD_S = 5.0


class WriteLock:
    """``BEGIN IMMEDIATE`` on a connection of its own, in a thread: held at least ``HOLD_S``
    seconds, then until :meth:`release`."""

    def __init__(self, path):
        self.path = path
        self.taken = threading.Event()
        self.minimum_over = threading.Event()
        self._release = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        conn = sqlite3.connect(str(self.path), isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            self.taken.set()
            time.sleep(HOLD_S)
            self.minimum_over.set()
            self._release.wait(60)
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    def start(self) -> WriteLock:
        self.thread.start()
        assert self.taken.wait(10)
        return self

    def release(self) -> None:
        self._release.set()
        self.thread.join(10)


@pytest.fixture
def window(session, qtbot):
    register(session, RegistrationInput(service="DUK-KK", name="Budi Santoso", nik="3273011208850003",
                                        sex="L", requirements_complete=True))
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"))
    ctx.set_pref("counter/name", "Loket 3")
    ctx.set_pref("counter/services", ["DUK-KTP"])
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    # pytest-qt has closed the window (and deletes it at the first event loop): wait for
    # what its pages had in flight before the context goes
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=40000)
    ctx.close()


def test_f2_under_another_connections_write_lock_keeps_the_window_alive(qtbot, window, session):
    queue.issue_ticket(session, "DUK-KTP")
    counter = window.page("counter")
    counter.refresh()
    qtbot.waitUntil(lambda: not counter.busy and counter.model.rowCount() == 1, timeout=10000)
    ticks: list[bool] = []  # a timer on the GUI thread: one entry per tick, True while locked
    lock = WriteLock(session.store.path)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(lock.taken.is_set() and not lock._release.is_set()))
    timer.start(20)
    lock.start()

    qtbot.keyClick(counter, Qt.Key.Key_F2)
    assert counter.acting  # the press returned at once; the call waits in its worker
    # a call that is seen to wait greys the console's buttons (a press would be ignored anyway)
    qtbot.waitUntil(lambda: not counter.buttons["call"].isEnabled(), timeout=5000)

    # meanwhile the officer looks an application up: the keys arrive, the search answers
    window.show_page("applications")
    apps = window.page("applications")
    qtbot.keyClicks(apps.search, "Budi")
    assert apps.search.text() == "Budi"
    qtbot.waitUntil(lambda: not apps.busy and apps.model.rowCount() == 1, timeout=10000)
    assert apps.model.index(0, 1).data() == "Budi Santoso"
    window.refresh_status()
    qtbot.waitUntil(lambda: not window.status_loading, timeout=10000)
    qtbot.waitUntil(lock.minimum_over.is_set, timeout=20000)

    # five seconds on, the lock is still held: the call has not happened, the window ticked on
    assert counter.acting and not lock._release.is_set()
    assert queue.list_queue(session)[0]["status"] == "waiting"
    assert sum(ticks) >= 25  # the GUI thread's timer kept firing all through the lock
    window.show_page("counter")
    lock.release()
    qtbot.waitUntil(lambda: not counter.busy, timeout=40000)
    timer.stop()
    assert counter.buttons["call"].isEnabled() and counter.buttons["finish"].isEnabled()
    assert counter.banner.text() == "Memanggil A-001 ke Loket 3"
    assert counter.number.text() == "A-001"
    assert queue.active_ticket(session, "Loket 3").number == "A-001"
