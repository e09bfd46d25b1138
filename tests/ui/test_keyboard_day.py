"""A whole working day by keyboard only, in Indonesian and in English (issue 16).

Log in → issue a walk-in ticket → call it → register the applicant with Tab in the paper
form's order → the receipt prints → finish → an online booking checked in → a printer fault
and the reprint → the SKM kiosk → a complaint → log in as the supervisor → the day's sign-off.

Only key presses reach the app: every press goes to the widget that has the focus, as a
keyboard would send it. What each step did is checked in the core's records (so the test
reads the same in both languages) and on the screen where the screen is the point.
"""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton

from counter_app import complaints, printjobs, queue, registration, skm, syncstate, users
from counter_app.actors import Actor
from counter_app.events import Event
from counter_app.reports import signoff
from counter_app.site import set_setting
from ui.app import AppController
from ui.context import AppContext

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NIK = "3273014506900002"  # a woman born 5 June 1990


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """Each character to whatever has the focus then (the NIK boxes move it along)."""
    for char in text:
        qtbot.keyClicks(focused(), char)


def shown_window(qtbot, window) -> None:
    """A new window is up: the window manager gives it the keyboard (offscreen Qt has none)."""
    qtbot.waitUntil(window.isVisible, timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def tab_to(qtbot, wanted, limit: int = 60) -> None:
    """Press Tab until ``wanted`` (a widget or a predicate on the focused widget) has the focus."""
    test = wanted if callable(wanted) and not hasattr(wanted, "hasFocus") else (lambda w: w is wanted)
    for _ in range(limit):
        if test(focused()):
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted!r} (last: {focused()!r})")


@pytest.fixture
def booking(session, tmp_path):
    """An online booking made on the portal's page, pulled into this counter."""
    from counter_app.catalog import demo_catalog_rows
    from sync.portal import content, service
    from sync.portal.db import Database

    db = Database(tmp_path / "portal.sqlite3")
    service.add_site(db, "MPP-TEST", "MPP Uji Coba")
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(db, catalog_file, "MPP-TEST")
    made = content.create_booking(db, {"site": "MPP-TEST", "service": "DUK-AKL", "date": "2026-03-16",
                                       "name": "Ani Rahmawati", "nik": "3273015508900002", "sex": "P",
                                       "birth_place": "Bandung", "phone": "081234567890"})
    events, _ = service.site_events(db, "MPP-TEST")
    db.close()
    syncstate.apply_events(session, [Event.from_dict(e) for e in events if e["type"] == "booking_created"])
    return made["code"]


@pytest.fixture(params=["id", "en"])
def day(request, session, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    users.create_first_admin(session, "admin", "rahasia-admin")
    admin = session.as_actor(Actor("admin", "admin"))
    users.create_user(admin, "rina", "rahasia-rina", "frontliner", full_name="Rina Kartika")
    users.create_user(admin, "sari", "rahasia-sari", "supervisor", full_name="Sari Wulandari")
    printer = tmp_path / "printer.bin"
    set_setting(session, "printer@K1", f"file:{printer}")
    ctx = AppContext(session.store.path)
    ctx.set_pref("language", request.param)
    ctx.set_pref("counter/name", "Loket 2")
    ctx.set_pref("counter/services", ["DUK-AKL"])
    ctl = AppController(ctx, QApplication.instance())
    yield ctl, printer, request.param
    QApplication.instance().removeEventFilter(ctl.idle)
    for widget in (ctl.window, ctl.login):
        if widget is not None:
            if hasattr(widget, "ask_before_closing"):
                widget.ask_before_closing = False
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ctx.close()
    from ui.app import install_translators

    install_translators(QApplication.instance(), "id")


def log_in(qtbot, ctl, username: str, password: str) -> None:
    qtbot.waitUntil(lambda: ctl.login is not None and ctl.login.isVisible(), timeout=10000)
    shown_window(qtbot, ctl.login)
    tab_to(qtbot, ctl.login.username)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, username)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is ctl.login.password
    type_text(qtbot, password)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctl.window is not None and ctl.window.isVisible()
                    and ctl.ctx.actor.username == username, timeout=10000)


