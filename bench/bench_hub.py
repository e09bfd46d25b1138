"""Site hub (issue 13): what a hall sees through a real hub, beside the portal-only design of
today, measured in one run.

1. **Live, on real time** (:func:`live`). A real ``loket hub serve`` process on its own
   database (the demo catalogue and a backlog of waiting tickets). 60 counters act on it
   through ``sync.hub.client.HubClient`` from the threads of 2 client processes, each counter
   with its own token (``hub.enrol``) and its own device id bound by hello. 5 hall displays
   and 2 counter PCs keep their own SQLite copies live with ``BackgroundHub``, the app's
   stream follower, each in its own process, and note the moment each event is committed
   in their copy. A kiosk issues a ticket every second through the hub. Every process runs
   on this machine, so their clocks agree. The counters first call and finish at a steady
   pace (a few seconds of "service" each), then as fast as they can. Figures: call → on
   every display (from the call request sent to the event committed in the display's copy),
   kiosk ticket → waiting on the counter copies, and the request time of *call next*
   (``POST /v1/queue/call``) at both paces.
2. **A simulated day through the hub** (:func:`hub_day`). The hub (the server code of
   ``loket hub serve``, its clock set by the driver), a kiosk, counters and displays, each
   its own process and SQLite file, joined to the hub. The clock is simulated (``LOKET_NOW``,
   set per command as in ``bench/bench_hall.py``). Every member runs ``BackgroundHub`` as the
   app does; the kiosk and the counters act through ``sync.hub.client.act``, so they go on
   in mode mandiri (the lease rule) while the hub is down. The hub is killed for 30 minutes
   in the middle of the day and restarted on the same file and port. Figures: tickets called
   by two counters in the merged log, calls (and recalls) missing from a display's database
   at the end, what was done in mode mandiri, and the projection digest of every device.
3. **The same day through the portal only** (:func:`portal_day`): the same arrivals and
   counters with the devices of ``bench/bench_hall.py`` (the core on each device's own file,
   a sync round with the real portal every 60 s, the portal killed for the same 30 minutes)
   and a display that only syncs. Figures: call → on the display and ticket → callable at a
   counter (simulated seconds: a sync round is the only link), double calls.

Counters and applicants are simpler than in bench_hall: a counter calls when free (looks
again every 20 s when nobody is waiting), serves 3–5 minutes and finishes; 5 % of the called
are not there (recalled, then marked no-show), 7 % are recalled once.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter as Tally_
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any

from .bench_hall import OPEN, Device, Portal, _double_calls, _run, at, free_port, serve_commands
from .stats import percentile, report

ROOT = Path(__file__).resolve().parents[1]
SITE = "MPP-HUB"
SITE_NAME = "MPP Simulasi Hub"
PRIORITIES = ("lansia", "disabilitas", "ibu_hamil")
CALLS = ("ticket_called", "ticket_recalled")  # what a hall display announces


@dataclass
class LiveConfig:
    counters: int = 60
    displays: int = 5
    copies: int = 2             # counter PCs with a full copy following the stream
    client_procs: int = 2
    services: int = 20
    backlog: int = 3000         # tickets waiting when the hub starts
    paced_s: float = 40         # steady pace: call, serve, finish, pause
    service_s: tuple[float, float] = (3.0, 9.0)
    pause_s: tuple[float, float] = (1.0, 3.0)
    full_s: float = 12          # then as fast as each counter can
    kiosk_every_s: float = 1.0
    seed: int = 13


@dataclass
class DayConfig:
    counters: int = 20
    displays: int = 3
    services: int = 6
    minutes: float = 120
    tickets_per_hour: float = 300
    outage_minutes: float = 30  # the hub (or the portal) down in the middle of the day; 0: none
    service_min_s: float = 180
    service_max_s: float = 300
    idle_poll_s: float = 20
    sync_every_s: float = 60    # the portal-only design's round
    seed: int = 13

    @property
    def duration_s(self) -> float:
        return self.minutes * 60

    @property
    def outage(self) -> tuple[float, float] | None:
        if not self.outage_minutes:
            return None
        start = (self.duration_s - self.outage_minutes * 60) / 2
        return start, start + self.outage_minutes * 60


def _env(now: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LOKET_NOW"}
    env["PYTHONPATH"] = str(ROOT)
    if now:
        env["LOKET_NOW"] = now
    return env


def _services(n: int) -> list[dict]:
    """The first ``n`` services of the demo catalogue, one agency after another, open all day:
    the hall runs on the real clock (it measures the hub, whatever the hour of the run), so
    the catalogue's service hours are left out."""
    from counter_app import catalog

    rows = [{k: v for k, v in row.items() if k != "hours"} for row in catalog.demo_catalog_rows()]
    by_agency: dict[str, list[dict]] = {}
    for row in rows:
        by_agency.setdefault(row["agency"], []).append(row)
    picked: list[dict] = []
    while len(picked) < min(n, len(rows)):
        for group in by_agency.values():
            if group and len(picked) < n:
                picked.append(group.pop(0))
    return picked


def make_device(path: Path, code: str, series: int, catalogue: list[dict] | None = None) -> Path:
    from counter_app import catalog
    from counter_app.session import Session
    from counter_app.site import init_site

    s = Session.open(path)
    try:
        init_site(s, site_code=SITE, site_name=SITE_NAME, device_code=code, series=series)
        if catalogue:
            catalog.import_services(s, catalogue)
    finally:
        s.close()
    return path


def enrol(hub_db: Path, names: list[str]) -> dict[str, str]:
    from counter_app import hub
    from counter_app.session import Session

    s = Session.open(hub_db)
    try:
        return {name: hub.enrol(s, name)["token"] for name in names}
    finally:
        s.close()


def _wait_health(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> dict:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"hub ended with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            r = requests.get(url + "/v1/health", timeout=1)
            if r.status_code == 200:
                return r.json()
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"hub did not answer within {timeout:.0f} s")


