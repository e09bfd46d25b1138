"""The supervisor's dashboard shows exactly the figures of the daily report it exports."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from counter_app import complaints, queue, skm
from counter_app.actors import Actor
from counter_app.formatting import angka, tanggal
from counter_app.registration import RegistrationInput, register
from ui.context import AppContext
from ui.pages.dashboard import DashboardPage, minutes

SUPERVISOR = Actor("sari", "supervisor")


@pytest.fixture
def busy_day(session, fixed_now):
    """A morning through the core: an overdue application and complaint from weeks ago, tickets
    called and served at different times at two counters, SKM answers."""
    fixed_now("2026-02-16T09:00:00+07:00")
    late = register(session, RegistrationInput(service="DUK-AKL", name="Hendra Gunawan", nik="3273010305880001",
                                               sex="L", requirements_complete=True))
    old = complaints.file_complaint(session, type="pengaduan", channel="phone", text="Belum ada jawaban",
                                    name="Yuni", phone="081322114455")
    for minute, service in ((0, "DUK-KTP"), (4, "DUK-KTP"), (9, "DUK-KK"), (15, "SAM-PKB"), (21, "DUK-KTP")):
        fixed_now(f"2026-03-16T08:{minute:02d}:00+07:00")
        queue.issue_ticket(session, service)
    steps = [("08:12", "call", "1", ["DUK-KTP", "DUK-KK"]), ("08:14", "call", "2", ["SAM-PKB", "DUK-KK"]),
             ("08:20", "finish", "1", None), ("08:22", "call", "1", ["DUK-KTP"]), ("08:31", "noshow", "2", None),
             ("08:33", "call", "2", ["SAM-PKB", "DUK-KK"]), ("08:40", "finish", "1", None)]
    for at, action, counter, services in steps:
        fixed_now(f"2026-03-16T{at}:00+07:00")
        if action == "call":
            queue.call_next(session, counter, services)
        else:
            getattr(queue, action)(session, queue.active_ticket(session, counter).number)
    for scores in ([4, 3, 3, 4, 3, 4, 4, 3, 3], [3, 3, 2, 4, 3, 3, 4, 2, None]):
        skm.record_response(session, scores, service="DUK-KTP", entry_mode="kiosk")
    fixed_now("2026-03-16T09:00:00+07:00")
    return {"late": late["registration_id"], "complaint": old["tracking_number"]}


@pytest.fixture
def page(session, busy_day, qtbot, tmp_path):
    ctx = AppContext(session.store.path, SUPERVISOR)
    ctx.set_pref("dashboard/export_folder", str(tmp_path / "laporan"))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    yield page
    ctx.close()


def card(page, key: str) -> str:
    return page.findChild(QLabel, f"card_{key}").text()


def note(page, key: str) -> str:
    return page.findChild(QLabel, f"note_{key}").text()


def table(page, name: str) -> list[list[str]]:
    t = page.findChild(QTableWidget, name)
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def export(qtbot, page, fmt: str) -> list[str]:
    page.last_export = None
    qtbot.mouseClick(page.export_buttons[fmt], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=20_000)
    return page.last_export


def test_every_figure_on_screen_is_the_exported_report(qtbot, page, busy_day):
    [path] = export(qtbot, page, "json")
    assert path.endswith("rekap-harian-MPP-TEST-2026-03-16.json")
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    t = r["tickets"]
    assert t["totals"]["issued"] == 5 and t["totals"]["served"] == 2  # the data is what we think

    assert card(page, "issued") == str(t["totals"]["issued"])
    assert card(page, "served") == str(t["totals"]["served"])
    assert note(page, "served") == f"tidak hadir {t['totals']['noshow']}"
    assert card(page, "open") == str(t["totals"]["open"])
    assert card(page, "wait") == f"{angka(t['waiting_time']['mean'], 1)} mnt"
    assert card(page, "service") == f"{angka(t['service_time']['mean'], 1)} mnt"
    assert card(page, "overdue") == str(r["deadlines"]["overdue_count"]) == "1"
    assert card(page, "complaints") == str(r["complaints"]["opened"])
    assert note(page, "complaints") == f"lewat batas {r['complaints']['overdue']}" == "lewat batas 1"
    assert card(page, "ikm") == angka(r["skm"]["ikm_converted"], 2)
    assert note(page, "ikm").startswith(f"{r['skm']['grade']} ({r['skm']['performance']})")

    assert table(page, "byService") == [
        [f"{s['service']} – {s['name']}", str(s["issued"]), str(s["served"]), str(s["noshow"]),
         minutes(s["wait_mean"]), minutes(s["service_mean"])] for s in t["by_service"]
    ]
    assert table(page, "byCounter") == [
        [c["counter"], str(c["called"]), str(c["served"]), str(c["noshow"]), minutes(c["service_mean"])]
        for c in t["by_counter"]
    ]
    assert [row[1] for row in table(page, "overdueApplications")] == [busy_day["late"]]
    assert [row[0] for row in table(page, "overdueComplaints")] == [busy_day["complaint"]]
    assert [row[2] for row in table(page, "skmNrr")] == [
        "—" if u["nrr"] is None else angka(u["nrr"], 2) for u in r["skm"]["nrr"]
    ]
    assert page.service_chart.labels == [s["service"] for s in t["by_service"]]
    assert page.service_chart.series_values["Diambil"] == [s["issued"] for s in t["by_service"]]
    assert page.counter_chart.series_values["Dilayani"] == [c["served"] for c in t["by_counter"]]
    assert page.findChild(QLabel, "dashboardTitle").text() == f"MPP Uji Coba · {tanggal(r['period']['from'])}"


def test_overdue_figures_are_red(page):
    assert "#a50e0e" in page.findChild(QLabel, "card_overdue").styleSheet()
    assert "#a50e0e" not in page.findChild(QLabel, "card_issued").styleSheet()


def test_pdf_and_spreadsheet_exports_are_written_in_a_worker(qtbot, page):
    [pdf] = export(qtbot, page, "pdf")
    with open(pdf, "rb") as f:
        assert f.read(5) == b"%PDF-"
    [xlsx] = export(qtbot, page, "xlsx")
    assert xlsx.endswith(".xlsx")
    [zipped] = export(qtbot, page, "csv")
    assert zipped.endswith(".zip")
    assert "tersimpan" in page.banner.text()


def test_the_months_report_is_written_from_the_dashboard_by_key(qtbot, page):
    """The period report was CLI-only ('loket report period --month'); Ctrl+Shift+M writes the
    chosen day's month as the PDF the command writes (issue 16 Build 1)."""
    from pypdf import PdfReader

    page.last_export = None
    qtbot.keyClick(page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: page.month_button.isEnabled() and bool(page.last_export), timeout=20_000)
    [pdf] = page.last_export
    assert pdf.endswith("-2026-03.pdf") and "Laporan bulan tersimpan" in page.banner.text()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "1 Maret 2026" in text and "31 Maret 2026" in text


