"""The app in one language at a time: in English every page and dialog shows no word of
the UI's Indonesian vocabulary (data and paper-form terms with their English aside), and in
Indonesian no English word is left (Qt's own buttons included). A real database file with a
morning of work, real widgets offscreen."""

from __future__ import annotations

import pytest
from language_check import shown_texts, wrong_words
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from counter_app import catalog, complaints, i18n, queue, skm, users
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from ui import worker
from ui.app import ExceptionReporter
from ui.context import AppContext
from ui.login import FirstStartWizard, LoginDialog
from ui.main_window import MainWindow, allowed_pages
from ui.upgrade import UpgradeWindow


@pytest.fixture
def morning(session):
    """Staff, tickets in every state, a registration, a complaint: every list has rows."""
    from argon2 import PasswordHasher

    users._hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    users.create_first_admin(session, "admin", "rahasia-admin", full_name="Admin TI")
    admin = session.as_actor(Actor("admin", "admin"))
    users.create_user(admin, "sari", "rahasia-sari", "supervisor", full_name="Sari Wulandari")
    officer = session.as_actor(Actor("sari", "supervisor"))
    for _ in range(3):
        queue.issue_ticket(officer, "DUK-KTP")
    queue.call_next(officer, "Loket 1", ["DUK-KTP"])
    queue.issue_ticket(officer, "DUK-KTP", "ibu_hamil")  # its category shows in the queue
    register(officer, RegistrationInput(service="DUK-KTP", name="Siti Nurhaliza", nik="3273014506900002",
                                        sex="P", requirements_complete=True))
    complaints.file_complaint(officer, type="pengaduan", channel="counter", text="Antrean lama sekali",
                              anonymous=True, component="waktu")
    # one of each count: "1 respondent", "1 application", never "1 respondents"
    skm.record_response(officer, [4, 3, 3, 4, 3, 4, 4, 3, 3], service="DUK-KTP", entry_mode="kiosk")
    return officer


def settled(qtbot) -> None:
    """Every load a page started in a worker has come back (a page is checked as it shows)."""
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    qtbot.wait(20)  # the answers' signals are delivered
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)


def data_of(session) -> list[str]:
    """What the screens show as data: the catalogue, the site, people and counters."""
    found = ["Loket 1", "Loket", "MPP Uji Coba", "MPP-TEST", "K1", "Siti Nurhaliza", "Sari Wulandari",
             "Admin TI", "Antrean lama sekali", "sari", "admin"]
    for s in catalog.list_services(session):
        found += [s.name, s.agency, s.code, *s.requirements, *s.procedure, *s.legal_basis]
    return [f for f in found if f]


def check(widget: QWidget, language: str, session) -> list[str]:
    return wrong_words(widget, language, data_of(session))


def close(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_every_page_shows_one_language(qtbot, language, session, morning, tmp_path):
    problems: dict[str, list[str]] = {}
    data = [*data_of(session), str(tmp_path)]
    for role, user in (("supervisor", "sari"), ("admin", "admin")):
        ctx = AppContext(session.store.path, Actor(user, role), language=language)
        ctx.set_pref("counter/services", ["DUK-KTP"])
        ctx.set_pref("lock/idle_seconds", 60)  # the setting reads "1 minute", never "1 minutes"
        window = MainWindow(ctx)
        window.resize(1366, 768)
        window.show()
        try:
            for key, *_rest in allowed_pages(role):
                window.show_page(key)
                settled(qtbot)
                found = wrong_words(window, language, data)
                if found:
                    problems[f"{role}/{key}"] = found
        finally:
            window.ask_before_closing = False
            close(window)
            ctx.close()
    assert not problems, "\n".join(f"{page}:\n  " + "\n  ".join(p) for page, p in problems.items())


def _modal_texts(qtbot, language: str, session, open_it) -> list[str]:
    """Open a modal dialog with ``open_it()``, check it while it is up, then dismiss it."""
    seen: list[list[str]] = []

    def inspect_it() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, inspect_it)
            return
        assert len(shown_texts(dialog)) >= 3, dialog  # the check saw the dialog's texts
        seen.append(check(dialog, language, session))
        if isinstance(dialog, QMessageBox):
            dialog.reject()
        elif isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    QTimer.singleShot(20, inspect_it)
    open_it()  # exec() returns after inspect_it; open() returns at once
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    return seen[0]


