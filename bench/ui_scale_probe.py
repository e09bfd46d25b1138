"""Child process for ``bench_ui_scale``: the main window on a large database (offscreen), and
the figures the officer feels: status bar refresh, opening the Applications page, a search
keystroke until the results are shown, F2 until the console shows the called ticket. Prints
one ``NAME value value ...`` line (milliseconds) per figure."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STATUS_RUNS = 60
CALLS = 30
QUERY = "Pemohon 123"


def main(db: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from counter_app.actors import Actor
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = QApplication(sys.argv)
    ctx = AppContext(db)
    ctx.set_actor(Actor("sari", "supervisor"))
    window = MainWindow(ctx)
    window.show()

    def settle(done, limit_s: float = 5.0) -> float:
        start = time.perf_counter()
        while not done() and time.perf_counter() - start < limit_s:
            app.processEvents()
        return time.perf_counter()

    def ms(values: list[float]) -> str:
        return " ".join(f"{v * 1000:.3f}" for v in values)

    def measure() -> None:
        app.processEvents()
        status = []
        for _ in range(STATUS_RUNS):
            t0 = time.perf_counter()
            window.refresh_status()
            status.append(time.perf_counter() - t0)
        print("STATUS", ms(status), flush=True)

        t0 = time.perf_counter()
        window.show_page("applications")
        page = window.page("applications")
        app.processEvents()
        print("APPS_OPEN", ms([time.perf_counter() - t0]), flush=True)

        changed = []
        for signal in (page.model.modelReset, page.model.layoutChanged, page.model.dataChanged,
                       page.model.rowsInserted, page.model.rowsRemoved):
            signal.connect(lambda *a: changed.append(time.perf_counter()))
        keys = []
        for _ in range(3):
            page.search.clear()
            app.processEvents()
            for ch in QUERY:
                changed.clear()
                t0 = time.perf_counter()
                QTest.keyClicks(page.search, ch)
                settle(lambda: bool(changed), 2.0)
                keys.append((changed[-1] if changed else time.perf_counter()) - t0)
        print("SEARCH", ms(keys), flush=True)

        window.show_page("counter")
        counter = window.page("counter")
        app.processEvents()
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
        app.quit()

    QTimer.singleShot(0, measure)
    app.exec()
    ctx.close()


if __name__ == "__main__":
    main(sys.argv[1])
