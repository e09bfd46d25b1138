"""Desktop figures: cold start to an interactive main window (offscreen, a fresh process
each run) and resident memory after a busy day is loaded and every page visited."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from .stats import median, report
from .workload import START_DAY, busy_day, new_site, set_clock

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5


def run(workdir: Path) -> None:
    path = workdir / "busy-day.sqlite3"
    session = new_site(path)
    busy_day(session, START_DAY)
    session.close()
    afternoon = datetime.fromisoformat(f"{START_DAY.isoformat()}T16:30:00+07:00")
    set_clock(afternoon)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "LOKET_NOW": afternoon.isoformat()}
    starts, memory, pages = [], [], 0
    for _ in range(RUNS):
        t0 = time.time()
        out = subprocess.run([sys.executable, "-m", "bench.ui_probe", str(path)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
        if "READY" not in lines:
            raise RuntimeError(f"the app did not start: {out.stderr[-1500:]}")
        starts.append(float(lines["READY"]) - t0)
        rss, pages = lines["RSS"].split()
        memory.append(float(rss))
    report("app cold start to an interactive main window (offscreen)", median(starts), f"s (median of {RUNS})",
           "< 2 s", note=f"min {min(starts):.2f} s, max {max(starts):.2f} s, new process each run")
    report("resident memory after a busy day loaded", median(memory), "MB", "< 250 MB",
           note=f"5,000 tickets and 3,000 registrations today, {pages} pages visited")
