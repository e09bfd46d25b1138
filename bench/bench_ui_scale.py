"""The window on a database one and three years old (issue 14): status bar refresh, opening
the Applications page, a search keystroke to its results and F2 to the console updated,
each in a fresh offscreen app process (``ui_scale_probe``), with the growth from one to three
years; and whole-process start-up as ratios to ``python -c pass`` measured in the same run.

The three-year database is the year's file copied and cloned on for two more years after its
newest day (like the year itself), kept in ``.bench-cache`` beside the year.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app import queue as q
from counter_app.session import Session

from .bench_core import CACHE, YEAR_DAYS, cache_key
from .stats import percentile, report
from .workload import START_DAY, clone_day, new_site, set_clock, working_days

ROOT = Path(__file__).resolve().parents[1]
WHOLE_RUNS = 5
TARGETS = {"STATUS": 5.0, "SEARCH": 50.0, "F2": 50.0}


def three_years(year: Path) -> Path:
    path = CACHE / f"three-years-{cache_key()}.sqlite3"
    if path.exists() and not os.environ.get("LOKET_BENCH_FRESH"):
        return path
    for old in CACHE.glob("three-years-*"):
        old.unlink()
    building = path.with_suffix(".building")
    t0 = time.perf_counter()
    with Session.open(year) as s:
        s.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    shutil.copyfile(year, building)
    with Session.open(building) as s:
        newest = date.fromisoformat(s.store.scalar("SELECT max(day) FROM tickets"))
        targets = working_days(newest + timedelta(days=1), 2 * YEAR_DAYS)
        clone_day(s, working_days(START_DAY, 1)[0], targets)
    building.rename(path)
    report("three-year database built (year copied, two more years cloned)", time.perf_counter() - t0, "s",
           note=f"{path.stat().st_size / 1e9:.1f} GB")
    return path


def probe(path: Path) -> dict[str, list[float]]:
    """A new working day after the newest in the file, 80 tickets waiting, then the probe."""
    with Session.open(path) as s:
        newest = date.fromisoformat(s.store.scalar("SELECT max(day) FROM tickets"))
        day = working_days(newest + timedelta(days=1), 1)[0]
        services = [r[0] for r in s.store.query("SELECT code FROM services ORDER BY code")]
        start = datetime.fromisoformat(f"{day.isoformat()}T08:00:00+07:00")
        for i in range(80):
            set_clock(start + timedelta(seconds=i))
            q.issue_ticket(s, services[i % len(services)])
    moment = (start + timedelta(minutes=30)).isoformat()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "LOKET_NOW": moment}
    out = subprocess.run([sys.executable, "-m", "bench.ui_scale_probe", str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)
    figures = {}
    for line in out.stdout.splitlines():
        name, *values = line.split()
        figures[name] = [float(v) for v in values]
    if set(figures) != {"STATUS", "APPS_OPEN", "SEARCH", "F2"}:
        raise RuntimeError(f"the probe did not finish: {out.stderr[-2000:]}")
    return figures


def whole_process(workdir: Path) -> None:
    small = workdir / "small.sqlite3"
    with new_site(small) as s:
        service = s.store.scalar("SELECT code FROM services ORDER BY code LIMIT 1")
    env = {**os.environ, "LOKET_DB": str(small), "PYTHONPATH": str(ROOT)}
    env.pop("LOKET_NOW", None)

    def median_of(cmd: list[str]) -> float:
        times = []
        for _ in range(WHOLE_RUNS):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True, timeout=120)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    bare = median_of([sys.executable, "-c", "pass"])
    loket = [sys.executable, "-m", "counter_app.cli"]
    help_s = median_of([*loket, "--help"])
    issue_s = median_of([*loket, "queue", "issue", service])
    report("python -c pass (the baseline of the ratios)", bare * 1000, "ms", note=f"median of {WHOLE_RUNS}")
    report("loket --help ÷ python -c pass", help_s / bare, "x", "<= 5x", note=f"{help_s * 1000:.0f} ms")
    report("loket queue issue (small database) ÷ python -c pass", issue_s / bare, "x", "<= 8x",
           note=f"{issue_s * 1000:.0f} ms")


def run(workdir: Path, context: dict | None = None) -> None:
    context = context or {}
    year_session = context.get("bench_core")
    if year_session is None:
        from . import bench_core

        year_session = bench_core.run(workdir)
    year = Path(year_session.store.path)
    year_session.close()
    results = {}
    for label, path in (("1 year", year), ("3 years", three_years(year))):
        with Session.open(path) as s:
            size = f"{s.store.scalar('SELECT count(*) FROM registrations'):,} registrations"
        figures = probe(path)
        results[label] = figures
        report(f"status bar refresh, {label}", percentile(figures["STATUS"], 99), "ms p99", "p99 < 5 ms",
               note=f"p50 {percentile(figures['STATUS'], 50):.2f} ms, {size}")
        report(f"opening the Applications page, {label}", figures["APPS_OPEN"][0], "ms", "< 300 ms")
        report(f"Applications search keystroke -> results, {label}", percentile(figures["SEARCH"], 99), "ms p99",
               "p99 < 50 ms", note=f"p50 {percentile(figures['SEARCH'], 50):.1f} ms, typing '{'Pemohon 123'}' 3x")
        report(f"F2 -> console updated, {label}", percentile(figures["F2"], 99), "ms p99", "p99 < 50 ms",
               note=f"p50 {percentile(figures['F2'], 50):.1f} ms")
    for name, title in (("STATUS", "status bar refresh"), ("APPS_OPEN", "opening Applications"),
                        ("SEARCH", "search keystroke"), ("F2", "F2")):
        one = percentile(results["1 year"][name], 99)
        three = percentile(results["3 years"][name], 99)
        report(f"growth 1 -> 3 years, {title}", (three / one - 1) * 100 if one else float("nan"), "%",
               "<= 20 %")
    whole_process(workdir)
