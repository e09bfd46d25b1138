"""The applications page: search, filters, the status timeline, status changes, and overdue
applications shown in red as deemed approved."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.actors import Actor
from counter_app.registration import (
    TRANSITIONS,
    RegistrationInput,
    change_status,
    get_application,
    register,
)
from ui.context import AppContext
from ui.pages.applications import ApplicationsPage, next_statuses

PEOPLE = [("Siti Nurhaliza", "3273014506900002", "P", "DUK-AKL"),
          ("Budi Santoso", "3273011208850003", "L", "DUK-KK"),
          ("Dewi Lestari", "3204054111920004", "P", "IMI-EPASPOR")]


@pytest.fixture
def regs(session, fixed_now):
    """Hendra registered two weeks ago (overdue now), three registered today."""
    fixed_now("2026-03-02T09:00:00+07:00")
    old = register(session, RegistrationInput(service="DUK-AKL", name="Hendra Gunawan",
                                              nik="3273010305880001", sex="L", requirements_complete=True))
    fixed_now()
    made = {"Hendra Gunawan": old["registration_id"]}
    for name, nik, sex, code in PEOPLE:
        made[name] = register(session, RegistrationInput(service=code, name=name, nik=nik, sex=sex,
                                                         requirements_complete=True))["registration_id"]
    return made


@pytest.fixture
def page(session, regs, qtbot):
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"))
    widget = ApplicationsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    yield widget
    ctx.close()


def settle(page) -> None:
    """Wait until the page shows its searches and writes (they run in workers)."""
    deadline = time.monotonic() + 10
    while page.busy and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    assert not page.busy


def rows(page) -> list[list[str]]:
    settle(page)
    model = page.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_overdue_applications_are_red_and_deemed_approved(page, regs):
    table = rows(page)
    first = table[0]
    assert first[0] == regs["Hendra Gunawan"]
    assert first[4] == "Diterima — dianggap disetujui"
    assert page.table.model().index(0, 4).data(Qt.ItemDataRole.ForegroundRole) == QColor("#b3261e")
    assert page.table.model().index(1, 4).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.count_label.text() == "4 permohonan, 1 lewat batas waktu"
    assert page.detail_status.text() == (
        "Diterima — dianggap disetujui menurut hukum (melewati batas waktu)")
    assert "#b3261e" in page.detail_status.styleSheet()


def test_search_by_name_nik_or_number_and_nik_is_masked(qtbot, page, regs):
    qtbot.keyClicks(page.search, "Budi")
    settle(page)
    assert [r[1] for r in rows(page)] == ["Budi Santoso"]
    assert rows(page)[0][2] == "3273********0003"
    page.search.clear()
    qtbot.keyClicks(page.search, "3204054111920004")
    assert [r[1] for r in rows(page)] == ["Dewi Lestari"]
    page.search.clear()
    qtbot.keyClicks(page.search, regs["Siti Nurhaliza"].lower())
    assert [r[0] for r in rows(page)] == [regs["Siti Nurhaliza"]]


def test_filters_by_service_and_deadline(page, regs):
    page.service_filter.setCurrentIndex(page.service_filter.findData("DUK-AKL"))
    assert {r[1] for r in rows(page)} == {"Hendra Gunawan", "Siti Nurhaliza"}
    page.service_filter.setCurrentIndex(0)
    page.deadline_filter.setCurrentIndex(1)  # overdue
    assert [r[1] for r in rows(page)] == ["Hendra Gunawan"]
    page.deadline_filter.setCurrentIndex(2)  # due within 1 working day: DUK-AKL and DUK-KK (0 days)
    assert {r[1] for r in rows(page)} == {"Siti Nurhaliza", "Budi Santoso"}


def test_status_change_adds_to_the_timeline(qtbot, page, regs):
    qtbot.keyClicks(page.search, "Budi")
    settle(page)
    assert page.detail_id.text() == regs["Budi Santoso"]
    assert page.timeline.count() == 1
    assert page.timeline.item(0).text() == "Senin, 16 Maret 2026 08.00 · Diterima · system"
    assert offered(page) == ["diverifikasi", "dikembalikan", "ditolak", "dicabut"]
    page.next_status.setCurrentIndex(page.next_status.findData("diverifikasi"))
    qtbot.keyClicks(page.note, "berkas lengkap")
    page.change_button.click()
    settle(page)
    assert page.banner.text() == f"{regs['Budi Santoso']}: status menjadi Persyaratan diverifikasi"
    assert page.timeline.count() == 2
    assert page.timeline.item(1).text().endswith("Persyaratan diverifikasi · rina · berkas lengkap")
    assert page.detail_status.text() == "Persyaratan diverifikasi"


def test_a_final_status_offers_no_change(page, session, regs):
    change_status(session, regs["Dewi Lestari"], "dicabut")
    page.search.setText("Dewi")
    settle(page)
    assert page.detail_status.text() == "Dicabut pemohon"
    assert not page.change_button.isEnabled()  # a final status offers no change


def offered(page) -> list[str]:
    return [page.next_status.itemData(i) for i in range(page.next_status.count())]


def test_next_statuses_come_in_lifecycle_order_with_nothing_chosen(qtbot, page, session, regs):
    qtbot.keyClicks(page.search, "Budi")
    settle(page)
    reg = regs["Budi Santoso"]
    assert page.next_status.currentIndex() == -1
    assert page.next_status.currentText() == ""
    assert page.next_status.placeholderText() == "Pilih status berikutnya…"
    assert not page.change_button.isEnabled()  # Enter or a click on it changes nothing
    page.change()
    assert get_application(session, reg)["status"] == "diterima"
    # the way forward first, the side exits after it, the withdrawal last
    steps = {"diterima": ["diverifikasi", "dikembalikan", "ditolak", "dicabut"],
             "diverifikasi": ["diproses", "dikembalikan", "ditolak", "dicabut"],
             "diproses": ["selesai", "ditolak", "dicabut"],
             "selesai": ["diserahkan"]}
    for current, expected in steps.items():
        assert get_application(session, reg)["status"] == current
        assert offered(page) == expected == next_statuses(current)
        assert set(expected) == TRANSITIONS[current]  # every move the core allows, no other
        assert page.next_status.currentIndex() == -1  # after every change: nothing chosen again
        if current == "selesai":
            break
        page.next_status.setFocus()
        qtbot.keyClick(page.next_status, Qt.Key.Key_Down)  # the keyboard picks the next step
        assert page.next_status.currentData() == expected[0] and page.change_button.isEnabled()
        page.change_button.click()
        settle(page)


def answer(box_button: QMessageBox.StandardButton | None, seen: list[str]) -> None:
    """Answer the next modal question with ``box_button``, or with Enter (its default) if None."""
    def act():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, act)
            return
        seen.append(box.text())
        if box_button is None:
            box.defaultButton().click()
        else:
            box.button(box_button).click()
    QTimer.singleShot(0, act)


def test_withdrawing_asks_first_and_the_default_answer_keeps_the_application(qtbot, page, session, regs):
    qtbot.keyClicks(page.search, "Budi")
    settle(page)
    reg = regs["Budi Santoso"]
    page.next_status.setCurrentIndex(page.next_status.findData("dicabut"))
    seen: list[str] = []
    answer(None, seen)
    page.change_button.click()
    settle(page)
    assert seen == [f"Ubah status {reg} menjadi “Dicabut pemohon”? Status ini tidak bisa diubah lagi."]
    assert get_application(session, reg)["status"] == "diterima"
    assert page.timeline.count() == 1
    answer(QMessageBox.StandardButton.Yes, seen)
    page.change_button.click()
    settle(page)
    assert get_application(session, reg)["status"] == "dicabut"
    assert page.detail_status.text() == "Dicabut pemohon"
    assert len(seen) == 2


def test_a_step_forward_is_not_asked_about(qtbot, page, session, regs):
    qtbot.keyClicks(page.search, "Budi")
    settle(page)
    page.next_status.setCurrentIndex(page.next_status.findData("diverifikasi"))
    asked: list[str] = []

    def refuse_any_question():  # a question would be asked inside click(): record, say No
        box = QApplication.activeModalWidget()
        if box is not None:
            asked.append(box.text())
            box.defaultButton().click()
    timer = QTimer()
    timer.timeout.connect(refuse_any_question)
    timer.start(20)
    page.change_button.click()
    settle(page)
    timer.stop()
    assert asked == []
    assert get_application(session, regs["Budi Santoso"])["status"] == "diverifikasi"


def test_a_list_longer_than_a_page_shows_the_first_page_and_says_there_are_more(page, regs, monkeypatch):
    from ui.pages import applications

    monkeypatch.setattr(applications, "PAGE_ROWS", 3)
    page.refresh()
    settle(page)
    assert page.model.rowCount() == 3  # of four
    assert page.count_label.text().startswith("3 permohonan pertama") and "persempit" in page.count_label.text()
    page.search.setText("Siti")
    page.refresh()
    settle(page)
    assert page.model.rowCount() == 1
    assert page.count_label.text().startswith("1 permohonan,")
