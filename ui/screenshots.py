"""Screenshots of every main screen for the user guide and README, rendered offscreen.

``python -m ui.screenshots [OUT_DIR [LANGUAGE]]`` builds a demo database (site, catalogue, staff,
a morning of tickets and registrations), opens each page of :data:`ui.pages.PAGES` in
the main window at 1366×768 and 1920×1080 and writes ``screen-<page>-<width>.png``, plus
the first-start wizard and the log-in. Pages that need a role see it: the window is
rebuilt as an officer of a role the page allows. The hall devices are drawn as the public
sees them: the hall display at 1920×1080 (``screen-hall-display*.png``) and each screen of
the ticket kiosk at 1080×1920 portrait and 1366×768 (``screen-ticket-kiosk-<screen>-<width>.png``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LOKET_NOW", "2026-03-18T10:15:00+07:00")

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from counter_app import catalog, queue, users  # noqa: E402
from counter_app.actors import Actor  # noqa: E402
from counter_app.registration import RegistrationInput, change_status, register  # noqa: E402
from counter_app.session import Session  # noqa: E402
from counter_app.site import init_site  # noqa: E402
from ui.demo_morning import PREPARE_PAGES, _settle, demo_morning, extra_screens  # noqa: E402

SIZES = ((1366, 768), (1920, 1080))
KIOSK_SIZES = ((1080, 1920), (1366, 768))
DEMO_PEOPLE = [
    ("Siti Nurhaliza", "3273014506900002", "P"), ("Budi Santoso", "3273011208850003", "L"),
    ("Dewi Lestari", "3204054111920004", "P"), ("Agus Salim", "3273020101800005", "L"),
    ("Rina Marlina", "3273036302950006", "P"), ("Joko Widodo", "3372012106610007", "L"),
]


def demo_database(path: Path) -> None:
    """A site in mid-morning: staff, a queue, registrations (one overdue), all via the core."""
    os.environ["LOKET_NOW"] = "2026-03-02T08:05:00+07:00"
    with Session.open(path) as s:
        init_site(s, site_code="MPP-BDG", site_name="MPP Kota Bandung", device_code="K1", tier="2.0")
        catalog.import_services(s, catalog.demo_catalog_rows())
        users.create_first_admin(s, "admin", "rahasia-admin", full_name="Admin TI")
        for name, role in (("rina", "frontliner"), ("sari", "supervisor")):
            users.create_user(s, name, "rahasia-" + name, role, full_name=name.title())
        officer = s.as_actor(Actor("rina", "frontliner"))
        old = register(officer, RegistrationInput(
            service="DUK-AKL", name="Hendra Gunawan", nik="3273010305880001", sex="L",
            requirements_complete=True))
        change_status(officer, old["registration_id"], "diverifikasi")
    demo_morning(path)  # other counters' morning, SKM answers, complaints (call display, dashboard)

    def at(hhmm: str) -> None:
        os.environ["LOKET_NOW"] = f"2026-03-18T{hhmm}:00+07:00"

    with Session.open(path, Actor("rina", "frontliner")) as s:
        codes = ["DUK-KTP", "DUK-KK", "DUK-AKL", "DUK-KTP", "DUK-KK", "DUK-KTP", "DUK-KTP"]
        for i, code in enumerate(codes):
            at(f"08:{5 * i:02d}")
            queue.issue_ticket(s, code, "lansia" if i == 4 else None)
        for called, done in (("08:12", "08:24"), ("08:27", "08:41"), ("08:44", "09:02"), ("09:05", None)):
            at(called)
            ticket = queue.call_next(s, "Loket 1", ["DUK-KTP", "DUK-KK"])
            if done:
                at(done)
                queue.finish(s, ticket["ticket"])
        at("09:20")
        queue.issue_ticket(s, "DUK-KTP", "ibu_hamil")
        services = ["DUK-KTP", "DUK-KK", "DUK-AKL", "DUK-KTP", "DUK-KK", "DUK-KTP"]
        for i, ((name, nik, sex), code) in enumerate(zip(DEMO_PEOPLE, services, strict=True)):
            at(f"09:{25 + i * 4:02d}")
            reg = register(s, RegistrationInput(service=code, name=name, nik=nik, sex=sex,
                                                requirements_complete=True))
            if name.startswith("Budi"):
                change_status(s, reg["registration_id"], "diverifikasi")
    at("10:15")


def _fill_registration(page) -> None:
    """A form half-way: ticket from the console, a typo in the phone number shown in red."""
    page.receive({"ticket": "A-003", "service": "DUK-KTP"})
    page.inputs["name"].setText("Ahmad Fauzi")
    page.inputs["nik"].setText("3273011507880009")
    page.inputs["sex"].buttons()[0].setChecked(True)
    page.inputs["birth_place"].setText("Bandung")
    page.inputs["birth_date"].set_iso("1988-07-15")
    page.inputs["address"].setPlainText("Jl. Merdeka No. 10, RT 02/RW 05, Kel. Babakan Ciamis, Kec. Sumur Bandung")
    page.inputs["phone"].setText("62812")
    for box in page.requirement_boxes[:2]:
        box.setChecked(True)
    page.touched.update({"name", "nik", "phone", "birth_date"})
    page.validate()


def _pick_application(page) -> None:
    """Select an on-time application so the overdue one shows its red row (once the search
    has answered: its answer chooses the first row)."""
    _settle(lambda: not page.busy and page.model.rowCount() > 2)
    page.table.selectRow(2)


# Optional set-up per page key before its screenshot (a page not listed is shown as it opens).
PREPARE = {"registration": _fill_registration, "applications": _pick_application, **PREPARE_PAGES}


def hall_devices(ctx, out: Path, grab) -> list[Path]:
    """The hall display (a zone of two gerai, then with its stale mark) and the ticket kiosk."""
    from counter_app.site import set_setting
    from ui.announcer import Announcer, SilentPlayer
    from ui.call_display import CallDisplayView
    from ui.hall_display import Zones
    from ui.ticket_kiosk import KIOSK_ACTOR, TicketKioskView

    written = []
    announcer = Announcer(SilentPlayer(time_scale=1000))  # the latest call is still being said
    hall = CallDisplayView(ctx, announcer, zones=Zones(gerai=frozenset({"Gerai Samsat", "Gerai BPJS Kesehatan"})))
    latest = hall.state.current() if hall.state else None
    if latest is not None:
        announcer.announce(latest.number, latest.counter)
    for name, stale in (("hall-display", None), ("hall-display-stale", "2026-03-18T10:12:00+07:00")):
        hall.set_stale(stale)
        path = out / f"screen-{name}-1920.png"
        grab(hall, (1920, 1080), path)
        written.append(path)
    hall.close()
    announcer.player.stop()

    ctx.set_actor(KIOSK_ACTOR)
    for width, height in KIOSK_SIZES:
        kiosk = TicketKioskView(ctx)
        kiosk.resize(width, height)
        disdukcapil = kiosk.gerai_names.index("Gerai Disdukcapil")
        steps = (("welcome", None), ("gerai", kiosk.start_walk_in), ("service", kiosk.choose_gerai, disdukcapil),
                 ("priority", kiosk.choose_service, 0), ("checkin", kiosk.start_checkin, "4DVX-L9"))
        for name, action, *args in steps:
            if action is not None:
                action(*args)
            path = out / f"screen-ticket-kiosk-{name}-{width}.png"
            grab(kiosk, (width, height), path)
            written.append(path)
        for name, printer in (("ticket", f"file:{ctx.db_path.parent / 'kiosk-printer.bin'}"), ("ticket-failed", "")):
            with Session.open(ctx.db_path, Actor("admin", "admin")) as admin:
                set_setting(admin, "printer@K1", printer)
            kiosk.reset()
            kiosk.start_walk_in()
            kiosk.choose_gerai(disdukcapil)
            kiosk.choose_service(0)
            kiosk.choose_regular()
            _settle(lambda view=kiosk: view.print_ok is not None)
            path = out / f"screen-ticket-kiosk-{name}-{width}.png"
            grab(kiosk, (width, height), path)
            written.append(path)
        kiosk.close()
        kiosk.deleteLater()
    return written


def grab(widget: QWidget, size: tuple[int, int], path: Path) -> None:
    from ui import worker

    widget.resize(*size)
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    _settle(lambda: worker.pending() == 0, 10)  # a page's loads have answered: its rows are drawn
    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))


def main(out_dir: str = "docs/images", language: str = "id") -> list[Path]:
    """Every main screen as PNGs in ``out_dir``; ``language`` "en" shows the English UI."""
    from ui.app import install_translators
    from ui.context import AppContext
    from ui.login import FirstStartWizard, LoginDialog
    from ui.main_window import MainWindow
    from ui.pages import PAGES

    app = QApplication.instance() or QApplication(sys.argv)
    install_translators(app, language)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite3"
        demo_database(db)
        ctx = AppContext(db, language=language)
        ctx.set_pref("counter/name", "Loket 1")
        ctx.set_pref("counter/services", ["DUK-KTP", "DUK-KK"])
        staff = {"frontliner": Actor("rina", "frontliner"), "supervisor": Actor("sari", "supervisor"),
                 "admin": Actor("admin", "admin")}
        login = LoginDialog(ctx, username="rina")
        login.adjustSize()
        login.show()
        app.processEvents()
        login.grab().save(str(out / "screen-login.png"))
        written.append(out / "screen-login.png")
        login.close()
        window = MainWindow(ctx)
        for key, _title, _target, roles in PAGES:
            role = next(r for r in ("frontliner", "supervisor", "admin") if roles is None or r in roles)
            if ctx.actor.role != role:
                ctx.set_actor(staff[role])
            window.show_page(key)
            if key in PREPARE:
                PREPARE[key](window.page(key))
            for width, height in SIZES:
                path = out / f"screen-{key}-{width}.png"
                grab(window, (width, height), path)
                written.append(path)
        written += extra_screens(ctx, out, grab)
        window.ask_before_closing = False  # a ticket may be in service in the pictures
        window.close()
        written += hall_devices(ctx, out, grab)
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # stop the pages' timers
        ctx.close()
        fresh = Path(tmp) / "fresh.sqlite3"
        with Session.open(fresh) as s:
            init_site(s, site_code=None, site_name=None)
        wizard_ctx = AppContext(fresh)
        wizard = FirstStartWizard(wizard_ctx)
        wizard.adjustSize()
        wizard.show()
        app.processEvents()
        wizard.grab().save(str(out / "screen-wizard.png"))
        written.append(out / "screen-wizard.png")
        wizard.close()
        wizard_ctx.close()
    return written


if __name__ == "__main__":
    for p in main(*sys.argv[1:]):
        print(p)