def test_a_new_ticket_updates_the_dashboard(qtbot, page, session):
    before = int(card(page, "issued"))
    queue.issue_ticket(session, "DUK-KTP")
    page.ctx.notify("queue")
    qtbot.waitUntil(lambda: card(page, "issued") == str(before + 1), timeout=10_000)
    assert card(page, "open") == str(int(page.report["tickets"]["totals"]["open"]))


def test_another_day_can_be_looked_at(qtbot, page):
    from PySide6.QtCore import QDate

    page.day.setDate(QDate(2026, 2, 16))
    qtbot.waitUntil(lambda: page.report["period"]["from"] == "2026-02-16", timeout=10_000)
    assert card(page, "issued") == "0"
    assert card(page, "complaints") == "1"


@pytest.mark.parametrize("target", [
    "call_display:CallDisplayPage", "skm_kiosk:SkmKioskPage", "skm_transcribe:SkmTranscribePage",
    "complaints:ComplaintsPage", "dashboard:DashboardPage",
])
def test_each_page_fits_beside_the_sidebar_on_a_1366_by_768_screen(qtbot, session, target):
    import importlib

    module, name = target.split(":")
    ctx = AppContext(session.store.path, SUPERVISOR)
    page = getattr(importlib.import_module(f"ui.pages.{module}"), name)(ctx)
    qtbot.addWidget(page)
    hint = page.minimumSizeHint()
    # 1366×768 less the sidebar, title bar and status bar of the main window
    assert hint.width() <= 1366 - 240 and hint.height() <= 768 - 110, hint
    if name == "DashboardPage":
        qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)  # let its worker finish


@pytest.mark.parametrize("target", [
    "call_display:CallDisplayPage", "skm_kiosk:SkmKioskPage", "complaints:ComplaintsPage", "dashboard:DashboardPage",
])
def test_a_page_rebuilt_away_leaves_nothing_listening(qtbot, session, target):
    """The language switch rebuilds pages while the context lives on: old pages must not react."""
    import importlib

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    module, name = target.split(":")
    ctx = AppContext(session.store.path, SUPERVISOR)
    page = getattr(importlib.import_module(f"ui.pages.{module}"), name)(ctx)
    if name == "DashboardPage":
        qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    page.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ctx.notify("all")  # pytest-qt fails the test if any slot of the dead page raises
    ctx.set_actor(Actor("andi", "frontliner"))
    qtbot.wait(600)  # past the dashboard's debounce
    ctx.close()
