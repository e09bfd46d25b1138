"""The calendar in the app (issue 16 Build 1 and 4): 'loket calendar confirm|close|reopen'
had no place in the app, so a supervisor settling Idul Fitri after the isbat session, or
closing the site for a day, had to use the command line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from counter_app import calendar, catalog, registration
from counter_app.actors import Actor
from ui import worker
from ui.context import AppContext
from ui.pages.calendar import CalendarPage

NOW = "2027-03-01T08:00:00+07:00"  # before an Idul Fitri the holidays package only estimates


@pytest.fixture
def page(session, qtbot, fixed_now):
    fixed_now(NOW)
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: worker.pending() == 0 and page.estimated.rowCount() > 0, timeout=10_000)
    yield page
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    ctx.close()


def _row_of(table, day: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == day)


def test_confirming_an_estimated_holiday_settles_the_provisional_deadline(qtbot, page, session):
    slow = next(s.code for s in catalog.list_services(session) if s.effective_days >= 5)
    reg = registration.register(session, registration.RegistrationInput(
        service=slow, name="Rina", nik="3273015508900002", sex="P", requirements_complete=True))
    assert reg["deadline_provisional"]
    estimated = registration.get_application(session, reg["registration_id"])["deadline_estimated"]
    day = estimated[0]
    page.estimated.selectRow(_row_of(page.estimated, day))
    qtbot.keyClick(page, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.busy and "dikonfirmasi" in page.banner.text(), timeout=10_000)
    assert "batas waktu dihitung ulang" in page.banner.text()
    assert {c["day"]: c["kind"] for c in calendar.confirmations(session)}[day] == "holiday"
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    assert all(page.estimated.item(r, 0).data(Qt.ItemDataRole.UserRole) != day
               for r in range(page.estimated.rowCount()))


def test_closing_and_reopening_a_day(qtbot, page, session):
    page.close_date.setDate(QDate(2027, 3, 10))
    page.close_reason.setText("")
    page.close_day()  # no reason: the core's refusal is shown, nothing is recorded
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert "alasan" in page.banner.text() and calendar.closures(session) == []
    page.close_reason.setText("Kerja bakti gedung")
    qtbot.keyClick(page.close_reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.busy and "tutup" in page.banner.text(), timeout=10_000)
    assert [c["day"] for c in calendar.closures(session)] == ["2027-03-10"]
    qtbot.waitUntil(lambda: worker.pending() == 0 and page.closures.rowCount() == 1, timeout=10_000)
    assert page.closures.item(0, 0).text() == "10-03-2027"
    page.closures.selectRow(0)
    page.reopen_day()
    qtbot.waitUntil(lambda: not page.busy and "dibuka kembali" in page.banner.text(), timeout=10_000)
    assert calendar.closures(session) == []


def test_an_officer_without_the_permission_is_refused_by_the_core(qtbot, session, fixed_now):
    fixed_now(NOW)
    ctx = AppContext(session.store.path, Actor("sati", "satellite_officer"))
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    try:
        page.close_date.setDate(QDate(2027, 3, 10))
        page.close_reason.setText("Rapat")
        page.close_day()
        qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
        assert "tidak berwenang" in page.banner.text() and calendar.closures(session) == []
    finally:
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
        ctx.close()
