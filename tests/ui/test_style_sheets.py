"""A style sheet is set only when it changes: setting the same one again re-polishes the
widget and lays it out anew, which cost the GUI thread 10-20 ms after every F2."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from counter_app.actors import Actor
from ui import worker
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.banner import Banner
from ui.widgets.style import set_style


class StyleChanges(QObject):
    def __init__(self, *widgets):
        super().__init__()
        self.count = 0
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_the_same_sheet_twice_restyles_once(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    changes = StyleChanges(label)
    assert set_style(label, "color: red;") is True
    assert set_style(label, "color: red;") is False
    assert changes.count == 1
    assert set_style(label, "") is True and changes.count == 2


def test_banner_messages_of_one_kind_do_not_restyle(qtbot):
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message("Memanggil A-001 ke Loket 1", "ok")
    changes = StyleChanges(banner)
    banner.show_message("Memanggil A-002 ke Loket 1", "ok")
    assert changes.count == 0 and banner.text().endswith("A-002 ke Loket 1")
    banner.show_message("Tidak ada antrean yang menunggu.", "info")
    assert changes.count == 1


def test_a_status_refresh_with_nothing_new_restyles_no_label(qtbot, session):
    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.status_loading and worker.pending() == 0, timeout=10000)
    changes = StyleChanges(window.printer_status, window.portal_status, window.hub_status)
    for _ in range(3):
        window.refresh_status()
        qtbot.waitUntil(lambda: not window.status_loading, timeout=10000)
    assert changes.count == 0
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10000)
    ctx.close()