def _hub_seq(url: str) -> int:
    import requests

    return requests.get(url + "/v1/health", timeout=5).json()["seq"]


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _cursor(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute("SELECT cursor FROM hub_state").fetchone()[0]
    finally:
        conn.close()


@contextmanager
def _clock(now: str | None):
    """``LOKET_NOW`` in this process for a while (``None``: the real clock)."""
    old = os.environ.pop("LOKET_NOW", None)
    if now:
        os.environ["LOKET_NOW"] = now
    try:
        yield
    finally:
        os.environ.pop("LOKET_NOW", None)
        if old is not None:
            os.environ["LOKET_NOW"] = old


def _ms(values: list[float], p: float) -> float:
    return percentile(values, p) * 1000


# ==================================================================== 1. live, real time
def follow_main(db: str, url: str, token: str, out: str, stop: str) -> None:
    """A display or counter PC: join, then keep the copy live with BackgroundHub; every
    committed call and issue is noted with its time."""
    from counter_app import hub
    from counter_app.session import Session
    from sync.hub import client as hub_client

    s = Session.open(db)
    try:
        hub_client.join(s, url, token)
    finally:
        s.close()
    seen: list[tuple[str, str, float]] = []
    apply = hub.apply_hub_events

    def timed(session, events, cursor):
        applied = apply(session, events, cursor)  # one transaction: committed when it returns
        now = time.time()
        seen.extend((e.id, e.type, now) for e in events if e.type in ("ticket_called", "ticket_issued"))
        return applied

    hub.apply_hub_events = timed
    loop = hub_client.BackgroundHub(db)
    loop.start()
    ready = Path(out + ".ready")
    while not Path(stop).exists():
        if loop.mode == "connected" and not ready.exists():
            ready.touch()
        time.sleep(0.05)
    loop.stop()
    Path(out).write_text(json.dumps(seen))


def profile_main(out: str, *cli: str) -> None:
    """``loket`` with a sampling profiler (every 2 ms, every thread's stack), for the hub:
    where the request threads spend their time, waits in C included (a COMMIT, a lock).
    Writes a summary to ``out`` when the command ends (SIGTERM ends ``hub serve``)."""
    import collections
    import signal

    kinds: collections.Counter = collections.Counter()
    leaf: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    done = threading.Event()
    me = threading.get_ident()

    def where(frame) -> str:
        return f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}:{frame.f_lineno}"

    def ours(frame) -> bool:
        name = frame.f_code.co_filename
        return "/site-packages/" not in name and "/lib/python" not in name

    def sample() -> None:
        sampler = threading.get_ident()
        while not done.wait(0.002):
            for ident, frame in sys._current_frames().items():
                if ident in (me, sampler):
                    continue
                stack, f = [], frame
                while f is not None:
                    stack.append(f)
                    f = f.f_back
                mine = next((x for x in stack if ours(x)), None)
                names = [where(x) for x in stack]
                if any(":_run_op:" in n for n in names):
                    if mine is not None and "with writer" in _line(mine):
                        kinds["queue op: waiting for the writer lock"] += 1
                        continue
                    kinds["queue op: deciding (holding the writer lock)"] += 1
                    leaf[where(mine) if mine else names[0]] += 1
                    for n in {n.rsplit(":", 1)[0] for n in names}:
                        inclusive[n] += 1
                elif any(":_page:" in n for n in names):
                    kinds["stream: reading a page"] += 1
                elif stack[0].f_code.co_name in ("select", "wait", "_worker", "get") or "threading.py" in names[0]:
                    kinds["idle (select, waiting for work)"] += 1
                else:
                    kinds[f"other: {where(mine) if mine else names[0]}"] += 1

    def dump(*args) -> None:
        done.set()
        total = sum(kinds.values()) or 1
        deciding = sum(leaf.values()) or 1
        lines = [f"{total} thread samples, every 2 ms", ""]
        lines += [f"{n / total * 100:5.1f} %  {k}" for k, n in kinds.most_common(25)]
        lines += ["", "deciding, innermost Loket line:"]
        lines += [f"{n / deciding * 100:5.1f} %  {k}  {_line_at(k)}" for k, n in leaf.most_common(25)]
        lines += ["", "deciding, function on the stack:"]
        lines += [f"{n / deciding * 100:5.1f} %  {k}" for k, n in inclusive.most_common(40)]
        Path(out).write_text("\n".join(lines) + "\n")
        if args:  # SIGTERM: uvicorn raises it again once it has shut down
            os._exit(0)

    signal.signal(signal.SIGTERM, dump)
    threading.Thread(target=sample, daemon=True).start()
    from counter_app.cli import main as loket_main

    try:
        loket_main(list(cli))
    finally:
        dump()


def _line(frame) -> str:
    import linecache

    return linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()


def _line_at(key: str) -> str:
    import linecache

    name, _func, line = key.rsplit(":", 2)
    for base in (ROOT / "sync" / "hub", ROOT / "counter_app", ROOT / "sync"):
        if (base / name).exists():
            return linecache.getline(str(base / name), int(line)).strip()[:80]
    return ""


def counters_main(spec_path: str, out: str) -> None:
    """Counters as threads, each its own HubClient, token and device id: a steady pace first,
    then full speed; every request's time is noted."""
    from counter_app.errors import LoketError
    from sync.hub.client import HubClient

    spec = json.loads(Path(spec_path).read_text())
    records: list[dict] = []
    lock = threading.Lock()
    hellos = threading.Barrier(len(spec["counters"]) + 1)

    def counter(c: dict) -> None:
        rng = random.Random(c["seed"])
        client = HubClient(spec["url"], c["token"], timeout=spec["timeout"])
        mine: list[dict] = []
        try:
            client.hello(c["device_id"])
        finally:
            hellos.wait()
        actor = {"username": "petugas-" + c["name"].lower(), "role": "frontliner"}

        def op(phase: str, name: str, args: dict) -> dict | None:
            sent = time.time()
            p0 = time.perf_counter()
            try:
                answer, error = client.op(name, args, actor), None
            except LoketError as exc:
                answer, error = None, f"{type(exc).__name__}: {exc}"
            rec = {"phase": phase, "op": name, "t": sent, "lat": time.perf_counter() - p0, "err": error}
            if answer is not None and name == "call":
                rec["called"] = [e["id"] for e in answer["events"] if e["type"] == "ticket_called"]
                rec["got"] = answer["result"] is not None
            mine.append(rec)
            return answer

        args = {"counter": c["name"], "services": c["services"]}
        # counters start at scattered moments within one mean cycle
        _sleep_until(spec["start"] + rng.uniform(0, (sum(spec["service"]) + sum(spec["pause"])) / 2))
        while time.time() + spec["service"][1] < spec["paced_end"]:
            answer = op("paced", "call", args)
            if answer and answer["result"]:
                time.sleep(rng.uniform(*spec["service"]))
                op("paced", "finish", {"ticket": answer["result"]["id"]})
            time.sleep(rng.uniform(*spec["pause"]))
        _sleep_until(spec["full_start"])
        while time.time() < spec["full_end"]:
            answer = op("full", "call", args)
            if answer and answer["result"]:
                op("full", "finish", {"ticket": answer["result"]["id"]})
        client.close()
        with lock:
            records.extend(mine)

    threads = [threading.Thread(target=counter, args=(c,), daemon=True) for c in spec["counters"]]
    for t in threads:
        t.start()
    hellos.wait()
    Path(out + ".ready").touch()
    for t in threads:
        t.join()
    Path(out).write_text(json.dumps(records))


