"""Hall simulation: one kiosk PC and N counter PCs of one site, meeting only through the portal.

Real parts: the portal server (``python -m sync.portal serve``, SQLite) in its own process
on a loopback port; every device its own process and SQLite file, set up with ``loket init``
and enrolled with ``loket-portal device enrol``, syncing through the real client
(``sync.client.run_sync``) over HTTP. Simulated: the clock. Each device is a long-lived
worker (``python -m bench.bench_hall worker DB``) that reads one JSON command a line
("at time T do X"), sets ``LOKET_NOW`` to T itself and answers one JSON line, so two hours
of a hall run in a few minutes. The driver sends one command at a time, in simulated-time
order: with the same seed every run makes the same decisions (event ids still differ).

The day: the kiosk issues tickets (Poisson arrivals, a few services, some priority); each
counter serves two services and calls next, finishes after 5–8 minutes, sometimes recalls,
skips, marks a no-show or transfers; every device runs a sync round every 60 simulated
seconds (staggered); the portal is killed for 30 minutes in the middle and restarted on the
same database and port, the devices working on offline. A counter only knows the tickets
that reached it through the portal, so two counters can call the same ticket: those double
calls are counted. After closing every device syncs until nothing moves; then each prints
its projection digest and its daily report (``loket report daily --format json``), which
must be the same on every device.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import traceback
from collections import Counter as Counter_
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
SITE = "MPP-HALL"
SITE_NAME = "MPP Simulasi Aula"
DAY = date(2026, 11, 23)  # a working Monday
WIB = ZoneInfo("Asia/Jakarta")
OPEN = datetime(DAY.year, DAY.month, DAY.day, 8, 0, tzinfo=WIB)
N_SERVICES = 4
PRIORITIES = ("lansia", "disabilitas", "ibu_hamil")


@dataclass
class HallConfig:
    counters: int = 8
    minutes: float = 120
    tickets_per_hour: float = 80
    sync_every_s: float = 60
    outage_minutes: float = 30  # in the middle of the day; 0 for none
    seed: int = 12
    service_min_s: float = 300
    service_max_s: float = 480
    idle_poll_s: float = 20  # an idle officer looks at the queue again this often
    max_settle_passes: int = 12

    @property
    def duration_s(self) -> float:
        return self.minutes * 60

    @property
    def outage(self) -> tuple[float, float] | None:
        if not self.outage_minutes:
            return None
        start = (self.duration_s - self.outage_minutes * 60) / 2
        return start, start + self.outage_minutes * 60


def at(t: float) -> str:
    """``LOKET_NOW`` for ``t`` simulated seconds after opening (microseconds kept, so no two
    actions of the day share a hybrid-clock millisecond by accident)."""
    return (OPEN + timedelta(seconds=t)).isoformat(timespec="microseconds")


# ==================================================================== the device worker
def worker_main(db: str) -> None:
    """One device: JSON commands on stdin, one JSON answer a line on stdout."""
    from counter_app.session import Session

    serve_commands(Session.open(db), OPS, {"known": set()})


def serve_commands(session, ops: dict, state: dict[str, Any]) -> None:
    """A worker's loop: each stdin line is a JSON command run at its ``now`` by ``ops[op]``,
    answered by one JSON line on the real stdout (anything else printed goes to stderr) until
    the ``stop`` command; then the session is closed."""
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but answers on the protocol stream
    for line in sys.stdin:
        cmd = json.loads(line)
        os.environ["LOKET_NOW"] = cmd["now"]
        try:
            reply = ops[cmd["op"]](session, cmd, state)
        except Exception:
            reply = {"crash": traceback.format_exc()}
        out.write(json.dumps(reply, ensure_ascii=False, default=str) + "\n")
        out.flush()
        if cmd["op"] == "stop":
            break
    session.close()


def _op_configure(session, cmd, state) -> dict:
    from counter_app import syncstate

    syncstate.configure(session, cmd["portal"], cmd["token"])
    return {}


def _op_issue(session, cmd, state) -> dict:
    from counter_app import queue as q

    ticket = q.issue_ticket(session, cmd["service"], cmd.get("priority"))
    return {"id": ticket["id"], "number": ticket["ticket"]}


def _op_call(session, cmd, state) -> dict:
    from counter_app import queue as q
    from counter_app.errors import LoketError

    current = q.active_ticket(session, cmd["counter"])
    if current is not None:
        # the officer's screen shows a ticket being served here (e.g. a sync handed one back):
        # that is the one they deal with before calling anybody else
        return {"id": current.id, "number": current.number, "resumed": True}
    try:
        ticket = q.call_next(session, cmd["counter"], cmd["services"])
    except LoketError as exc:
        return {"id": None, "error": str(exc)}
    return {"id": ticket["id"], "number": ticket["ticket"]} if ticket else {"id": None}


def _op_act(session, cmd, state) -> dict:
    from counter_app import queue as q
    from counter_app.errors import LoketError

    row = session.store.one("SELECT status, counter FROM tickets WHERE id = ?", (cmd["id"],))
    if row is None or row["status"] != "called" or row["counter"] != cmd["counter"]:
        # a sync brought another counter's call or close of this ticket
        return {"lost": True, "status": row and row["status"], "counter": row and row["counter"]}
    kind = cmd["kind"]
    try:
        if kind == "transfer":
            q.transfer(session, cmd["id"], cmd["to"])
        else:
            getattr(q, kind)(session, cmd["id"])
    except LoketError as exc:
        return {"error": str(exc)}
    return {"ok": True}


def _op_sync(session, cmd, state) -> dict:
    from counter_app.errors import LoketError
    from sync.client import RetryPolicy, run_sync

    # two attempts like the desktop app's background sync; the retry pause is not waited
    # out in wall time (the simulated clock does not move during a round anyway)
    policy = RetryPolicy(attempts=2, sleep=lambda _s: None)
    try:
        r = run_sync(session, policy=policy)
        reply = {"ok": True, "accepted": r["accepted"], "rejected": r["rejected"],
                 "applied": r["applied"], "pending": r["pending"]}
    except LoketError as exc:
        reply = {"ok": False, "kind": type(exc).__name__, "error": str(exc)}
    except Exception as exc:  # not a sync failure the client knows: a finding
        reply = {"ok": False, "kind": "unexpected", "error": f"{type(exc).__name__}: {exc}",
                 "trace": traceback.format_exc()}
    rows = session.store.query("SELECT id, service_code FROM tickets")
    new = [(r["id"], r["service_code"]) for r in rows if r["id"] not in state["known"]]
    state["known"].update(i for i, _ in new)
    reply["new_tickets"] = new
    return reply


def _double_calls(session) -> tuple[int, list[str]]:
    """Tickets called by two counters in one wait, and the time of each extra call: in the
    merged log, a ``ticket_called`` by another counter while no transfer or restore had put
    the ticket back in a queue since the previous call."""
    rows = session.store.query(
        "SELECT entity_id, type, payload FROM events WHERE type IN"
        " ('ticket_called', 'ticket_transferred', 'ticket_restored') ORDER BY entity_id, hlc, id")
    tickets, extra = set(), []
    last: dict[str, str | None] = {}
    for r in rows:
        entity = r["entity_id"]
        if r["type"] != "ticket_called":
            last[entity] = None
            continue
        payload = json.loads(r["payload"])
        counter = payload["counter"]
        if last.get(entity) is not None and last[entity] != counter:
            tickets.add(entity)
            extra.append(payload["at"])
        last[entity] = counter
    return len(tickets), extra


def _op_final(session, cmd, state) -> dict:
    from counter_app import reports, syncstate
    from counter_app.conflicts import list_conflicts
    from counter_app.digest import projection_digest
    from printing.reports import render_json

    path = render_json(reports.daily_summary(session, DAY), cmd["report"])
    conflicts = list_conflicts(session, limit=10**6)
    log = session.store.query("SELECT id, hash FROM events ORDER BY id")
    doubles, extra = _double_calls(session)
    return {
        "digest": projection_digest(session), "report_path": str(path),
        "events": len(log),
        "log_hash": hashlib.sha256("".join(f"{r['id']}{r['hash']}" for r in log).encode()).hexdigest(),
        "tickets": session.store.scalar("SELECT count(*) FROM tickets WHERE day = ?", (DAY.isoformat(),)),
        "double_call_tickets": doubles, "double_calls_at": extra,
        "conflicts": len(conflicts), "conflict_kinds": dict(Counter_(c["kind"] for c in conflicts)),
        "conflicts_hash": hashlib.sha256(json.dumps(conflicts, sort_keys=True, default=str).encode()).hexdigest(),
        "pending": syncstate.pending_count(session),
        "status": dict(session.store.query(
            "SELECT status, count(*) FROM tickets GROUP BY status ORDER BY status")),
    }


def _op_rows(session, cmd, state) -> dict:
    rows = session.store.query(f"SELECT * FROM {cmd['table']} ORDER BY 1")
    return {"columns": list(rows[0].keys()) if rows else [], "rows": [list(r) for r in rows]}


def _op_stop(session, cmd, state) -> dict:
    return {}


OPS = {"configure": _op_configure, "issue": _op_issue, "call": _op_call, "act": _op_act,
       "sync": _op_sync, "final": _op_final, "rows": _op_rows, "stop": _op_stop}


# ==================================================================== the driver's side
def _env(now: str | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if now:
        env["LOKET_NOW"] = now
    return env


def _run(args: list[str], now: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=_env(now), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Portal:
    """``python -m sync.portal serve`` on one SQLite file and one port, stoppable and restartable."""

    def __init__(self, db: Path, log: Path):
        self.db, self.log, self.port = db, log, free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def admin(self, *args: str) -> str:
        return _run(["-m", "sync.portal", "--db", str(self.db), *args], at(-3600))

    def start(self) -> None:
        import requests

        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.portal", "--db", str(self.db), "serve", "--port", str(self.port)],
                # the server's clock stays at opening time: it authors no events during the day,
                # and the devices' clocks stay within the protocol's drift bound of it
                cwd=ROOT, env=_env(at(0)), stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"portal ended with {self.proc.returncode}; see {self.log.name}")
            try:
                if requests.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("portal did not answer within 30 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None


class Device:
    """A device worker process; :meth:`ask` sends one command and waits for its answer."""

    def __init__(self, name: str, db: Path, log: Path):
        self.name, self.db, self.log = name, db, log
        self._log = open(log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.bench_hall", "worker", str(db)], cwd=ROOT, env=_env(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True, bufsize=1)

    def ask(self, op: str, t: float, **args: Any) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"op": op, "now": at(t), **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"device {self.name} ended (exit {self.proc.wait(10)}); see {self.log.name}")
        reply = json.loads(line)
        if "crash" in reply:
            raise RuntimeError(f"device {self.name}: {op} raised:\n{reply['crash']}")
        return reply

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.ask("stop", 0)
                self.proc.wait(10)
            except (OSError, RuntimeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()


@dataclass
class Counter:
    device: Device
    name: str
    services: list[str]
    rng: random.Random
    service_s: tuple[float, float]
    idle_s: float
    ticket: str | None = None
    plan: list[tuple[float, str, str | None]] = field(default_factory=list)


@dataclass
class Tally:
    issued: dict[str, float] = field(default_factory=dict)  # ticket id -> issue time
    service_of: dict[str, str] = field(default_factory=dict)
    callable_at: dict[str, float] = field(default_factory=dict)  # first time at a counter serving it
    calls: int = 0
    resumed: int = 0
    lost: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    action_errors: list[str] = field(default_factory=list)
    rounds_ok: int = 0
    rounds_failed_outage: int = 0
    rounds_failed_other: list[str] = field(default_factory=list)
    rejected: int = 0
    # the hall itself, which no device sees: where each applicant is
    with_counter: dict[str, str | None] = field(default_factory=dict)  # ticket -> counter serving it
    absent: set[str] = field(default_factory=set)  # applicants not there when called
    nobody_came: int = 0  # calls of a number whose applicant was elsewhere or gone
    served_off_record: int = 0  # applicants served at a counter a sync took their ticket from


def _catalog_file(path: Path) -> list[dict]:
    """The first service of each of the first agencies of the demo catalogue."""
    from counter_app import catalog

    rows, seen = [], set()
    for row in catalog.demo_catalog_rows():
        if row["agency"] not in seen:
            seen.add(row["agency"])
            rows.append(row)
        if len(rows) == N_SERVICES:
            break
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return rows


def simulate(workdir: Path, cfg: HallConfig) -> dict[str, Any]:
    """Run the hall day; returns every figure and each device's final state."""
    workdir.mkdir(parents=True, exist_ok=True)
    wall0 = time.perf_counter()
    portal = Portal(workdir / "portal.sqlite3", workdir / "portal.log")
    devices: list[Device] = []
    try:
        services = [r["code"] for r in _catalog_file(workdir / "catalog.json")]
        portal.admin("site", "add", SITE, SITE_NAME)
        portal.admin("catalog", "import", str(workdir / "catalog.json"), "--site", SITE)
        names = ["KIOSK"] + [f"L{i}" for i in range(1, cfg.counters + 1)]
        for name in names:
            enrolled = json.loads(portal.admin("device", "enrol", "--site", SITE, "--name", name, "--json"))
            db = workdir / f"{name.lower()}.sqlite3"
            _run(["-m", "counter_app.cli", "--db", str(db), "init", "--site-code", SITE, "--site-name",
                  SITE_NAME, "--device-code", name, "--series", str(enrolled["series"]), "--json"], at(-3600))
            device = Device(name, db, workdir / f"{name.lower()}.log")
            devices.append(device)
            device.ask("configure", -3000, portal=portal.url, token=enrolled["token"])
        portal.start()
        # before opening: two rounds each, so the catalogue and every device's set-up is everywhere
        for k in range(2):
            for i, device in enumerate(devices):
                reply = device.ask("sync", -1800 + k * 60 + i)
                if not reply["ok"]:
                    raise RuntimeError(f"{device.name}: first sync failed: {reply['error']}")
        setup_s = time.perf_counter() - wall0

        wall1 = time.perf_counter()
        tally = Tally()
        counters = _counters(devices[1:], services, cfg)
        _day(devices, counters, services, portal, cfg, tally)
        day_s = time.perf_counter() - wall1

        wall2 = time.perf_counter()
        passes = _settle(devices, counters, cfg, tally)
        settle_s = time.perf_counter() - wall2
        finals = [d.ask("final", cfg.duration_s + 900, report=str(workdir / f"report-{d.name.lower()}.json"))
                  for d in devices]
        diffs = _differences(devices, finals, cfg)
        return {"setup_s": setup_s, "day_s": day_s, "settle_s": settle_s, "passes": passes,
                "wall_s": time.perf_counter() - wall0, "tally": tally, "finals": finals,
                "names": names, "services": services, **diffs}
    finally:
        for device in devices:
            device.close()
        portal.kill()


