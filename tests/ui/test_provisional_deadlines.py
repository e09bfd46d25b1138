"""A deadline that crosses a holiday the calendar only estimates (Idul Fitri 2027, before the
government fixes it) is shown as provisional (issue 16, Build 4): in the Applications list
("10-03-2027 (sementara)" with a tooltip naming the holiday), in its detail, on the registration
form's summary and in the message after saving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from test_estimated_holidays import IDUL_FITRI

from counter_app import catalog
from counter_app.actors import Actor
from counter_app.calendar import confirm_days
from counter_app.formatting import tanggal_pendek
from counter_app.registration import RegistrationInput, register
from ui import worker
from ui.context import AppContext
from ui.pages.applications import ApplicationsPage
from ui.pages.registration import RegistrationPage

WORDS = {"id": ("(sementara)", "Hari Raya Idul Fitri", "libur perkiraan"),
         "en": ("(provisional)", "Eid al-Fitr", "estimated holiday")}


def slow_service(session):
    return next(s for s in catalog.list_services(session) if s.effective_days >= 5 and s.week == 5)


@pytest.fixture
def before_lebaran(session, fixed_now):
    """Two registrations on the Monday before Idul Fitri 2027: one crosses the estimated days."""
    fixed_now(f"{IDUL_FITRI - timedelta(days=IDUL_FITRI.weekday())}T09:00:00+07:00")
    service = slow_service(session)
    provisional = register(session, RegistrationInput(service=service.code, name="Siti Aminah",
                                                      nik="3273015503850003", sex="P", requirements_complete=True))
    assert provisional["deadline_provisional"] is True
    return provisional


def test_the_applications_list_and_detail_mark_a_provisional_deadline(qtbot, session, before_lebaran, language):
    mark, holiday, why = WORDS[language]
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"), language=language)
    try:
        page = ApplicationsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 1, timeout=10_000)
        cell = page.model.index(0, 5)
        assert cell.data() == f"{tanggal_pendek(before_lebaran['deadline'])} {mark}"
        tip = cell.data(Qt.ItemDataRole.ToolTipRole)
        assert holiday in tip and why in tip.casefold() and tanggal_pendek(IDUL_FITRI) in tip
        assert mark.strip("()") in page.detail_deadline.text() and holiday in page.detail_deadline.text()
        assert holiday in page.detail_deadline.toolTip()
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        ctx.close()


def test_a_confirmed_calendar_takes_the_mark_away(qtbot, session, before_lebaran, fixed_now):
    confirm_days(session, [(IDUL_FITRI, "holiday", None), (IDUL_FITRI + timedelta(1), "holiday", None)])
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"))
    try:
        page = ApplicationsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 1, timeout=10_000)
        cell = page.model.index(0, 5)
        assert "sementara" not in cell.data() and not cell.data(Qt.ItemDataRole.ToolTipRole)
        assert "sementara" not in page.detail_deadline.text() and page.detail_deadline.toolTip() == ""
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        ctx.close()


def test_the_form_and_the_saved_message_say_the_deadline_is_provisional(qtbot, session, fixed_now, language,
                                                                         tmp_path):
    from counter_app.site import set_setting

    set_setting(session, "printer@K1", f"file:{tmp_path / 'printer.bin'}")
    fixed_now(f"{IDUL_FITRI - timedelta(days=IDUL_FITRI.weekday())}T09:00:00+07:00")
    mark, holiday, why = WORDS[language]
    service = slow_service(session)
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"), language=language)
    try:
        page = RegistrationPage(ctx)
        qtbot.addWidget(page)
        page.resize(1366, 900)
        page.show()
        combo = page.inputs["service"]
        combo.setCurrentIndex(combo.findData(service.code))
        qtbot.keyClicks(page.inputs["name"], "Siti Nurhaliza")
        page.inputs["nik"].setText("3273014506900002")
        page.inputs["sex"].buttons()[1].click()
        for box in page.findChildren(QCheckBox):
            if box.isVisible() and box is not page.transcription:
                box.click()
        assert holiday in page.summary.text() and why in page.summary.text()
        page.save()
        saved = page.banner.text()
        assert page.last_saved["deadline_provisional"] is True
        assert holiday in saved and why in saved, saved
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
        assert holiday in page.banner.text()  # still there once the receipt is printed
    finally:
        ctx.close()
