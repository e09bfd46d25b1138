"""The console's queue follows the database ticket by ticket: the officer's chosen ticket and
the scroll position stay across every reload (tickets issued and called from other
connections), F6 transfers the chosen ticket however long the officer took, and one F2 is
one reload of the console."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app import queue
from counter_app.actors import Actor
from counter_app.session import Session
from ui import worker
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.pages.counter import CounterPage


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    context.set_pref("counter/name", "Loket 3")
    context.set_pref("counter/services", ["DUK-KTP", "DUK-KK"])
    yield context
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15000)
    context.close()


@pytest.fixture
def page(ctx, qtbot):
    widget = CounterPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.timer.stop()  # the reloads below are the test's own
    settle(qtbot, widget)
    return widget


@pytest.fixture
def other(session):
    """Another connection to the same file: the kiosk, another counter, the sync."""
    s = Session.open(session.store.path)
    yield s
    s.close()


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def reload(qtbot, page) -> None:
    page.refresh()
    settle(qtbot, page)


def numbers(page) -> list[str]:
    model = page.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def chosen(page) -> list[str]:
    """The numbers of the rows selected in the table (what the officer sees highlighted)."""
    rows = page.table.selectionModel().selectedRows()
    return [page.table.model().index(index.row(), 0).data() for index in rows]


def test_the_chosen_ticket_stays_chosen_while_others_issue_call_and_finish(qtbot, page, other):
    for _ in range(3):
        queue.issue_ticket(other, "DUK-KTP")
    reload(qtbot, page)
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.table.selectRow(1)
    assert chosen(page) == ["A-002"]

    queue.issue_ticket(other, "DUK-KK")                       # the kiosk issues
    reload(qtbot, page)
    assert numbers(page) == ["A-001", "A-002", "A-003", "B-001"] and chosen(page) == ["A-002"]
    queue.call_next(other, "Loket 9", ["DUK-KTP"])             # another counter calls A-001
    reload(qtbot, page)
    assert page.table.model().index(0, 5).data() == "Loket 9"
    assert chosen(page) == ["A-002"]
    queue.finish(other, "A-001")                               # ... and finishes it: the row above goes
    queue.issue_ticket(other, "DUK-KTP")
    reload(qtbot, page)
    assert numbers(page) == ["A-002", "A-003", "A-004", "B-001"]  # A-004 inserted above B-001
    assert chosen(page) == ["A-002"]
    assert page.table.currentIndex().row() == 0
    assert resets == []  # row by row, never a reset


def test_the_scroll_position_stays_across_reloads(qtbot, page, other):
    for _ in range(60):
        queue.issue_ticket(other, "DUK-KTP")
    reload(qtbot, page)
    bar = page.table.verticalScrollBar()
    assert bar.maximum() > 0  # more tickets than the table shows
    page.table.selectRow(40)
    page.table.scrollTo(page.table.model().index(40, 0))
    where = bar.value()
    assert where > 0
    for n in range(3):
        queue.issue_ticket(other, "DUK-KK")
        queue.call_next(other, f"Loket {10 + n}", ["DUK-KK"])
        reload(qtbot, page)
        assert bar.value() == where
        assert chosen(page) == ["A-041"]


def test_f6_transfers_the_chosen_ticket_after_several_reloads(qtbot, page, other, session):
    for _ in range(3):
        queue.issue_ticket(other, "DUK-KTP")
    reload(qtbot, page)
    page.table.selectRow(2)
    for _ in range(3):  # the officer takes a while; the queue reloads meanwhile
        queue.issue_ticket(other, "DUK-KK")
        reload(qtbot, page)
    assert chosen(page) == ["A-003"]
    qtbot.keyClick(page, Qt.Key.Key_F6)
    dialog = page.transfer_dialog
    assert dialog.isVisible() and dialog.ticket == "A-003"
    queue.issue_ticket(other, "DUK-KK")
    reload(qtbot, page)  # one more while the dialog is open
    dialog.target.setCurrentIndex(dialog.target.findData("DUK-AKL"))
    dialog.accept()
    settle(qtbot, page)
    assert page.banner.text() == "A-003 dipindah ke DUK-AKL"
    assert {t["ticket"]: t["service"] for t in queue.list_queue(session)}["A-003"] == "DUK-AKL"
    assert "A-003" not in numbers(page)  # DUK-AKL is not this counter's service
    assert numbers(page)[:2] == ["A-001", "A-002"]


def test_one_f2_is_one_reload_of_the_console(qtbot, page, session):
    queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KTP")
    reload(qtbot, page)
    reloads = []
    page.refreshed.connect(lambda: reloads.append(1))
    inserted, removed, resets = [], [], []
    page.model.rowsInserted.connect(lambda *a: inserted.append(a))
    page.model.rowsRemoved.connect(lambda *a: removed.append(a))
    page.model.modelReset.connect(lambda: resets.append(1))
    qtbot.keyClick(page, Qt.Key.Key_F2)
    settle(qtbot, page)
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10000)
    qtbot.wait(200)  # room for a second reload to show itself, if one were coming
    assert page.number.text() == "A-001"
    assert reloads == [1]
    assert (inserted, removed, resets) == ([], [], [])  # A-001's row changed in place


def test_one_f2_in_the_main_window_is_one_reload_of_the_console(qtbot, ctx, session):
    queue.issue_ticket(session, "DUK-KTP")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    console = window.page("counter")
    console.timer.stop()
    qtbot.waitUntil(lambda: not console.busy and not window.status_loading, timeout=10000)
    assert window.current_key() == "counter" and console.model.rowCount() == 1
    reloads = []
    console.refreshed.connect(lambda: reloads.append(1))
    qtbot.keyClick(console, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: not console.busy and worker.pending() == 0, timeout=10000)
    qtbot.wait(200)
    assert console.banner.text() == "Memanggil A-001 ke Loket 3"
    assert reloads == [1]
    qtbot.waitUntil(lambda: not window.status_loading, timeout=10000)
    assert window.pending_status.text().startswith("Belum sinkron: ")
    window.close()


def test_the_status_bar_reads_once_for_a_burst_of_changes_and_still_under_a_stream(qtbot, ctx, monkeypatch):
    """After a change the status bar reads its figures a moment later, once for every change
    of that moment (its worker no longer shares the interpreter with the reload of the page
    the officer looks at); a stream of changes does not push it back for ever."""
    import ui.main_window as main_window

    reads = []
    real = main_window.read_status
    monkeypatch.setattr(main_window, "read_status", lambda session: reads.append(1) or real(session))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.status_timer.stop()
    window.page("counter").timer.stop()
    qtbot.waitUntil(lambda: not window.status_loading and worker.pending() == 0, timeout=10000)
    reads.clear()
    for _ in range(5):
        ctx.notify("queue")
    assert window.status_loading  # said at once, read in a moment
    qtbot.waitUntil(lambda: not window.status_loading and worker.pending() == 0, timeout=10000)
    assert len(reads) == 1
    reads.clear()
    for _ in range(12):  # a change every 100 ms for 1.2 s: more than the delay, again and again
        ctx.notify("queue")
        qtbot.wait(100)
    qtbot.waitUntil(lambda: not window.status_loading and worker.pending() == 0, timeout=10000)
    assert len(reads) >= 2
    window.close()


def test_the_console_reads_again_on_its_timer_only_when_something_changed(qtbot, page, session, fixed_now):
    """The 5-second look reads the queue when another connection committed (a sync, another
    window) or the day turned, and reads nothing on an idle console."""
    loads = []
    page.refreshed.connect(lambda: loads.append(1))
    page._tick()
    settle(qtbot, page)
    assert loads == []  # nothing changed since the page's last read
    queue.issue_ticket(session, "DUK-KTP")  # another connection (the test's session) commits
    page._tick()
    settle(qtbot, page)
    assert loads == [1] and page.model.rowCount() == 1
    page._tick()
    settle(qtbot, page)
    assert loads == [1]
    fixed_now("2026-03-17T08:00:00+07:00")  # the next day: yesterday's queue is not today's
    page._tick()
    settle(qtbot, page)
    assert loads == [1, 1] and page.model.rowCount() == 0