def _counters(devices: list[Device], services: list[str], cfg: HallConfig) -> list[Counter]:
    """Counter i has its own service and helps with the next one (eight counters, four
    services: four counters on each queue, two of them its own)."""
    out = []
    for i, device in enumerate(devices):
        own = i * len(services) // len(devices)
        out.append(Counter(device, str(i + 1), [services[own], services[(own + 1) % len(services)]],
                           random.Random(f"{cfg.seed}-counter-{i}"),
                           (cfg.service_min_s, cfg.service_max_s), cfg.idle_poll_s))
    return out


def _day(devices: list[Device], counters: list[Counter], services: list[str], portal: Portal,
         cfg: HallConfig, tally: Tally) -> None:
    heap: list[tuple[float, int, str, int, Any]] = []
    order = 0

    def push(t: float, kind: str, who: int = 0, data: Any = None) -> None:
        nonlocal order
        if t >= cfg.duration_s:
            return  # closing time: whatever is under way stays as it is
        order += 1
        heapq.heappush(heap, (t, order, kind, who, data))

    # a Poisson process given its count: exactly rate × duration arrivals, at uniformly
    # scattered times (the unconditioned process gives 134 or 174 for "160" with some seeds)
    arrivals = random.Random(f"{cfg.seed}-arrivals")
    count = round(cfg.tickets_per_hour * cfg.duration_s / 3600)
    for t in sorted(arrivals.uniform(0, cfg.duration_s) for _ in range(count)):
        service = arrivals.choices(services, weights=[35, 25, 25, 15][:len(services)])[0]
        priority = arrivals.choice(PRIORITIES) if arrivals.random() < 0.1 else None
        push(t, "arrive", 0, (service, priority))
    stagger = random.Random(f"{cfg.seed}-sync")
    for i in range(len(devices)):
        first = i * cfg.sync_every_s / len(devices) + stagger.uniform(0, 2)
        k = 0
        while first + k * cfg.sync_every_s < cfg.duration_s:
            push(first + k * cfg.sync_every_s, "sync", i)
            k += 1
    for i, counter in enumerate(counters):
        push(counter.rng.uniform(1, 30), "call", i)
    outage = cfg.outage
    if outage:
        push(outage[0], "portal_down")
        push(outage[1], "portal_up")
    down = False

    while heap:
        t, _, kind, who, data = heapq.heappop(heap)
        if kind == "arrive":
            reply = devices[0].ask("issue", t, service=data[0], priority=data[1])
            tally.issued[reply["id"]] = t
            tally.service_of[reply["id"]] = data[0]
        elif kind == "sync":
            reply = devices[who].ask("sync", t)
            _count_round(tally, reply, down, devices[who].name)
            if who > 0:
                _seen(tally, reply, counters[who - 1].services, t)
        elif kind == "portal_down":
            portal.kill()
            down = True
        elif kind == "portal_up":
            portal.start()
            down = False
        elif kind == "call":
            _call(counters[who], t, who, services, tally, push)
        elif kind == "act":
            _act(counters[who], t, who, data, tally, push)