def _sleep_until(t: float) -> None:
    delay = t - time.time()
    if delay > 0:
        time.sleep(delay)


def live(workdir: Path, cfg: LiveConfig) -> dict[str, Any]:
    """The real-time figures; returns the raw samples and counts."""
    with _clock(None):
        return _live(workdir, cfg)


def _live(workdir: Path, cfg: LiveConfig) -> dict[str, Any]:
    from counter_app import queue
    from counter_app.session import Session
    from sync.hub.client import HubClient

    workdir.mkdir(parents=True, exist_ok=True)
    wall0 = time.perf_counter()
    rng = random.Random(f"{cfg.seed}-live")
    catalogue = _services(cfg.services)
    services = [r["code"] for r in catalogue]
    hub_db = make_device(workdir / "hub.sqlite3", "HUB", 0, catalogue)
    s = Session.open(hub_db)
    try:
        with s.transaction():
            for i in range(cfg.backlog):
                queue.issue_ticket(s, services[i % len(services)], rng.choice(PRIORITIES) if rng.random() < 0.1 else None)
    finally:
        s.close()
    followers = [f"TV{i}" for i in range(1, cfg.displays + 1)] + [f"PC{i}" for i in range(1, cfg.copies + 1)]
    counters = [f"C{i:02d}" for i in range(1, cfg.counters + 1)]
    tokens = enrol(hub_db, followers + counters + ["KIOSK"])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "hub.log"
    procs: list[subprocess.Popen] = []
    stop = workdir / "stop"
    serve = ["--db", str(hub_db), "hub", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-announce"]
    profile = os.environ.get("LOKET_BENCH_HUB_PROFILE")  # a file: where the hub's time goes
    command = ["-m", "bench.bench_hub", "profile", profile, *serve] if profile else ["-m", "counter_app.cli", *serve]
    with open(log, "ab") as out:
        server = subprocess.Popen([sys.executable, *command], cwd=ROOT, env=_env(), stdout=out, stderr=out)
    try:
        _wait_health(url, server, log)
        for n, name in enumerate(followers, start=1):
            db = make_device(workdir / f"{name.lower()}.sqlite3", name, n)
            with open(workdir / f"{name.lower()}.log", "ab") as out:
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "bench.bench_hub", "follow", str(db), url, tokens[name],
                     str(workdir / f"{name.lower()}.json"), str(stop)], cwd=ROOT, env=_env(), stdout=out, stderr=out))
        _wait_files([workdir / f"{n.lower()}.json.ready" for n in followers], procs, 180)
        specs = []
        per = -(-cfg.counters // cfg.client_procs)
        for k in range(cfg.client_procs):
            mine = counters[k * per:(k + 1) * per]
            specs.append({"url": url, "timeout": 10.0, "service": list(cfg.service_s), "pause": list(cfg.pause_s),
                          "counters": [{"name": c, "token": tokens[c], "device_id": f"bench-{c.lower()}-{uuid.uuid4()}",
                                        "seed": f"{cfg.seed}-{c}",
                                        "services": [services[i % len(services)], services[(i + 1) % len(services)]]}
                                       for i, c in ((counters.index(c), c) for c in mine)]})
        clients = []
        setup_s = time.perf_counter() - wall0
        start = time.time() + 4 + cfg.counters * 0.03
        paced_end = start + cfg.paced_s
        full_start, full_end = paced_end + 1, paced_end + 1 + cfg.full_s
        for k, spec in enumerate(specs):
            spec.update(start=start, paced_end=paced_end, full_start=full_start, full_end=full_end)
            path = workdir / f"clients{k}.spec.json"
            path.write_text(json.dumps(spec))
            with open(workdir / f"clients{k}.log", "ab") as out:
                clients.append(subprocess.Popen(
                    [sys.executable, "-m", "bench.bench_hub", "counters", str(path), str(workdir / f"clients{k}.json")],
                    cwd=ROOT, env=_env(), stdout=out, stderr=out))
        _wait_files([workdir / f"clients{k}.json.ready" for k in range(len(specs))], clients, 60)
        kiosk_records: list[dict] = []
        kiosk = threading.Thread(target=_kiosk, args=(url, tokens["KIOSK"], services, start, full_end,
                                                      cfg.kiosk_every_s, paced_end, kiosk_records), daemon=True)
        kiosk.start()
        load0 = os.getloadavg()[0]
        cpu = {}
        for mark, when in (("start", start), ("paced_end", paced_end), ("full_start", full_start), ("full_end", full_end)):
            _sleep_until(when)
            cpu[mark] = _cpu_s(server.pid)
        for c in clients:
            c.wait(timeout=cfg.paced_s + cfg.full_s + 120)
            if c.returncode:
                raise RuntimeError(f"a client process ended with {c.returncode}; see {workdir}/clients*.log")
        kiosk.join(30)
        top = _hub_seq(url)
        deadline = time.monotonic() + 60
        dbs = [workdir / f"{n.lower()}.sqlite3" for n in followers]
        while any(_cursor(db) < top for db in dbs):
            if time.monotonic() > deadline:
                raise RuntimeError("followers did not catch up with the hub within 60 s")
            time.sleep(0.1)
        stop.touch()
        for p in procs:
            p.wait(timeout=30)
        seen = {n: {e: t for e, _type, t in json.loads((workdir / f"{n.lower()}.json").read_text())} for n in followers}
        records = [r for k in range(len(specs)) for r in json.loads((workdir / f"clients{k}.json").read_text())]
        probe = HubClient(url, None)
        health = probe.health()
        probe.close()
        server.terminate()  # a clean end: a profiled hub writes its summary
        server.wait(15)
    finally:
        stop.touch()
        for p in procs + [server]:
            if p.poll() is None:
                p.kill()
                p.wait(10)
    displays, copies = followers[:cfg.displays], followers[cfg.displays:]
    result: dict[str, Any] = {"setup_s": setup_s, "wall_s": time.perf_counter() - wall0, "load": load0,
                              "events": health["seq"], "cpu": cpu, "phases": {}}
    for phase, span in (("paced", paced_end - start), ("full", full_end - full_start)):
        calls = [r for r in records if r["phase"] == phase and r["op"] == "call"]
        finishes = [r for r in records if r["phase"] == phase and r["op"] == "finish"]
        shown, missing = [], 0
        for r in calls:
            for event in r.get("called", []):
                for d in displays:
                    if event in seen[d]:
                        shown.append(seen[d][event] - r["t"])
                    else:
                        missing += 1
        cpu_s = cpu["paced_end"] - cpu["start"] if phase == "paced" else cpu["full_end"] - cpu["full_start"]
        result["phases"][phase] = {
            "span_s": span, "calls": [r["lat"] for r in calls if not r["err"]],
            "got": sum(1 for r in calls if r.get("got")), "errors": [r["err"] for r in calls + finishes if r["err"]],
            "finishes": [r["lat"] for r in finishes if not r["err"]], "shown": shown, "missing": missing,
            "hub_cpu": cpu_s / span if span else 0.0}
    for phase, figures in result["phases"].items():
        issued = [r for r in kiosk_records if r["phase"] == phase]
        callable_, not_seen = [], 0
        for r in issued:
            for d in copies:
                if r["event"] in seen[d]:
                    callable_.append(seen[d][r["event"]] - r["t"])
                else:
                    not_seen += 1
        figures.update(callable=callable_, not_seen=not_seen, issued=len(issued),
                       issue_lat=[r["lat"] for r in issued if not r["err"]])
        figures["errors"] += [r["err"] for r in issued if r["err"]]
    return result


def _kiosk(url: str, token: str, services: list[str], start: float, end: float, every: float,
           paced_end: float, out: list[dict]) -> None:
    from counter_app.errors import LoketError
    from sync.hub.client import HubClient

    client = HubClient(url, token, timeout=10.0)
    client.hello(f"bench-kiosk-{uuid.uuid4()}")
    rng = random.Random("kiosk")
    n = 0
    while True:
        when = start + n * every
        if when >= end:
            break
        _sleep_until(when)
        n += 1
        sent, p0 = time.time(), time.perf_counter()
        phase = "paced" if sent < paced_end else "full"
        try:
            answer = client.op("issue", {"service": rng.choice(services)}, {"username": "kiosk", "role": "frontliner"})
        except LoketError as exc:
            out.append({"t": sent, "lat": time.perf_counter() - p0, "err": str(exc), "event": None, "phase": phase})
            continue
        event = next(e["id"] for e in answer["events"] if e["type"] == "ticket_issued")
        out.append({"t": sent, "lat": time.perf_counter() - p0, "event": event, "phase": phase, "err": None})
    client.close()


def _wait_files(paths: list[Path], procs: list[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not all(p.exists() for p in paths):
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"a bench process ended with {proc.returncode} (see the logs in {paths[0].parent})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"bench processes not ready within {timeout:.0f} s")
        time.sleep(0.05)


# ==================================================================== 2./3. the simulated day
@dataclass
class Desk:
    """A counter of the day: its device, name, services and what it is doing."""
    device: Any
    name: str
    services: list[str]
    rng: random.Random
    ticket: str | None = None
    plan: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class DayTally:
    issued: dict[str, tuple[float, str]] = field(default_factory=dict)  # ticket -> (t, service)
    issued_alone: int = 0
    calls: list[tuple[float, str, str, bool]] = field(default_factory=list)  # (t, counter, ticket, alone)
    closed: dict[tuple[str, str], float] = field(default_factory=dict)  # (ticket, counter) -> t
    actions: Tally_ = field(default_factory=Tally_)
    alone_ops: int = 0
    idle_calls: int = 0
    resumed: int = 0
    lost: int = 0
    errors: list[str] = field(default_factory=list)
    call_wall: list[float] = field(default_factory=list)  # wall time of each call command
    callable_at: dict[str, float] = field(default_factory=dict)  # portal only
    shown: dict[tuple[str, str, str], float] = field(default_factory=dict)  # portal only: display
    rounds_failed: int = 0


def _desks(devices: list, services: list[str], cfg: DayConfig) -> list[Desk]:
    """Counter i serves its own service and helps with the next one."""
    out = []
    for i, device in enumerate(devices):
        own = i * len(services) // len(devices)
        out.append(Desk(device, str(i + 1), [services[own], services[(own + 1) % len(services)]],
                        random.Random(f"{cfg.seed}-counter-{i}")))
    return out


def play_day(cfg: DayConfig, kiosk, desks: list[Desk], services: list[str], tally: DayTally,
             hooks: dict[str, Any], extra: list[tuple[float, str, int]], before=None) -> None:
    """The day's events in simulated-time order, one command at a time. ``hooks`` handle the
    kinds in ``extra`` (sync rounds, outage); ``before(t)`` runs before every command."""
    heap: list[tuple[float, int, str, int, Any]] = []
    order = 0

    def push(t: float, kind: str, who: int = 0, data: Any = None) -> None:
        nonlocal order
        if t >= cfg.duration_s:
            return
        order += 1
        heapq.heappush(heap, (t, order, kind, who, data))

    arrivals = random.Random(f"{cfg.seed}-arrivals")
    weights = [35, 25, 25, 15, 10, 10, 8, 8, 5, 5][:len(services)] + [5] * max(0, len(services) - 10)
    for t in sorted(arrivals.uniform(0, cfg.duration_s) for _ in range(round(cfg.tickets_per_hour * cfg.minutes / 60))):
        service = arrivals.choices(services, weights=weights)[0]
        push(t, "arrive", 0, (service, arrivals.choice(PRIORITIES) if arrivals.random() < 0.1 else None))
    for i, desk in enumerate(desks):
        push(desk.rng.uniform(1, 30), "call", i)
    for t, kind, who in extra:
        push(t, kind, who)
    while heap:
        t, _, kind, who, data = heapq.heappop(heap)
        if before is not None:
            before(t)
        if kind == "arrive":
            reply = kiosk.ask("issue", t, service=data[0], priority=data[1])
            tally.issued[reply["id"]] = (t, data[0])
            tally.issued_alone += bool(reply.get("alone"))
        elif kind == "call":
            _call(desks[who], who, t, cfg, tally, push)
        elif kind == "act":
            _act(desks[who], who, t, data, tally, push)
        else:
            hooks[kind](t, who)


def _call(desk: Desk, who: int, t: float, cfg: DayConfig, tally: DayTally, push) -> None:
    w0 = time.perf_counter()
    reply = desk.device.ask("call", t, counter=desk.name, services=desk.services)
    tally.call_wall.append(time.perf_counter() - w0)
    tally.alone_ops += bool(reply.get("alone"))
    if reply["id"] is None:
        if reply.get("error"):
            tally.errors.append(f"{desk.name} call: {reply['error']}")
        tally.idle_calls += 1
        push(t + cfg.idle_poll_s, "call", who)
        return
    if reply.get("resumed"):
        tally.resumed += 1
    else:
        tally.calls.append((t, desk.name, reply["id"], bool(reply.get("alone"))))
    desk.ticket = reply["id"]
    r = desk.rng.random()
    service = desk.rng.uniform(cfg.service_min_s, cfg.service_max_s)
    if r < 0.05:  # not in the hall: recalled once, then marked absent
        plan = [(60.0, "recall"), (120.0, "noshow")]
    elif r < 0.12:
        plan = [(30.0, "recall"), (service, "finish")]
    else:
        plan = [(service, "finish")]
    desk.plan = [(t + delay, kind) for delay, kind in plan]
    when, kind = desk.plan.pop(0)
    push(when, "act", who, kind)


def _act(desk: Desk, who: int, t: float, kind: str, tally: DayTally, push) -> None:
    reply = desk.device.ask("act", t, counter=desk.name, id=desk.ticket, kind=kind, to=None)
    tally.alone_ops += bool(reply.get("alone"))
    if reply.get("lost") or reply.get("error"):
        if reply.get("lost"):
            tally.lost += 1
        else:
            tally.errors.append(f"{desk.name} {kind}: {reply['error']}")
        desk.ticket, desk.plan = None, []
        push(t + 5, "call", who)
        return
    tally.actions[kind] += 1
    if kind in ("finish", "noshow", "skip"):
        tally.closed.setdefault((desk.ticket, desk.name), t)
    if desk.plan:
        when, kind = desk.plan.pop(0)
        push(when, "act", who, kind)
    else:
        desk.ticket = None
        push(t + desk.rng.uniform(5, 20), "call", who)


# -------------------------------------------------------------------- the hub day's processes
def device_main(db: str, username: str) -> None:
    """A device of the hub day: JSON commands on stdin ("at time T do X"), one JSON answer a
    line on stdout; once joined, BackgroundHub keeps its copy live on its own thread."""
    from counter_app.actors import Actor
    from counter_app.session import Session

    serve_commands(Session.open(db, Actor(username, "frontliner")), DEVICE_OPS, {"db": db, "loop": None})


def _d_join(session, cmd, state) -> dict:
    from sync.hub import client as hub_client

    hub_client.join(session, cmd["url"], cmd["token"])
    state["loop"] = hub_client.BackgroundHub(state["db"])
    state["loop"].start()
    return {}


def _acting(session, op: str, args: dict) -> tuple[Any, bool]:
    from sync.hub.client import act

    alone: list[str] = []
    return act(session, op, args, alone.append), bool(alone)


def _d_issue(session, cmd, state) -> dict:
    ticket, alone = _acting(session, "issue", {"service": cmd["service"], "priority": cmd.get("priority")})
    return {"id": ticket["id"], "number": ticket["ticket"], "alone": alone}


def _d_call(session, cmd, state) -> dict:
    from counter_app import queue
    from counter_app.errors import LoketError

    current = queue.active_ticket(session, cmd["counter"])
    if current is not None:
        return {"id": current.id, "number": current.number, "resumed": True}
    try:
        ticket, alone = _acting(session, "call", {"counter": cmd["counter"], "services": cmd["services"]})
    except LoketError as exc:
        return {"id": None, "error": f"{type(exc).__name__}: {exc}"}
    if ticket is None:
        return {"id": None, "alone": alone}
    # the officer's screen shows the ticket: the stream has brought its issue by then (real time
    # does not stop between the kiosk and the counter, but the simulation's driver hardly waits)
    deadline = time.monotonic() + 5
    while session.store.one("SELECT 1 FROM tickets WHERE id = ?", (ticket["id"],)) is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.005)
    return {"id": ticket["id"], "number": ticket["ticket"], "alone": alone}


def _d_act(session, cmd, state) -> dict:
    from counter_app.errors import LoketError

    try:
        _, alone = _acting(session, cmd["kind"], {"ticket": cmd["id"]})
    except LoketError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "alone": alone}


def _d_status(session, cmd, state) -> dict:
    from counter_app import hub

    loop = state["loop"]
    return {"mode": loop.mode if loop else None, "running": bool(loop and loop.running),
            "pending": hub.pending_count(session), "cursor": hub.state(session)["cursor"]}


def final_state(session) -> dict:
    """What the end of the day is judged by, on one device."""
    from counter_app.conflicts import list_conflicts
    from counter_app.digest import projection_digest

    log = session.store.query("SELECT id, hash FROM events ORDER BY id")
    doubles, _ = _double_calls(session)
    return {
        "digest": projection_digest(session)["digest"], "events": len(log),
        "log_hash": hashlib.sha256("".join(f"{r['id']}{r['hash']}" for r in log).encode()).hexdigest(),
        "calls": [r["id"] for r in session.store.query(
            f"SELECT id FROM events WHERE type IN ({', '.join('?' * len(CALLS))})", CALLS)],
        "double_call_tickets": doubles, "conflicts": len(list_conflicts(session, limit=10**6)),
        "quarantined": session.store.scalar("SELECT count(*) FROM quarantine"),
        "status": dict(session.store.query("SELECT status, count(*) FROM tickets GROUP BY status ORDER BY status")),
    }


def _d_final(session, cmd, state) -> dict:
    return final_state(session)


def _d_stop(session, cmd, state) -> dict:
    if state["loop"] is not None:
        state["loop"].stop()
    return {}


DEVICE_OPS = {"join": _d_join, "issue": _d_issue, "call": _d_call, "act": _d_act, "status": _d_status,
              "final": _d_final, "stop": _d_stop}


class HubDevice(Device):
    """A device worker of the hub day (``python -m bench.bench_hub device DB USER``); ``ask``
    and ``close`` as bench_hall's."""

    def __init__(self, name: str, db: Path, log: Path):
        self.name, self.db, self.log = name, db, log
        self._log = open(log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.bench_hub", "device", str(db), f"petugas-{name.lower()}"], cwd=ROOT,
            env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True, bufsize=1)


def hub_main(db: str, port: str) -> None:
    """The hub of the simulated day: the server of ``loket hub serve``, its clock set by the
    driver (one line with the ISO time on stdin, answered by "ok" once it holds)."""
    from sync.hub.server import serve

    def clock() -> None:
        for line in sys.stdin:
            os.environ["LOKET_NOW"] = line.strip()
            sys.stdout.write("ok\n")
            sys.stdout.flush()

    threading.Thread(target=clock, daemon=True).start()
    serve(db, "127.0.0.1", int(port), announce=False)


class SimHub:
    def __init__(self, db: Path, log: Path):
        self.db, self.log, self.port = db, log, free_port()
        self.proc: subprocess.Popen | None = None
        self.now: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, t: float) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "bench.bench_hub", "hub", str(self.db), str(self.port)],
                                         cwd=ROOT, env=_env(at(t)), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=log, text=True, bufsize=1)
        self.now = t
        _wait_health(self.url, self.proc, self.log)

    def set_time(self, t: float) -> None:
        if self.proc is None or t == self.now:
            return
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(at(t) + "\n")
        self.proc.stdin.flush()
        if self.proc.stdout.readline().strip() != "ok":
            raise RuntimeError(f"the hub did not take the time (exit {self.proc.poll()}); see {self.log.name}")
        self.now = t

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None


