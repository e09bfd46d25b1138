"""Service hours on the screens: the kiosk greys out a service in a break with the reason and
the reopening time (and follows the clock), the hall display shows the break banner, and the
counter console shows the core's refusal when issuing a walk-in ticket in a break."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app import catalog, queue
from counter_app.actors import Actor
from ui import worker
from ui.call_display import CallDisplayView
from ui.context import AppContext
from ui.pages.counter import CounterPage
from ui.ticket_kiosk import KIOSK_ACTOR, TicketKioskView
from ui.ticket_kiosk_parts import TouchTile

FRIDAY_BREAK = "2026-12-04T12:00:00+07:00"  # Jumat, during salat Jumat (11.30–13.00)
FRIDAY_MORNING = "2026-12-04T10:00:00+07:00"


@pytest.fixture
def hall(session):
    """The shared site, its catalogue replaced by the demo one with its MPP hours."""
    catalog.import_services(session, catalog.demo_catalog_rows())
    return session


def service_tiles(view) -> dict[str, TouchTile]:
    page = view.stack.currentWidget()
    return {t.text(): t for t in page.findChildren(TouchTile) if t.isVisibleTo(page)}


def open_disdukcapil(qtbot, view) -> dict[str, TouchTile]:
    view.start_walk_in()
    view.choose_gerai(view.gerai_names.index("Gerai Disdukcapil"))
    assert view.screen == "service"
    return service_tiles(view)


def test_kiosk_greys_services_in_the_friday_break_with_the_reason(qtbot, hall, fixed_now):
    fixed_now(FRIDAY_BREAK)
    ctx = AppContext(hall.store.path, KIOSK_ACTOR)
    view = TicketKioskView(ctx)
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    qtbot.waitExposed(view)
    tiles = open_disdukcapil(qtbot, view)
    ktp = tiles["Perekaman dan Pencetakan KTP-el"]
    assert not ktp.isEnabled()
    assert ktp.subtitle.text() == "Istirahat salat Jumat; buka kembali 13.00"
    assert ktp.subtitle.isVisibleTo(ktp)
    qtbot.mouseClick(ktp, Qt.MouseButton.LeftButton)
    assert view.screen == "service"  # a greyed tile takes no touch
    # the break ends: the timer's next look opens the tiles again, without a touch
    fixed_now("2026-12-04T13:00:00+07:00")
    view.hours_timer.setInterval(50)
    qtbot.waitUntil(lambda: ktp.isEnabled(), timeout=3000)
    assert not ktp.subtitle.isVisibleTo(ktp)
    view.close()
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15000)
    ctx.close()


def test_kiosk_says_closed_until_monday_on_a_sunday(qtbot, hall, fixed_now):
    fixed_now("2026-12-06T09:00:00+07:00")
    ctx = AppContext(hall.store.path, KIOSK_ACTOR)
    view = TicketKioskView(ctx)
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    tiles = open_disdukcapil(qtbot, view)
    kk = tiles["Penerbitan Kartu Keluarga"]
    assert not kk.isEnabled()
    assert kk.subtitle.text() == "Tutup; buka kembali Senin, 7 Desember 2026 08.00"
    view.close()
    ctx.close()


def banner_texts(view) -> list[str]:
    return [w.text() for w in view.findChildren(QLabel, "breakBanner") if not w.isHidden()]


def test_hall_display_shows_the_break_banner_only_during_the_break(qtbot, hall, fixed_now):
    fixed_now(FRIDAY_MORNING)
    ctx = AppContext(hall.store.path)
    view = CallDisplayView(ctx, None)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    assert banner_texts(view) == []
    fixed_now(FRIDAY_BREAK)
    qtbot.waitUntil(lambda: banner_texts(view) == ["Istirahat salat Jumat 11.30–13.00"], timeout=3000)
    fixed_now("2026-12-04T13:05:00+07:00")
    qtbot.waitUntil(lambda: banner_texts(view) == [], timeout=3000)
    view.close()
    ctx.close()


def test_counter_console_shows_the_refusal_when_issuing_in_the_break(qtbot, hall, fixed_now):
    fixed_now(FRIDAY_BREAK)
    ctx = AppContext(hall.store.path, Actor("rina", "frontliner"))
    ctx.set_pref("counter/name", "Loket 3")
    ctx.set_pref("counter/services", ["DUK-KTP", "DUK-KK"])
    page = CounterPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.walk_in_service.setCurrentIndex(page.walk_in_service.findData("DUK-KTP"))
    page.issue_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert "Loket Perekaman dan Pencetakan KTP-el tutup untuk istirahat salat Jumat, buka kembali 13.00" \
        in page.banner.text()
    assert queue.list_queue(hall) == []
    page.close()
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15000)
    ctx.close()
