"""The hall display mode: every call shown and announced in order, whatever arrives at once
and through whichever connection; closed tickets leave the big number; the stale mark;
zones; Indonesian on the public screen; started without a log-in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QLabel

import resources
from counter_app import queue, users
from counter_app.cli import _common, site
from counter_app.session import Session
from ui.announcer import Announcer, Player
from ui.call_display import CallDisplayView, CallDisplayWindow
from ui.context import AppContext
from ui.hall_display import (
    DISPLAY_ACTOR,
    CallFeed,
    DbWatch,
    HallDeviceMode,
    Zones,
    load_zones,
    save_zones,
    stale_text,
)


class InstantPlayer(Player):
    """Says nothing and reports each announcement finished on the next turn of the loop."""

    def __init__(self):
        super().__init__()
        self._timer = QTimer(self, singleShot=True, interval=1)
        self._timer.timeout.connect(self.finished.emit)

    def play(self, audio) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path)
    yield context
    context.close()


class Heard(list):
    """What an announcer with a fake player said, in order; ``announcer`` is that announcer."""

    def __init__(self):
        super().__init__()
        self.announcer = Announcer(InstantPlayer())
        self.announcer.started.connect(self.append)


@pytest.fixture
def heard(qtbot):
    said = Heard()
    yield said
    said.announcer.deleteLater()


@pytest.fixture
def other(session):
    """Another counter PC's writes on the same file: its own connection, no signal to the UI."""
    s = Session.open(session.store.path)
    yield s
    s.close()


def board(qtbot, ctx, heard=None, **options) -> CallDisplayView:
    view = CallDisplayView(ctx, heard.announcer if heard is not None else None, **options)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    return view


def texts(widget, name: str) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel, name) if not w.isHidden()]


def called(view) -> tuple[str, str]:
    return texts(view, "calledNumber")[0], texts(view, "calledCounter")[0]


def test_twelve_calls_at_once_from_another_connection_are_all_announced_in_order(qtbot, ctx, heard, other):
    view = board(qtbot, ctx, heard)
    shown: list = []
    view.call_shown.connect(shown.append)
    for _ in range(12):
        queue.issue_ticket(other, "DUK-KTP")
    for counter in range(1, 13):
        queue.call_next(other, str(counter))
    qtbot.waitUntil(lambda: len(heard) == 12, timeout=20000)
    expected = [(f"A-{n:03d}", str(n)) for n in range(1, 13)]
    assert [(a.number, a.counter) for a in heard] == expected
    assert [(c.number, c.counter) for c in shown] == expected
    assert heard[-1].text == "Nomor antrean A nol satu dua, silakan menuju loket dua belas"
    qtbot.waitUntil(lambda: not heard.announcer.busy, timeout=5000)
    assert called(view) == ("A-012", "LOKET 12")
    assert len(texts(view, "servingNumber")) == 12


def test_a_call_is_noticed_within_a_second_without_any_signal(qtbot, ctx, heard, other):
    view = board(qtbot, ctx, heard)
    queue.issue_ticket(other, "DUK-KTP")
    queue.call_next(other, "4")
    qtbot.waitUntil(lambda: len(heard) == 1, timeout=1000)  # the change watch, not the 30 s look
    assert called(view) == ("A-001", "LOKET 4")


def test_a_recall_is_announced_again(qtbot, ctx, heard, other):
    view = board(qtbot, ctx, heard)  # kept: qtbot holds it weakly, and nothing else now does
    queue.issue_ticket(other, "DUK-KTP")
    queue.call_next(other, "3")
    qtbot.waitUntil(lambda: len(heard) == 1, timeout=5000)
    queue.recall(other, "A-001")
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=5000)
    assert [a.text for a in heard] == [
        "Nomor antrean A nol nol satu, silakan menuju loket tiga",
        "Panggilan ulang, nomor antrean A nol nol satu, silakan menuju loket tiga",
    ]
    assert view.isVisible()


def test_a_no_show_skip_or_finish_leaves_the_current_call(qtbot, ctx, heard, other):
    view = board(qtbot, ctx, heard)
    for _ in range(3):
        queue.issue_ticket(other, "DUK-KTP")
    for counter in ("1", "2", "3"):
        queue.call_next(other, counter)
    qtbot.waitUntil(lambda: len(heard) == 3 and not heard.announcer.busy, timeout=5000)
    assert called(view) == ("A-003", "LOKET 3")
    queue.noshow(other, "A-003")
    qtbot.waitUntil(lambda: called(view) == ("A-002", "LOKET 2"), timeout=5000)
    queue.skip(other, "A-002")
    qtbot.waitUntil(lambda: called(view) == ("A-001", "LOKET 1"), timeout=5000)
    queue.finish(other, "A-001")
    qtbot.waitUntil(lambda: called(view) == ("—", "Silakan menunggu nomor Anda dipanggil"), timeout=5000)
    assert texts(view, "servingNumber") == []
    assert len(heard) == 3  # closing a ticket announces nothing


