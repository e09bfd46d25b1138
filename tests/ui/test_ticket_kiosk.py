"""The self-service ticket kiosk: touch flow, booking check-in by scanner, printer failure,
English for its visitor only, and back to the start on its own."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QPushButton

from counter_app import bookings, queue, registration, syncstate
from counter_app.catalog import demo_catalog_rows
from counter_app.events import Event
from counter_app.site import set_setting
from sync.portal import content, service
from sync.portal.db import Database
from ui import ticket_kiosk, worker
from ui.context import AppContext
from ui.ticket_kiosk import KIOSK_ACTOR, TicketKioskView
from ui.ticket_kiosk_parts import TouchTile


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, KIOSK_ACTOR)
    yield context
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15000)
    context.close()


@pytest.fixture
def printer(session, tmp_path):
    path = tmp_path / "kiosk-printer.bin"
    set_setting(session, "printer@K1", f"file:{path}")
    return path


def kiosk(qtbot, ctx, size=(1080, 1920), **options) -> TicketKioskView:
    view = TicketKioskView(ctx, **options)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def tiles(view) -> list[str]:
    page = view.stack.currentWidget()
    return [t.text() for t in page.findChildren(TouchTile) if t.isVisibleTo(page)]


def tap_tile(qtbot, view, text: str) -> None:
    page = view.stack.currentWidget()
    tile = next(t for t in page.findChildren(TouchTile) if t.text() == text and t.isVisibleTo(page))
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)


def tap(qtbot, view, text: str) -> None:
    """Press the visible button labelled ``text`` on the current screen (or the header)."""
    buttons = [b for b in view.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert buttons, f"no button {text!r} on screen {view.screen}"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


def take(qtbot, view, gerai: str, service_name: str, priority: str | None) -> bool:
    """The whole touch flow; returns whether the ticket printed."""
    tap(qtbot, view, "Ambil nomor antrean")
    assert view.screen == "gerai"
    tap_tile(qtbot, view, gerai)
    assert view.screen == "service"
    tap_tile(qtbot, view, service_name)
    assert view.screen == "priority"
    with qtbot.waitSignal(view.printed, timeout=15000) as printed:
        if priority is None:
            tap(qtbot, view, "Tidak, antrean biasa")
        else:
            tap_tile(qtbot, view, priority)
    return printed.args[0]


def test_touching_through_issues_the_ticket_of_that_service_and_priority(qtbot, ctx, session, printer):
    view = kiosk(qtbot, ctx)
    queue.issue_ticket(session, "SAM-PKB")  # someone ahead
    assert take(qtbot, view, "Samsat", "Pembayaran Pajak Kendaraan Bermotor Tahunan dan Pengesahan STNK",
                "Lansia (60 tahun ke atas)") is True
    mine = queue.list_queue(session)[-1]
    assert (mine["service"], mine["priority"], mine["ticket"]) == ("SAM-PKB", "lansia", "K-002")
    assert view.screen == "ticket"
    assert view.number_label.text() == "K-002"
    assert "ambil tiket" in view.print_status.text()
    assert b"K-002" in printer.read_bytes()


def test_a_regular_ticket_says_how_many_wait_before_it(qtbot, ctx, session, printer):
    view = kiosk(qtbot, ctx, size=(1366, 768))
    queue.issue_ticket(session, "DUK-KK")
    take(qtbot, view, "Disdukcapil", "Penerbitan Kartu Keluarga", None)
    assert queue.list_queue(session)[-1]["priority"] is None
    assert view.ticket_wait.text() == "1 orang menunggu sebelum Anda."


def test_the_kiosk_issues_through_its_one_seam(qtbot, ctx, session, printer, monkeypatch):
    seen = []
    real = ticket_kiosk.issue

    def recording(s, service_code, priority):
        seen.append((service_code, priority))
        return real(s, service_code, priority)

    monkeypatch.setattr(ticket_kiosk, "issue", recording)
    view = kiosk(qtbot, ctx)
    take(qtbot, view, "Imigrasi", "Penerbitan Paspor Biasa (Non-Elektronik)", "Ibu hamil")
    assert seen == [("IMI-PASPOR", "ibu_hamil")]


def test_a_second_tap_while_the_first_is_served_issues_nothing_more(qtbot, ctx, session, printer):
    view = kiosk(qtbot, ctx)
    tap(qtbot, view, "Ambil nomor antrean")
    tap_tile(qtbot, view, "SKCK Polres")
    tap_tile(qtbot, view, "Penerbitan Surat Keterangan Catatan Kepolisian (SKCK)")
    with qtbot.waitSignal(view.printed, timeout=15000):
        view.choose_regular()
        view.choose_regular()
    assert [t["service"] for t in queue.list_queue(session)] == ["POL-SKCK"]


def test_a_printer_fault_keeps_the_big_number_on_screen_and_says_so(qtbot, ctx, session, tmp_path):
    set_setting(session, "printer@K1", f"file:{tmp_path}/no/such/dir/printer.bin")
    view = kiosk(qtbot, ctx, ticket_ms=50, print_failed_ms=60_000)
    assert take(qtbot, view, "Disdukcapil", "Penerbitan Akta Kelahiran", None) is False
    assert view.number_label.text() == "C-001"
    assert "tidak dapat dicetak" in view.print_status.text()
    assert view.done_timer.interval() == 60_000
    qtbot.wait(300)  # far past the time a printed ticket stays
    assert view.screen == "ticket" and view.number_label.text() == "C-001"
    assert queue.list_queue(session)[0]["ticket"] == "C-001"  # the ticket is kept


def test_a_printed_ticket_goes_back_to_the_start_by_itself(qtbot, ctx, session, printer):
    view = kiosk(qtbot, ctx, ticket_ms=50)
    take(qtbot, view, "Disdukcapil", "Penerbitan Akta Kelahiran", None)
    qtbot.waitUntil(lambda: view.screen == "welcome", timeout=5000)


def test_a_kiosk_left_halfway_goes_back_to_the_start(qtbot, ctx, session):
    view = kiosk(qtbot, ctx, idle_ms=50)
    tap(qtbot, view, "Ambil nomor antrean")
    tap_tile(qtbot, view, "Samsat")
    qtbot.waitUntil(lambda: view.screen == "welcome", timeout=5000)
    assert queue.list_queue(session) == []


def test_back_goes_one_screen_back(qtbot, ctx):
    view = kiosk(qtbot, ctx)
    tap(qtbot, view, "Ambil nomor antrean")
    tap_tile(qtbot, view, "Samsat")
    assert "Balik Nama Kendaraan Bermotor (Mutasi Kepemilikan)" in tiles(view)
    tap(qtbot, view, "‹ Kembali")
    assert view.screen == "gerai" and "PDAM" in tiles(view)


# ------------------------------------------------------------------ online bookings
@pytest.fixture
def booking_code(session, tmp_path):
    """A booking made on the portal's public page, pulled into this kiosk's database."""
    db = Database(tmp_path / "portal.sqlite3")
    service.add_site(db, "MPP-TEST", "MPP Uji Coba")
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(db, catalog_file, "MPP-TEST")
    booking = content.create_booking(db, {"site": "MPP-TEST", "service": "DUK-AKL", "date": "2026-03-16",
                                          "name": "Ani", "nik": "3273015508900002", "sex": "P",
                                          "birth_place": "Bandung", "phone": "081234567890"})
    events, _ = service.site_events(db, "MPP-TEST")
    db.close()
    syncstate.apply_events(session, [Event.from_dict(e) for e in events if e["type"] == "booking_created"])
    return booking["code"]


def test_a_scanned_booking_code_checks_in_and_issues_its_ticket(qtbot, ctx, session, printer, booking_code):
    view = kiosk(qtbot, ctx)
    # a keyboard-wedge scanner: the code's keystrokes, then Enter, into the kiosk
    qtbot.keyClicks(view, booking_code.lower())
    assert view.screen == "checkin" and view.code_field.text() == booking_code
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.screen == "priority", timeout=10000)
    with qtbot.waitSignal(view.printed, timeout=15000):
        tap(qtbot, view, "Tidak, antrean biasa")
    ticket = queue.list_queue(session)[0]
    assert (ticket["service"], view.number_label.text()) == ("DUK-AKL", ticket["ticket"])
    held = bookings.get_booking(session, booking_code)["registration_id"]
    app = registration.get_application(session, held)
    assert (app["channel"], app["booking_code"], app["ticket_id"]) == ("online", booking_code, ticket["id"])
    assert "Ani" not in " ".join(t for t in (view.number_label.text(), view.ticket_service.text()))


def type_code(qtbot, view, code: str) -> None:
    tap(qtbot, view, "Sudah mendaftar online? Masukkan kode")
    for key in code:
        tap(qtbot, view, key)
    tap(qtbot, view, "Lanjut ›")
    qtbot.waitUntil(lambda: view.screen == "priority", timeout=10000)


def test_a_booking_typed_on_the_screen_keyboard_and_used_twice(qtbot, ctx, session, printer, booking_code):
    view = kiosk(qtbot, ctx, size=(1366, 768))
    type_code(qtbot, view, booking_code)
    with qtbot.waitSignal(view.printed, timeout=15000):
        tap(qtbot, view, "Tidak, antrean biasa")
    tap(qtbot, view, "Selesai")
    # the second time the core refuses the check-in: no second ticket is left behind
    type_code(qtbot, view, booking_code)
    tap(qtbot, view, "Tidak, antrean biasa")
    qtbot.waitUntil(lambda: view.checkin_error.text() != "", timeout=10000)
    assert view.screen == "checkin"
    assert view.checkin_error.text() == (f"Kode {booking_code} sudah dipakai untuk check-in. Silakan tanyakan "
                                         "petugas informasi.")
    assert len(queue.list_queue(session)) == 1


def test_an_unknown_code_is_refused_on_the_code_screen(qtbot, ctx, session):
    view = kiosk(qtbot, ctx)
    qtbot.keyClicks(view, "ZZZZ-ZZZZ")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.checkin_error.text() != "", timeout=10000)
    assert view.screen == "checkin"
    assert view.checkin_error.text().startswith("Kode ZZZZ-ZZZZ tidak ditemukan")
    tap(qtbot, view, "⌫")
    assert view.code_field.text() == "ZZZZ-ZZZ"
    assert queue.list_queue(session) == []


# ------------------------------------------------------------------ language
def test_english_is_one_tap_away_for_this_visitor_only(qtbot, ctx, session, printer):
    view = kiosk(qtbot, ctx, ticket_ms=50)
    tap(qtbot, view, "English")
    assert view.take_button.text() == "Take a queue number"
    tap(qtbot, view, "Take a queue number")
    assert [b.text() for b in view.findChildren(QPushButton, "language") if b.isVisible()] == ["Bahasa Indonesia"]
    tap_tile(qtbot, view, "Samsat")
    tap_tile(qtbot, view, "Balik Nama Kendaraan Bermotor (Mutasi Kepemilikan)")
    assert "Senior citizen (60 or older)" in tiles(view)
    with qtbot.waitSignal(view.printed, timeout=15000):
        tap(qtbot, view, "No, regular queue")
    assert view.ticket_wait.text() == "0 people waiting before you."
    assert "take your ticket" in view.print_status.text()
    # the rest of the process keeps its language
    assert QCoreApplication.translate("TicketKioskView", "Selamat datang") == "Selamat datang"
    qtbot.waitUntil(lambda: view.screen == "welcome", timeout=5000)
    assert view.take_button.text() == "Ambil nomor antrean"  # the next visitor starts in Indonesian


def test_switching_language_keeps_the_screen_and_the_code_typed(qtbot, ctx):
    view = kiosk(qtbot, ctx)
    tap(qtbot, view, "Sudah mendaftar online? Masukkan kode")
    for key in "AB":
        tap(qtbot, view, key)
    tap(qtbot, view, "English")
    assert view.screen == "checkin" and view.code_field.text() == "AB"
    assert any(b.text() == "Next ›" for b in view.findChildren(QPushButton) if b.isVisible())


def test_a_dropped_kiosk_is_freed(qtbot, ctx, session, printer):
    """Bound methods only (tests/ui/test_no_reference_cycles.py): nothing holds a closed kiosk."""
    import gc
    import weakref

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    view = TicketKioskView(ctx)
    view.resize(1366, 768)
    view.show()
    take(qtbot, view, "Samsat", "Balik Nama Kendaraan Bermotor (Mutasi Kepemilikan)", None)
    tap(qtbot, view, "English")  # rebuilt screens: the old ones must go too
    view.hide()
    alive = weakref.ref(view)
    del view
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert alive() is None
