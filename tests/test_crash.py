"""Crash safety: a child process issuing tickets and registrations on a real file is killed with
SIGKILL mid-burst, many times. Afterwards the file passes ``PRAGMA integrity_check``, every
operation the child acknowledged (printed after its commit) is present, no ticket number is
duplicated, numbering has no gaps, the hash chain is intact and projections rebuild identically."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

from demo_rows import demo_rows_without_hours

from counter_app import catalog
from counter_app.events import (
    GENESIS,
    PROJECTION_TABLES,
    Event,
    event_hash,
    load_domain,
    rebuild_projections,
)
from counter_app.session import Session
from counter_app.site import init_site

ROUNDS = 20  # about 5 s on an idle 2-core machine

# The child: one operation per transaction; the acknowledgement is printed only after COMMIT.
CHILD = r"""
import sys
from counter_app import queue, registration
from counter_app.session import Session

services = ["DUK-KTP", "DUK-KK", "POL-SKCK", "SAM-PKB"]
niks = ["3273015503850003", "3273011503850003", "3578106708990012", "5171010101010001"]
s = Session.open(sys.argv[1])
left = queue.active_ticket(s, "1")  # killed between a call and its finish last time
if left:
    queue.finish(s, left.number)
print("READY", flush=True)
i = 0
while True:
    i += 1
    t = queue.issue_ticket(s, services[i % 4], "lansia" if i % 5 == 0 else None)
    print("T", t["id"], t["day"], t["ticket"], flush=True)
    if i % 2:
        r = registration.register(s, registration.RegistrationInput(
            service=services[i % 4], name=f"Pemohon {i}", nik=niks[i % 4], ticket=t["ticket"],
            phone="081234567890", requirements_complete=bool(i % 3)))
        print("R", r["registration_id"], flush=True)
    if i % 7 == 0:
        called = queue.call_next(s, "1")
        if called:
            queue.finish(s, called["ticket"])
            print("F", called["id"], flush=True)
"""


def _snapshot(s: Session) -> dict[str, list]:
    load_domain()
    return {t: sorted((tuple(r) for r in s.store.query(f"SELECT * FROM {t}")), key=repr) for t in PROJECTION_TABLES}


def _acknowledged(line: str, tickets: dict, registrations: set, finished: set) -> None:
    if not line.endswith("\n"):
        return  # cut by the kill while being written: not an acknowledgement
    kind, *rest = line.split()
    if kind == "T":
        ticket_id, day, number = rest
        tickets[ticket_id] = (day, number)
    elif kind == "R":
        registrations.add(rest[0])
    elif kind == "F":
        finished.add(rest[0])


def _run_round(path, env, rng, tickets, registrations, finished) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    ready = child.stdout.readline().strip()
    if ready != "READY":
        child.kill()
        raise AssertionError(f"child did not start: {child.communicate()[1]}")
    wanted = rng.randint(1, 30)
    for _ in range(wanted):
        line = child.stdout.readline()
        if not line:
            break
        _acknowledged(line, tickets, registrations, finished)
    time.sleep(rng.random() * 0.01)  # land anywhere inside the next transaction
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL, err
    for line in rest.splitlines(keepends=True):  # printed (so committed) before the kill
        _acknowledged(line, tickets, registrations, finished)


def test_sigkill_mid_burst_loses_no_acknowledged_operation(tmp_path, monkeypatch):
    path = tmp_path / "crash.sqlite3"
    monkeypatch.setenv("LOKET_NOW", "2026-03-31T08:00:00+07:00")
    with Session.open(path) as s:
        init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
        catalog.import_services(s, demo_rows_without_hours())

    rng = random.Random(20260316)
    tickets: dict[str, tuple[str, str]] = {}
    registrations: set[str] = set()
    finished: set[str] = set()
    env = dict(os.environ)
    started = time.monotonic()
    for round_no in range(ROUNDS):
        # three rounds per day: numbering must resume after a kill, and reset the next day
        env["LOKET_NOW"] = f"2026-04-{1 + round_no // 3:02d}T08:00:00+07:00"
        _run_round(path, env, rng, tickets, registrations, finished)
    elapsed = time.monotonic() - started
    assert len(tickets) >= ROUNDS and registrations, "the child acknowledged too little to mean anything"

    # the file survived every kill
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()

    with Session.open(path) as s:
        rows = {r["id"]: (r["day"], r["number"], r["status"]) for r in s.store.query("SELECT * FROM tickets")}
        # every acknowledged operation is there, exactly as acknowledged
        for ticket_id, (day, number) in tickets.items():
            assert rows[ticket_id][:2] == (day, number)
        present = {r[0] for r in s.store.query("SELECT id FROM registrations")}
        assert registrations <= present
        for ticket_id in finished:
            assert rows[ticket_id][2] == "finished"
        # no number twice on one day, and no gaps per day, prefix and series
        assert not [k for k, n in Counter((d, num) for d, num, _ in rows.values()).items() if n > 1]
        for r in s.store.query("SELECT day, prefix, series, count(*) AS n, max(seq_no) AS top"
                               " FROM tickets GROUP BY day, prefix, series"):
            assert r["n"] == r["top"], dict(r)
        for r in s.store.query("SELECT day, count(*) AS n, max(seq_no) AS top FROM registrations GROUP BY day"):
            assert r["n"] == r["top"], dict(r)
        # the hash chain has no hole and no broken link
        prev = GENESIS
        events = s.store.query("SELECT * FROM events ORDER BY device_seq")
        for seq, row in enumerate(events, start=1):
            event = Event.from_row(row)
            assert event.device_seq == seq and event.prev_hash == prev
            assert event_hash(**event.as_dict()) == event.hash
            prev = event.hash
        assert s.store.scalar("SELECT hash FROM chain_heads") == prev
        # every projection row is explained by the log
        before = _snapshot(s)
        rebuild_projections(s.store)
        assert _snapshot(s) == before
    print(f"{ROUNDS} kills, {len(tickets)} tickets and {len(registrations)} registrations "
          f"acknowledged, {elapsed:.1f} s")
