"""The supervisor signs the day's Berita Acara off from the dashboard (it was CLI-only): the
core's refusals come back into the dialog, beside the field they name, and open tickets are
signed with only when the supervisor ticks the box that counts them."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from counter_app import queue
from counter_app.actors import Actor
from counter_app.reports import get_signoff
from ui import worker
from ui.context import AppContext
from ui.pages.dashboard import DashboardPage

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def day(session, fixed_now):
    """Three tickets this morning: one served, one still waiting, one called."""
    fixed_now("2026-03-16T08:00:00+07:00")
    for _ in range(3):
        queue.issue_ticket(session, "DUK-KTP")
    fixed_now("2026-03-16T08:10:00+07:00")
    queue.call_next(session, "1", ["DUK-KTP"])
    queue.finish(session, "A-001")
    queue.call_next(session, "1", ["DUK-KTP"])
    fixed_now("2026-03-16T16:00:00+07:00")
    return session.today()


def make_page(session, qtbot, actor):
    ctx = AppContext(session.store.path, actor)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    return page, ctx


@pytest.fixture
def page(session, day, qtbot):
    page, ctx = make_page(session, qtbot, Actor("sari", "supervisor"))
    yield page
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15_000)
    ctx.close()


def open_dialog(qtbot, page):
    page.activateWindow()  # back from a dialog
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL_SHIFT)
    dialog = page.signoff_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def submit(qtbot, dialog, field="note"):
    qtbot.keyClick(dialog.inputs[field], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_open_tickets_are_refused_then_signed_with_the_box_ticked(qtbot, page, session, day):
    dialog = open_dialog(qtbot, page)
    assert not dialog.with_open.isVisible()
    qtbot.keyClicks(dialog.inputs["supervisor"], "Sari Wulandari")
    qtbot.keyClicks(dialog.inputs["verifier"], "Budi Santoso")
    qtbot.keyClicks(dialog.inputs["note"], "Listrik padam 15 menit")
    submit(qtbot, dialog)
    assert dialog.isVisible() and get_signoff(session, day) is None
    assert dialog.refusal.text().startswith("2 tiket Senin, 16 Maret 2026 belum selesai (1 menunggu, 1 dipanggil)")
    assert dialog.with_open.isVisible()
    assert dialog.with_open.text() == "Tandatangani dengan 2 tiket belum selesai"
    qtbot.keyClick(dialog.with_open, Qt.Key.Key_Space)
    assert dialog.with_open.isChecked()
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    signed = get_signoff(session, day)
    assert (signed["supervisor_name"], signed["verifier_name"], signed["note"]) == (
        "Sari Wulandari", "Budi Santoso", "Listrik padam 15 menit")
    assert signed["signed_by"] == "sari"
    payload = json.loads(session.store.scalar("SELECT payload FROM events WHERE type = 'day_signed_off'"))
    assert (payload["with_open"], payload["open_tickets"]) == (True, 2)
    assert page.banner.text() == "Berita acara Senin, 16 Maret 2026 ditandatangani oleh Sari Wulandari."
    # a second sign-off of the same day: the core's refusal, and no box to sign anyway
    again = open_dialog(qtbot, page)
    again.inputs["supervisor"].setText("Sari Wulandari")
    again.inputs["verifier"].setText("Budi Santoso")
    submit(qtbot, again)
    assert again.refusal.text() == "hari Senin, 16 Maret 2026 sudah ditandatangani"
    assert not again.with_open.isVisible()


def test_a_missing_name_is_shown_beside_its_field(qtbot, page, session, day):
    queue.finish(session, "A-002")
    queue.cancel(session, "A-003")
    dialog = open_dialog(qtbot, page)
    dialog.inputs["supervisor"].setText("Sari Wulandari")
    submit(qtbot, dialog, "supervisor")
    assert dialog.errors["verifier"].isVisible()
    assert "nama pemeriksa transkripsi" in dialog.errors["verifier"].text()
    assert not dialog.errors["supervisor"].isVisible() and not dialog.with_open.isVisible()
    dialog.inputs["verifier"].setText("Budi Santoso")
    submit(qtbot, dialog, "verifier")  # nothing open: signed without the box
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert get_signoff(session, day)["verifier_name"] == "Budi Santoso"


def test_an_officer_without_the_permission_is_refused_by_the_core(qtbot, session, day):
    """A satellite officer sees the dashboard (report.view) but may not sign the day off
    (report.signoff): the core refuses, the page only shows it."""
    page, ctx = make_page(session, qtbot, Actor("sati", "satellite_officer"))
    try:
        dialog = open_dialog(qtbot, page)
        dialog.inputs["supervisor"].setText("Rina")
        dialog.inputs["verifier"].setText("Rina")
        submit(qtbot, dialog)
        assert dialog.refusal.isVisible() and get_signoff(session, day) is None
        assert dialog.refusal.text().startswith("sati (") and "tidak berwenang" in dialog.refusal.text()
        assert not dialog.with_open.isVisible()
    finally:
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15_000)
        ctx.close()


def test_the_sign_off_reads_in_english(qtbot, session, day):
    from PySide6.QtWidgets import QApplication

    from ui.app import install_translators

    app = QApplication.instance()
    assert install_translators(app, "en")
    page, ctx = make_page(session, qtbot, Actor("sari", "supervisor"))
    try:
        assert page.signoff_button.text() == "Sign off the day's report …  [Ctrl+Shift+S]"
        dialog = open_dialog(qtbot, page)
        dialog.inputs["supervisor"].setText("Sari")
        dialog.inputs["verifier"].setText("Budi")
        submit(qtbot, dialog)
        assert dialog.with_open.text() == "Sign off with 2 tickets not finished"
        dialog.reject()
    finally:
        install_translators(app, "id")
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=15_000)
        ctx.close()