def test_calls_closed_before_the_display_saw_them_are_listed_not_announced(qtbot, ctx, heard, other):
    view = CallDisplayView(ctx, heard.announcer)  # hidden: it looks only when asked
    qtbot.addWidget(view)
    for _ in range(2):
        queue.issue_ticket(other, "DUK-KTP")
    queue.call_next(other, "1")
    queue.finish(other, "A-001")  # served while the display was cut off
    queue.call_next(other, "2")
    view.refresh()
    qtbot.waitUntil(lambda: not heard.announcer.busy, timeout=5000)
    assert [a.number for a in heard] == ["A-002"]
    assert texts(view, "recentCall") == ["A-001  ›  Loket 1"]


def test_the_stale_mark_shows_while_the_source_says_so(qtbot, ctx, session):
    since = datetime.fromisoformat("2026-03-16T08:15:00+07:00")
    state = {"since": since}
    view = board(qtbot, ctx, stale_reason=lambda: state["since"])
    view.refresh()
    assert texts(view, "staleMark") == ["Data belum diperbarui sejak 08.15"]
    state["since"] = None
    view.refresh()
    assert texts(view, "staleMark") == []
    view.stale_reason = None
    view.set_stale("Hub tidak terjangkau")
    assert texts(view, "staleMark") == ["Hub tidak terjangkau"]
    view.set_stale(None)
    assert texts(view, "staleMark") == []


def test_a_broken_stale_hook_still_marks_the_data_as_maybe_old(qtbot, ctx):
    view = board(qtbot, ctx, stale_reason=lambda: 1 / 0)
    view.refresh()
    assert texts(view, "staleMark") == ["Data belum diperbarui"]


def test_stale_text_names_the_day_when_it_is_not_today():
    now = datetime.fromisoformat("2026-03-17T09:00:00+07:00")
    assert stale_text("2026-03-17T01:15:00+00:00", now) == "Data belum diperbarui sejak 08.15"
    assert stale_text("2026-03-16T16:40:00+07:00", now) == "Data belum diperbarui sejak 16-03-2026 16.40"
    assert stale_text(None, now) == ""


@pytest.mark.parametrize("zones, expected", [
    (Zones(gerai=frozenset({"Gerai Samsat"})), ["K-001"]),
    (Zones(services=frozenset({"DUK-KTP"})), ["A-001"]),
    (Zones(gerai=frozenset({"Gerai Samsat"}), services=frozenset({"DUK-KTP"})), ["A-001", "K-001"]),
    (Zones(), ["A-001", "K-001", "N-001"]),
])
def test_a_display_limited_to_zones_shows_and_says_only_their_calls(qtbot, ctx, heard, other, zones, expected):
    view = board(qtbot, ctx, heard, zones=zones)
    for code, counter in (("DUK-KTP", "1"), ("SAM-PKB", "2"), ("BPJSK-DAFTAR", "3")):
        queue.issue_ticket(other, code)
        queue.call_next(other, counter, [code])
    qtbot.waitUntil(lambda: len(heard) == len(expected) and not heard.announcer.busy, timeout=5000)
    qtbot.wait(300)  # one more look of the watch: nothing outside the zone comes late
    assert sorted(a.number for a in heard) == expected
    assert sorted(texts(view, "servingNumber")) == expected


def test_zones_are_kept_with_this_pcs_preferences(ctx):
    assert load_zones(ctx) == Zones()
    save_zones(ctx, Zones(gerai=frozenset({"Gerai Samsat"}), services=frozenset({"DUK-KTP"})))
    again = AppContext(ctx.db_path)
    try:
        assert load_zones(again) == Zones(frozenset({"Gerai Samsat"}), frozenset({"DUK-KTP"}))
    finally:
        again.close()


