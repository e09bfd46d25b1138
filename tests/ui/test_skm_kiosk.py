"""The SKM kiosk driven by touches: a full response saved, resets, no personal data shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from counter_app import skm
from counter_app.actors import Actor
from ui.context import AppContext
from ui.kiosk import SkmKioskView, SkmKioskWindow


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path)
    yield context
    context.close()


@pytest.fixture
def kiosk(ctx, qtbot):
    view = SkmKioskView(ctx, "DUK-KTP", idle_ms=60_000, thanks_ms=60_000)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def tap(qtbot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def button(view, text: str) -> QPushButton:
    matches = [b for b in view.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert len(matches) == 1, f"{text!r}: {[b.text() for b in view.findChildren(QPushButton) if b.isVisible()]}"
    return matches[0]


def answer_texts(view) -> list[str]:
    return [b.text() for b in view.answer_buttons]


def responses(session) -> list:
    return session.store.query("SELECT * FROM skm_responses")


def test_every_unsur_shows_its_four_labelled_answers(qtbot, kiosk):
    tap(qtbot, kiosk.start_button)
    for unsur in skm.questionnaire()["unsur"]:
        assert kiosk.question_label.text() == unsur["question"]
        assert answer_texts(kiosk) == unsur["answers"]
        tap(qtbot, kiosk.answer_buttons[2])
    assert kiosk.screen == "profile"


def test_a_respondent_answers_everything_by_touch_and_it_is_saved(qtbot, kiosk, session):
    tap(qtbot, button(kiosk, "Mulai"))
    scores = [4, 3, 3, 4, 2, 4, 4, 1, 3]
    for i, score in enumerate(scores):
        if i == 4:  # change of mind: back one question, the earlier answer is still marked
            tap(qtbot, button(kiosk, "‹ Kembali"))
            assert kiosk.answer_buttons[scores[3] - 1].isChecked()
            tap(qtbot, kiosk.answer_buttons[scores[3] - 1])
        tap(qtbot, button(kiosk, skm.questionnaire()["unsur"][i]["answers"][score - 1]))
    tap(qtbot, button(kiosk, "Perempuan"))
    for key in "41":
        tap(qtbot, button(kiosk, key))
    tap(qtbot, button(kiosk, "D4/S1"))
    tap(qtbot, button(kiosk, "Wirausaha"))
    tap(qtbot, button(kiosk, "Lanjut ›"))
    qtbot.keyClicks(kiosk.suggestion, "Ruang tunggu  sejuk")
    with qtbot.waitSignal(kiosk.submitted, timeout=2000):
        tap(qtbot, button(kiosk, "Kirim jawaban"))
    assert kiosk.screen == "thanks"
    [row] = responses(session)
    assert [row[f"u{i}"] for i in range(1, 10)] == scores
    assert (row["entry_mode"], row["service_code"], row["age"], row["sex"]) == ("kiosk", "DUK-KTP", 41, "P")
    assert (row["education"], row["occupation"], row["suggestion"]) == ("D4/S1", "Wirausaha", "Ruang tunggu sejuk")


def test_after_thanks_it_resets_for_the_next_person(qtbot, ctx, session):
    view = SkmKioskView(ctx, None, idle_ms=60_000, thanks_ms=30)
    qtbot.addWidget(view)
    view.show()
    tap(qtbot, view.start_button)
    for _ in range(9):
        tap(qtbot, view.answer_buttons[3])
    tap(qtbot, button(view, "Laki-laki"))
    tap(qtbot, button(view, "Lanjut ›"))
    qtbot.keyClicks(view.suggestion, "antre lama")
    with qtbot.waitSignal(view.reset_done, timeout=3000):
        tap(qtbot, button(view, "Kirim jawaban"))
    assert view.screen == "welcome"
    tap(qtbot, view.start_button)
    assert not any(b.isChecked() for b in view.answer_buttons)  # nothing of the last person
    assert view.suggestion.toPlainText() == "" and view.sex.value is None
    assert len(responses(session)) == 1


def test_an_abandoned_questionnaire_is_dropped_after_idle_time(qtbot, ctx, session):
    view = SkmKioskView(ctx, None, idle_ms=50)
    qtbot.addWidget(view)
    view.show()
    tap(qtbot, view.start_button)
    tap(qtbot, view.answer_buttons[0])
    tap(qtbot, view.answer_buttons[1])
    assert view.screen == "question"
    qtbot.waitUntil(lambda: view.screen == "welcome", timeout=3000)
    assert view.answers == {} and responses(session) == []


def test_an_invalid_profile_is_explained_and_nothing_saved(qtbot, kiosk, session):
    tap(qtbot, kiosk.start_button)
    for _ in range(9):
        tap(qtbot, button(kiosk, "Lewati pertanyaan ini"))
    tap(qtbot, button(kiosk, "Lanjut ›"))
    tap(qtbot, button(kiosk, "Kirim jawaban"))
    assert "minimal satu unsur harus dijawab" in kiosk.error_label.text()
    tap(qtbot, button(kiosk, "‹ Kembali"))
    tap(qtbot, button(kiosk, "5"))
    tap(qtbot, button(kiosk, "Lanjut ›"))
    tap(qtbot, button(kiosk, "Kirim jawaban"))
    assert "usia harus 10–120 tahun" in kiosk.error_label.text()
    assert kiosk.screen == "suggestion" and responses(session) == []


def test_no_personal_data_is_ever_on_the_kiosk(qtbot, ctx, session):
    ctx.set_actor(Actor("sri.wahyuni", "frontliner"))
    view = SkmKioskView(ctx, "DUK-KTP")
    qtbot.addWidget(view)
    view.show()
    seen = []
    for step in range(12):
        seen += [w.text() for w in view.findChildren(QLabel) + view.findChildren(QPushButton) if w.isVisible()]
        if view.screen == "welcome":
            tap(qtbot, view.start_button)
        elif view.screen == "question":
            tap(qtbot, view.answer_buttons[step % 4])
    text = " ".join(seen).lower()
    assert "sri" not in text and "wahyuni" not in text and "nik" not in text


def test_the_kiosk_window_ignores_escape_and_leaves_on_ctrl_shift_q(qtbot, ctx):
    window = SkmKioskWindow(ctx)
    qtbot.addWidget(window)
    window.showFullScreen()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_the_page_starts_and_stops_the_full_screen_kiosk_and_counts_today(qtbot, ctx, session):
    from ui.pages.skm_kiosk import SkmKioskPage

    page = SkmKioskPage(ctx)
    qtbot.addWidget(page)
    page.service_box.setCurrentIndex(page.service_box.findData("DUK-KK"))
    assert page.findChild(QLabel, "kioskToday").text() == "0 (kiosk: 0)"
    tap(qtbot, page.start_button)
    assert page.window is not None and page.window.isFullScreen()
    view = page.window.view
    tap(qtbot, view.start_button)
    for _ in range(9):
        tap(qtbot, view.answer_buttons[2])
    tap(qtbot, button(view, "Lanjut ›"))
    tap(qtbot, button(view, "Kirim jawaban"))
    assert page.findChild(QLabel, "kioskToday").text() == "1 (kiosk: 1)"
    assert responses(session)[0]["service_code"] == "DUK-KK"
    tap(qtbot, page.stop_button)
    qtbot.waitUntil(lambda: page.window is None, timeout=2000)
    assert page.start_button.isEnabled()


def test_the_kiosk_has_an_english_translation_and_the_hall_screen_stays_indonesian(qtbot, ctx):
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QTranslator

    import resources
    from ui.call_display import CallDisplayView

    translator = QTranslator()
    assert translator.load(str(Path(resources.__file__).parent / "i18n" / "ui_kiosk_en.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        view = SkmKioskView(ctx)
        qtbot.addWidget(view)
        board = CallDisplayView(ctx)
        qtbot.addWidget(board)
        assert view.start_button.text() == "Start"
        # a public screen (issue 16): Indonesian whatever the officer's language
        assert board.findChild(QLabel, "calledCounter").text() == "Silakan menunggu nomor Anda dipanggil"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_a_numeric_keypad_answers_too(qtbot, kiosk, session):
    qtbot.keyClick(kiosk, Qt.Key.Key_Return)
    assert kiosk.screen == "question"
    for key in "43":
        qtbot.keyClick(kiosk, key)
    qtbot.keyClick(kiosk, Qt.Key.Key_Backspace)  # change of mind on U2
    for key in "2342443" + "1":
        qtbot.keyClick(kiosk, key)
    assert kiosk.screen == "profile"
    qtbot.keyClick(kiosk, Qt.Key.Key_Return)
    with qtbot.waitSignal(kiosk.submitted, timeout=2000):
        tap(qtbot, button(kiosk, "Kirim jawaban"))
    [row] = responses(session)
    assert [row[f"u{i}"] for i in range(1, 10)] == [4, 2, 3, 4, 2, 4, 4, 3, 1]
