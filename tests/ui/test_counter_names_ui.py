"""The dashboard's conflicts table says "loket 2" ("counter 2") for a counter named by its
number and "Loket 1" for one named "Loket 1", never "loket Loket 1" (issue 16)."""

from __future__ import annotations

from counter_app.actors import Actor
from ui import worker
from ui.context import AppContext
from ui.pages.dashboard import DashboardPage


def test_a_counter_named_loket_is_not_repeated_in_the_conflicts_table(qtbot, session, language):
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"), language=language)
    try:
        page = DashboardPage(ctx)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
        row = {"event_id": "e1", "kind": "double_call", "entity_id": "t1",
               "detail": {"ticket": "A-001", "counter": "Loket 2", "held_by": "Loket 1", "actor": "budi",
                          "recorded_at": "2026-03-16T08:06:00+07:00"}}
        bare = {**row, "event_id": "e2", "detail": {**row["detail"], "counter": "2", "held_by": "1"}}
        page.show_conflicts([row, bare])
        cells = [[page.conflicts.item(r, c).text() for c in range(page.conflicts.columnCount())]
                 for r in range(2)]
        assert not any("loket loket" in cell.casefold() for line in cells for cell in line), cells
        assert cells[0][3] == "Loket 2 · budi" and cells[0][4] == "Loket 1"
        word = "counter" if language == "en" else "loket"
        assert cells[1][3] == f"{word} 2 · budi" and cells[1][4] == f"{word} 1"
    finally:
        ctx.close()
