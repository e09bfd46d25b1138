"""Transcribing paper SKM questionnaires from the keyboard: 1–4 per unsur, Enter for the next form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from counter_app import printjobs
from ui.context import AppContext
from ui.pages.skm_transcribe import SkmTranscribePage, next_form_number


@pytest.fixture
def page(session, qtbot):
    ctx = AppContext(session.store.path)
    page = SkmTranscribePage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.form_no.setFocus()
    yield page
    ctx.close()


def keys(qtbot, text: str) -> None:
    """Type as a person does: each key goes to whichever field has the focus now."""
    for ch in text:
        key = {"\n": Qt.Key.Key_Return, " ": Qt.Key.Key_Space, "\t": Qt.Key.Key_Tab}.get(ch)
        target = QApplication.focusWidget()
        assert target is not None
        if key is not None:
            qtbot.keyClick(target, key)
        else:
            qtbot.keyClicks(target, ch)


def label(page, name: str) -> str:
    return page.findChild(QLabel, name).text()


def rows(session) -> list:
    return session.store.query("SELECT * FROM skm_responses ORDER BY paper_form_no")


def test_the_printed_form_number_picks_its_service_and_each_score_shows_its_label(qtbot, page, session):
    [first, _second] = printjobs.issue_form_numbers(session, "skm", 2, "DUK-KK")
    keys(qtbot, first + "\t\t")
    assert page.service.currentData() == "DUK-KK"  # the blank form was printed for that service
    assert label(page, "formInfo") == "formulir SKM tercetak Senin, 16 Maret 2026"
    keys(qtbot, "433 24413")  # U4 left blank with a space; every key moves on
    assert label(page, "meaning_U1") == "Sangat sesuai"
    assert label(page, "meaning_U4") == "(tidak dijawab)"
    assert label(page, "meaning_U9") == "Baik"  # U9 has its own words
    assert QApplication.focusWidget() is page.age


def test_scores_and_enter_save_in_paper_order(qtbot, page, session):
    [first, second] = printjobs.issue_form_numbers(session, "skm", 2, "DUK-KK")
    keys(qtbot, first + "\t\t" + "4332-4413" + "52\n")
    [row] = rows(session)
    assert [row[f"u{i}"] for i in range(1, 10)] == [4, 3, 3, 2, None, 4, 4, 1, 3]
    assert (row["entry_mode"], row["paper_form_no"], row["service_code"], row["age"]) == ("paper", first, "DUK-KK", 52)
    # ready for the next sheet of the stack: its number proposed, every answer cleared
    assert page.form_no.text() == second and QApplication.focusWidget() is page.form_no
    assert [c.text() for c in page.cells] == [""] * 9 and page.age.text() == ""
    assert page.banner.text() == f"Formulir {first} tersimpan."
    assert page.recent.item(0, 1).text() == "4 3 3 2 - 4 4 1 3"


def test_other_keys_never_land_in_a_score_cell(qtbot, page):
    page.cells[0].setFocus()
    keys(qtbot, "7a9")
    assert page.cells[0].text() == "" and QApplication.focusWidget() is page.cells[0]
    keys(qtbot, "3")
    assert page.cells[0].text() == "3" and QApplication.focusWidget() is page.cells[1]
    qtbot.keyClick(page.cells[1], Qt.Key.Key_Backspace)  # empty cell: back to the previous one
    assert QApplication.focusWidget() is page.cells[0]


def test_errors_from_the_core_appear_beside_their_fields_and_nothing_is_saved(qtbot, page, session):
    page.cells[0].setFocus()
    keys(qtbot, "4444")
    page.age.setFocus()
    keys(qtbot, "7\n")
    assert label(page, "error_paper_form_no") == "nomor formulir kertas wajib diisi untuk transkripsi"
    assert label(page, "error_age") == "usia harus 10–120 tahun"
    assert page.banner.kind == "error"
    assert rows(session) == []
    page.form_no.setText("SKM-LAMA-0001")  # an older form printed elsewhere is still accepted
    assert label(page, "formInfo") == "tidak tercetak di perangkat ini"
    page.age.setText("70")
    page.age.setFocus()
    keys(qtbot, "\n")
    assert [r["paper_form_no"] for r in rows(session)] == ["SKM-LAMA-0001"]
    assert label(page, "error_age") == ""


@pytest.mark.parametrize(
    ("number", "following"),
    [("F-SKM-MPP-TEST-260316-K1-0007", "F-SKM-MPP-TEST-260316-K1-0008"), ("99", "100"), ("A-09/X", "A-10/X"),
     ("TANPA", "")],
)
def test_next_form_number(number, following):
    assert next_form_number(number) == following


def test_a_form_typed_wrongly_is_withdrawn_with_a_reason_and_typed_again(qtbot, page, session):
    """Build 1 of issue 16: the SKM correction had no place in the app (only 'loket skm void')."""
    [first] = printjobs.issue_form_numbers(session, "skm", 1)
    keys(qtbot, first + "\t\t" + "4332-4413" + "52\n")
    assert session.store.scalar("SELECT count(*) FROM skm_responses") == 1
    page.recent.selectRow(0)
    qtbot.keyClick(page, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.void_dialog is not None and page.void_dialog.isVisible())
    page.void_dialog.setTextValue("")  # no reason: the core refuses, nothing is withdrawn
    page.void_dialog.accept()
    assert "alasan" in page.banner.text() and session.store.scalar("SELECT count(*) FROM skm_responses") == 1
    page.recent.selectRow(0)
    page.ask_void()
    page.void_dialog.setTextValue("salah ketik nilai U3")
    page.void_dialog.accept()
    assert session.store.scalar("SELECT count(*) FROM skm_responses") == 0
    assert page.recent.rowCount() == 0 and page.form_no.text() == first  # typed again from its number
    event = session.store.one("SELECT payload FROM events WHERE type = 'skm_voided'")
    assert "salah ketik nilai U3" in event["payload"]


def test_a_frontliner_is_refused_by_the_core(qtbot, session):
    from counter_app.actors import Actor

    ctx = AppContext(session.store.path, Actor("rina", "frontliner"))
    page = SkmTranscribePage(ctx)
    qtbot.addWidget(page)
    try:
        [first] = printjobs.issue_form_numbers(session, "skm", 1)
        page.form_no.setText(first)
        for cell, score in zip(page.cells, "433244134", strict=True):
            cell.setText(score)
        page.save()  # a frontliner may record answers (skm.record), not withdraw them
        assert page.recent.rowCount() == 1, page.banner.text()
        page.recent.selectRow(0)
        page.ask_void()
        page.void_dialog.setTextValue("salah ketik")
        page.void_dialog.accept()
        assert "tidak berwenang" in page.banner.text()
        assert session.store.scalar("SELECT count(*) FROM skm_responses") == 1
    finally:
        ctx.close()
