"""The window's header names the officer's role by its label in the UI's language, never by its
code: "rina · Counter officer", "rina · Petugas loket", not "rina (frontliner)" (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from counter_app.actors import ROLES, Actor
from ui import worker
from ui.context import AppContext
from ui.main_window import MainWindow

EXPECTED = {"en": "rina · Counter officer", "id": "rina · Petugas loket"}


def test_the_header_shows_the_role_label(qtbot, session, language):
    ctx = AppContext(session.store.path, Actor("rina", "frontliner"), language=language)
    ctx.set_pref("counter/services", ["DUK-KTP"])
    window = MainWindow(ctx)
    try:
        assert window.user_label.text() == EXPECTED[language]
        for role in ROLES:
            ctx.set_actor(Actor("rina", role))
            text = window.user_label.text()
            shown = text.split(" · ")[1]
            assert shown not in ROLES and role not in shown and "(" not in shown and "_" not in shown, text
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    finally:
        window.ask_before_closing = False
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ctx.close()
