"""Child process for ``bench_ui_scale``: the main window on a large database (offscreen), and
the figures the officer feels: status bar refresh, opening the Applications page, a search
keystroke until the results are shown, F2 until the console shows the called ticket (each
read or write runs in a worker: a figure lasts until the window shows its outcome). Prints
one ``NAME value value ...`` line (milliseconds) per figure.

``python -m bench.ui_scale_probe DB [status] [search] [f2]`` takes only the named groups
(default: all). The bench runs each group in a process of its own: under PySide6 6.12 on
Python 3.11 every Python override that returns None to Qt (a model's ``data()`` for a role
it does not fill, an event filter) takes one reference from None, and the process aborts
("none_dealloc") once about 50,000 are gone, which the three groups together reach on a
large database (docs/performance.md)."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STATUS_RUNS = 120
CALLS = 100
ROUNDS = 8  # the query typed this many times: 112 keystrokes, so a p99 is not one sample
QUERY = "Siti Nurhaliza"  # typed key by key: "Siti" is one woman in five, the whole name one in 250


GROUPS = ("status", "search", "f2")


def main(db: str, groups: tuple[str, ...] = GROUPS) -> None:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from counter_app.actors import Actor
    from ui import worker
    from ui.context import AppContext
    from ui.gc_guard import GuiThreadCollector
    from ui.main_window import MainWindow

    app = QApplication(sys.argv)
    ctx = AppContext(db)
    ctx.set_actor(Actor("sari", "supervisor"))
    window = MainWindow(ctx)
    window.show()
    collector = GuiThreadCollector(app).start()  # garbage collected as in the app (run_app)
    collector.freeze()

    # The window waits as the app's event loop does: asleep in Qt until an event comes (a
    # worker's answer, a timer), the GIL released. Spinning processEvents() instead kept the
    # GIL on this thread, and every statement of the worker it waited for queued behind it
    # for up to the interpreter's 5 ms switch interval: F2 measured 45 ms at p50 for 2.3 ms of
    # database work. The ticker wakes the loop so that the time limit is kept.
    ticker = QTimer()
    ticker.start(50)

    def settle(done, limit_s: float = 5.0) -> float:
        start = time.perf_counter()
        while not done() and time.perf_counter() - start < limit_s:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return time.perf_counter()

    def ms(values: list[float]) -> str:
        return " ".join(f"{v * 1000:.3f}" for v in values)

    def measure() -> None:
        app.processEvents()
        if "status" in groups:
            status_and_open()
        if "search" in groups:
            search()
        if "f2" in groups:
            f2()
        app.quit()

    def status_and_open() -> None:
        # the figures are read in a worker: a refresh lasts until the bar shows them. Taken
        # once the window has opened (its pages' first loads delivered), as an officer's F5 is
        settle(lambda: not window.status_loading and worker.pending() == 0, 30.0)
        status, gui = [], []
        for _ in range(STATUS_RUNS):
            t0 = time.perf_counter()
            window.refresh_status()
            gui.append(time.perf_counter() - t0)
            status.append(settle(lambda: not window.status_loading) - t0)
        print("STATUS", ms(status), flush=True)
        print("STATUS_GUI", ms(gui), flush=True)

        t0 = time.perf_counter()
        window.show_page("applications")
        page = window.page("applications")
        print("APPS_OPEN", ms([settle(lambda: not page.busy) - t0]), flush=True)

    def search() -> None:
        window.show_page("applications")
        page = window.page("applications")
        app.processEvents()
        settle(lambda: not page.busy)
        # SEARCH: a key, then Enter (the search at once): the search's own time.
        # SEARCH_TYPED: a key alone, until its results show: the 150 ms typing pause included.
        for name, enter in (("SEARCH", True), ("SEARCH_TYPED", False)):
            keys = []
            for _ in range(ROUNDS):
                page.search.clear()
                settle(lambda: not page.busy)
                for ch in QUERY:
                    t0 = time.perf_counter()
                    QTest.keyClicks(page.search, ch)
                    if enter:
                        QTest.keyClick(page.search, Qt.Key.Key_Return)
                    keys.append(settle(lambda: not page.busy, 2.0) - t0)
            print(name, ms(keys), flush=True)

    def f2() -> None:
        window.show_page("counter")
        counter = window.page("counter")
        settle(lambda: not counter.busy and worker.pending() == 0, 30.0)  # the console shown, as the officer sees it
        calls = []
        for _ in range(CALLS):
            t0 = time.perf_counter()
            counter.call_next()
            t1 = settle(lambda: not counter.busy)
            calls.append(t1 - t0)
            if counter.current:
                counter.finish()
                settle(lambda: not counter.busy)
        print("F2", ms(calls), flush=True)

    QTimer.singleShot(0, measure)
    app.exec()
    ctx.close()


if __name__ == "__main__":
    main(sys.argv[1], tuple(sys.argv[2:]) or GROUPS)