def _statuses(devices: list[HubDevice], t: float) -> list[dict]:
    return [d.ask("status", t) for d in devices]


def _all_caught_up(hub: SimHub, devices: list[HubDevice], t: float) -> bool:
    """Every member connected, everything it did pushed, all the hub holds applied."""
    top = _hub_seq(hub.url)
    states = _statuses(devices, t)
    return all(s["mode"] == "connected" and not s["pending"] and s["cursor"] >= top for s in states) \
        and _hub_seq(hub.url) == top


def _caught_up(hub: SimHub, devices: list[HubDevice], t: float, timeout: float) -> float:
    """Wait until :func:`_all_caught_up`; returns the seconds it took (-1: not within ``timeout``)."""
    w0 = time.perf_counter()
    while time.perf_counter() - w0 < timeout:
        if _all_caught_up(hub, devices, t):
            return time.perf_counter() - w0
        time.sleep(0.1)
    return -1.0


def hub_day(workdir: Path, cfg: DayConfig) -> dict[str, Any]:
    """The simulated day through the hub, with the hub killed for the outage."""
    from counter_app.session import Session

    workdir.mkdir(parents=True, exist_ok=True)
    wall0 = time.perf_counter()
    catalogue = _services(cfg.services)
    services = [r["code"] for r in catalogue]
    with _clock(at(-3600)):
        hub_db = make_device(workdir / "hub.sqlite3", "HUB", 0, catalogue)
        names = ["KIOSK"] + [f"L{i}" for i in range(1, cfg.counters + 1)] + [f"TV{i}" for i in range(1, cfg.displays + 1)]
        dbs = {name: make_device(workdir / f"{name.lower()}.sqlite3", name, n) for n, name in enumerate(names, start=1)}
        tokens = enrol(hub_db, names)
    hub = SimHub(hub_db, workdir / "hub.log")
    devices: list[HubDevice] = []
    try:
        hub.start(-1800)
        for name in names:
            device = HubDevice(name, dbs[name], workdir / f"{name.lower()}.log")
            devices.append(device)
            device.ask("join", -1700, url=hub.url, token=tokens[name])
        if _caught_up(hub, devices, -1600, 60) < 0:
            raise RuntimeError("members did not connect to the hub before opening")
        setup_s = time.perf_counter() - wall0
        tally = DayTally()
        desks = _desks(devices[1:1 + cfg.counters], services, cfg)
        outage = cfg.outage
        back: dict[str, float] = {}

        def down(t: float, _who: int) -> None:
            hub.kill()

        pacing: dict[str, float] = {}

        def up(t: float, _who: int) -> None:
            w0 = time.perf_counter()
            hub.start(t)
            back["restart_s"] = time.perf_counter() - w0
            back["commands_meanwhile"] = 0
            pacing.update(t=t, wall=time.perf_counter())

        def before(t: float) -> None:
            if pacing:
                # The members reconnect on their own (BackgroundHub's backoff, up to 5 s) and
                # push what they did alone. Until all have, the day runs on real time: a counter
                # pressing call next in those seconds meets the hub as it would in a hall.
                target = pacing["wall"] + (t - pacing["t"])
                while pacing:
                    elapsed = time.perf_counter() - pacing["wall"]
                    if _all_caught_up(hub, devices, pacing["t"] + elapsed):
                        back["caught_up_s"] = elapsed
                        pacing.clear()
                    elif elapsed > 60:
                        raise RuntimeError("members did not catch up with the hub within 60 s of its return")
                    elif time.perf_counter() >= target:
                        back["commands_meanwhile"] += 1
                        break
                    else:
                        time.sleep(0.05)
            hub.set_time(t)

        extra = [(outage[0], "down", 0), (outage[1], "up", 0)] if outage else []
        wall1 = time.perf_counter()
        play_day(cfg, devices[0], desks, services, tally, {"down": down, "up": up}, extra, before=before)
        day_s = time.perf_counter() - wall1
        settle_s = _caught_up(hub, devices, cfg.duration_s + 60, 120)
        finals = [d.ask("final", cfg.duration_s + 120) for d in devices]
    finally:
        for device in devices:
            device.close()
        hub.kill()
    s = Session.open(hub_db)
    try:
        hub_final = final_state(s)
        hub_device = s.store.scalar("SELECT device_id FROM device")
        alone = s.store.query(
            "SELECT e.entity_id, t.status FROM events e JOIN tickets t ON t.id = e.entity_id"
            " WHERE e.type = 'ticket_called' AND e.device_id != ?", (hub_device,))
        issued_alone = s.store.scalar("SELECT count(*) FROM events WHERE type = 'ticket_issued' AND device_id != ?",
                                      (hub_device,))
        leases = s.store.query("SELECT service_code, device_id FROM service_leases")
    finally:
        s.close()
    calls = set(hub_final["calls"])
    displays = finals[1 + cfg.counters:]
    missed = sum(len(calls - set(f["calls"])) for f in displays)
    everyone = [hub_final, *finals]
    return {
        "setup_s": setup_s, "day_s": day_s, "settle_s": settle_s, "wall_s": time.perf_counter() - wall0,
        "tally": tally, "hub": hub_final, "finals": finals, "names": names, "back": back,
        "double_calls": hub_final["double_call_tickets"], "calls": len(calls), "missed": missed,
        "displays": len(displays), "alone_calls": len(alone), "alone_finished": sum(r["status"] == "finished" for r in alone),
        "issued_alone": issued_alone, "leases": len(leases), "lease_holders": len({r["device_id"] for r in leases}),
        "digests_equal": len({f["digest"] for f in everyone}) == 1,
        "logs_equal": len({f["log_hash"] for f in everyone}) == 1,
        "double_calls_everywhere": {f["double_call_tickets"] for f in everyone},
    }


