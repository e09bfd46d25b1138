"""A page dropped by Python is freed at once: no signal connection of its own widgets holds a
function that captures the page (such a cycle through Qt is invisible to the garbage
collector, survives until interpreter exit, after the QApplication, and crashed the app on
quit)."""

from __future__ import annotations

import gc
import importlib
import weakref

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from counter_app.actors import Actor
from ui import worker
from ui.context import AppContext
from ui.pages import PAGES


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("sari", "supervisor"))
    context.set_pref("counter/services", ["DUK-KTP"])
    yield context
    context.close()


@pytest.mark.parametrize("key", ["counter", "registration", "applications", "skm_kiosk", "skm_transcribe",
                                 "complaints", "dashboard", "calendar", "call_display", "settings"])
def test_a_dropped_page_is_freed(qtbot, ctx, key):
    target = next(p[2] for p in PAGES if p[0] == key)
    module_name, class_name = target.split(":")
    page = getattr(importlib.import_module(module_name), class_name)(ctx)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    if hasattr(page, "refresh"):
        page.refresh()
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10000)  # a load in flight holds it, rightly
    page.hide()
    alive = weakref.ref(page)
    del page
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert alive() is None, f"{key}: something still holds the page"


def test_a_dropped_main_window_is_freed(qtbot, ctx):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    qtbot.waitExposed(window)
    for key in window.page_keys:
        window.show_page(key)
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10000)
    window.hide()
    alive = weakref.ref(window)
    del window
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert alive() is None