def _call(counter: Counter, t: float, who: int, services: list[str], tally: Tally, push) -> None:
    reply = counter.device.ask("call", t, counter=counter.name, services=counter.services)
    if reply["id"] is None:
        if reply.get("error"):
            tally.action_errors.append(f"{counter.name} call: {reply['error']}")
        push(t + counter.idle_s, "call", who)
        return
    ticket = reply["id"]
    tally.calls += 1
    tally.resumed += bool(reply.get("resumed"))
    counter.ticket = ticket
    rng = counter.rng
    if ticket in tally.absent or tally.with_counter.get(ticket) not in (None, counter.name):
        # the applicant is not in the hall, or already at (or done with) another counter that
        # called the number first: nobody comes to this one
        tally.nobody_came += 1
        plan = [(60.0, "recall", None), (120.0, "noshow", None)]
    else:
        tally.with_counter[ticket] = counter.name
        r = rng.random()
        if r < 0.06:  # not in the hall: recalled once, then marked absent
            tally.absent.add(ticket)
            plan = [(60.0, "recall", None), (120.0, "noshow", None)]
        elif r < 0.10:  # away for a moment: skipped
            tally.absent.add(ticket)
            plan = [(40.0, "skip", None)]
        elif r < 0.15:  # needs another service: sent to that queue
            others = [s for s in services if s != tally.service_of.get(ticket)]
            plan = [(rng.uniform(60, 180), "transfer", rng.choice(others))]
        else:
            plan = [(30.0, "recall", None)] if rng.random() < 0.1 else []
            plan.append((rng.uniform(*counter.service_s), "finish", None))
    counter.plan = [(t + delay, kind, extra) for delay, kind, extra in plan]
    when, kind, extra = counter.plan.pop(0)
    push(when, "act", who, (kind, extra))


