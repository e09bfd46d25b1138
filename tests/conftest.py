"""Shared fixtures: a real SQLite file in a temp dir, a fixed clock, an initialised site."""

from __future__ import annotations

import os

import pytest
from demo_rows import demo_rows_without_hours

from counter_app import catalog
from counter_app.session import Session
from counter_app.site import init_site

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MONDAY = "2026-03-16T08:00:00+07:00"  # a working Monday before Nyepi and Lebaran 2026


@pytest.fixture
def fixed_now(monkeypatch):
    """Set the core clock; call again inside a test to move it."""

    def set_now(value: str = MONDAY) -> str:
        monkeypatch.setenv("LOKET_NOW", value)
        return value

    set_now()
    return set_now


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Each test starts in the core's default language, whatever an earlier test in the same
    process switched to (a parallel worker runs many tests one after another)."""
    from counter_app import i18n

    i18n.set_language(None)
    yield
    i18n.set_language(None)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "loket.sqlite3"


@pytest.fixture
def session(db_path, fixed_now):
    """An initialised site with the demo catalogue, on a real file."""
    s = Session.open(db_path)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
    catalog.import_services(s, demo_rows_without_hours())
    yield s
    s.close()


@pytest.fixture
def run_loket(db_path, fixed_now, capsys, monkeypatch):
    """``run_loket(*ARGS)``: ``loket --db <file> ARGS`` in this process, as ``(exit code,
    stdout, stderr)``."""
    from counter_app.cli import cli
    from counter_app.cli._common import run

    monkeypatch.delenv("LOKET_USER", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(cli, ["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def cli_site(run_loket, monkeypatch):
    """``cli_site(device_code)``: the demo site made by ``loket init`` on a real file, and a
    function running ``loket ARGS`` on it in this process: ``(exit code, stdout, stderr)``."""
    monkeypatch.delenv("LOKET_LANG", raising=False)

    def make(device_code: str = "K2"):
        code, _, err = run_loket("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung",
                                 "--device-code", device_code, "--demo")
        assert code == 0, err
        return run_loket

    return make


def _uses_qt(item) -> bool:
    return bool({"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def _gui_thread_garbage_collection(request):
    """A test with Qt collects garbage as the app does: on the GUI thread only
    (ui.gc_guard), never in a worker, sync or hub thread that happens to allocate."""
    if not _uses_qt(request.node):
        yield
        return
    request.getfixturevalue("qapp")
    from ui.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector().start()
    # what earlier tests left alive is frozen: this test's collections (the timer's, the one
    # after its body, the one at its end) look only at what it made. A full collection of
    # the whole suite's heap, twice per Qt test, took the suite from 11 to 16 minutes.
    collector.freeze(collect_first=False)
    request.node.gui_thread_collector = collector
    try:
        yield collector
    finally:
        collector.stop()  # after every other fixture of the test has let go (set up first)
        collector.deleteLater()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """What the test body dropped is collected before pytest-qt closes the widgets it was
    given: a window the test deleted itself is then gone, as with automatic collection."""
    try:
        return (yield)
    finally:
        collector = getattr(item, "gui_thread_collector", None)
        if collector is not None:
            collector.collect()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report):
    """Captured output holds what hostile-input tests fed the app, lone surrogates included;
    a parallel run (pytest-xdist) sends each report to the controller as UTF-8, so the text
    is escaped first (``\\ud800``) instead of failing the whole run."""
    report.sections = [(title, _escaped(text)) for title, text in report.sections]


def _escaped(text):
    if isinstance(text, str):
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def pytest_collection_modifyitems(config, items):
    """The tests marked slow run first: in two workers the longest ones (the CLI fuzz, the
    hub's hall cut off) then start at once and the short ones fill in around them, instead of
    one of them starting last and running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
