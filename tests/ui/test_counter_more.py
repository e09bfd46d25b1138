"""The counter console's other actions, through their keys against a real database: restoring a
skipped or no-show ticket (F9), reprinting the slip after a printer fault (Ctrl+P), and checking
in an online booking by its code (Ctrl+B)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from counter_app import queue, syncstate
from counter_app.actors import Actor
from counter_app.catalog import demo_catalog_rows
from counter_app.events import Event
from counter_app.site import set_setting
from sync.portal import content, service
from sync.portal.db import Database
from ui import worker
from ui.context import AppContext
from ui.pages.counter import CounterPage

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    context.set_pref("counter/name", "Loket 3")
    context.set_pref("counter/services", ["DUK-KTP", "DUK-KK", "DUK-AKL"])
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
    return widget


def rows(page) -> list[tuple[str, str]]:
    model = page.table.model()
    return [(model.index(r, 0).data(), model.index(r, 3).data()) for r in range(model.rowCount())]


def press(qtbot, page, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(page, key, modifier)
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def status(session, number: str) -> str:
    return {t["ticket"]: t["status"] for t in queue.list_queue(session)}[number]


# ------------------------------------------------------------------ restore (F9)
def test_f9_lists_the_skipped_tickets_then_restores_the_one_chosen(qtbot, page, session):
    for _ in range(3):
        queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F4)   # A-001 skipped
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F5)   # A-002 no-show
    assert rows(page) == [("A-003", "Menunggu")]
    # the first F9 shows today's skipped/no-show and picks the latest; the second restores it
    press(qtbot, page, Qt.Key.Key_F9)
    assert page.show_closed.isChecked() and page.banner.kind == "warn"
    assert rows(page) == [("A-001", "Dilewati"), ("A-002", "Tidak hadir"), ("A-003", "Menunggu")]
    assert page._selected_ticket() == "A-002"
    press(qtbot, page, Qt.Key.Key_F9)
    assert page.banner.text() == "A-002 dipulihkan ke antrean"
    assert status(session, "A-002") == "waiting" and status(session, "A-001") == "skipped"
    page.table.selectRow(0)
    press(qtbot, page, Qt.Key.Key_F9)
    assert page.banner.text() == "A-001 dipulihkan ke antrean"
    assert status(session, "A-001") == "waiting"
    # Ctrl+L hides the closed ones again
    qtbot.keyClick(page, Qt.Key.Key_L, CTRL)
    assert not page.show_closed.isChecked()
    assert [n for n, _ in rows(page)] == ["A-001", "A-002", "A-003"]


def test_restore_past_the_tolerance_shows_the_cores_refusal(qtbot, page, session, fixed_now):
    fixed_now("2026-03-16T08:00:00+07:00")
    queue.issue_ticket(session, "DUK-KK")
    queue.call_next(session, "Loket 3", ["DUK-KK"])
    queue.skip(session, "B-001")
    set_setting(session, "restore_tolerance_minutes", 10)
    fixed_now("2026-03-16T08:30:00+07:00")
    page.show_closed.setChecked(True)
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)  # the queue is read in a worker
    page.table.selectRow(0)
    press(qtbot, page, Qt.Key.Key_F9)
    assert page.banner.kind == "error"
    assert page.banner.text() == "tiket B-001 sudah lewat batas pemulihan 10 menit"
    assert status(session, "B-001") == "skipped"


def test_f9_with_nothing_skipped_says_so(qtbot, page, session):
    queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F9)
    assert page.banner.kind == "warn" and "Tidak ada tiket yang dilewati" in page.banner.text()
    assert session.store.scalar("SELECT count(*) FROM events WHERE type = 'ticket_restored'") == 0


# ------------------------------------------------------------------ reprint (Ctrl+P)
def test_ctrl_p_reprints_the_slip_after_a_printer_fault(qtbot, page, session, tmp_path):
    set_setting(session, "printer@K1", f"file:{tmp_path}/no/such/dir/printer.bin")
    page.walk_in_service.setCurrentIndex(page.walk_in_service.findData("DUK-KTP"))
    page.issue_button.click()
    qtbot.waitUntil(lambda: "gagal dicetak" in page.banner.text(), timeout=10000)
    printer = tmp_path / "printer.bin"
    set_setting(session, "printer@K1", f"file:{printer}")  # the printer is back
    page.table.selectRow(0)
    qtbot.keyClick(page, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: page.banner.kind == "ok", timeout=10000)
    assert page.banner.text() == "Tiket A-001 tercetak (cetak ulang)"
    assert b"A-001" in printer.read_bytes()
    jobs = session.store.query("SELECT status, reprint, target FROM print_jobs ORDER BY reserved_at, rowid")
    on_paper = [(j["status"], bool(j["reprint"])) for j in jobs if not j["target"].startswith("pdf:")]
    assert on_paper == [("failed", False), ("printed", True)]


def test_ctrl_p_prefers_the_ticket_being_served(qtbot, page, session, tmp_path):
    printer = tmp_path / "printer.bin"
    set_setting(session, "printer@K1", f"file:{printer}")
    queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F2)
    page.table.selectRow(1)  # A-002 chosen, A-001 being served
    qtbot.keyClick(page, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: page.banner.kind == "ok", timeout=10000)
    assert page.banner.text() == "Tiket A-001 tercetak (cetak ulang)"


def test_ctrl_p_with_no_ticket_asks_for_one(qtbot, page, session):
    qtbot.keyClick(page, Qt.Key.Key_P, CTRL)
    assert page.banner.kind == "warn" and "Pilih tiket" in page.banner.text()
    assert session.store.scalar("SELECT count(*) FROM print_jobs") == 0


# ------------------------------------------------------------------ booking check-in (Ctrl+B)
@pytest.fixture
def booking_code(session, tmp_path):
    """A booking made on the portal's public page, pulled into this counter's database."""
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


def open_booking(qtbot, page):
    page.activateWindow()  # back from a dialog
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    qtbot.keyClick(page, Qt.Key.Key_B, CTRL)
    dialog = page.booking_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_a_scanned_code_checks_in_with_the_ticket_being_served(qtbot, page, session, booking_code):
    queue.issue_ticket(session, "DUK-AKL")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F2)
    dialog = open_booking(qtbot, page)
    assert "C-001" in " ".join(w.text() for w in dialog.findChildren(type(page.waiting_label)))
    qtbot.keyClicks(dialog.code, booking_code.lower())  # the scanner types, then Enter
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    reg = session.store.one("SELECT * FROM registrations WHERE booking_code = ?", (booking_code,))
    assert reg is not None and reg["ticket_id"] is not None
    assert page.banner.text() == f"Booking {booking_code} terdaftar: nomor registrasi {reg['id']}"
    assert reg["name"] == "Ani" and reg["channel"] == "online"


def test_an_unknown_or_used_code_is_refused_beside_the_field(qtbot, page, session, booking_code):
    dialog = open_booking(qtbot, page)
    qtbot.keyClicks(dialog.code, "BK-TIDAKADA")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert dialog.isVisible() and not dialog.code.isReadOnly()
    assert "kode pendaftaran 'BK-TIDAKADA' tidak ditemukan" in dialog.error.text()
    dialog.code.setText(booking_code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)  # no ticket served: registered without one
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    reg = session.store.one("SELECT * FROM registrations WHERE booking_code = ?", (booking_code,))
    assert reg["ticket_id"] is None
    again = open_booking(qtbot, page)
    again.code.setText(booking_code)
    qtbot.keyClick(again.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.error.isVisible(), timeout=10000)
    assert f"sudah didaftarkan di loket: {reg['id']}" in again.error.text()
    assert session.store.scalar("SELECT count(*) FROM registrations") == 1


def test_the_new_actions_read_in_english(qtbot, session):
    from PySide6.QtWidgets import QApplication

    from ui.app import install_translators

    app = QApplication.instance()
    assert install_translators(app, "en")
    try:
        context = AppContext(session.store.path, Actor("rina", "frontliner"), language="en")
        english = CounterPage(context)
        qtbot.addWidget(english)
        assert english.buttons["restore"].text() == "Restore  [F9]"
        assert english.buttons["reprint"].text() == "Reprint  [Ctrl+P]"
        assert english.show_closed.text() == "Show skipped/no-show  [Ctrl+L]"
        english.close()
        context.close()
    finally:
        install_translators(app, "id")