def _act(counter: Counter, t: float, who: int, data: tuple[str, str | None], tally: Tally, push) -> None:
    kind, extra = data
    ticket = counter.ticket
    reply = counter.device.ask("act", t, counter=counter.name, id=ticket, kind=kind, to=extra)
    if reply.get("lost") or reply.get("error"):
        if reply.get("lost"):
            tally.lost += 1
        else:
            tally.action_errors.append(f"{counter.name} {kind}: {reply['error']}")
        # a sync gave the ticket to another counter (or closed it): gone from this screen.
        # If the applicant sits here, the officer still serves them, off the record.
        here = tally.with_counter.get(ticket) == counter.name and ticket not in tally.absent
        end = counter.plan[-1][0] if counter.plan else t
        if here and kind != "transfer":
            tally.served_off_record += 1
        if kind == "transfer" and here:
            tally.with_counter[ticket] = None  # sent to the other queue all the same
        counter.ticket, counter.plan = None, []
        push(max(end, t) + 5, "call", who)
        return
    tally.actions[kind] = tally.actions.get(kind, 0) + 1
    if kind == "transfer":
        tally.with_counter[ticket] = None  # waits in the other service's queue
    if counter.plan:
        when, kind, extra = counter.plan.pop(0)
        push(when, "act", who, (kind, extra))
    else:
        counter.ticket = None
        push(t + counter.rng.uniform(5, 20), "call", who)


