"""The paper-style registration form driven through its widgets: boxes, messages, fee and
deadline, keyboard order, transcription mode, saving with a printed receipt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QMessageBox

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
    assert [b.text() for b in boxes] == [
        "KTP-el asli", "Kartu Keluarga asli",
        "Akta kelahiran, ijazah, buku nikah, atau surat baptis asli (memuat nama, tempat/tanggal lahir,"
        " dan nama orang tua)",
        "Paspor lama asli (untuk penggantian) (bila berlaku)",
        "Surat penetapan ganti nama dari pejabat berwenang (jika ada perubahan nama) (bila berlaku)"]
    assert page.summary.text().startswith("Biaya: Rp 650.000. Persyaratan belum lengkap, kurang: KTP-el asli; "
                                          "Kartu Keluarga asli; Akta kelahiran")
    assert "Selesai paling lambat" not in page.summary.text()
    for box in boxes[3:]:  # the documents of a case only never complete the file on their own
        box.click()
    assert "belum lengkap" in page.summary.text()
    for box in boxes[:2]:
        box.click()
    assert page.summary.text().startswith("Biaya: Rp 650.000. Persyaratan belum lengkap, kurang: Akta kelahiran")
    boxes[2].click()
    # Monday 16 March 2026 + 4 working days, over Nyepi, Lebaran and cuti bersama.
    complete = ("Persyaratan lengkap. Biaya: Rp 650.000. Waktu penyelesaian: 4 hari kerja. "
                "Selesai paling lambat: Jumat, 27 Maret 2026.")
    assert page.summary.text() == complete
    for box in boxes[3:]:  # and are not needed: the three mandatory ones complete it
        box.click()
    assert page.summary.text() == complete
    choose_service(qtbot, page, "DUK-KTP")
    assert len(requirement_boxes(page)) == 4
    assert page.summary.text().startswith(
        "Biaya: Gratis. Persyaratan belum lengkap, kurang: Kartu Keluarga asli atau fotokopi.")


def test_one_of_groups_are_shown_together_and_one_member_is_enough(qtbot, page, session):
    choose_service(qtbot, page, "DUK-AKL")
    heads = [w for w in page.findChildren(QLabel, "oneOfHead") if w.isVisible()]
    assert [h.text() for h in heads] == ["Salah satu dari:"]
    boxes = requirement_boxes(page)
    birth_letter, sptjm = boxes[0], boxes[1]
    assert sptjm.property("requirement").startswith("SPTJM kebenaran data kelahiran")
    # the group stands under its heading, where its first member stands on the paper form
    def top_left(widget):
        return widget.mapTo(page, widget.rect().topLeft())
    assert top_left(heads[0]).y() < top_left(birth_letter).y() < top_left(sptjm).y() < top_left(boxes[2]).y()
    assert top_left(birth_letter).x() > top_left(boxes[2]).x()  # indented under its heading
    assert "salah satu dari: Surat keterangan kelahiran" in page.summary.text()
    for box in boxes[2:]:
        box.click()
    assert "belum lengkap" in page.summary.text()
    sptjm.click()  # the SPTJM instead of the birth letter
    assert page.summary.text().startswith("Persyaratan lengkap.")
    qtbot.keyClicks(page.inputs["name"], "Siti Nurhaliza")
    page.inputs["nik"].setText(GOOD_NIK)
    page.inputs["sex"].buttons()[1].click()
    page.save()
    app = get_application(session, page.last_saved["registration_id"])
    assert app["deadline"] == "2026-03-17"  # the legal clock started: the core agrees
    assert birth_letter.property("requirement") not in app["requirements"]


def test_tab_walks_every_field_in_paper_order_from_wherever_the_nik_was_left(qtbot, page):
    choose_service(qtbot, page, "DUK-AKL")
    page.inputs["ticket"].setFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    assert page.focusWidget() is page.inputs["name"]
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    assert page.focusWidget() is page.inputs["nik"].cells[0]
    type_nik(qtbot, page, GOOD_NIK)  # typing leaves the focus in the last box
    assert page.focusWidget() is page.inputs["nik"].cells[15]
    order = []
    for _ in range(12):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        order.append(page.focusWidget())
    male, female = page.inputs["sex"].buttons()
    boxes = requirement_boxes(page)
    assert len(boxes) == 5
    expected = [male, page.inputs["birth_place"], page.inputs["birth_date"], page.inputs["address"],
                page.inputs["phone"], *boxes, page.save_button, page.clear_button]
    assert order == expected
    # and back with Shift+Tab the same way
    back = []
    for _ in range(len(expected) - 1):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backtab)
        back.append(page.focusWidget())
    assert back == expected[-2::-1]
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backtab)
    assert page.focusWidget() is page.inputs["nik"].cells[0]
    page.inputs["nik"].cells[9].setFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backtab)
    assert page.focusWidget() is page.inputs["name"]  # Shift+Tab from inside the NIK leaves it
    screen_order = [f.key for f in REGISTRATION_FORM.fields(include_paper_only=False)]
    assert screen_order == ["service", "ticket", "name", "nik", "sex", "birth_place", "birth_date",
                            "address", "phone", "requirements"]


def test_sex_is_one_tab_stop_with_arrows_between_the_choices(qtbot, page):
    male, female = page.inputs["sex"].buttons()
    page.inputs["nik"].cells[0].setFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    assert page.focusWidget() is male
    qtbot.keyClick(male, Qt.Key.Key_Right)
    assert page.focusWidget() is female
    qtbot.keyClick(female, Qt.Key.Key_Space)
    assert female.isChecked() and not male.isChecked()
    qtbot.keyClick(female, Qt.Key.Key_Left)  # arrows move the tick once one is ticked
    assert page.focusWidget() is male and male.isChecked() and not female.isChecked()
    qtbot.keyClick(male, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.inputs["birth_place"]
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Right)
    female.click()
    page.inputs["birth_place"].setFocus()
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backtab)
    assert page.focusWidget() is female  # Tab lands on the ticked choice
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Backtab)
    assert page.focusWidget() is page.inputs["nik"].cells[0]


def answer_next_dialog(qtbot, key, seen: list[str]) -> None:
    """Press ``key`` on whatever has the focus in the next modal dialog, once it is open."""
    def act():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, act)
            return
        seen.append(box.text())
        qtbot.keyClick(box.focusWidget() or box, key)
    QTimer.singleShot(0, act)


def test_kosongkan_asks_first_and_no_keeps_everything(qtbot, page, session):
    ticket = queue.issue_ticket(session, "DUK-AKL")
    page.receive({"ticket": ticket["ticket"], "service": "DUK-AKL"})
    fill_valid(qtbot, page, "DUK-AKL")
    page.clear_button.setFocus()
    seen: list[str] = []
    answer_next_dialog(qtbot, Qt.Key.Key_Space, seen)  # Space on the default button: No
    qtbot.keyClick(page.clear_button, Qt.Key.Key_Space)
    assert seen == ["Kosongkan semua isian formulir ini? Nomor antrean C-001 tetap terhubung."]
    assert page.inputs["name"].text() == "Siti Nurhaliza"
    assert page.inputs["nik"].text() == GOOD_NIK
    assert all(b.isChecked() for b in requirement_boxes(page))
    answer_next_dialog(qtbot, Qt.Key.Key_Return, seen)  # Enter: the default, No, again
    qtbot.keyClick(page.clear_button, Qt.Key.Key_Space)
    assert page.inputs["name"].text() == "Siti Nurhaliza"
    seen.clear()

    def say_yes():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, say_yes)
            return
        box.button(QMessageBox.StandardButton.Yes).click()
    QTimer.singleShot(0, say_yes)
    assert page.ask_clear()
    assert page.inputs["name"].text() == "" and page.inputs["nik"].text() == ""
    assert page.inputs["service"].currentData() is None
    assert page.inputs["ticket"].text() == "C-001"  # the ticket being served stays linked


def test_a_message_appearing_does_not_move_the_form(qtbot, page):
    male = page.inputs["sex"].buttons()[0]
    watched = [page.paper, male, page.inputs["name"], page.inputs["phone"], page.inputs["nik"].cells[0]]

    def places():
        QApplication.processEvents()
        return [w.mapTo(page, w.rect().topLeft()) for w in watched] + [w.size() for w in watched]

    before = places()
    type_nik(qtbot, page, "3273")  # "NIK harus 16 digit, tertulis 4 digit" beside the NIK
    assert error_beside(page, "nik")
    qtbot.keyClicks(page.inputs["phone"], "12345")
    assert error_beside(page, "phone")
    male.click()  # a man, but the NIK says ...
    page.inputs["nik"].setText(GOOD_NIK)  # ... a woman: the longest message beside the NIK
    assert error_beside(page, "nik").startswith("NIK tidak sesuai jenis kelamin")
    assert places() == before
    page.inputs["phone"].clear()
    page.inputs["sex"].buttons()[1].click()
    assert not error_beside(page, "nik")
    assert places() == before


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


def test_the_rule_marks_and_the_question_are_english_in_english(qtbot, session):
    from ui.app import install_translators

    app = QApplication.instance()
    assert install_translators(app, "en")
    context = AppContext(session.store.path, Actor("rina", "frontliner"), language="en")
    try:
        form = RegistrationPage(context)
        qtbot.addWidget(form)
        form.show()
        choose_service(qtbot, form, "DUK-AKM")  # one group and a case-only document
        assert [w.text() for w in form.findChildren(QLabel, "oneOfHead") if w.isVisible()] == ["One of:"]
        assert [b.text() for b in requirement_boxes(form) if b.text().endswith(")")][-1] == (
            "KTP-el almarhum/almarhumah (jika ada) (if applicable)")
        assert form.summary.text().startswith("Fee: ")
        assert "still missing" in form.summary.text() and "one of: " in form.summary.text()
        seen: list[str] = []
        answer_next_dialog(qtbot, Qt.Key.Key_Escape, seen)
        form.inputs["ticket"].setText("C-001")
        assert not form.ask_clear()
        assert seen == ["Clear every entry on this form? Queue number C-001 stays linked."]
    finally:
        install_translators(app, "id")
        context.close()
