"""Sync figures: a satellite month offline (30 days × ~500 events) pushed to the portal on
loopback and acknowledged, then pulled by a second device of the site; ratio to a raw
HTTP POST of the same bytes into a plain table on the same server stack."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import requests

from counter_app import syncstate
from counter_app.session import Session
from counter_app.site import init_site
from sync.client import PortalClient, _push_all, run_sync
from sync.portal import service
from sync.portal.db import Database

from .stats import report
from .workload import START_DAY, busy_day, new_site, set_clock, working_days

ROOT = Path(__file__).resolve().parents[1]
DAYS = 30
BATCH = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], url: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return proc
        except requests.RequestException:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"server did not start: {args}")


def satellite_month(path: Path, series: int) -> Session:
    session = new_site(path, device_code="SAT1", series=series)
    for day in working_days(START_DAY, DAYS):
        # ~500 events a day: tickets issued/called/finished, registrations through to hand-over, SKM
        busy_day(session, day, tickets=130, registrations=28, skm_responses=32, complaint_count=2, seed=day.day)
    return session


def run(workdir: Path) -> None:
    portal_db = workdir / "portal.sqlite3"
    db = Database(str(portal_db))
    service.add_site(db, "MPP-BENCH", "MPP Bench")
    sat = service.enrol_device(db, "MPP-BENCH", "SAT1")
    k2 = service.enrol_device(db, "MPP-BENCH", "K2")
    db.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    portal = start(["-m", "sync.portal", "--db", str(portal_db), "serve", "--port", str(port)],
                   url + "/api/v1/health")
    try:
        t0 = time.perf_counter()
        session = satellite_month(workdir / "satellite.sqlite3", sat["series"])
        backlog = syncstate.pending_count(session)
        report("satellite month generated", time.perf_counter() - t0, "s", note=f"{backlog:,} events in the outbox")
        set_clock(datetime.fromisoformat(f"{working_days(START_DAY, DAYS + 1)[-1]}T08:00:00+07:00"))
        syncstate.configure(session, url, sat["token"])
        batches = [json.dumps({"events": [e.as_dict() for e in batch]}).encode()
                   for batch in _batches(session)]
        client = PortalClient(url, sat["token"])
        t0 = time.perf_counter()
        counts = _push_all(session, client, BATCH)
        push_s = time.perf_counter() - t0
        client.close()
        report("backlog pushed and acknowledged", push_s, "s", "< 10 s",
               note=f"{counts['accepted']:,} accepted, {syncstate.pending_count(session)} pending after, "
                    f"{sum(map(len, batches)) / 1e6:.1f} MB in {len(batches)} requests")
        t0 = time.perf_counter()
        own = run_sync(session)
        report("same device: rest of the round (pull its own events back, deduplicated)",
               time.perf_counter() - t0, "s", note=f"{own['pulled']:,} pulled, {own['applied']} applied")

        second = Session.open(workdir / "k2.sqlite3")
        init_site(second, site_code="MPP-BENCH", site_name="MPP Bench", device_code="K2", series=k2["series"])
        t0 = time.perf_counter()
        got = run_sync(second, portal=url, token=k2["token"])
        report("second device pulls the backlog", time.perf_counter() - t0, "s", "< 10 s",
               note=f"{got['pulled']:,} events pulled, {got['applied']:,} applied")
        mine = second.store.scalar("SELECT count(*) FROM tickets")
        theirs = session.store.scalar("SELECT count(*) FROM tickets")
        report("second device tickets equal the satellite's", int(mine == theirs), "(1 = yes)",
               note=f"{mine:,} vs {theirs:,}")
        second.close()
    finally:
        portal.terminate()
        portal.wait(10)

    raw_port = free_port()
    raw_url = f"http://127.0.0.1:{raw_port}"
    raw = start(["-m", "bench.raw_server", str(workdir / "raw.sqlite3"), str(raw_port)], raw_url + "/health")
    try:
        http = requests.Session()
        t0 = time.perf_counter()
        for body in batches:
            http.post(raw_url + "/raw", data=body, headers={"Content-Type": "application/json"},
                      timeout=30).raise_for_status()
        raw_s = time.perf_counter() - t0
    finally:
        raw.terminate()
        raw.wait(10)
    report("raw HTTP POST of the same bytes into a plain table", raw_s, "s")
    report("push ratio to raw POST", push_s / raw_s, "x")
    session.close()


def _batches(session: Session):
    rows = syncstate.outbox(session, 10**9)
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]