def _count_round(tally: Tally, reply: dict, down: bool, name: str) -> None:
    if reply["ok"]:
        tally.rounds_ok += 1
        tally.rejected += reply["rejected"]
    elif down and reply["kind"] == "SyncError":
        tally.rounds_failed_outage += 1
    else:
        tally.rounds_failed_other.append(f"{name}: {reply['kind']}: {reply['error']}")


def _seen(tally: Tally, reply: dict, serves: list[str], t: float) -> None:
    """First time each ticket is in the database of a counter serving its service."""
    for ticket, _service in reply["new_tickets"]:
        if tally.service_of.get(ticket) in serves:
            tally.callable_at.setdefault(ticket, t)


def _settle(devices: list[Device], counters: list[Counter], cfg: HallConfig, tally: Tally) -> int:
    """After closing: rounds on every device until one pass where nothing moves."""
    for p in range(1, cfg.max_settle_passes + 1):
        moved = False
        for i, device in enumerate(devices):
            t = cfg.duration_s + p * cfg.sync_every_s + i
            reply = device.ask("sync", t)
            _count_round(tally, reply, False, device.name)
            moved |= not reply["ok"] or bool(reply["accepted"] or reply["applied"] or reply["pending"])
            if i > 0:
                _seen(tally, reply, counters[i - 1].services, t)
        if not moved:
            return p
    return -1


