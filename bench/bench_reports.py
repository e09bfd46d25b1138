"""Report figures on the year-sized database: daily summary (JSON), its PDF, a month as XLSX."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

from counter_app.reports import daily_summary, period_report
from printing.reports import render

from .bench_core import YEAR_DAYS
from .stats import median, report
from .workload import START_DAY, set_clock, working_days

RUNS = 3


def timed(fn, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return median(times), result


def run(workdir: Path, context: dict) -> None:
    session = context["bench_core"]
    # the year's days only: the latency runs add a day to the file each time
    days = [d.isoformat() for d in working_days(START_DAY, YEAR_DAYS)]
    day = datetime.fromisoformat(days[len(days) // 2]).date()
    set_clock(datetime.fromisoformat(f"{day.isoformat()}T17:00:00+07:00"))

    secs, summary = timed(lambda: json.dumps(daily_summary(session, day), ensure_ascii=False))
    report("daily summary (JSON) on the year database", secs, "s (median of 3)", "< 0.5 s",
           note=f"{len(summary) / 1024:.0f} KiB, {day.isoformat()}")
    data = daily_summary(session, day)
    secs, _ = timed(lambda: render(data, "pdf", workdir / "daily.pdf"))
    report("daily summary PDF render", secs, "s (median of 3)", "< 2 s",
           note=f"{(workdir / 'daily.pdf').stat().st_size / 1024:.0f} KiB")
    month_from = day.replace(day=1)
    month_to = max(datetime.fromisoformat(d).date() for d in days if d.startswith(day.isoformat()[:7]))

    def month_xlsx():
        return render(period_report(session, month_from, month_to), "xlsx", workdir / "month.xlsx")

    secs, _ = timed(month_xlsx)
    report("month period report XLSX (compute + write)", secs, "s (median of 3)", "< 5 s",
           note=f"{month_from} – {month_to}, {(workdir / 'month.xlsx').stat().st_size / 1024:.0f} KiB")