# -------------------------------------------------------------------- the portal-only day
def portal_day(workdir: Path, cfg: DayConfig) -> dict[str, Any]:
    """The same day with the devices of bench_hall meeting only through the portal, and a
    display that only syncs."""
    workdir.mkdir(parents=True, exist_ok=True)
    wall0 = time.perf_counter()
    catalogue = _services(cfg.services)
    services = [r["code"] for r in catalogue]
    (workdir / "catalog.json").write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    portal = Portal(workdir / "portal.sqlite3", workdir / "portal.log")
    devices: list[Device] = []
    try:
        portal.admin("site", "add", SITE, SITE_NAME)
        portal.admin("catalog", "import", str(workdir / "catalog.json"), "--site", SITE)
        names = ["KIOSK"] + [f"L{i}" for i in range(1, cfg.counters + 1)] + ["TV1"]
        for name in names:
            enrolled = json.loads(portal.admin("device", "enrol", "--site", SITE, "--name", name, "--json"))
            db = workdir / f"{name.lower()}.sqlite3"
            _run(["-m", "counter_app.cli", "--db", str(db), "init", "--site-code", SITE, "--site-name", SITE_NAME,
                  "--device-code", name, "--series", str(enrolled["series"]), "--json"], at(-3600))
            device = Device(name, db, workdir / f"{name.lower()}.log")
            devices.append(device)
            device.ask("configure", -3000, portal=portal.url, token=enrolled["token"])
        portal.start()
        for k in range(2):
            for i, device in enumerate(devices):
                reply = device.ask("sync", -1800 + k * 60 + i)
                if not reply["ok"]:
                    raise RuntimeError(f"{device.name}: first sync failed: {reply['error']}")
        setup_s = time.perf_counter() - wall0
        tally = DayTally()
        desks = _desks(devices[1:1 + cfg.counters], services, cfg)
        display = devices[-1]
        history: set[str] = set()

        def sync(t: float, who: int) -> None:
            reply = devices[who].ask("sync", t)
            tally.rounds_failed += not reply["ok"]
            if 0 < who <= cfg.counters:
                serves = desks[who - 1].services
                for ticket, service in reply["new_tickets"]:
                    if service in serves:
                        tally.callable_at.setdefault(ticket, t)
            if devices[who] is display:
                rows = display.ask("rows", t, table="ticket_history")
                cols = rows["columns"]
                for row in rows["rows"]:
                    r = dict(zip(cols, row, strict=True))
                    if r["event_id"] not in history:
                        history.add(r["event_id"])
                        if r["action"] == "called":
                            tally.shown.setdefault((r["ticket_id"], r["counter"], r["at"]), t)

        extra = []
        stagger = random.Random(f"{cfg.seed}-sync")
        for i in range(len(devices)):
            first = i * cfg.sync_every_s / len(devices) + stagger.uniform(0, 2)
            k = 0
            while first + k * cfg.sync_every_s < cfg.duration_s:
                extra.append((first + k * cfg.sync_every_s, "sync", i))
                k += 1
        if cfg.outage:
            extra += [(cfg.outage[0], "down", 0), (cfg.outage[1], "up", 0)]
        wall1 = time.perf_counter()
        play_day(cfg, devices[0], desks, services, tally,
                 {"sync": sync, "down": lambda t, w: portal.kill(), "up": lambda t, w: portal.start()}, extra)
        day_s = time.perf_counter() - wall1
        for p in range(1, 8):  # after closing: rounds until the display holds every call
            for i in range(len(devices)):
                sync(cfg.duration_s + p * cfg.sync_every_s + i, i)
        final = devices[0].ask("final", cfg.duration_s + 900, report=str(workdir / "report.json"))
    finally:
        for device in devices:
            device.close()
        portal.kill()
    def clear(t0: float, t1: float) -> bool:  # the way from t0 to t1 did not cross the outage
        return not cfg.outage or t1 <= cfg.outage[0] or t0 >= cfg.outage[1]

    shown, shown_up, late, never = [], [], 0, 0
    for t, counter, ticket, _alone in tally.calls:
        key = (ticket, counter, (OPEN + timedelta(seconds=t)).isoformat(timespec="seconds"))
        if key not in tally.shown:
            never += 1
            continue
        shown.append(tally.shown[key] - t)
        if clear(t, tally.shown[key]):
            shown_up.append(shown[-1])
        closed = tally.closed.get((ticket, counter))
        late += closed is not None and closed < tally.shown[key]
    waits = [(tally.callable_at[i] - t, t) for i, (t, _s) in tally.issued.items() if i in tally.callable_at]
    return {"setup_s": setup_s, "day_s": day_s, "wall_s": time.perf_counter() - wall0, "tally": tally,
            "shown": shown, "shown_up": shown_up, "late": late, "never": never, "callable": [w for w, _ in waits],
            "callable_up": [w for w, t in waits if clear(t, t + w)], "not_callable": len(tally.issued) - len(waits),
            "double_calls": final["double_call_tickets"], "conflicts": final["conflicts"]}