def _differences(devices: list[Device], finals: list[dict], cfg: HallConfig) -> dict[str, Any]:
    """Which tables and report sections differ between devices, with an example row."""
    digests = {f["digest"]["digest"] for f in finals}
    reports = []
    for f in finals:
        report = json.loads(Path(f["report_path"]).read_text(encoding="utf-8"))
        report.pop("device")  # the one header field that names the device it was made on
        reports.append(report)
    report_diff = sorted({k for r in reports for k in r if any(x.get(k) != r.get(k) for x in reports)})
    table_diff = sorted({t for f in finals for t, h in f["digest"]["tables"].items()
                         if any(g["digest"]["tables"].get(t) != h for g in finals)})
    examples = {}
    for table in table_diff[:6]:
        examples[table] = _example(devices, table, cfg)
    return {
        "digests_equal": len(digests) == 1,
        "reports_equal": not report_diff, "report_sections_differ": report_diff,
        "logs_equal": len({f["log_hash"] for f in finals}) == 1,
        "conflicts_equal": len({f["conflicts_hash"] for f in finals}) == 1,
        "tables_differ": table_diff, "examples": examples,
    }


def _example(devices: list[Device], table: str, cfg: HallConfig) -> str:
    dumps = [d.ask("rows", cfg.duration_s + 900, table=table) for d in devices]
    return first_difference([d.name for d in devices], dumps)


def first_difference(names: list[str], dumps: list[dict]) -> str:
    """The first row (by its first column) that differs between devices, with the columns
    that differ, device by device; ``dumps`` are ``{"columns", "rows"}`` per device."""
    columns = next((x["columns"] for x in dumps if x["columns"]), [])
    by_key = [{str(r[0]): r for r in x["rows"]} for x in dumps]
    for key in sorted({k for rows in by_key for k in rows}):
        variants = [rows.get(key) for rows in by_key]
        if all(v == variants[0] for v in variants):
            continue
        if any(v is None for v in variants):
            missing = [n for n, v in zip(names, variants, strict=True) if v is None]
            return f"{columns[0]}={key}: missing on {', '.join(missing)}"
        differ = [i for i in range(len(columns)) if len({json.dumps(v[i], default=str) for v in variants}) > 1]
        return f"{columns[0]}={key}: " + "; ".join(
            f"{n} " + ", ".join(f"{columns[i]}={v[i]}" for i in differ)
            for n, v in zip(names, variants, strict=True))
    return "the same rows on every device (so a difference in types or duplicates)"


