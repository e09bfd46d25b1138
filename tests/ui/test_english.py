"""The app in English: every sidebar title, the counter's queue headers and the complaints
page's labels come from the translation files (core error messages stay Indonesian)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from counter_app import complaints
from counter_app.actors import Actor
from ui import complaint_labels, worker
from ui.app import install_translators
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.pages.complaints import ComplaintsPage
from ui.pages.counter import CounterPage


@pytest.fixture
def english(qtbot):
    app = QApplication.instance()
    assert install_translators(app, "en")
    yield
    install_translators(app, "id")


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("sari", "supervisor"), language="en")
    context.set_pref("counter/services", ["DUK-KTP"])
    yield context
    context.close()


def test_every_sidebar_title_is_english(qtbot, english, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Counter console", "Registration", "Applications", "SKM kiosk", "SKM transcription",
                      "Complaints", "Dashboard", "Calendar", "Call display"]
    ctx.set_actor(Actor("admin", "admin"))
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == ["Calendar", "Call display", "Settings"]
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10000)  # a load in flight holds the window
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_queue_headers_and_complaint_labels_are_english(qtbot, english, ctx, session):
    counter = CounterPage(ctx)
    qtbot.addWidget(counter)
    headers = [counter.model.headerData(c, Qt.Orientation.Horizontal) for c in range(counter.model.columnCount())]
    assert headers[-1] == "Counter" and "Loket" not in headers
    complaints.file_complaint(session, type="saran", channel="phone", text="Tambah kursi", anonymous=True,
                              component="sarana")
    page = ComplaintsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(0)
    row = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert "Suggestion" in row and "New" in row
    assert [page.new_type.itemText(i) for i in range(page.new_type.count())] == [
        "Complaint", "Criticism", "Suggestion", "Appreciation"]
    assert "Phone" in page.detail.text() and "Facilities and infrastructure" in page.detail.text()


def test_every_core_complaint_label_has_a_translation_entry():
    listed = set(complaint_labels.SOURCES)
    for group in complaint_labels.GROUPS.values():
        assert set(group.values()) <= listed
    assert len(listed) == len(complaint_labels.SOURCES)  # no label twice


def test_without_a_translator_the_labels_are_the_cores():
    assert complaint_labels.items("status") == list(complaints.STATUSES.items())
    assert complaint_labels.label("channel", None) == "" and complaint_labels.label("type", "lain") == "lain"
