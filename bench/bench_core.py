"""Core figures on a year-sized database: ticket issue and registration save latency
(p50/p99, ratio to a raw single-row SQLite insert with the same durability settings) and
database growth per ticket + registration."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app import queue as q
from counter_app import registration
from counter_app.session import Session

from . import write_pages
from .stats import percentile, report
from .workload import (
    START_DAY,
    busy_day,
    clone_day,
    issue_moments,
    new_site,
    set_clock,
    valid_nik,
    working_days,
)

YEAR_DAYS = int(os.environ.get("LOKET_BENCH_DAYS", "250"))
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench-cache"
MIGRATIONS = ROOT / "counter_app" / "migrations"
SAMPLES = 400


def build_year(path: Path) -> tuple[Session, list, dict]:
    """A busy day through the core, then cloned to a year of working days."""
    session = new_site(path)
    days = working_days(START_DAY, YEAR_DAYS)
    size0 = path.stat().st_size
    t0 = time.perf_counter()
    counts = busy_day(session, days[0])
    gen_s = time.perf_counter() - t0
    session.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    grown = path.stat().st_size - size0
    report("busy day generated through the core", gen_s, "s",
           note=f"{counts['tickets']} tickets, {counts['calls']} calls, {counts['registrations']} registrations")
    report("database growth per ticket + registration (with events)",
           grown / (counts["tickets"] + counts["registrations"]), "bytes/record",
           note=f"{grown / counts['tickets']:.0f} bytes per ticket incl. its call/finish events and registrations spread")
    t0 = time.perf_counter()
    clone_day(session, days[0], days[1:])
    session.close()  # reopen with the production settings, as the app would
    session = Session.open(path)
    session.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    tickets = session.store.scalar("SELECT count(*) FROM tickets")
    report("year database built (cloned days)", time.perf_counter() - t0, "s",
           note=f"{len(days)} days, {tickets:,} tickets, {path.stat().st_size / 1e6:.0f} MB")
    return session, days, counts


def latency(session: Session, day) -> None:
    """Each sample: a raw single-row insert, a ticket issue, a registration save, one after the
    other, so the three meet the same disk: on a machine shared with other work the fsync's
    time moves from minute to minute, and measuring the raw inserts in a block of their own
    made the ratio say more about the minute than about the write path."""
    rng = random.Random(3)
    conn = session.store.conn
    conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
    issue, save, raw = [], [], []
    for i, (moment, open_now) in enumerate(issue_moments(session, day, SAMPLES)):
        set_clock(moment)
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO bench_raw (a, b) VALUES (?, ?)", (f"row {i}", "x" * 200))
        conn.execute("COMMIT")
        raw.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        ticket = q.issue_ticket(session, rng.choice(open_now))
        issue.append((time.perf_counter() - t0) * 1000)
        sex = rng.choice("LP")
        born = datetime(1980, 1, 1).date() + timedelta(days=rng.randint(0, 10000))
        data = registration.RegistrationInput(
            service=ticket["service"], name=f"Bench {i}", nik=valid_nik(rng, sex, born), sex=sex,
            birth_date=born.isoformat(), phone="081234567890", ticket=ticket["ticket"],
            requirements_complete=True)
        t0 = time.perf_counter()
        registration.register(session, data)
        save.append((time.perf_counter() - t0) * 1000)
    raw50, raw99 = percentile(raw, 50), percentile(raw, 99)
    report("raw single-row insert transaction (same file, synchronous=FULL, WAL)", raw50, "ms p50",
           note=f"p99 {raw99:.2f} ms")
    for name, values, target in (("ticket issue", issue, "p99 < 10 ms"),
                                 ("registration save", save, "p99 < 20 ms")):
        p50, p99 = percentile(values, 50), percentile(values, 99)
        report(f"{name} on the year database", p50, "ms p50", target, note=f"p99 {p99:.2f} ms")
        report(f"{name} ratio to raw insert", p50 / raw50, "x (p50)", "<= 3x", note=f"p99 ratio {p99 / raw99:.2f}x")


def cache_key() -> str:
    """The year database depends on the workload, the schema and the number of days."""
    digest = hashlib.sha256(str(YEAR_DAYS).encode())
    for source in sorted([Path(__file__).with_name("workload.py"), *MIGRATIONS.glob("*.sql")]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def run(workdir: Path) -> Session:
    """Build the year once (it is gigabytes and I/O-bound), reuse it while nothing it depends
    on has changed; ``LOKET_BENCH_FRESH=1`` rebuilds. The latency runs write into it."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"year-{cache_key()}.sqlite3"
    notes = path.with_suffix(".json")
    if path.exists() and notes.exists() and not os.environ.get("LOKET_BENCH_FRESH"):
        session = Session.open(path)
        days = working_days(START_DAY, YEAR_DAYS)
        for line in json.loads(notes.read_text()):
            print(line + "  (from the run that built the cached year database)", flush=True)
    else:
        for old in CACHE.glob("year-*"):
            old.unlink()
        building = path.with_suffix(".building")
        buffer = io.StringIO()
        with contextlib.redirect_stdout(Tee(buffer)):
            session, days, _ = build_year(building)
        session.close()
        building.rename(path)
        notes.write_text(json.dumps(buffer.getvalue().splitlines()))
        session = Session.open(path)
    report("year database", path.stat().st_size / 1e9, "GB",
           note=f"{session.store.scalar('SELECT count(*) FROM tickets'):,} tickets, "
                f"{session.store.scalar('SELECT max(seq) FROM events'):,} events")
    write_pages.run_report(workdir)  # the b-trees behind the latencies below (a small file)
    # A fresh day after the newest one in the file: each run measures the same situation (the
    # start of a day on top of the year), not a day that earlier runs have already filled.
    newest = date.fromisoformat(session.store.scalar("SELECT max(day) FROM tickets"))
    latency(session, working_days(max(newest, days[-1]), 2)[-1])
    return session


class Tee(io.TextIOBase):
    """Write to the real stdout and keep a copy."""

    def __init__(self, copy: io.StringIO):
        self.copy, self.out = copy, sys.stdout

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()
