"""The Applications search runs in a worker once typing pauses, and an answer that a newer
search replaced never shows: the list always matches the text in the field."""

from __future__ import annotations

import threading

import pytest

from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from ui import worker
from ui.context import AppContext
from ui.pages import applications
from ui.pages.applications import ApplicationsPage

PEOPLE = [("Siti Nurhaliza", "3273014506900002", "P", "DUK-AKL"),
          ("Budi Santoso", "3273011208850003", "L", "DUK-KK")]


@pytest.fixture
def searches(session, monkeypatch):
    """Every list_applications the page runs: (query, thread name); a query in ``hold`` waits
    for its event before it reads."""
    for name, nik, sex, code in PEOPLE:
        register(session, RegistrationInput(service=code, name=name, nik=nik, sex=sex, requirements_complete=True))
    real = applications.list_applications
    seen: list[tuple[str | None, str]] = []
    hold: dict[str, threading.Event] = {}
    entered: dict[str, threading.Event] = {}

    def recording(s, **filters):
        query = filters.get("query")
        seen.append((query, threading.current_thread().name))
        if query in hold:
            entered[query].set()
            hold[query].wait(20)
        return real(s, **filters)

    monkeypatch.setattr(applications, "list_applications", recording)
    recording.seen, recording.hold, recording.entered = seen, hold, entered
    return recording


@pytest.fixture
def page(session, searches, qtbot):
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"))
    widget = ApplicationsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.busy, timeout=10000)
    yield widget
    for event in searches.hold.values():
        event.set()
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=20000)
    ctx.close()


def names(page) -> list[str]:
    model = page.table.model()
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_typing_searches_once_it_pauses_in_a_worker(qtbot, page, searches):
    assert sorted(names(page)) == ["Budi Santoso", "Siti Nurhaliza"]
    searches.seen.clear()
    qtbot.keyClicks(page.search, "Budi")
    assert searches.seen == []  # nothing read while the keys come in
    assert page.busy
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert names(page) == ["Budi Santoso"] and page.detail_name.text().startswith("Budi Santoso")
    assert [q for q, _thread in searches.seen] == ["Budi"]  # one search for four keys
    assert all(thread.startswith("loket-worker") for _q, thread in searches.seen)
    assert threading.current_thread() is threading.main_thread()


def test_a_late_answer_for_an_older_text_never_replaces_the_newer_one(qtbot, page, searches):
    searches.hold["Siti"] = threading.Event()
    searches.entered["Siti"] = threading.Event()
    page.search.setText("Siti")
    page.refresh()  # Enter: at once
    assert searches.entered["Siti"].wait(10)  # that search is reading (and held there)
    page.search.setText("Budi")
    page.refresh()
    qtbot.waitUntil(lambda: names(page) == ["Budi Santoso"], timeout=10000)
    assert worker.pending() == 1 and not page.busy  # the older search is still out; nobody waits on it
    searches.hold["Siti"].set()  # its answer comes in now, after the newer one
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10000)
    assert not page.busy
    assert names(page) == ["Budi Santoso"]
    assert page.detail_name.text().startswith("Budi Santoso")
    assert page.count_label.text() == "1 permohonan, 0 lewat batas waktu"


def test_a_search_that_drops_the_chosen_row_shows_the_detail_of_the_row_it_selects(qtbot, session, page, monkeypatch):
    """The page chooses the row after an answer itself: a chosen row that the answer removes
    must not make Qt's stand-in current row read a detail of its own (it was shown over the
    answer's, a row the list no longer held, and cost the search a second read)."""
    for name, nik, sex in (("Dewi Lestari", "3273015505900004", "P"), ("Siti Aminah", "3273015506900005", "P")):
        register(session, RegistrationInput(service="DUK-AKL", name=name, nik=nik, sex=sex, requirements_complete=True))
    page.refresh()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    budi = page.model.row_of(next(r["registration_id"] for r in page.model.rows if r["name"] == "Budi Santoso"))
    page.table.selectRow(budi)
    qtbot.waitUntil(lambda: not page.busy and page.selected["name"] == "Budi Santoso", timeout=10000)
    details = []
    real = applications.get_application
    monkeypatch.setattr(applications, "get_application", lambda s, ref: details.append(ref) or real(s, ref))
    page.search.setText("Siti")
    page.refresh()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert sorted(names(page)) == ["Siti Aminah", "Siti Nurhaliza"]
    current = page.model.rows[page.table.currentIndex().row()]
    assert page.selected["registration_id"] == current["registration_id"]
    assert page.detail_name.text().startswith(current["name"])
    assert len(details) == 1  # the answer's own detail, read with the search
