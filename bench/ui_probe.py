"""Child process for the UI benchmark: open the main window on a database, report when the
event loop first runs after show (interactive), then visit every page and report memory."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(db: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from counter_app.actors import Actor
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = QApplication(sys.argv)
    ctx = AppContext(db)
    ctx.set_actor(Actor("sari", "supervisor"))
    window = MainWindow(ctx)
    window.show()

    def ready() -> None:
        print(f"READY {time.time():.6f}", flush=True)
        for key in list(window.page_keys):
            window.show_page(key)
            app.processEvents()
        print(f"RSS {rss_mb():.1f} {len(window.page_keys)}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    ctx.close()


if __name__ == "__main__":
    main(sys.argv[1])
