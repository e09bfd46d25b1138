"""The complaints page: file (a bad then a good form), respond, forward to SP4N-LAPOR!, close, print."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app import complaints, printjobs
from counter_app.actors import Actor
from counter_app.formatting import tanggal
from counter_app.site import set_setting
from printing.complaint_slip import complaint_bytes
from printing.escpos_decode import decode
from ui.context import AppContext
from ui.pages.complaints import ComplaintsPage
from ui.printing_bridge import _print_complaint

SUPERVISOR = Actor("rina.supervisor", "supervisor")


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, SUPERVISOR)
    yield context
    context.close()


@pytest.fixture
def page(ctx, qtbot, session, tmp_path):
    set_setting(session, "printer", f"file:{tmp_path / 'printer.bin'}")
    page = ComplaintsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def error(page, field: str) -> str:
    return page.findChild(QLabel, f"error_{field}").text()


def detail(page) -> str:
    return page.findChild(QLabel, "complaintDetail").text()


def slip_text(data: bytes) -> str:
    return "\n".join(line.text for line in decode(data).lines)


def test_filing_checks_the_form_then_saves_prints_the_slip_and_lists_it(qtbot, page, session, tmp_path):
    page.tabs.setCurrentIndex(1)
    page.new_type.setCurrentIndex(page.new_type.findData("pengaduan"))
    page.new_service.setCurrentIndex(page.new_service.findData("DUK-KTP"))
    page.new_component.setCurrentIndex(page.new_component.findData("waktu"))
    qtbot.keyClicks(page.new_phone, "0812")
    click(qtbot, page.file_button)
    assert error(page, "name") == "nama pelapor wajib diisi (atau pilih anonim)"
    assert error(page, "new_text") == "Isi pengaduan wajib diisi"
    assert error(page, "phone").endswith("10–13 digit")
    assert complaints.list_complaints(session) == []

    page.new_phone.clear()
    qtbot.keyClicks(page.new_name, "Budi Santoso")
    qtbot.keyClicks(page.new_phone, "081234567890")
    qtbot.keyClicks(page.new_text, "KTP-el belum jadi setelah 14 hari kerja.")
    printer = tmp_path / "printer.bin"
    click(qtbot, page.file_button)
    [filed] = complaints.list_complaints(session)
    assert filed["name"] == "Budi Santoso" and filed["service_code"] == "DUK-KTP"
    assert page.tabs.currentIndex() == 0
    assert page.model.rows[0]["tracking_number"] == filed["tracking_number"]
    assert filed["tracking_number"] in detail(page)
    qtbot.waitUntil(lambda: "tercetak" in page.banner.text(), timeout=10_000)
    printed = slip_text(printer.read_bytes())
    assert "TANDA TERIMA PENGADUAN" in printed
    assert filed["tracking_number"] in printed.replace("\n", "")
    assert "Perekaman dan Pencetakan KTP-el" in printed


def test_respond_forward_and_close_through_the_page(qtbot, page, ctx, session):
    filed = complaints.file_complaint(session, type="pengaduan", channel="counter", text="Antrean tidak tertib",
                                      anonymous=True)
    ctx.notify("complaint")
    page.table.selectRow(0)
    assert "Anonim" in detail(page)

    click(qtbot, page.forward_button)  # no reference yet: the core's message, beside the field
    assert error(page, "lapor_ref") == "nomor referensi SP4N-LAPOR! wajib diisi (3–40 huruf/angka)"
    qtbot.keyClicks(page.lapor_ref, "LAPOR-2026-0042")
    click(qtbot, page.forward_button)
    assert "SP4N-LAPOR!: <b>LAPOR-2026-0042</b>" in detail(page)
    assert not page.forward_button.isEnabled()  # stage 2 already

    qtbot.keyClicks(page.response_text, "Sudah dikoordinasikan dengan pengelola antrean.")
    click(qtbot, page.respond_button)
    assert page.model.rows[0]["status"] == "diproses"
    click(qtbot, page.close_button)  # not finished: a reason is required
    assert error(page, "note") == "alasan penutupan wajib diisi bila pengaduan belum selesai"
    qtbot.keyClicks(page.close_note, "Pelapor tidak dapat dihubungi")
    click(qtbot, page.close_button)
    done = complaints.get_complaint(session, filed["tracking_number"])
    assert done["status"] == "ditutup" and done["lapor_ref"] == "LAPOR-2026-0042"
    assert [h["action"] for h in done["history"]] == ["filed", "forwarded", "responded", "closed"]
    assert page.banner.text() == f"Pengaduan {filed['tracking_number']}: Ditutup"
    assert not page.respond_button.isEnabled() and not page.close_button.isEnabled()


def test_a_frontliner_files_but_cannot_handle(qtbot, ctx, session):
    ctx.set_actor(Actor("andi", "frontliner"))
    complaints.file_complaint(session, type="saran", channel="suggestion_box", text="Tambah kursi", anonymous=True)
    page = ComplaintsPage(ctx)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert page.print_button.isEnabled()
    assert not any(b.isEnabled() for b in (page.respond_button, page.forward_button, page.close_button))


def test_overdue_complaints_are_filtered_and_red(qtbot, page, ctx, session, fixed_now):
    old = complaints.file_complaint(session, type="pengaduan", channel="phone", text="Belum dijawab",
                                    name="Sari", phone="081298765432")
    fixed_now("2026-04-20T08:00:00+07:00")  # a month later: well past 5 working days (after Lebaran)
    complaints.file_complaint(session, type="apresiasi", channel="counter", text="Pelayanan cepat", anonymous=True)
    ctx.notify("complaint")
    page.overdue_only.setChecked(True)
    assert [r["tracking_number"] for r in page.model.rows] == [old["tracking_number"]]
    color = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert color is not None and color.name() == "#a50e0e"
    page.table.selectRow(0)
    assert "lewat batas" in detail(page)


def test_without_a_printer_the_slip_becomes_a_pdf(session, tmp_path):
    filed = complaints.file_complaint(session, type="kritik", channel="email", text="Situs lambat", anonymous=True)
    set_setting(session, "printer", "")
    outcome = _print_complaint(session, filed["tracking_number"])
    assert not outcome.ok and outcome.pdf and outcome.pdf.endswith(".pdf")
    # recorded like a ticket: the printer job failed (none set), the PDF copy is a printed job
    recorded = printjobs.list_jobs(session, kind="complaint", ref=filed["tracking_number"])
    assert sorted((j["status"], j["target"].startswith("pdf:")) for j in recorded) == [
        ("failed", False), ("printed", True)]
    with open(outcome.pdf, "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_the_slip_names_the_tracking_number_deadline_and_lapor(session):
    filed = complaints.file_complaint(session, type="pengaduan", channel="counter", text="x", name="Ani")
    forwarded = complaints.forward(session, filed["tracking_number"], "LPR-77")
    text = slip_text(complaint_bytes(printjobs.complaint_slip(session, forwarded["tracking_number"]), 58))
    assert "MPP Uji Coba" in text and "Ani" in text and "LPR-77" in text
    assert f"paling lambat {tanggal(forwarded['deadline'])}" in " ".join(text.split())


def test_the_page_keeps_working_while_the_slip_printer_hangs(qtbot, page, ctx, session):
    import socket

    from PySide6.QtCore import QTimer

    server = socket.socket()  # a loopback 'printer' whose accept backlog is full: connecting hangs
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    filler = socket.create_connection(server.getsockname())
    try:
        set_setting(session, "printer", f"net:127.0.0.1:{server.getsockname()[1]}")
        set_setting(session, "print_timeout_seconds", 1)
        filed = complaints.file_complaint(session, type="saran", channel="counter", text="x", anonymous=True)
        ctx.notify("complaint")
        page.table.selectRow(0)
        ticks: list[str] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(page.banner.text()))
        timer.start(20)
        click(qtbot, page.print_button)
        assert page.banner.text().startswith("Mencetak tanda terima pengaduan")
        qtbot.waitUntil(lambda: page.banner.kind == "warn", timeout=20_000)
        timer.stop()
        # the event loop went on ticking while the worker waited a second on the printer
        assert len([t for t in ticks if t.startswith("Mencetak")]) >= 10
        assert "tidak menjawab" in page.banner.text()  # the link or the deadline, whichever gives up first
        assert f"pengaduan-{filed['tracking_number']}.pdf" in page.banner.text()
    finally:
        filler.close()
        server.close()
