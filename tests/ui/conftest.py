"""UI tests collect garbage on the main thread only, as the app does (ui.app.GuiThreadCollector):
an automatic collection started by a worker thread could free Qt objects off the GUI thread
and crash the process."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread():
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
