"""Typing a service's name, code, agency or keyword finds it, in any case and with or without
accents, on the registration form, the console's walk-in ticket and the transfer dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app import catalog
from counter_app.actors import Actor
from ui.context import AppContext
from ui.pages.counter import CounterPage
from ui.pages.counter_parts import TransferDialog
from ui.pages.registration import RegistrationPage
from ui.widgets.service_search import fold, matches, search_text


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    yield context
    context.close()


def samsat_codes(session) -> list[str]:
    return [s.code for s in catalog.list_services(session) if "samsat" in s.agency.lower()]


def type_into(qtbot, combo, text: str) -> None:
    combo.setFocus()
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), text)


def test_folding_drops_case_accents_and_extra_spaces():
    assert fold("  Pelayanan   ÉKTP Samsat ") == "pelayanan ektp samsat"
    assert matches(fold("Samsat (Bapenda Provinsi & Polda) SAM-PKB"), "SAMSÀT pkb")
    assert not matches(fold("Kantor Imigrasi"), "samsat")


def test_samsat_finds_the_samsat_services_by_their_agency_on_the_registration_form(qtbot, ctx, session):
    expected = samsat_codes(session)
    assert len(expected) >= 2  # the demo catalogue's names say "Pajak Kendaraan", not Samsat
    assert not any("samsat" in s.name.lower() for s in catalog.list_services(session) if s.code in expected)
    page = RegistrationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    combo = page.inputs["service"]
    type_into(qtbot, combo, "samsat")
    assert page.service_search.found() == expected
    assert page.service_search.popup().isVisible()
    type_into(qtbot, combo, "SAMSAT stnk")  # every word must match: upper case, two words
    assert page.service_search.found() == [c for c in expected if "stnk" in search_text(
        catalog.get_service(session, c))]
    type_into(qtbot, combo, "kependudukan akta")
    assert page.service_search.found() and all(c.startswith("DUK-") for c in page.service_search.found())

    type_into(qtbot, combo, "samsat")  # choosing from the pop-up selects the service
    popup = page.service_search.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentData() == expected[0]
    assert page.service().code == expected[0]


def test_keywords_in_the_catalogue_are_searched_too(qtbot, ctx, session):
    row = {**catalog.get_service(session, "DUK-KTP").as_dict(), "keywords": ["e-KTP", "kartu tanda penduduk"]}
    catalog.import_services(session, [row])
    page = RegistrationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    type_into(qtbot, page.inputs["service"], "tanda penduduk")
    assert page.service_search.found() == ["DUK-KTP"]


def test_the_console_walk_in_and_the_transfer_dialog_search_the_same_way(qtbot, ctx, session):
    expected = samsat_codes(session)
    console = CounterPage(ctx)
    qtbot.addWidget(console)
    console.show()
    type_into(qtbot, console.walk_in_service, "Samsat")
    assert sorted(console.walk_in_search.found()) == sorted(expected)
    dialog = TransferDialog(ctx, "A-001", console)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.target, "samsat")
    assert dialog.search.found() == expected
    qtbot.keyClick(dialog.search.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search.popup(), Qt.Key.Key_Return)
    assert dialog.chosen() == expected[0]
