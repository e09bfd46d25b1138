"""The main window: Alt+F4 while a ticket is served asks first, the window opens inside the
screen's free area, the printer state stays red after a failed print, and the idle lock over
the public SKM kiosk names no officer."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from counter_app import queue, users
from counter_app.actors import Actor
from counter_app.site import set_setting
from ui import printing_bridge
from ui.app import AppController
from ui.context import AppContext
from ui.kiosk import SkmKioskWindow
from ui.main_window import MainWindow, initial_geometry


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    context.set_pref("counter/name", "Loket 3")
    yield context
    context.close()


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.ask_before_closing = False


def question(window) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "confirmQuit")
    return box if box is not None and box.isVisible() else None


def test_closing_while_a_ticket_is_served_asks_and_defaults_to_staying(qtbot, window, session):
    queue.issue_ticket(session, "DUK-KTP")
    called = queue.call_next(session, "Loket 3")
    window.close()  # Alt+F4 / the title bar's ×
    box = question(window)
    assert box is not None and window.isVisible()
    assert f"Tiket {called['ticket']} masih dilayani di Loket 3" in box.text()
    assert box.defaultButton().text() == "Jangan tutup"
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: the app stays
    assert question(window) is None and window.isVisible()

    window.close()
    box = question(window)
    leave = next(b for b in box.buttons() if b.text() == "Tutup aplikasi")
    leave.click()
    assert not window.isVisible()


def test_closing_with_nobody_served_closes_at_once(qtbot, window, session):
    queue.issue_ticket(session, "DUK-KTP")  # waiting, not served
    window.close()
    assert question(window) is None and not window.isVisible()


def test_a_small_screen_opens_maximised_and_a_big_one_centred_inside_it():
    laptop = QRect(0, 0, 1366, 738)  # 1366×768 less a 30-pixel panel
    geometry, maximised = initial_geometry(laptop)
    assert maximised and geometry == laptop
    big = QRect(1920, 0, 2560, 1400)  # a second monitor to the right
    geometry, maximised = initial_geometry(big)
    assert not maximised
    assert big.contains(geometry) and geometry.center() == big.center()
    assert (geometry.width(), geometry.height()) == (1600, 1000)


def test_the_window_opens_maximised_on_a_small_screen_and_fits_a_laptops(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    for key in win.page_keys:  # every page built: the stack is as large as its largest page
        win.show_page(key)
    win.show_on_screen()  # the offscreen test screen is 800×800: a small screen
    qtbot.waitExposed(win)
    assert win.isMaximized()
    laptop = initial_geometry(QRect(0, 0, 1366, 738))[0]
    title_bar = 32
    least = win.minimumSizeHint()
    assert least.width() <= laptop.width() and least.height() <= laptop.height() - title_bar


def test_the_printer_state_stays_failed_until_a_print_succeeds(qtbot, window, ctx, session, tmp_path):
    set_setting(session, "printer", f"file:{tmp_path / 'no-such-folder' / 'printer.bin'}")
    ticket = queue.issue_ticket(session, "DUK-KTP")
    outcomes = []
    printing_bridge.print_ticket(ctx, ticket, outcomes.append, outcomes.append)
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=10_000)
    assert not outcomes[0].ok and outcomes[0].pdf  # the slip was saved as a PDF instead
    label = window.printer_status
    qtbot.waitUntil(lambda: "gagal" in label.text(), timeout=5000)
    assert label.text() == f"Printer: file:{tmp_path / 'no-such-folder' / 'printer.bin'} – gagal mencetak {ticket['ticket']}"
    assert "#b00020" in label.styleSheet() and label.toolTip()
    window.refresh_status()  # the PDF made in its place is no print on paper: still failed
    qtbot.waitUntil(lambda: not window.status_loading, timeout=5000)
    assert "gagal" in label.text()

    set_setting(session, "printer", f"file:{tmp_path / 'printer.bin'}")
    printing_bridge.print_ticket(ctx, ticket, outcomes.append, outcomes.append, reprint=True)
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=10_000)
    assert outcomes[1].ok
    qtbot.waitUntil(lambda: label.text().endswith("– siap"), timeout=5000)
    assert label.styleSheet() == ""


@pytest.fixture
def controller(session, qtbot, monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    users.create_first_admin(session, "admin", "rahasia-admin")
    users.create_user(session.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner", full_name="Rina Marlina")
    context = AppContext(session.store.path)
    app = QApplication.instance()
    ctl = AppController(context, app)
    yield ctl
    app.removeEventFilter(ctl.idle)
    for widget in (ctl.window, ctl.login):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    context.close()


def test_the_idle_lock_over_the_skm_kiosk_names_nobody_and_leaves_the_kiosk_in_front(qtbot, controller):
    controller.start()
    controller.login.username.setText("rina")
    controller.login.password.setText("rahasia-rina")
    controller.login.login_button.click()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10_000)
    page = controller.window.page("skm_kiosk")
    page.start_kiosk()
    kiosk = page.window
    assert isinstance(kiosk, SkmKioskWindow)
    qtbot.waitExposed(kiosk)

    assert controller.idle.check(time.monotonic() + controller.idle.seconds + 1)  # the officer walked away
    assert not controller.window.isVisible()  # the officer's work is hidden ...
    assert controller.login.isVisible() and controller.login.username.text() == ""  # ... under no name
    assert kiosk.isVisible()  # and the citizen's kiosk keeps working
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not any("rina" in edit.text() for w in shown for edit in w.findChildren(QLineEdit))

    qtbot.keyClick(kiosk, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: page.window is None, timeout=5000)
    controller.login.username.setText("rina")
    controller.login.password.setText("rahasia-rina")
    controller.login.login_button.click()
    qtbot.waitUntil(lambda: controller.window.isVisible(), timeout=10_000)


def test_without_a_kiosk_the_lock_keeps_the_officers_name(qtbot, controller):
    controller.start()
    controller.login.username.setText("rina")
    controller.login.password.setText("rahasia-rina")
    controller.login.login_button.click()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10_000)
    controller.lock()
    assert controller.login.username.text() == "rina"