def test_the_public_screen_stays_indonesian_when_the_officer_uses_english(qtbot, ctx, session):
    translator = QTranslator()
    assert translator.load(str(Path(resources.__file__).parent / "i18n" / "ui_kiosk_en.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        ctx.language = "en"
        view = board(qtbot, ctx)
        assert called(view) == ("—", "Silakan menunggu nomor Anda dipanggil")
        assert "NOMOR ANTREAN" in texts(view, "")
        assert texts(view, "")[1].startswith("Senin, 16 Maret 2026")  # the clock
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_feed_hands_each_call_on_once_even_past_a_long_burst():
    from ui.call_board import Call

    def call(n: int) -> Call:
        return Call(f"A-{n:03d}", "1", f"2026-03-16T08:{n // 60:02d}:{n % 60:02d}+07:00", False, "DUK-KTP")

    feed = CallFeed()
    assert feed.new([call(1)]) == []  # the first look only learns
    burst = [call(n) for n in range(150, 1, -1)]  # newest first, as read
    assert [c.number for c in feed.new(burst)] == [f"A-{n:03d}" for n in range(2, 151)]
    assert feed.new(burst) == []


def test_the_change_watch_sees_only_other_connections_commits(session, other, qtbot):
    watch = DbWatch(lambda: session)
    assert watch.poll() is False  # the first look
    queue.issue_ticket(session, "DUK-KTP")  # this connection: it tells the UI itself
    assert watch.poll() is False
    queue.issue_ticket(other, "DUK-KTP")
    assert watch.poll() is True
    assert watch.poll() is False


# ------------------------------------------------------------------ the mode, without a log-in
def test_display_mode_opens_the_board_with_its_zones_and_no_log_in(qtbot, ctx, session):
    users.create_first_admin(session, "admin", "rahasia-admin")
    mode = HallDeviceMode(ctx, QApplication.instance(), "display", {"gerai": ["Gerai Samsat"], "services": []})
    try:
        assert isinstance(mode.window, CallDisplayWindow)
        assert ctx.actor == DISPLAY_ACTOR
        assert mode.window.view.zones == Zones(gerai=frozenset({"Gerai Samsat"}))
        assert load_zones(ctx) == Zones(gerai=frozenset({"Gerai Samsat"}))
        mode.start(full_screen=False)
        assert mode.window.isVisible()
        assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [mode.window]
    finally:
        mode.quit()
        mode.window.close()


def test_display_mode_marks_its_data_stale_while_the_hub_is_away(qtbot, ctx, session):
    mode = HallDeviceMode(ctx, QApplication.instance(), "display")
    view = mode.window.view
    try:
        mode.hub.mode = "standalone"  # what the hub runner says once the stream went silent
        view.refresh()
        assert texts(view, "staleMark") == ["Hub tidak menjawab"]
        mode.hub.mode = "connected"
        view.refresh()
        assert texts(view, "staleMark") == []
    finally:
        mode.quit()
        mode.window.close()


def test_kiosk_mode_opens_the_ticket_kiosk(qtbot, ctx):
    from ui.ticket_kiosk import KIOSK_ACTOR, TicketKioskWindow

    mode = HallDeviceMode(ctx, QApplication.instance(), "kiosk")
    try:
        assert isinstance(mode.window, TicketKioskWindow) and ctx.actor == KIOSK_ACTOR
    finally:
        mode.quit()
        mode.window.close()


def test_loket_display_and_kiosk_start_the_app_in_that_mode_without_a_password(session, monkeypatch, capsys):
    users.create_first_admin(session, "admin", "rahasia-admin")
    started = []

    def fake_run_app(db, mode="staff", options=None):
        started.append((Path(db), mode, options))
        return 0

    monkeypatch.setattr(site, "_desktop_app", lambda: fake_run_app)
    monkeypatch.delenv("LOKET_USER", raising=False)
    db = str(session.store.path)
    for argv in (["display", "--gerai", "Gerai Samsat", "--service", "duk-ktp"], ["display"], ["kiosk"]):
        with pytest.raises(SystemExit) as done:
            _common.run(_common.cli, ["--db", db, *argv])
        assert done.value.code == 0
    assert started == [
        (session.store.path, "display", {"gerai": ["Gerai Samsat"], "services": ["DUK-KTP"]}),
        (session.store.path, "display", {}),
        (session.store.path, "kiosk", {}),
    ]
    assert _common.run(_common.cli, ["--db", db, "display", "--gerai", "Gerai Tidak Ada"]) == 2
    assert "gerai 'Gerai Tidak Ada' tidak ada di katalog" in capsys.readouterr().err
    assert len(started) == 3


def test_a_dropped_display_is_freed(qtbot, ctx, heard, other):
    import gc
    import weakref

    from PySide6.QtCore import QEvent

    view = board(qtbot, ctx, heard)
    queue.issue_ticket(other, "DUK-KTP")
    queue.call_next(other, "1")
    qtbot.waitUntil(lambda: len(heard) == 1 and not heard.announcer.busy, timeout=5000)
    view.hide()
    view.setParent(None)
    alive = weakref.ref(view)
    del view
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert alive() is None