# ==================================================================== the figures
def run(workdir: Path, live_cfg: LiveConfig | None = None, day_cfg: DayConfig | None = None) -> dict[str, Any]:
    live_cfg, day_cfg = live_cfg or LiveConfig(), day_cfg or DayConfig()
    w0 = time.perf_counter()
    lv = live(workdir / "hub-live", live_cfg)
    pd = portal_day(workdir / "hub-portal-day", day_cfg)
    hd = hub_day(workdir / "hub-day", day_cfg)
    paced, full = lv["phases"]["paced"], lv["phases"]["full"]
    where = f"30-minute outage at {day_cfg.outage[0] / 60:.0f}–{day_cfg.outage[1] / 60:.0f} min" if day_cfg.outage \
        else "no outage"
    report("hub live: set-up / whole", lv["setup_s"], "s",
           note=f"whole {lv['wall_s']:.1f} s: {live_cfg.counters} counters in {live_cfg.client_procs} client processes,"
                f" {live_cfg.displays} displays and {live_cfg.copies} counter copies following the stream,"
                f" a backlog of {live_cfg.backlog} tickets, {lv['events']} events at the end;"
                f" load average {lv['load']:.1f} at the start")
    pshown = pd["shown"]
    report("call → on the hall display, hub, p50", _ms(paced["shown"], 50), "ms",
           note=f"{len(paced['shown'])} (call, display) pairs at the steady pace; {paced['missing']} never arrived")
    report("call → on the hall display, hub, p99", _ms(paced["shown"], 99), "ms", "< 500 ms",
           note=f"at full speed p50 {_ms(full['shown'], 50):.0f} ms, p99 {_ms(full['shown'], 99):.0f} ms,"
                f" {full['missing']} never arrived")
    report("call → on the hall display, portal only, p50 / p99", percentile(pshown, 50), "s",
           note=f"p99 {percentile(pshown, 99):.0f} s, away from the outage {percentile(pd['shown_up'], 99):.0f} s"
                f" (simulated); of {len(pd['tally'].calls)} calls {pd['never']} never shown (the fold set them aside"
                f" as double calls), {pd['late']} shown only after the counter had closed the ticket")
    report("kiosk ticket → callable at a counter, hub, p50", _ms(paced["callable"], 50), "ms",
           note=f"{paced['issued']} tickets × {live_cfg.copies} counter copies at the steady pace; {paced['not_seen']}"
                f" never arrived; the issue request p50 {_ms(paced['issue_lat'], 50):.1f} ms,"
                f" p99 {_ms(paced['issue_lat'], 99):.1f} ms")
    report("kiosk ticket → callable at a counter, hub, p99", _ms(paced["callable"], 99), "ms", "< 1000 ms",
           note=f"at full speed p50 {_ms(full['callable'], 50):.0f} ms, p99 {_ms(full['callable'], 99):.0f} ms"
                f" ({full['issued']} tickets, {full['not_seen']} never arrived)")
    report("kiosk ticket → callable at a counter, portal only, p50 / p99", percentile(pd["callable"], 50), "s",
           note=f"p99 {percentile(pd['callable'], 99):.0f} s, away from the outage"
                f" {percentile(pd['callable_up'], 99):.0f} s (simulated, a sync round every {day_cfg.sync_every_s:.0f} s,"
                f" {where}); {pd['not_callable']} never reached a counter serving it")
    rate = len(paced["calls"]) / paced["span_s"]
    report("hub call next, steady pace, p50", _ms(paced["calls"], 50), "ms",
           note=f"{len(paced['calls'])} calls, {rate:.1f} calls/s and as many finishes (a hall of 60 counters with"
                f" 5–8 minute services calls about 0.15/s); finish p99 {_ms(paced['finishes'], 99):.1f} ms;"
                f" hub CPU {paced['hub_cpu'] * 100:.0f} %; {len(paced['errors'])} errors")
    report("hub call next, steady pace, p99", _ms(paced["calls"], 99), "ms", "< 50 ms",
           note=f"{live_cfg.counters} counters and {live_cfg.displays + live_cfg.copies} stream followers connected")
    report("hub call next, full speed, p50 / p99", _ms(full["calls"], 50), "ms",
           note=f"p99 {_ms(full['calls'], 99):.0f} ms; {len(full['calls']) / full['span_s']:.0f} calls/s"
                f" ({full['got']} with a ticket) and as many finishes; hub CPU {full['hub_cpu'] * 100:.0f} %;"
                f" {len(full['errors'])} errors")
    report("call next, portal only (each counter decides on its own copy), p50 / p99",
           _ms(pd["tally"].call_wall, 50), "ms", note=f"p99 {_ms(pd['tally'].call_wall, 99):.1f} ms, the device's"
           " round trip; not site-wide, hence the double calls below")
    t = hd["tally"]
    report(f"hub day simulated ({day_cfg.counters} counters, {day_cfg.displays} displays, kiosk, {day_cfg.minutes:.0f} min,"
           f" {day_cfg.tickets_per_hour:.0f} tickets/h, {where})", hd["day_s"], "s",
           note=f"set-up {hd['setup_s']:.1f} s, settling {hd['settle_s']:.1f} s, whole {hd['wall_s']:.1f} s;"
                f" portal-only day {pd['day_s']:.1f} s (whole {pd['wall_s']:.1f} s)")
    report("tickets issued / calls", len(t.issued), "", note=f"{len(t.calls)} calls, {dict(t.actions)},"
           f" {t.idle_calls} calls with nobody waiting; final status at the hub {hd['hub']['status']}")
    report("double calls (one ticket called by two counters in one wait), hub", hd["double_calls"], "tickets", "0",
           note=f"on every device: {sorted(hd['double_calls_everywhere'])}; {hd['hub']['conflicts']} conflicts listed;"
                f" portal only, the same day: {pd['double_calls']} tickets, {pd['conflicts']} conflicts")
    report("announcements missed (calls and recalls not in a display's database at the end), hub", hd["missed"], "",
           "0", note=f"{hd['calls']} calls and recalls × {hd['displays']} displays; portal only: {pd['never']} never"
                     f" shown, {pd['late']} of {len(pd['shown'])} shown after the ticket was closed")
    report("served in mode mandiri", hd["alone_finished"], "tickets",
           note=f"{hd['alone_calls']} calls decided alone under the lease rule ({hd['lease_holders']} counters held"
                f" the leases of the {hd['leases']} services; they reached the displays when the hub was back),"
                f" {hd['issued_alone']} tickets issued by the kiosk on its own series, {t.alone_ops} commands in"
                f" mode mandiri")
    back = hd["back"]
    if back:
        report("hub back: every member reconnected, pushed what it did alone and caught up", back["caught_up_s"],
               "s", note=f"after the restart ({back['restart_s']:.1f} s); the day ran on real time meanwhile,"
                         f" {back['commands_meanwhile']} commands in those seconds")
    for line in t.errors[:5]:
        print(f"  counter command refused: {line}", flush=True)
    report("all digests equal (hub and every member)", int(hd["digests_equal"]), "(1 = yes)", "1",
           note=f"{len(hd['finals']) + 1} databases; event logs identical: {int(hd['logs_equal'])};"
                f" quarantined at the end: {max(f['quarantined'] for f in hd['finals'])}")
    report("whole hub section", time.perf_counter() - w0, "s", "a few minutes")
    failed = []
    if hd["double_calls"]:
        failed.append(f"{hd['double_calls']} tickets called twice through the hub day")
    if hd["missed"]:
        failed.append(f"{hd['missed']} announcements missing from displays")
    if not hd["digests_equal"]:
        failed.append("digests differ between devices")
    if any(p["missing"] or p["not_seen"] for p in lv["phases"].values()):
        failed.append("live events never reached a follower")
    return {"failed": "; ".join(failed), "live": lv, "portal_day": pd, "hub_day": hd}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    roles = {"follow": follow_main, "counters": counters_main, "device": device_main, "hub": hub_main,
             "profile": profile_main}
    if argv[:1] and argv[0] in roles:
        roles[argv[0]](*argv[1:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.bench_hub", description=" ".join(__doc__.split("\n\n")[0].split()))
    for prefix, cls in (("live", LiveConfig), ("day", DayConfig)):
        for f in fields(cls):
            if f.type in ("int", "float"):
                parser.add_argument(f"--{prefix}-{f.name.replace('_', '-')}", type=int if f.type == "int" else float,
                                    default=f.default, dest=f"{prefix}_{f.name}")
    args = vars(parser.parse_args(argv))
    live_cfg = LiveConfig(**{f.name: args[f"live_{f.name}"] for f in fields(LiveConfig) if f"live_{f.name}" in args})
    day_cfg = DayConfig(**{f.name: args[f"day_{f.name}"] for f in fields(DayConfig) if f"day_{f.name}" in args})
    import tempfile

    with tempfile.TemporaryDirectory(prefix="loket-hub-") as tmp:
        result = run(Path(tmp), live_cfg, day_cfg)
    if result["failed"]:
        print(f"FAILED: {result['failed']}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
