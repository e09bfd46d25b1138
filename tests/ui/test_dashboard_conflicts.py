"""The dashboard lists the conflicts between devices, and a supervisor marks one settled."""

from __future__ import annotations

import shutil

import pytest

from counter_app import queue
from counter_app.actors import Actor
from counter_app.conflicts import list_conflicts
from counter_app.events import Event
from counter_app.session import Session
from counter_app.site import init_site
from ui.context import AppContext
from ui.pages.dashboard import DashboardPage


def _events(s: Session) -> list[Event]:
    return [Event.from_row(r) for r in s.store.query("SELECT * FROM events ORDER BY seq")]


def _merge(source: Session, target: Session) -> None:
    with target.transaction():
        for e in _events(source):
            target.log.apply_remote(e)


@pytest.fixture
def double_call(session, fixed_now, tmp_path):
    """Counter 1 (this device) and counter 2 (a second PC) both call A-001."""
    shutil.copyfile(session.store.path, tmp_path / "k2.sqlite3")
    k2 = Session.open(tmp_path / "k2.sqlite3")
    with k2.transaction():
        k2.store.conn.execute("UPDATE device SET device_id = 'second-pc'")
    k2.close()
    k2 = Session.open(tmp_path / "k2.sqlite3")
    init_site(k2, site_code=None, site_name=None, device_code="K2", series=1)
    t = queue.issue_ticket(session, "DUK-KTP")
    _merge(session, k2)
    fixed_now("2026-03-16T08:05:00+07:00")
    queue.call_next(session, "1")
    fixed_now("2026-03-16T08:06:00+07:00")
    queue.call_next(k2, "2")
    _merge(k2, session)
    k2.close()
    return t


def test_open_conflicts_are_listed_and_a_supervisor_marks_one_settled(session, double_call, qtbot):
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    try:
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 1, timeout=10_000)
        assert page.tabs.tabText(page.conflict_tab).endswith("(1)")
        cells = [page.conflicts.item(0, c).text() for c in range(page.conflicts.columnCount())]
        assert cells[1] == "tiket dipanggil dua loket" and cells[2] == "A-001"
        assert "loket 2" in cells[3] and cells[4] == "loket 1"
        page.conflicts.selectRow(0)
        page.resolve(page.conflict_rows[0]["event_id"], "pemohon dilayani di loket 1")
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 0, timeout=10_000)
        assert page.tabs.tabText(page.conflict_tab) == "Konflik antarperangkat"
        assert [c["resolved"] for c in list_conflicts(session)] == [True]
    finally:
        ctx.close()


def test_a_frontliner_cannot_settle_a_conflict(session, double_call, qtbot):
    ctx = AppContext(session.store.path, Actor("budi", "frontliner"))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    try:
        qtbot.waitUntil(lambda: page.conflicts.rowCount() == 1, timeout=10_000)
        page.resolve(page.conflict_rows[0]["event_id"], "dibereskan")
        qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=10_000)
        assert [c["resolved"] for c in list_conflicts(session)] == [False]
    finally:
        ctx.close()