def test_a_whole_day_by_keyboard(qtbot, day, session, booking):
    ctl, printer, language = day
    ctl.start()
    log_in(qtbot, ctl, "rina", "rahasia-rina")
    window = ctl.window
    window.resize(1366, 768)
    shown_window(qtbot, window)
    counter = window.page("counter")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)

    # 1. a walk-in ticket for this counter's service (its first in the list), printed
    press(qtbot, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: len(queue.list_queue(session, status="waiting")) == 1 and not counter.busy,
                    timeout=10000)
    qtbot.waitUntil(lambda: b"C-001" in printer.read_bytes() if printer.exists() else False, timeout=10000)

    # 2. call it
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.number.text() == "C-001", timeout=10000)

    # 3. register the applicant, Tab in the paper form's order
    press(qtbot, Qt.Key.Key_F8)
    form = window.page("registration")
    assert window.current_key() == "registration" and form.inputs["ticket"].text() == "C-001"
    tab_to(qtbot, form.inputs["name"])
    type_text(qtbot, "Siti Nurhaliza")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() in form.inputs["nik"].cells
    type_text(qtbot, NIK)
    assert form.inputs["nik"].text() == NIK
    press(qtbot, Qt.Key.Key_Tab)
    assert isinstance(focused(), QRadioButton)
    press(qtbot, Qt.Key.Key_Right)  # Laki-laki → Perempuan, as on the paper
    press(qtbot, Qt.Key.Key_Space)
    assert form.inputs["sex"].checkedButton().property("value") == "P"
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Bandung")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "05-06-1990")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Jl. Merdeka No. 10, Bandung")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "081234567890")
    press(qtbot, Qt.Key.Key_Tab)
    boxes = list(form.requirement_boxes)
    assert boxes and focused() is boxes[0], "Tab from the phone goes to the first requirement"
    for box in boxes:
        assert focused() is box
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)
    assert all(b.isChecked() for b in boxes if isinstance(b, QCheckBox))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: form.last_saved is not None, timeout=10000)
    reg = form.last_saved["registration_id"]
    app = registration.get_application(session, reg)
    assert (app["name"], app["nik"], app["sex"], app["birth_place"], app["birth_date"]) == (
        "Siti Nurhaliza", NIK, "P", "Bandung", "1990-06-05")
    qtbot.waitUntil(lambda: reg.encode() in printer.read_bytes(), timeout=10000)  # 4. the receipt

    # 5. back on the console, finish the ticket
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_key() == "counter"
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: queue.get_ticket(session, "C-001").status == "finished", timeout=10000)
    qtbot.waitUntil(lambda: not counter.busy, timeout=10000)

    # 6. the next applicant booked online: a ticket, the call, the booking checked in
    press(qtbot, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: len(queue.list_queue(session, status="waiting")) == 1 and not counter.busy,
                    timeout=10000)
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.number.text() == "C-002" and not counter.busy, timeout=10000)
    press(qtbot, Qt.Key.Key_B, CTRL)
    shown_window(qtbot, counter.booking_dialog)
    assert focused() is counter.booking_dialog.code
    type_text(qtbot, booking)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.booking_dialog.isVisible(), timeout=10000)
    booked = [a for a in registration.list_applications(session) if a["name"] == "Ani Rahmawati"]
    assert len(booked) == 1 and booked[0]["channel"] == "online"
    shown_window(qtbot, window)
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: queue.get_ticket(session, "C-002").status == "finished", timeout=10000)
    qtbot.waitUntil(lambda: not counter.busy, timeout=10000)

    # 7. the printer fails on the next ticket; once it is back, Ctrl+P reprints the slip
    broken = printer.parent / "no-such-dir" / "printer.bin"
    set_setting(session, "printer@K1", f"file:{broken}")
    press(qtbot, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: len(queue.list_queue(session, status="waiting")) == 1, timeout=10000)
    third = queue.get_ticket(session, "C-003").id
    qtbot.waitUntil(lambda: "failed" in [j["status"] for j in printjobs.list_jobs(session, kind="ticket", ref=third)],
                    timeout=10000)
    set_setting(session, "printer@K1", f"file:{printer}")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.number.text() == "C-003" and not counter.busy, timeout=10000)
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: b"C-003" in printer.read_bytes(), timeout=10000)
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: queue.get_ticket(session, "C-003").status == "finished", timeout=10000)
    qtbot.waitUntil(lambda: not counter.busy, timeout=10000)

    # 8. the applicant rates the service on the SKM kiosk: keys 1–4 and Enter
    press(qtbot, Qt.Key.Key_4, CTRL)
    assert window.current_key() == "skm_kiosk"
    page = window.page("skm_kiosk")
    tab_to(qtbot, page.start_button)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.window is not None, timeout=5000)
    shown_window(qtbot, page.window)
    kiosk = page.window.view
    qtbot.keyClick(kiosk, Qt.Key.Key_Return)  # the kiosk has the whole screen and the keys
    for _ in range(len(skm.questionnaire()["unsur"])):
        qtbot.keyClick(kiosk, Qt.Key.Key_4)
    qtbot.keyClick(kiosk, Qt.Key.Key_Return)  # the profile may be skipped
    assert focused() is kiosk.suggestion  # the suggestion box, where Ctrl+Enter sends
    type_text(qtbot, "Ruang tunggu nyaman.")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: len(skm.list_responses(session)) == 1, timeout=5000)
    qtbot.keyClick(page.window, Qt.Key.Key_Q, CTRL | SHIFT)
    qtbot.waitUntil(lambda: page.window is None, timeout=5000)

    # 9. a complaint, written at the counter
    shown_window(qtbot, window)
    press(qtbot, Qt.Key.Key_6, CTRL)
    desk = window.page("complaints")
    tab_to(qtbot, lambda w: desk.tabs.isAncestorOf(w))
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # Ctrl+Tab: the "new complaint" tab
    assert desk.tabs.currentIndex() == 1
    tab_to(qtbot, desk.new_name)
    type_text(qtbot, "Siti Nurhaliza")
    tab_to(qtbot, desk.new_text)
    type_text(qtbot, "Papan nomor antrean di gerai Disdukcapil tidak menyala.")
    tab_to(qtbot, desk.file_button)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(complaints.list_complaints(session)) == 1, timeout=10000)

    # 10. the supervisor signs the day off
    shown_window(qtbot, window)
    press(qtbot, Qt.Key.Key_L, CTRL)  # lock; the supervisor logs in
    log_in(qtbot, ctl, "sari", "rahasia-sari")
    window = ctl.window
    shown_window(qtbot, window)
    press(qtbot, Qt.Key.Key_7, CTRL)
    assert window.current_key() == "dashboard"
    dashboard = window.page("dashboard")
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: dashboard.signoff_dialog is not None, timeout=5000)
    dialog = dashboard.signoff_dialog
    shown_window(qtbot, dialog)
    tab_to(qtbot, dialog.inputs["supervisor"])
    type_text(qtbot, "Sari Wulandari")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.inputs["verifier"]
    type_text(qtbot, "Budi Santoso")
    press(qtbot, Qt.Key.Key_Return)
    today = session.today()
    qtbot.waitUntil(lambda: signoff.get_signoff(session, today) is not None, timeout=10000)
    signed = signoff.get_signoff(session, today)
    assert (signed["supervisor_name"], signed["verifier_name"]) == ("Sari Wulandari", "Budi Santoso")
