"""The dashboard's cards say which day they count: "hari ini" only for today, the date for
another day; and it counts the day's registrations."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from counter_app import complaints
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from ui.context import AppContext
from ui.pages.dashboard import DashboardPage


@pytest.fixture
def page(session, fixed_now, qtbot):
    fixed_now("2026-11-30T09:00:00+07:00")
    for name, nik in (("Hendra Gunawan", "3273010305880001"), ("Siti Nurhaliza", "3273014506900002")):
        register(session, RegistrationInput(service="DUK-AKL", name=name, nik=nik, sex="L" if name[0] == "H" else "P",
                                            requirements_complete=True))
    complaints.file_complaint(session, type="saran", channel="phone", text="Tambah kursi", anonymous=True)
    fixed_now("2026-12-01T10:00:00+07:00")
    register(session, RegistrationInput(service="DUK-AKL", name="Budi Santoso", nik="3273010101900003", sex="L",
                                        requirements_complete=True))
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    widget = DashboardPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.report is not None, timeout=10_000)
    yield widget
    ctx.close()


def caption(page, key: str) -> str:
    return page.cards[key].caption.text()


def value(page, key: str) -> str:
    return page.cards[key].value.text()


def test_today_says_hari_ini_and_counts_todays_registrations(page):
    assert caption(page, "complaints") == "Pengaduan hari ini"
    assert caption(page, "registrations") == "Registrasi hari ini"
    assert value(page, "registrations") == "1"
    assert value(page, "complaints") == "0"


def test_a_past_day_is_named_by_its_date(qtbot, page):
    page.day.setDate(QDate(2026, 11, 30))
    qtbot.waitUntil(lambda: page.report["period"]["from"] == "2026-11-30", timeout=10_000)
    assert caption(page, "complaints") == "Pengaduan 30-11-2026"
    assert caption(page, "registrations") == "Registrasi 30-11-2026"
    assert value(page, "registrations") == "2"
    assert page.cards["registrations"].note.text() == "2 langsung · 0 dari kertas"
    assert value(page, "complaints") == "1"
    shown = " ".join(card.caption.text() for card in page.cards.values())
    assert "hari ini" not in shown
