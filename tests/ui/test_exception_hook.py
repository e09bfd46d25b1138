"""An exception nobody caught, on the GUI thread, in a Qt slot or on another thread, is logged
with its traceback to the log beside the database and shown in an Indonesian dialog that
does not block the window."""

from __future__ import annotations

import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app import logs
from ui.app import ExceptionReporter, install_translators


@pytest.fixture
def log_file(tmp_path):
    path = logs.setup_logging(tmp_path / "loket.sqlite3")
    yield path
    logs.stop_logging()


@pytest.fixture
def hook(qtbot):
    installed: list[ExceptionReporter] = []

    def install(**kwargs) -> ExceptionReporter:
        reporter = ExceptionReporter(**kwargs).install()
        installed.append(reporter)
        return reporter

    yield install
    for reporter in installed:
        reporter.uninstall()
        if reporter.dialog is not None:
            reporter.dialog.close()
            reporter.dialog.deleteLater()


def _raise(exc: Exception) -> None:
    raise exc


def test_an_uncaught_exception_is_logged_with_its_traceback_and_shown(qtbot, log_file, hook):
    shown: list[str] = []
    hook(show=shown.append)
    try:
        _raise(sqlite3.OperationalError("disk I/O error"))
    except sqlite3.OperationalError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1
    assert shown[0].startswith("Terjadi galat yang tidak terduga: OperationalError: disk I/O error")
    assert str(log_file) in shown[0] and "Data yang sudah tersimpan tetap aman" in shown[0]
    text = log_file.read_text(encoding="utf-8")
    assert "CRITICAL loket.ui" in text and "Traceback (most recent call last)" in text
    assert "sqlite3.OperationalError: disk I/O error" in text and "in _raise" in text


def test_a_slot_that_raises_and_a_thread_that_dies_reach_the_hook(qtbot, log_file, hook):
    shown: list[str] = []
    hook(show=shown.append)
    QTimer.singleShot(0, lambda: _raise(KeyError("kode_layanan")))  # Qt hands it to sys.excepthook
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert "KeyError: 'kode_layanan'" in shown[0]
    worker = threading.Thread(target=_raise, args=(ValueError("nomor antrean rusak"),),
                              name="printer")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)  # shown on the GUI thread
    assert "ValueError: nomor antrean rusak" in shown[1]
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception in thread printer" in text
    assert "ValueError: nomor antrean rusak" in text
    assert "KeyError: 'kode_layanan'" in text


def test_the_dialog_does_not_block_and_a_second_error_reuses_it(qtbot, log_file, hook):
    reporter = hook()
    for message in ("pertama", "kedua"):
        try:
            _raise(RuntimeError(message))
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # returns: the dialog is not modal
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
               and w.objectName() == "exception_dialog" and w.isVisible()]
    assert dialogs == [reporter.dialog]
    assert not reporter.dialog.isModal()
    assert "RuntimeError: pertama" in reporter.dialog.text()  # the second is only in the log
    assert log_file.read_text(encoding="utf-8").count("RuntimeError: kedua") == 1
    reporter.dialog.close()
    try:
        _raise(RuntimeError("ketiga"))
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert reporter.dialog.isVisible() and "RuntimeError: ketiga" in reporter.dialog.text()


def test_uninstall_gives_the_hooks_back(qtbot, hook):
    before = sys.excepthook, threading.excepthook
    reporter = hook(show=lambda _text: None)
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_dialog_speaks_english_when_the_app_does(qtbot, log_file, hook):
    app = QApplication.instance()
    assert install_translators(app, "en")
    try:
        shown: list[str] = []
        hook(show=shown.append)
        try:
            _raise(OSError("disk full"))
        except OSError:
            sys.excepthook(*sys.exc_info())
    finally:
        install_translators(app, "id")
    assert shown[0].startswith("An unexpected error occurred: OSError: disk full")
    assert str(log_file) in shown[0]
