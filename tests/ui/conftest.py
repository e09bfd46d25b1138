"""Fixtures the UI tests share."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ui.app import install_translators


@pytest.fixture(params=["id", "en"])
def language(request, qtbot):
    """Each UI language in turn, Qt's translators installed for it; Indonesian again after
    (the next test in the same worker starts in the default language)."""
    app = QApplication.instance()
    install_translators(app, request.param)
    yield request.param
    install_translators(app, "id")
