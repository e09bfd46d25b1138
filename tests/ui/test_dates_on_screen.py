"""Dates on screen (issue 16): dd-mm-yyyy in table cells, the long date ("Senin, 16 Maret 2026")
in sentences; never ISO 2026-03-16 in a table of the Applications page or the dashboard."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from counter_app import complaints
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from ui import worker
from ui.context import AppContext
from ui.pages.applications import ApplicationsPage
from ui.pages.dashboard import DashboardPage

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def late_day(session, fixed_now):
    """An application and a complaint from weeks ago (both overdue now), one from today."""
    fixed_now("2026-02-16T09:00:00+07:00")
    late = register(session, RegistrationInput(service="DUK-AKL", name="Hendra Gunawan", nik="3273010305880001",
                                               sex="L", requirements_complete=True))
    complaints.file_complaint(session, type="pengaduan", channel="phone", text="Belum ada jawaban",
                              name="Yuni", phone="081322114455")
    fixed_now("2026-03-16T09:00:00+07:00")
    register(session, RegistrationInput(service="DUK-KK", name="Budi Santoso", nik="3273011208850003", sex="L",
                                        requirements_complete=True))
    return late


def cells(root) -> list[str]:
    """Every header and cell of every table on ``root`` (those on tabs not shown included)."""
    found = []
    for view in root.findChildren(QTableView):
        model = view.model()
        if model is None:
            continue
        columns = model.columnCount(QModelIndex())
        found += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
        found += [str(model.index(r, c).data() or "") for r in range(model.rowCount(QModelIndex()))
                  for c in range(columns)]
    return found


def test_the_applications_table_shows_dd_mm_yyyy(qtbot, session, late_day, language):
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"), language=language)
    try:
        page = ApplicationsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 2, timeout=10_000)
        shown = cells(page)
        assert not [c for c in shown if ISO.search(c)], shown
        deadlines = [page.model.index(r, 5).data() for r in range(2)]
        assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4}", d) for d in deadlines), deadlines
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        ctx.close()


def test_the_dashboards_tables_show_dd_mm_yyyy(qtbot, session, late_day, language):
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"), language=language)
    try:
        page = DashboardPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
        assert page.overdue.rowCount() == 1 and page.complaints.rowCount() == 1
        page.show_conflicts([{"event_id": "e1", "kind": "double_call", "entity_id": "t1",
                              "detail": {"ticket": "A-001", "counter": "2", "held_by": "1", "actor": "budi",
                                         "recorded_at": "2026-03-16T08:06:00+07:00"}}])
        shown = cells(page)
        assert not [c for c in shown if ISO.search(c)], shown
        assert re.fullmatch(r"\d{2}-\d{2}-2026", page.overdue.item(0, 3).text())
        assert page.complaints.item(0, 1).text() == "16-02-2026"
        assert page.conflicts.item(0, 0).text() == ("16-03-2026 08:06" if language == "en" else "16-03-2026 08.06")
        # a sentence keeps the long date: the page's title
        assert page.title.text().endswith("Senin, 16 Maret 2026" if language == "id" else "Monday, 16 March 2026")
    finally:
        ctx.close()
