"""The dashboard's IKM card says whether the day's SKM respondents are enough for its service
users and how many more are needed, in Indonesian and in English."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from counter_app import queue, skm
from counter_app.actors import Actor
from counter_app.skm_sample import required_sample
from ui.app import install_translators
from ui.context import AppContext
from ui.pages.dashboard import DashboardPage


def _day(session, served: int, answers: int) -> None:
    for _ in range(served):
        ticket = queue.issue_ticket(session, "DUK-KTP")
        queue.call_next(session, "1", ["DUK-KTP"])
        queue.finish(session, ticket["id"])
    for _ in range(answers):
        skm.record_response(session, [4, 3, 4, 4, 3, 4, 4, 3, 4], service="DUK-KTP")


def ikm_note(session, qtbot, language: str = "id") -> str:
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"), language=language)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    text = page.findChild(QLabel, "note_ikm").text()
    ctx.close()
    return text


@pytest.fixture
def english(qtbot):
    app = QApplication.instance()
    assert install_translators(app, "en")
    yield
    install_translators(app, "id")


def test_too_few_respondents_show_how_many_more(session, qtbot):
    _day(session, served=8, answers=3)
    need = required_sample(8)
    assert ikm_note(session, qtbot).endswith(f"· 3 responden · kurang {need - 3} lagi (min. {need})")


def test_enough_respondents_say_so(session, qtbot):
    _day(session, served=2, answers=2)
    assert ikm_note(session, qtbot).endswith("· 2 responden · sampel cukup")


def test_a_day_without_service_users_adds_nothing(session, qtbot):
    assert ikm_note(session, qtbot).endswith("· 0 responden")


def test_the_note_is_english_in_english(session, qtbot, english):
    _day(session, served=8, answers=3)
    need = required_sample(8)
    assert ikm_note(session, qtbot, "en").endswith(f"· {need - 3} more needed (min. {need})")
