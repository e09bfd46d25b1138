"""The counter console driven through its widgets and shortcuts, against a real database.

Every queue action runs in a worker (through the site hub when one is joined; here none is,
so on this PC alone): a key press returns at once and the page shows the outcome when the
worker reports back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app import queue
from counter_app.actors import Actor
from counter_app.site import set_setting
from ui.context import AppContext
from ui.pages.counter import CounterPage


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    context.set_pref("counter/name", "Loket 3")
    context.set_pref("counter/services", ["DUK-KTP", "DUK-KK"])
    yield context
    context.close()


@pytest.fixture
def page(ctx, qtbot):
    widget = CounterPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def table_numbers(page) -> list[str]:
    model = page.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def settle(qtbot, page) -> None:
    """Wait for the queue operation in flight to report back."""
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def press(qtbot, page, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(page, key, modifier)
    settle(qtbot, page)


def test_a_key_returns_at_once_and_the_buttons_wait_for_the_worker(qtbot, page, session):
    queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    qtbot.keyClick(page, Qt.Key.Key_F2)
    # the call runs in a worker: the press has returned and the actions wait for its outcome;
    # the buttons do not flicker for a call that takes milliseconds (they grey out only after
    # BUSY_LOOK_MS: see test_locked_database)
    assert page.busy and page.acting
    qtbot.keyClick(page, Qt.Key.Key_F2)  # a second press while busy is not a second call
    settle(qtbot, page)
    assert page.banner.text() == "Memanggil A-001 ke Loket 3"
    assert page.buttons["call"].isEnabled() and page.buttons["finish"].isEnabled()
    calls = session.store.scalar("SELECT count(*) FROM events WHERE type = 'ticket_called'")
    assert calls == 1


def test_queue_shows_only_this_counters_services_waiting(qtbot, page, session):
    for code in ("DUK-KTP", "IMI-EPASPOR", "DUK-KK", "DUK-KTP"):
        queue.issue_ticket(session, code)
    page.refresh()
    settle(qtbot, page)  # the queue is read in a worker
    assert table_numbers(page) == ["A-001", "A-002", "B-001"]
    assert page.waiting_label.text() == "Antrean menunggu: 3"
    assert page.counter_label.text() == "Loket 3 · DUK-KTP, DUK-KK"
    assert page.number.text() == "—"


def test_f2_calls_next_shows_the_big_number_and_the_reason(qtbot, page, session):
    queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KK", "lansia")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F2)
    # the priority ticket first (ratio 1:3, none called yet), with the core's reason
    assert page.number.text() == "B-001"
    assert page.reason_label.text() == "Alasan dipanggil: prioritas (Lansia), rasio 1:3"
    assert page.banner.text() == "Memanggil B-001 ke Loket 3"
    assert queue.active_ticket(session, "Loket 3").number == "B-001"
    press(qtbot, page, Qt.Key.Key_F2)  # still serving: the core refuses, the screen says why
    assert page.banner.kind == "error"
    assert "masih melayani B-001" in page.banner.text()


def test_recall_skip_noshow_finish_on_their_keys(qtbot, page, session):
    for _ in range(3):
        queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F3)
    assert page.banner.text() == "Memanggil ulang A-001"
    press(qtbot, page, Qt.Key.Key_F4)
    assert page.banner.text() == "A-001 dilewati"
    assert page.number.text() == "—"
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F5)
    assert page.banner.text() == "A-002 ditandai tidak hadir"
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F7)
    assert page.banner.text() == "A-003 selesai dilayani"
    statuses = {t["ticket"]: t["status"] for t in queue.list_queue(session)}
    assert statuses == {"A-001": "skipped", "A-002": "noshow", "A-003": "finished"}
    assert not page.buttons["finish"].isEnabled()
    press(qtbot, page, Qt.Key.Key_F2)
    assert page.banner.text() == "Tidak ada antrean yang menunggu."


def test_transfer_moves_the_ticket_to_another_service(qtbot, page, session):
    queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F6)
    dialog = page.transfer_dialog
    assert dialog.isVisible()
    dialog.target.setCurrentIndex(dialog.target.findData("DUK-AKL"))
    dialog.accept()
    settle(qtbot, page)
    assert page.banner.text() == "A-001 dipindah ke DUK-AKL"
    assert page.number.text() == "—"
    assert table_numbers(page) == []  # DUK-AKL is not this counter's service


def test_walk_in_ticket_is_issued_then_printed_in_a_worker(qtbot, page, session, tmp_path):
    printer = tmp_path / "printer.bin"
    set_setting(session, "printer@K1", f"file:{printer}")
    page.walk_in_service.setCurrentIndex(page.walk_in_service.findData("DUK-KK"))
    page.walk_in_priority.setCurrentIndex(page.walk_in_priority.findData("disabilitas"))
    shown = []
    show = page.banner.show_message

    def record(text, kind="info"):
        shown.append(text)
        show(text, kind)

    page.banner.show_message = record
    qtbot.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.banner.text() == "Tiket B-001 tercetak", timeout=10000)
    assert shown == ["Tiket B-001 diterbitkan (0 orang di depannya). Mencetak…", "Tiket B-001 tercetak"]
    assert table_numbers(page) == ["B-001"]
    assert b"B-001" in printer.read_bytes()


def test_a_printer_fault_keeps_the_ticket_and_offers_the_pdf(qtbot, page, session, tmp_path):
    set_setting(session, "printer@K1", f"file:{tmp_path}/no/such/dir/printer.bin")
    page.walk_in_service.setCurrentIndex(page.walk_in_service.findData("DUK-KTP"))
    page.issue_button.click()
    settle(qtbot, page)
    qtbot.waitUntil(lambda: page.banner.kind == "warn", timeout=10000)
    assert "Tiket A-001 gagal dicetak" in page.banner.text()
    assert "tetap tercatat di antrean" in page.banner.text()
    pdf = session.store.path.parent / "cetak" / "tiket-A-001.pdf"
    assert str(pdf) in page.banner.text() and pdf.read_bytes().startswith(b"%PDF")
    assert table_numbers(page) == ["A-001"]


def test_f8_opens_registration_with_the_ticket_being_served(qtbot, page, ctx, session):
    queue.issue_ticket(session, "DUK-KTP")
    page.refresh()
    asked = []
    ctx.navigate.connect(lambda key, arg: asked.append((key, arg)))
    press(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F8)
    assert asked == [("registration", {"ticket": "A-001", "service": "DUK-KTP"})]


def test_counter_setup_dialog_saves_name_and_services(qtbot, page, ctx):
    page.open_setup()
    dialog = page.setup_dialog
    dialog.name_edit.setText("Loket 7")
    for i in range(dialog.services.count()):
        item = dialog.services.item(i)
        wanted = item.data(Qt.ItemDataRole.UserRole) == "IMI-EPASPOR"
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    dialog.accept()
    assert page.counter_label.text() == "Loket 7 · IMI-EPASPOR"
    assert ctx.pref("counter/name") == "Loket 7"
