"""The call display: what the hall sees after calls made through the core, and what it says."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from counter_app import queue
from counter_app.session import Session
from ui.announcer import Announcer, SilentPlayer
from ui.call_board import Board, Call, new_calls, read_board
from ui.call_display import CallDisplayView, CallDisplayWindow
from ui.context import AppContext


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path)
    yield context
    context.close()


@pytest.fixture
def announcer(qtbot):
    announcer = Announcer(SilentPlayer(time_scale=0.01))
    announcer.heard = []
    announcer.started.connect(lambda a: announcer.heard.append(a.text))
    return announcer


def texts(widget, name: str) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel, name) if not w.isHidden()]


def called(view) -> tuple[str, str]:
    return texts(view, "calledNumber")[0], texts(view, "calledCounter")[0]


def test_the_board_shows_the_latest_call_and_every_counter_serving(qtbot, ctx, session):
    for _ in range(3):
        queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "1")
    queue.call_next(session, "12")
    queue.call_next(session, "2")
    view = CallDisplayView(ctx)
    qtbot.addWidget(view)
    assert called(view) == ("A-003", "LOKET 2")
    # counters in natural order (2 before 12), each with its ticket
    assert texts(view, "servingNumber") == ["A-001", "A-003", "A-002"]
    assert [c for c in texts(view, "recentCall")] == ["A-002  ›  Loket 12", "A-001  ›  Loket 1"]


def test_an_empty_day_invites_people_to_wait(qtbot, ctx):
    view = CallDisplayView(ctx)
    qtbot.addWidget(view)
    assert called(view) == ("—", "Silakan menunggu nomor Anda dipanggil")
    assert texts(view, "servingNumber") == []


def test_a_new_call_is_shown_and_announced_once(qtbot, ctx, session, announcer):
    queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "3")  # before the display opened: shown, not announced
    view = CallDisplayView(ctx, announcer)
    qtbot.addWidget(view)
    assert called(view) == ("A-001", "LOKET 3")
    assert announcer.heard == []

    queue.call_next(session, "4")
    with qtbot.waitSignal(announcer.finished, timeout=3000):
        ctx.notify("queue")
    assert called(view)[0] == "A-002"
    view.refresh()
    ctx.notify("queue")
    assert announcer.heard == ["Nomor antrean A nol nol dua, silakan menuju loket empat"]


def test_the_caption_shows_what_is_being_said(qtbot, ctx, session):
    slow = Announcer(SilentPlayer(time_scale=1.0))  # real length: still playing when we look
    view = CallDisplayView(ctx, slow)
    qtbot.addWidget(view)
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "3")
    ctx.notify("queue")
    assert texts(view, "caption") == ["Nomor antrean A nol nol satu, silakan menuju loket tiga"]
    slow.player.stop()
    assert texts(view, "caption") != ["Nomor antrean A nol nol satu, silakan menuju loket tiga"]


def test_a_recall_is_announced_as_a_recall(qtbot, ctx, session, announcer):
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "3")
    view = CallDisplayView(ctx, announcer)
    qtbot.addWidget(view)
    queue.recall(session, "A-001")
    with qtbot.waitSignal(announcer.finished, timeout=3000):
        ctx.notify("queue")
    assert announcer.heard == ["Panggilan ulang, nomor antrean A nol nol satu, silakan menuju loket tiga"]
    assert texts(view, "recentCall") == []  # the recalled ticket is listed once, big


def test_calls_from_another_connection_arrive_on_the_timer(qtbot, ctx, session, announcer):
    view = CallDisplayView(ctx, announcer)
    qtbot.addWidget(view)
    view.show()  # the board polls while it is on screen
    other = Session.open(session.store.path)  # another counter's writes, no signal to us
    try:
        queue.issue_ticket(other, "DUK-KTP")
        queue.issue_ticket(other, "DUK-KTP")
        queue.call_next(other, "5")
        queue.call_next(other, "6")
    finally:
        other.close()
    qtbot.waitUntil(lambda: called(view)[0] == "A-002", timeout=5000)
    qtbot.waitUntil(lambda: len(announcer.heard) == 2, timeout=5000)
    assert [t.split(",")[1] for t in announcer.heard] == [" silakan menuju loket lima", " silakan menuju loket enam"]


def test_new_calls_are_oldest_first_and_none_on_first_look():
    a = Call("A-001", "1", "2026-03-16T08:00:00+07:00", False, "DUK-KTP")
    b = Call("A-002", "2", "2026-03-16T08:01:00+07:00", False, "DUK-KTP")
    board = Board((), (b, a))
    assert new_calls(None, board) == []
    assert new_calls(set(), board) == [a, b]
    assert new_calls({a.key}, board) == [b]
    assert new_calls({a.key, b.key}, board) == []


def test_read_board_lists_only_tickets_being_served(session):
    for _ in range(2):
        queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "1")
    queue.finish(session, "A-001")
    queue.call_next(session, "1")
    board = read_board(session)
    assert board.serving == (("1", "A-002", "DUK-KTP"),)
    assert [c.number for c in board.recent] == ["A-002", "A-001"]


def test_a_hidden_board_does_not_poll_and_catches_up_when_shown(qtbot, ctx, session, announcer):
    view = CallDisplayView(ctx, announcer)
    qtbot.addWidget(view)
    view.show()
    view.hide()
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "2")  # no signal: only polling would see it
    qtbot.wait(2 * 2000 + 500)  # two polling periods
    assert called(view)[0] == "—"
    view.show()
    assert called(view) == ("A-001", "LOKET 2")
    qtbot.waitUntil(lambda: announcer.heard == ["Nomor antrean A nol nol satu, silakan menuju loket dua"],
                    timeout=3000)


def test_the_window_is_a_full_screen_board_that_escape_closes(qtbot, ctx, session):
    window = CallDisplayWindow(ctx)
    qtbot.addWidget(window)
    window.show_on(None, full_screen=True)
    assert window.isFullScreen()
    assert window.view.findChild(QLabel, "calledNumber") is not None
    qtbot.keyClick(window, "\x1b")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_the_page_opens_the_display_and_remembers_sound_off(qtbot, ctx, session):
    from PySide6.QtCore import Qt

    from ui.pages.call_display import CallDisplayPage

    announcer = Announcer(SilentPlayer(time_scale=0.01))
    page = CallDisplayPage(ctx, announcer)
    qtbot.addWidget(page)
    page.sound_box.setChecked(False)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.window is not None and page.window.isVisible()
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "7")
    ctx.notify("queue")
    assert called(page.window.view) == ("A-001", "LOKET 7")
    assert called(page.preview) == ("A-001", "LOKET 7")
    assert not announcer.busy  # sound off: shown, not said

    with qtbot.waitSignal(announcer.started, timeout=1000) as test:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert test.args[0].text == "Nomor antrean A nol nol satu, silakan menuju loket satu"

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.window is None, timeout=2000)
    again = CallDisplayPage(ctx, Announcer(SilentPlayer()))
    qtbot.addWidget(again)
    assert not again.sound_box.isChecked()


def test_counter_names_that_already_say_where_are_not_prefixed(qtbot, ctx, session):
    for _ in range(3):
        queue.issue_ticket(session, "DUK-KTP")
    for counter in ("Loket 1", "Gerai Samsat", "K2"):
        queue.call_next(session, counter)
    view = CallDisplayView(ctx)
    qtbot.addWidget(view)
    assert called(view) == ("A-003", "LOKET K2")
    assert texts(view, "recentCall") == ["A-002  ›  Gerai Samsat", "A-001  ›  Loket 1"]


def test_the_hall_window_closes_with_its_page(qtbot, ctx):
    from ui.pages.call_display import CallDisplayPage

    page = CallDisplayPage(ctx, Announcer(SilentPlayer()))
    page.open_display()
    window = page.window
    assert window.isWindow() and window.isVisible()
    with qtbot.waitSignal(window.destroyed, timeout=2000):
        page.deleteLater()
