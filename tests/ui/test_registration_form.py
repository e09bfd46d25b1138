"""The paper-style registration form driven through its widgets: boxes, messages, fee and
deadline, keyboard order, transcription mode, saving with a printed receipt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QLabel

from counter_app import queue
from counter_app.actors import Actor
from counter_app.forms import REGISTRATION_FORM
from counter_app.registration import get_application
from counter_app.site import set_setting
from ui.context import AppContext
from ui.pages.registration import RegistrationPage

GOOD_NIK = "3273014506900002"  # Jawa Barat, woman born 05-06-1990


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    yield context
    context.close()


@pytest.fixture
def page(ctx, qtbot):
    widget = RegistrationPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose_service(qtbot, page, code: str) -> None:
    combo = page.inputs["service"]
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), code)
    combo.setCurrentIndex(combo.findData(code))


def type_nik(qtbot, page, digits: str) -> None:
    nik = page.inputs["nik"]
    nik.cells[0].setFocus()
    for ch in digits:
        qtbot.keyClick(page.focusWidget(), ch)


def error_beside(page, key: str) -> str:
    label = page.errors[key]
    return label.text() if label.isVisible() else ""


def requirement_boxes(page) -> list[QCheckBox]:
    return [b for b in page.findChildren(QCheckBox) if b.isVisible() and b is not page.transcription]


def test_the_nik_is_sixteen_boxes_filled_by_typing_and_checked_as_you_type(qtbot, page):
    type_nik(qtbot, page, "3273")
    assert page.inputs["nik"].text() == "3273"
    assert error_beside(page, "nik") == "NIK harus 16 digit, tertulis 4 digit"
    for ch in GOOD_NIK[4:]:
        qtbot.keyClick(page.focusWidget(), ch)
    assert [c.text() for c in page.inputs["nik"].cells] == list(GOOD_NIK)
    assert error_beside(page, "nik") == ""
    # Backspace on an empty box goes back one box and clears it.
    page.inputs["nik"].cells[15].setFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backspace)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backspace)
    assert page.inputs["nik"].text() == GOOD_NIK[:14]
    assert "16 digit" in error_beside(page, "nik")


def test_nik_rules_come_from_the_core_and_name_the_rule_in_indonesian(qtbot, page):
    type_nik(qtbot, page, "9973014506900002")
    assert error_beside(page, "nik") == "kode provinsi '99' (digit 1–2) tidak dikenal"
    page.inputs["nik"].setText("3273014506900002")
    page.inputs["sex"].buttons()[0].click()  # Laki-laki, but the NIK says a woman (day + 40)
    assert error_beside(page, "nik").startswith("NIK tidak sesuai jenis kelamin")
    page.inputs["sex"].buttons()[1].click()
    assert error_beside(page, "nik") == ""


def test_phone_and_birth_date_messages_sit_beside_their_fields(qtbot, page):
    qtbot.keyClicks(page.inputs["phone"], "12345")
    assert "diawali 08" in error_beside(page, "phone")
    page.inputs["phone"].clear()
    qtbot.keyClicks(page.inputs["phone"], "081234567890")
    assert error_beside(page, "phone") == ""
    qtbot.keyClicks(page.inputs["birth_date"], "31021990")
    assert "HH-BB-TTTT" in error_beside(page, "birth_date")


def test_requirements_of_the_chosen_service_then_fee_and_deadline_once_complete(qtbot, page):
    choose_service(qtbot, page, "IMI-EPASPOR")
    boxes = requirement_boxes(page)
    assert [b.text() for b in boxes][:2] == ["KTP-el asli", "Kartu Keluarga asli"]
    assert len(boxes) == 5
    assert "Persyaratan diserahkan 0 dari 5" in page.summary.text()
    assert "Selesai paling lambat" not in page.summary.text()
    for box in boxes[:4]:
        box.click()
    assert "4 dari 5" in page.summary.text()
    boxes[4].click()
    # Monday 16 March 2026 + 4 working days, over Nyepi, Lebaran and cuti bersama.
    assert page.summary.text() == ("Persyaratan lengkap. Biaya: Rp 650.000. Waktu penyelesaian: 4 hari kerja. "
                                   "Selesai paling lambat: Jumat, 27 Maret 2026.")
    choose_service(qtbot, page, "DUK-KTP")
    assert len(requirement_boxes(page)) == 4
    assert "0 dari 4" in page.summary.text()


def test_tab_walks_the_fields_in_paper_order(qtbot, page):
    choose_service(qtbot, page, "DUK-AKL")
    page.inputs["ticket"].setFocus()
    order = []
    for _ in range(8):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        order.append(page.focusWidget())
    expected = [page.inputs["name"], page.inputs["nik"].cells[0], page.inputs["sex"].buttons()[0],
                page.inputs["birth_place"], page.inputs["birth_date"], page.inputs["address"],
                page.inputs["phone"], requirement_boxes(page)[0]]
    assert order == expected
    screen_order = [f.key for f in REGISTRATION_FORM.fields(include_paper_only=False)]
    assert screen_order == ["service", "ticket", "name", "nik", "sex", "birth_place", "birth_date",
                            "address", "phone", "requirements"]


def fill_valid(qtbot, page, service="DUK-AKL", tick_all=True):
    choose_service(qtbot, page, service)
    qtbot.keyClicks(page.inputs["name"], "Siti Nurhaliza")
    page.inputs["nik"].setText(GOOD_NIK)
    page.inputs["sex"].buttons()[1].click()
    qtbot.keyClicks(page.inputs["phone"], "0812 3456 7890")
    if tick_all:
        for box in requirement_boxes(page):
            box.click()


def test_saving_shows_the_number_and_prints_the_receipt_in_a_worker(qtbot, page, session, tmp_path):
    printer = tmp_path / "printer.bin"
    set_setting(session, "printer@K1", f"file:{printer}")
    ticket = queue.issue_ticket(session, "DUK-AKL")
    page.receive({"ticket": ticket["ticket"], "service": "DUK-AKL"})
    assert page.inputs["ticket"].text() == "C-001"
    fill_valid(qtbot, page, "DUK-AKL")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "tercetak" in page.banner.text(), timeout=10000)
    reg = page.last_saved["registration_id"]
    assert page.banner.text().startswith(f"Tersimpan: {reg} (batas waktu: Selasa, 17 Maret 2026).")
    app = get_application(session, reg)
    assert (app["name"], app["nik"], app["phone"], app["deadline"]) == (
        "Siti Nurhaliza", GOOD_NIK, "081234567890", "2026-03-17")
    assert printer.read_bytes().count(reg.encode()) >= 1
    assert page.inputs["name"].text() == ""  # ready for the next applicant


def test_saving_an_invalid_form_marks_every_field_and_writes_nothing(qtbot, page, session):
    choose_service(qtbot, page, "DUK-AKL")
    page.save()
    assert page.banner.kind == "error"
    assert error_beside(page, "name") == "Nama pemohon wajib diisi"
    assert error_beside(page, "nik") == "NIK wajib diisi"
    assert page.focusWidget() is page.inputs["name"]
    assert session.store.scalar("SELECT count(*) FROM registrations") == 0


def test_transcription_mode_needs_the_paper_form_number(qtbot, page, session):
    assert not page.form_no.isVisible()
    page.transcription.click()
    assert page.form_no.isVisible() and page.paper_date.isVisible()
    fill_valid(qtbot, page)
    qtbot.keyClicks(page.paper_date, "13032026")
    page.save()
    assert error_beside(page, "paper_form_no") == "nomor formulir kertas wajib diisi untuk transkripsi"
    qtbot.keyClicks(page.form_no, "F-REG-MPP-TEST-260313-K1-0007")
    page.save()
    reg = page.last_saved["registration_id"]
    app = get_application(session, reg)
    assert (app["entry_mode"], app["paper_form_no"], app["paper_date"]) == (
        "paper", "F-REG-MPP-TEST-260313-K1-0007", "2026-03-13")
    assert app["history"][0]["note"] == "formulir kertas F-REG-MPP-TEST-260313-K1-0007"


def test_labels_follow_the_shared_form_layout(page):
    shown = {w.text().rstrip(" *") for w in page.findChildren(QLabel)}
    for field in REGISTRATION_FORM.fields(include_paper_only=False):
        assert field.label in shown
    for section in REGISTRATION_FORM.sections[:3]:
        assert section.title in shown


def test_pasting_a_written_nik_fills_the_boxes(qtbot, page):
    QGuiApplication.clipboard().setText("3273 0145 0690 0002")
    page.inputs["nik"].cells[0].setFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.inputs["nik"].text() == GOOD_NIK
    assert error_beside(page, "nik") == ""