# ==================================================================== the figures
def run(workdir: Path, cfg: HallConfig | None = None) -> dict[str, Any]:
    from .stats import report

    cfg = cfg or HallConfig()
    result = simulate(workdir / "hall", cfg)
    tally: Tally = result["tally"]
    finals = result["finals"]
    outage = cfg.outage
    where = f"portal down {outage[0] / 60:.0f}–{outage[1] / 60:.0f} min" if outage else "no outage"
    report(f"hall day simulated ({1 + cfg.counters} devices, {cfg.minutes:.0f} min, "
           f"{cfg.tickets_per_hour:.0f} tickets/h, sync every {cfg.sync_every_s:.0f} s, {where})",
           result["day_s"] + result["settle_s"], "s", "a few minutes",
           note=f"set-up {result['setup_s']:.1f} s, whole run {result['wall_s']:.1f} s")
    report("tickets issued", len(tally.issued), "", note=f"final status on the kiosk: {finals[0]['status']}")
    actions = ", ".join(f"{k} {v}" for k, v in sorted(tally.actions.items()))
    report("calls", tally.calls, "", note=f"{actions}; {tally.nobody_came} calls of an applicant already at "
           f"another counter or gone; {tally.lost} tickets taken or closed by another counter through a sync "
           f"({tally.served_off_record} of them while their applicant was being served at this counter), "
           f"{tally.resumed} handed back to a counter by a sync")
    extra = [(datetime.fromisoformat(a) - OPEN).total_seconds() for a in finals[0]["double_calls_at"]]
    offline = sum(outage[0] <= x < outage[1] for x in extra) if outage else 0
    report("double calls (one ticket called by two counters in one wait)", finals[0]["double_call_tickets"],
           "tickets", note=f"{len(extra)} extra calls, {offline} of them while the portal was down; expected "
           "while the portal is the only link between counters")
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(finals[0]["conflict_kinds"].items()))
    report("conflicts listed (loket conflicts list)", finals[0]["conflicts"], "", note=(kinds + "; " if kinds else "") + (
        "identical on every device" if result["conflicts_equal"] else "NOT identical on every device"))
    waits = [tally.callable_at[i] - tally.issued[i] for i in tally.issued if i in tally.callable_at]
    if waits:
        report("issue to callable at a counter serving it, median", statistics.median(waits), "s",
               note=f"{len(waits)} of {len(tally.issued)} tickets")
        report("issue to callable at a counter serving it, max", max(waits), "s",
               note="a ticket issued while the portal was down waits for it to come back" if outage else "")
    report("sync rounds", tally.rounds_ok, "ok",
           note=f"{tally.rounds_failed_outage} failed while the portal was down, "
                f"{len(tally.rounds_failed_other)} failed otherwise, {tally.rejected} events rejected")
    for line in tally.rounds_failed_other[:5]:
        print(f"  sync failure: {line}", flush=True)
    for line in tally.action_errors[:5]:
        print(f"  counter action refused: {line}", flush=True)
    report("passes until nothing moves after closing", result["passes"], "",
           note="-1: still moving after the last pass")
    for name, f in zip(result["names"], finals, strict=True):
        report(f"device {name} digest", f["digest"]["digest"][:16], "",
               note=f"{f['tickets']} tickets, {f['events']} events, {f['pending']} pending")
    report("event logs identical on every device", int(result["logs_equal"]), "(1 = yes)")
    report("all digests equal", int(result["digests_equal"]), "(1 = yes)", "1")
    for table in result["tables_differ"]:
        print(f"  table {table} differs; e.g. {result['examples'].get(table, '-')}", flush=True)
    report("daily report (loket report daily --format json) identical on every device",
           int(result["reports_equal"]), "(1 = yes)", "1",
           note="the header's device code set aside" + (
               f"; differing: {', '.join(result['report_sections_differ'])}" if result["report_sections_differ"] else ""))
    failed = []
    if not result["digests_equal"]:
        failed.append("digests differ between devices: " + ", ".join(result["tables_differ"]))
    if not result["reports_equal"]:
        failed.append("daily reports differ: " + ", ".join(result["report_sections_differ"]))
    result["failed"] = "; ".join(failed)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["worker"]:
        worker_main(argv[1])
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.bench_hall", description=__doc__.split("\n")[0])
    defaults = HallConfig()
    for name in ("counters", "minutes", "tickets_per_hour", "sync_every_s", "outage_minutes", "seed"):
        parser.add_argument("--" + name.replace("_", "-"), type=type(getattr(defaults, name)),
                            default=getattr(defaults, name))
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="loket-hall-") as tmp:
        result = run(Path(tmp), HallConfig(**vars(args)))
    if result["failed"]:
        print(f"FAILED: {result['failed']}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
