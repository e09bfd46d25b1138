"""English counts read "1 respondent", "2 respondents" (Qt numerus forms, issue 16): never
"1 respondents" or "1 minutes"; Indonesian has one form."""

from __future__ import annotations

from argon2 import PasswordHasher
from PySide6.QtWidgets import QLabel

from counter_app import skm, users
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from ui import worker
from ui.context import AppContext
from ui.pages.applications import ApplicationsPage
from ui.pages.dashboard import DashboardPage
from ui.pages.settings import SettingsPage

SCORES = [4, 3, 3, 4, 3, 4, 4, 3, 3]


def _dashboard(qtbot, session, language):
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"), language=language)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    return ctx, page


def test_the_dashboard_counts_one_respondent_and_several_respondents(qtbot, session, language):
    skm.record_response(session, SCORES, service="DUK-KTP", entry_mode="kiosk")
    ctx, page = _dashboard(qtbot, session, language)
    try:
        note = page.findChild(QLabel, "note_ikm").text()
        assert ("1 respondent" if language == "en" else "1 responden") in note
        assert "respondents" not in note
        skm.record_response(session, SCORES, service="DUK-KTP", entry_mode="kiosk")
        page.report = None
        page.refresh()
        qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
        note = page.findChild(QLabel, "note_ikm").text()
        assert ("2 respondents" if language == "en" else "2 responden") in note
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        ctx.close()


def test_the_idle_lock_setting_says_minute_or_minutes(qtbot, session, language, monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    users.create_first_admin(session, "admin", "rahasia-admin")
    ctx = AppContext(session.store.path, Actor("admin", "admin"), language=language)
    try:
        page = SettingsPage(ctx)
        qtbot.addWidget(page)
        spin = page.idle_minutes
        spin.setValue(1)
        one = spin.text()
        spin.setValue(5)
        five = spin.text()
        spin.setValue(0)
        zero = spin.text()
        if language == "en":
            assert one == "1 minute (0 = never)"
            assert five == "5 minutes (0 = never)"
            assert zero == "0 minutes (0 = never)"
        else:
            assert (one, five) == ("1 menit (0 = tidak pernah)", "5 menit (0 = tidak pernah)")
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        ctx.close()


def test_the_applications_count_says_application_or_applications(qtbot, session, language, fixed_now):
    register(session, RegistrationInput(service="DUK-KK", name="Budi Santoso", nik="3273011208850003", sex="L",
                                        requirements_complete=True))
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"), language=language)
    try:
        page = ApplicationsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 1, timeout=10_000)
        expected = "1 application, 0 past deadline" if language == "en" else "1 permohonan, 0 lewat batas waktu"
        assert page.count_label.text() == expected
        register(session, RegistrationInput(service="DUK-KK", name="Dewi Lestari", nik="3204054111920004",
                                            sex="P", requirements_complete=True))
        page.refresh()
        qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 2, timeout=10_000)
        assert page.count_label.text().startswith("2 applications" if language == "en" else "2 permohonan")
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        ctx.close()
