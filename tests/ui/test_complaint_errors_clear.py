"""A complaint-form message goes when its field is edited; the others stay until theirs is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app.actors import Actor
from ui.context import AppContext
from ui.pages.complaints import ComplaintsPage


@pytest.fixture
def page(session, qtbot):
    ctx = AppContext(session.store.path, Actor("rina.supervisor", "supervisor"))
    widget = ComplaintsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.tabs.setCurrentIndex(1)
    yield widget
    ctx.close()


def shown(page, field: str) -> str:
    label = page.findChild(QLabel, f"error_{field}")
    return label.text() if label.isVisible() else ""


def test_each_message_clears_when_its_field_is_edited(qtbot, page):
    qtbot.keyClicks(page.new_phone, "0812")
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    assert shown(page, "name") and shown(page, "phone") and shown(page, "new_text")

    qtbot.keyClicks(page.new_name, "Budi Santoso")
    assert shown(page, "name") == ""
    assert shown(page, "phone") and shown(page, "new_text")  # not edited yet: still red
    qtbot.keyClicks(page.new_phone, "34567890")
    assert shown(page, "phone") == ""
    qtbot.keyClicks(page.new_text, "Antrean panjang")
    assert shown(page, "new_text") == ""


def test_choosing_anonymous_clears_the_identity_messages(qtbot, page):
    qtbot.keyClicks(page.new_phone, "0812")
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    assert shown(page, "name") and shown(page, "phone")
    page.new_anonymous.click()
    assert shown(page, "name") == "" and shown(page, "phone") == ""
    assert shown(page, "new_text")


def test_the_follow_up_fields_clear_their_message_too(qtbot, page, session):
    from counter_app import complaints

    complaints.file_complaint(session, type="saran", channel="phone", text="Tambah kursi", anonymous=True)
    page.ctx.notify("complaint")
    page.tabs.setCurrentIndex(0)
    page.table.selectRow(0)
    qtbot.mouseClick(page.forward_button, Qt.MouseButton.LeftButton)
    assert shown(page, "lapor_ref")
    qtbot.keyClicks(page.lapor_ref, "L")
    assert shown(page, "lapor_ref") == ""