def test_every_dialog_shows_one_language(qtbot, language, session, morning, tmp_path):
    queue.call_next(morning, "Loket 2", ["DUK-KTP"])  # A-002, skipped: F9 lists it
    queue.skip(morning, queue.active_ticket(morning, "Loket 2").number)
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"), language=language)
    ctx.set_pref("counter/services", ["DUK-KTP"])
    problems: dict[str, list[str]] = {}
    try:
        window = MainWindow(ctx)
        window.resize(1366, 768)
        window.show()

        login = LoginDialog(ctx, "sari")
        login.show()
        problems["login"] = check(login, language, session)
        close(login)

        fresh = AppContext(tmp_path / "new.sqlite3", language=language)
        wizard = FirstStartWizard(fresh)
        wizard.show()
        problems["wizard"] = check(wizard, language, session)
        close(wizard)
        fresh.close()

        window.show_page("counter")
        counter = window.page("counter")
        qtbot.waitUntil(lambda: bool(counter.current), timeout=5000)  # A-001 is served here
        problems["transfer"] = _modal_texts(qtbot, language, session, counter.transfer)
        problems["booking"] = _modal_texts(qtbot, language, session, counter.open_booking)
        registration = window.page("registration")
        window.show_page("registration")
        registration.inputs["name"].setText("Budi")
        problems["clear form"] = _modal_texts(qtbot, language, session, registration.ask_clear)
        dashboard = window.page("dashboard")
        window.show_page("dashboard")
        settled(qtbot)
        problems["sign-off"] = _modal_texts(qtbot, language, session, dashboard.open_signoff)

        window.show_page("counter")
        problems["counter setup"] = _modal_texts(qtbot, language, session, counter.open_setup)
        settled(qtbot)
        # F9 with nothing chosen lists today's skipped and no-show tickets to restore
        counter.restore()
        qtbot.waitUntil(lambda: counter.show_closed.isChecked() and not counter.busy, timeout=5000)
        settled(qtbot)
        assert any(t["status"] == "skipped" for t in counter.model.rows)
        problems["F9 restore list"] = check(window, language, session)
        # Alt+F4 while A-001 is served asks first (window-modal)
        problems["close question"] = _modal_texts(qtbot, language, session, window.close)
        assert window.isVisible()

        applications = window.page("applications")
        window.show_page("applications")
        qtbot.waitUntil(lambda: not applications.busy and applications.selected is not None, timeout=5000)
        problems["withdraw question"] = _modal_texts(qtbot, language, session,
                                                     lambda: applications._confirm_final("dicabut"))
        settled(qtbot)
        window.ask_before_closing = False
        close(window)

        reporter = ExceptionReporter()
        reporter._handle(ValueError, ValueError("x"), None, "MainThread")
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
        problems["error dialog"] = check(reporter.dialog, language, session)
        close(reporter.dialog)

        upgrade = UpgradeWindow(tmp_path / "loket.sqlite3")
        upgrade.show()
        upgrade.show_step("0019_name_search:registrations", 1200, 5000)
        step_names = [*data_of(session), "0019_name_search", "registrations"]  # a migration, a table: codes
        problems["upgrade"] = wrong_words(upgrade, language, step_names)
        upgrade.show_step("backup", 0, 0)
        problems["upgrade (backup)"] = check(upgrade, language, session)
        close(upgrade)
    finally:
        ctx.close()
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(p) for name, p in problems.items())


def test_the_core_speaks_the_officers_language(qtbot, language, session):
    """A refusal the core makes reaches the officer in the UI's language."""
    from counter_app.errors import ValidationError
    from counter_app.validation import validate_nik

    with pytest.raises(ValidationError) as refused:
        validate_nik("3273")
    message = refused.value.errors[0][1]
    if language == "en":
        assert "NIK" in message and "harus" not in message and "digit" in message
    else:
        assert message == "NIK harus 16 digit, tertulis 4 digit"


