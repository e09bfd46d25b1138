"""The main flow of a counter, through the widgets of the running app, on a real database file:
log in → issue a walk-in ticket → call it → register with a bad then a corrected NIK →
receipt printed → status to finished → SKM in kiosk mode → complaint.

Every step is checked on what the screen shows (labels, banners, table cells)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView

from counter_app import printjobs, users
from counter_app.actors import Actor
from counter_app.site import set_setting
from ui.app import AppController
from ui.context import AppContext

GOOD_NIK = "3273014506900002"
BAD_NIK = "3273019906900002"  # day 99 in the birth date digits


@pytest.fixture
def app_ctl(session, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    users.create_first_admin(session, "admin", "rahasia-admin")
    users.create_user(session.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner")
    set_setting(session, "printer@K1", f"file:{tmp_path / 'printer.bin'}")
    ctx = AppContext(session.store.path)
    ctx.set_pref("counter/name", "Loket 2")
    ctx.set_pref("counter/services", ["DUK-AKL"])
    ctl = AppController(ctx, QApplication.instance())
    yield ctl
    QApplication.instance().removeEventFilter(ctl.idle)
    for widget in (ctl.window, ctl.login):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ctx.close()


def visible_texts(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisible() and w.text()]


def click_text(qtbot, widget, text: str) -> None:
    buttons = [b for b in widget.findChildren(QPushButton) if b.isVisible() and b.text() == text]
    assert len(buttons) == 1, text
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


def test_ticket_call_register_receipt_finish_skm_complaint(qtbot, app_ctl, session, tmp_path):
    ctl = app_ctl
    ctl.start()
    ctl.login.username.setText("rina")
    ctl.login.password.setText("rahasia-rina")
    ctl.login.login_button.click()
    qtbot.waitUntil(lambda: ctl.window is not None and ctl.window.isVisible(), timeout=10000)
    window = ctl.window
    window.resize(1366, 768)

    # 1. A walk-in applicant gets a ticket, printed in the background.
    counter = window.page("counter")
    assert window.current_key() == "counter"
    counter.walk_in_service.setCurrentIndex(counter.walk_in_service.findData("DUK-AKL"))
    qtbot.keyClick(counter, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.banner.text() == "Tiket C-001 tercetak", timeout=10000)
    assert counter.waiting_label.text() == "Antrean menunggu: 1"

    # 2. The officer calls it.
    qtbot.keyClick(counter, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: not counter.busy, timeout=10000)  # the call runs in a worker
    assert counter.number.text() == "C-001"
    assert counter.reason_label.text() == "Alasan dipanggil: urutan antrean"

    # 3. Registration, opened from the console with the ticket filled in.
    qtbot.keyClick(counter, Qt.Key.Key_F8)
    assert window.current_key() == "registration"
    form = window.page("registration")
    assert form.inputs["ticket"].text() == "C-001"
    assert form.inputs["service"].currentData() == "DUK-AKL"
    qtbot.keyClicks(form.inputs["name"], "Siti Nurhaliza")
    form.inputs["nik"].cells[0].setFocus()
    for digit in BAD_NIK:
        qtbot.keyClick(form.focusWidget(), digit)
    nik_error = "tanggal lahir di NIK (digit 7–12: 990690) bukan tanggal yang sah"
    assert nik_error in visible_texts(form)
    form.save()  # refused: nothing saved, the message stays beside the NIK
    assert form.banner.text() == "Belum bisa disimpan: periksa 1 kolom bertanda merah."
    form.inputs["nik"].cells[6].setFocus()
    qtbot.keyClick(form.focusWidget(), "4")
    qtbot.keyClick(form.focusWidget(), "5")
    assert form.inputs["nik"].text() == GOOD_NIK
    assert nik_error not in visible_texts(form)
    for box in form.requirement_boxes:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # the tick box
    assert "Selesai paling lambat: Selasa, 17 Maret 2026." in form.summary.text()

    # 4. Saving prints the receipt.
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "tercetak" in form.banner.text(), timeout=10000)
    reg = form.last_saved["registration_id"]
    assert form.banner.text() == (f"Tersimpan: {reg} (batas waktu: Selasa, 17 Maret 2026). "
                                  f"Tanda terima {reg} tercetak")
    assert reg.encode() in (tmp_path / "printer.bin").read_bytes()
    window.show_page("counter")
    qtbot.keyClick(counter, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: not counter.busy, timeout=10000)
    assert counter.banner.text() == "C-001 selesai dilayani"

    # 5. The application goes through to finished.
    window.show_page("applications")
    apps = window.page("applications")
    qtbot.keyClicks(apps.search, "Siti")
    qtbot.waitUntil(lambda: not apps.busy, timeout=10000)  # the search runs in a worker
    assert apps.detail_id.text() == reg
    for status in ("diverifikasi", "diproses", "selesai"):
        apps.next_status.setCurrentIndex(apps.next_status.findData(status))
        apps.change_button.click()
        qtbot.waitUntil(lambda: not apps.busy, timeout=10000)  # so does the change
    assert apps.detail_status.text() == "Selesai"
    assert apps.timeline.item(apps.timeline.count() - 1).text().endswith("Selesai · rina")
    assert apps.timeline.count() == 4

    # 6. Before the hand-over the applicant rates the service on the SKM kiosk, full screen.
    window.show_page("skm_kiosk")
    kiosk_page = window.page("skm_kiosk")
    kiosk_page.service_box.setCurrentIndex(kiosk_page.service_box.findData("DUK-AKL"))
    kiosk_page.start_kiosk()
    kiosk = kiosk_page.window
    qtbot.waitUntil(lambda: kiosk.isVisible(), timeout=5000)
    assert kiosk.isFullScreen()
    view = kiosk.view
    click_text(qtbot, view, "Mulai")
    for _ in range(9):
        qtbot.mouseClick(view.answer_buttons[3], Qt.MouseButton.LeftButton)
    click_text(qtbot, view, "Lanjut ›")
    click_text(qtbot, view, "Kirim jawaban")
    assert "Terima kasih!" in visible_texts(view)
    shown = " ".join(visible_texts(view))
    assert "Siti" not in shown and GOOD_NIK not in shown  # no personal data on the kiosk
    assert kiosk_page.today_label.text() == "1 (kiosk: 1)"
    kiosk_page.stop_kiosk()
    qtbot.waitUntil(lambda: kiosk_page.window is None, timeout=5000)

    # 7. The applicant also leaves a complaint; the slip is printed in the background.
    window.show_page("complaints")
    desk = window.page("complaints")
    desk.tabs.setCurrentIndex(1)
    desk.new_type.setCurrentIndex(desk.new_type.findData("pengaduan"))
    desk.new_service.setCurrentIndex(desk.new_service.findData("DUK-AKL"))
    qtbot.keyClicks(desk.new_name, "Siti Nurhaliza")
    qtbot.keyClicks(desk.new_text, "Antrean di gerai Disdukcapil lama, papan nomor tidak menyala.")
    click_text(qtbot, desk, "Simpan dan cetak tanda terima")
    assert desk.banner.text().startswith("Pengaduan tercatat dengan nomor lacak ")
    tracking = desk.banner.text().split("nomor lacak ")[1].split(".")[0]
    qtbot.waitUntil(lambda: desk.print_button.isEnabled() and "Mencetak" not in desk.banner.text(),
                    timeout=10000)
    assert desk.banner.text() == f"Tanda terima pengaduan {tracking} tercetak"
    assert tracking.encode() in (tmp_path / "printer.bin").read_bytes()
    assert [(j["kind"], j["status"]) for j in printjobs.list_jobs(session, ref=tracking)] == [("complaint", "printed")]
    table = desk.findChild(QTableView, "complaintTable")
    assert [table.model().index(r, 0).data() for r in range(table.model().rowCount())] == [tracking]
    assert tracking in desk.findChild(QLabel, "complaintDetail").text()
