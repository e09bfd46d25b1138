"""Saving an incomplete registration form puts the core's messages beside the fields and a
line in the banner above, and nothing on the paper form moves: not the radio buttons under
the mouse, not the paper's width (the banner and the scroll bar keep their room)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QRadioButton

from counter_app.actors import Actor
from ui.context import AppContext
from ui.pages.registration import RegistrationPage


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    yield context
    context.close()


@pytest.mark.parametrize("size", [(1156, 700), (1366, 900)])  # beside the sidebar at 1366×768; larger
def test_the_radio_buttons_stay_put_when_errors_and_the_banner_appear(qtbot, ctx, size):
    page = RegistrationPage(ctx)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    radios = [r for r in page.findChildren(QRadioButton) if r.isVisible()]
    assert radios

    def places():
        QApplication.processEvents()
        return ([(r.mapTo(page, r.rect().topLeft()), r.size()) for r in radios]
                + [page.paper.geometry(), page.inputs["name"].mapTo(page, page.inputs["name"].rect().topLeft())])

    before = places()
    page.save()  # nothing filled in: messages beside the fields and in the banner
    assert page.banner.isVisible() and page.banner.text().startswith("Belum bisa disimpan")
    assert page.errors["name"].isVisible()
    assert places() == before
    page.banner.show_message("Registrasi tersimpan, tetapi tanda terima gagal dicetak: " + "printer mati. " * 12,
                             "warn")  # a long message is cut to the strip, whole in its tooltip
    assert places() == before
    assert page.banner.toolTip() == page.banner.text()
    page.banner.clear_message()
    assert places() == before