def test_the_check_finds_a_stray_word_and_accepts_a_paper_term_with_its_english(qtbot):
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from ui.widgets.paper_terms import beside, mark

    i18n.set_language("en")
    try:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel("Save the form"))
        stray = QLabel("Simpan the form")
        layout.addWidget(stray)
        term = QLabel(beside("Nama lengkap", "Full name"))
        mark(term, "Nama lengkap", "Full name")
        layout.addWidget(term)
        bare = QLabel("Nama lengkap")
        mark(bare, "Nama lengkap", "Full name")  # says it is a term, shows no English
        layout.addWidget(bare)
        qtbot.addWidget(box)
        box.show()
        found = wrong_words(box, "en", [])
        assert len(found) == 2 and "simpan" in found[0] and "without its English" in found[1]
        in_indonesian = wrong_words(box, "id", [])
        assert len(in_indonesian) == 1 and "'save'" in in_indonesian[0]
        # an English plural after one, and a role shown as its code
        for text in ("B (Baik) · 1 respondents", "Lock after 1 minutes (0 = never)", "rina (frontliner)",
                     "1 people waiting"):
            layout.addWidget(label := QLabel(text))
            label.show()
        for fine in ("1 respondent · 2 respondents", "1 minute", "rina · Counter officer", "Ticket 1 is called",
                     "0 minutes, 11 services"):
            layout.addWidget(label := QLabel(fine))
            label.show()
        found = wrong_words(box, "en", [])[2:]
        assert [f.split(" → ")[1] for f in found] == [
            "['1 respondents']", "['1 minutes']", "['(frontliner)']", "['1 people']"], found
        assert [f for f in wrong_words(box, "id", []) if "frontliner" in f]
    finally:
        i18n.set_language("id")


def test_every_translated_ui_file_is_in_the_catalogue_and_nothing_is_left_unfinished():
    """`make translations` scans the files the Makefile lists: a UI file with tr() missing there
    would stay Indonesian in English; an unfinished entry shows Indonesian too."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    makefile = (root / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    listed = set()
    for name in ("UI_CORE_SOURCES", "UI_KIOSK_SOURCES"):
        listed |= set(re.search(rf"^{name} :=(.*)$", makefile, re.M).group(1).split())
    public = {"ui/hall_display.py", "ui/call_display.py", "ui/call_display_parts.py"}  # always Indonesian
    translated = {str(p.relative_to(root)) for p in (root / "ui").rglob("*.py")
                  if re.search(r"self\.tr\(|QCoreApplication\.translate\(|QT_TRANSLATE_NOOP", p.read_text("utf-8"))}
    assert translated - public <= listed, sorted(translated - public - listed)
    for ts in (root / "resources" / "i18n").glob("ui_*_en.ts"):
        assert 'type="unfinished"' not in ts.read_text("utf-8"), ts.name


def test_both_kiosks_show_one_language(qtbot, language, session, morning):
    """The SKM kiosk reads in the PC's language; the ticket kiosk starts in Indonesian and its
    visitor switches it to English: each screen then shows one language."""
    from ui.kiosk import SkmKioskWindow
    from ui.ticket_kiosk import TicketKioskWindow

    ctx = AppContext(session.store.path, Actor("sari", "supervisor"), language=language)
    problems: dict[str, list[str]] = {}
    try:
        skm_window = SkmKioskWindow(ctx, "DUK-KTP", idle_ms=60_000)
        skm_window.resize(1366, 768)
        skm_window.show()
        view = skm_window.view  # the window is marked a public screen: check inside it
        for name, go in (("welcome", lambda: None), ("question", view.start), ("profile", lambda: view.show_screen(2)),
                         ("suggestion", view.to_suggestion), ("thanks", lambda: view.show_screen(4))):
            go()
            problems[f"SKM kiosk {name}"] = check(view, language, session)
        skm_window.close()

        ticket_window = TicketKioskWindow(ctx)
        ticket_window.resize(1366, 768)
        ticket_window.show()
        kiosk = ticket_window.view
        if language == "en":
            kiosk.switch_language()
        steps = (("welcome", lambda: None), ("gerai", kiosk.start_walk_in), ("service", lambda: kiosk.choose_gerai(0)),
                 ("priority", lambda: kiosk.choose_service(0)), ("check-in", kiosk.start_checkin))
        for name, go in steps:
            go()
            problems[f"ticket kiosk {name}"] = check(ticket_window, language, session)
        settled(qtbot)
        ticket_window.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        ctx.close()
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(p) for name, p in problems.items())
