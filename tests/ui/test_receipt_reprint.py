"""After a printer fault the officer reprints a registration's receipt from the Applications
page (button or Ctrl+P), through the same core print as 'loket print receipt --reprint'."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app import printjobs
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from counter_app.site import set_setting
from printing.escpos_decode import decode
from ui import printing_bridge
from ui.context import AppContext
from ui.pages.applications import ApplicationsPage


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    yield context
    context.close()


def test_a_failed_receipt_is_reprinted_from_the_applications_page(qtbot, ctx, session, tmp_path):
    reg = register(session.as_actor(Actor("rina", "frontliner")), RegistrationInput(
        service="DUK-AKL", name="Siti Nurhaliza", nik="3273014506900002", sex="P", requirements_complete=True))
    reg_id = reg["registration_id"]
    set_setting(session, "printer", f"file:{tmp_path / 'missing-folder' / 'printer.bin'}")
    outcomes = []
    printing_bridge.print_receipt(ctx, reg_id, outcomes.append, outcomes.append)  # as at registration
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=10_000)
    assert not outcomes[0].ok

    set_setting(session, "printer", f"file:{tmp_path / 'printer.bin'}")  # the printer is back
    page = ApplicationsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)  # a window's shortcut
    page.select(reg_id)
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)  # the search and the detail run in workers
    assert page.selected["registration_id"] == reg_id
    assert page.reprint_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not page.reprint_button.isEnabled()  # one print at a time
    qtbot.waitUntil(lambda: "tercetak" in page.banner.text(), timeout=10_000)
    assert page.banner.text() == f"Tanda terima {reg_id} tercetak (cetak ulang)"
    assert page.reprint_button.isEnabled()
    paper = [j for j in printjobs.list_jobs(session, kind="receipt", ref=reg_id) if j["target"].startswith("file:")]
    assert [(j["status"], j["reprint"]) for j in paper] == [("printed", True), ("failed", False)]
    printed = "\n".join(line.text for line in decode((tmp_path / "printer.bin").read_bytes()).lines)
    assert "CETAK ULANG" in printed and reg_id in printed.replace("\n", "")


def test_without_a_chosen_application_the_page_says_so(qtbot, ctx):
    page = ApplicationsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.reprint_receipt()
    assert page.banner.text() == "Pilih permohonan dulu untuk mencetak ulang tanda terimanya."
