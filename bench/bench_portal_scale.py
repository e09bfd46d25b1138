"""The portal at scale: 200 devices of 20 sites pushing and pulling at once through a simulated
day, against ``loket-portal serve --workers N`` on PostgreSQL; ratio to a raw multi-row INSERT
of the same rows into PostgreSQL in the same run.

Method. Each device's day is played through the core first, on its own SQLite file (site set
up, the site's catalogue pulled from the portal, then tickets issued, called and finished at
its one counter, registrations taken to hand-over, SKM answers, a complaint), so every event
and hash chain is real. The day is cut into rounds (one per sync interval); then all devices
replay it against the portal at once (``bench/portal_devices.py``): in every round each
device pushes that round's events in batches of 200 and pulls its site's new events in pages
of 200, as ``sync.client`` does (same timeout, same retries), and the next round starts when
every device has finished this one. After a last catch-up pull the run checks, site by site,
that every device pulled exactly the sequence the portal stored (none missing, none twice,
in order) and so holds the site's whole set; it applies the pulled pages into a few devices'
own databases per site and compares their projection digests.

PostgreSQL comes from ``LOKET_BENCH_PG_URL`` or ``LOKET_TEST_PG_URL`` (``.ci/run`` starts
one); without either the section is skipped. Each run works in a fresh database (or a fresh
schema where the role may not create databases) and drops it at the end. The scale is set by
``LOKET_BENCH_PORTAL_SITES``, ``_DEVICES`` (per site), ``_ROUNDS``, ``_TICKETS`` (per device
and day), ``_WORKERS`` (portal processes), ``_CLIENTS`` (client processes) and ``_VERIFY``
(devices per site whose database is checked).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import requests

from counter_app.events import canonical
from sync.portal import service
from sync.portal.content import import_catalog
from sync.portal.db import Database

from .bench_sync import free_port
from .portal_devices import API, TIMEOUT_S, client_process, device_day, verify_device
from .stats import percentile, report
from .workload import START_DAY, bench_catalog, set_clock

ROOT = Path(__file__).resolve().parents[1]
THREADS_PER_WORKER = 40  # anyio's default thread pool: up to one database connection per thread
COLUMNS = ["seq", "id", "site_code", "device_id", "device_seq", "hlc", "recorded_at", "type", "entity_id",
           "payload", "actor", "prev_hash", "hash", "received_at"]


@dataclass(frozen=True)
class Scale:
    sites: int = 20
    devices: int = 10   # per site
    rounds: int = 16    # sync rounds in the day (one every 30 minutes)
    tickets: int = 20   # per device and day: about 100 events
    workers: int = 0    # portal processes; 0: one per core, as many as PostgreSQL's connections allow
    clients: int = 2    # client processes sharing the devices' threads
    verify: int = 2     # devices per site whose database gets the pulled pages and a digest

    @classmethod
    def from_env(cls) -> Scale:
        names = {f"LOKET_BENCH_PORTAL_{n.upper()}": n for n in cls.__dataclass_fields__}
        return cls(**{n: int(os.environ[var]) for var, n in names.items() if os.environ.get(var)})


# ---------------------------------------------------------------- PostgreSQL
def server_url() -> str | None:
    return os.environ.get("LOKET_BENCH_PG_URL") or os.environ.get("LOKET_TEST_PG_URL")


@contextmanager
def fresh_database(base: str) -> Iterator[tuple[str, str]]:
    """A database ``loket_bench_<pid>`` on the server of ``base`` (dropped afterwards), or a
    schema of that name in ``base``'s database where the role may not create databases."""
    name = f"loket_bench_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as conn:
        try:
            conn.execute(f"CREATE DATABASE {name}")
            kind = "database"
        except psycopg.errors.InsufficientPrivilege:
            conn.execute(f"CREATE SCHEMA {name}")
            kind = "schema"
    if kind == "database":
        url, where = urlunsplit(urlsplit(base)._replace(path="/" + name)), f"fresh database {name}"
    else:
        url = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={name}')}"
        where = f"fresh schema {name} in {urlsplit(base).path.lstrip('/')} (this role may not create databases)"
    try:
        yield url, where
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" if kind == "database"
                         else f"DROP SCHEMA IF EXISTS {name} CASCADE")


def portal_workers(url: str, wanted: int) -> tuple[int, str]:
    """Worker processes: as asked, else one per core (at most 4), and never more than
    PostgreSQL can serve: each worker holds up to one connection per request thread."""
    with psycopg.connect(url, autocommit=True) as conn:
        limit = int(conn.execute("SHOW max_connections").fetchone()[0])
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    fits = max(1, (limit - 15) // THREADS_PER_WORKER)
    workers = wanted or min(os.cpu_count() or 1, 4, fits)
    return workers, (f"PostgreSQL {version}, max_connections {limit}: {fits} workers of"
                     f" {THREADS_PER_WORKER} request threads fit")


def start_portal(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync.portal", "--database-url", url, "serve", "--port", str(port),
             "--workers", str(workers)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=out, stderr=out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if requests.get(base + f"{API}/health", timeout=1).status_code == 200:
                return proc, base
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"portal did not start: {log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------- the run
def simulate(url: str, scale: Scale, workdir: Path, *, say=print) -> dict[str, Any]:
    """Run the day on the PostgreSQL database ``url``; its figures and checks."""
    ctx = multiprocessing.get_context("spawn")  # no child inherits a connection or a thread
    workers, pg_note = portal_workers(url, scale.workers)
    say(f"portal: {workers} worker processes; {pg_note}")
    jobs, devices, catalogues = enrol(url, scale, workdir)

    t0 = time.perf_counter()
    with ctx.Pool(min(2, os.cpu_count() or 1)) as pool:
        days = pool.map(device_day, jobs, chunksize=4)
    figures: dict[str, Any] = {"workers": workers, "generate_s": time.perf_counter() - t0,
                               "events": sum(d["events"] for d in days), "devices": len(jobs)}
    verified = [j for j in jobs if j["index"] < scale.verify]
    for job, made in zip(jobs, days, strict=True):
        devices[job["key"]]["rounds"] = made["rounds"]
    for job in verified:
        devices[job["key"]]["pages"] = job["pages"] = str(workdir / f"{job['site']}-{job['device']}.pages")

    proc, base = start_portal(url, workers, workdir / "portal.log")
    try:
        barrier = ctx.Barrier(len(devices))
        shares = [list(devices.values())[k::scale.clients] for k in range(scale.clients)]
        clients = [ctx.Process(target=client_process, args=(share, base, barrier, scale.rounds,
                                                            str(workdir / f"client-{k}.json")))
                   for k, share in enumerate(shares) if share]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
    finally:
        stop(proc)
    outs: dict[str, dict] = {}
    for k in range(len(clients)):
        outs.update(json.loads((workdir / f"client-{k}.json").read_text()))
    errors = [f"{key}: {o['error']}" for key, o in outs.items() if o["error"]]
    if errors:
        raise RuntimeError(f"{len(errors)} devices failed, the first: {errors[0]}")

    push_ms = [x for o in outs.values() for x in o["push_ms"]]
    pull_ms = [x for o in outs.values() for x in o["pull_ms"]]
    figures.update(
        day_s=max(o["end"] for o in outs.values()) - min(o["start"] for o in outs.values()),
        **{s: sum(o[s] for o in outs.values()) for s in ("accepted", "duplicate", "rejected", "retries")},
        reasons=[r for o in outs.values() for r in o["reasons"]][:3],
        push_requests=len(push_ms), pull_requests=len(pull_ms),
        push_p50_ms=percentile(push_ms, 50), push_p99_ms=percentile(push_ms, 99),
        pull_p50_ms=percentile(pull_ms, 50), pull_p99_ms=percentile(pull_ms, 99),
        pulled=sum(len(o["pulled"]) for o in outs.values()))

    stored, global_gap_free = stored_sequences(url)
    pushed: dict[str, set[str]] = {}
    for dev in devices.values():
        pushed.setdefault(dev["site"], set()).update(
            e["id"] for batches in dev["rounds"] for _, body in batches for e in json.loads(body)["events"])
    held = {site: [[e["seq"], e["id"]] for e in events] for site, events in catalogues.items()}
    got = [(d["site"], held[d["site"]] + outs[key]["pulled"]) for key, d in devices.items()]
    figures.update(check_sequences(stored, got, held, pushed), global_gap_free=global_gap_free)
    # stored, not answered: a push that timed out has often been committed; its resend is a duplicate
    figures["events_per_s"] = sum(len(v) for v in pushed.values()) / figures["day_s"]

    with ctx.Pool(min(2, os.cpu_count() or 1)) as pool:
        digests = pool.map(verify_device, verified)
    figures.update(check_digests(digests, stored), verified_devices=len(digests))
    figures.update(raw_insert(url, days))
    return figures


def enrol(url: str, scale: Scale, workdir: Path) -> tuple[list[dict], dict[str, dict], dict[str, list]]:
    """The sites with their catalogue (events of the portal) and the enrolled devices; a job
    per device for :func:`device_day`."""
    set_clock(datetime.fromisoformat(f"{START_DAY}T07:00:00+07:00"))
    db = Database(url)
    try:
        catalogue = workdir / "catalogue.json"
        # open all day: the devices spread their tickets over eight hours, and the bench measures
        # the portal, not the timetable (with hours, the last ones were refused after the cut-off)
        open_all_day = [{k: v for k, v in row.items() if k != "hours"} for row in bench_catalog()]
        catalogue.write_text(json.dumps(open_all_day, ensure_ascii=False))
        jobs, devices = [], {}
        for s in range(scale.sites):
            site = f"MPP-S{s + 1:02d}"
            service.add_site(db, site, f"MPP {site}")
            import_catalog(db, catalogue, site)
            for d in range(scale.devices):
                enrolled = service.enrol_device(db, site, f"K{d + 1:02d}")
                key = f"{site}/{enrolled['device']}"
                devices[key] = {"key": key, "site": site, "token": enrolled["token"]}
                jobs.append({"key": key, "site": site, "device": enrolled["device"], "index": d,
                             "series": enrolled["series"], "counter": str(d + 1), "seed": s * 1000 + d,
                             "path": str(workdir / f"{site}-{enrolled['device']}.sqlite3"),
                             "day": START_DAY, "rounds": scale.rounds, "tickets": scale.tickets})
        catalogues = {site: service.site_events(db, site)[0] for site in {d["site"] for d in devices.values()}}
    finally:
        db.close()
    # every device starts the day with its site's catalogue, synced the evening before
    for job in jobs:  # sequence numbers are per site: each site's cursor is its own
        cursor = max(e["seq"] for e in catalogues[job["site"]])
        job.update(catalogue=catalogues[job["site"]], cursor=cursor)
        devices[job["key"]]["cursor"] = cursor
    return jobs, devices, catalogues


def stored_sequences(url: str) -> tuple[dict[str, list[list]], bool]:
    """Each site's stored (seq, id) in order, and whether every site's sequence numbers (one
    sequence per site) are exactly 1..N (none lost, none skipped)."""
    db = Database(url)
    try:
        with db.read() as tx:
            totals = tx.all("SELECT s.code, s.last_seq, count(e.seq) AS n, max(e.seq) AS top FROM sites s"
                            " LEFT JOIN events e ON e.site_code = s.code GROUP BY s.code, s.last_seq")
            stored: dict[str, list[list]] = {}
            for row in tx.all("SELECT site_code, seq, id FROM events ORDER BY site_code, seq"):
                stored.setdefault(row["site_code"], []).append([int(row["seq"]), row["id"]])
    finally:
        db.close()
    return stored, all(int(t["n"]) == int(t["top"] or 0) == int(t["last_seq"]) for t in totals)


def check_sequences(stored: dict[str, list[list]], got: list[tuple[str, list[list]]],
                    held: dict[str, list[list]], pushed: dict[str, set[str]]) -> dict[str, int]:
    """A site is gap-free when the portal stored exactly what its devices pushed plus what they
    held already (the catalogue), and every device of the site got exactly that sequence, in
    order (``got``: each device's site and the (seq, id) it held, then pulled). A device has
    converged when it got its site's whole stored sequence."""
    converged = 0
    ok: dict[str, bool] = {}
    for site, sequence in got:
        same = sequence == stored.get(site)
        converged += same
        ok[site] = ok.get(site, True) and same
    gap_free = 0
    for site, sequence in stored.items():
        ids = [i for _, i in sequence]
        expected = {i for _, i in held.get(site, [])} | pushed.get(site, set())
        gap_free += ok.get(site, False) and len(ids) == len(set(ids)) and set(ids) == expected
    return {"sites": len(stored | {s: [] for s, _ in got}), "sites_gap_free": gap_free,
            "devices_converged": converged}


def check_digests(digests: list[dict], stored: dict[str, list[list]]) -> dict[str, int]:
    """Sites whose checked devices all hold exactly the site's events and one projection digest."""
    by_site: dict[str, set[str]] = {}
    good: dict[str, bool] = {}
    for d in digests:
        site = d["site"]
        ids = hashlib.sha256("\n".join(sorted(i for _, i in stored.get(site, []))).encode()).hexdigest()
        by_site.setdefault(site, set()).add(d["digest"])
        good[site] = good.get(site, True) and d["ids"] == ids
    return {"verified_sites": len(by_site),
            "sites_one_digest": sum(len(v) == 1 and good[s] for s, v in by_site.items())}


def raw_insert(url: str, days: list[dict]) -> dict[str, Any]:
    """The same rows in the same batches, each as one multi-row INSERT in its own transaction,
    into a plain table of the portal's columns, from one connection."""
    batches, seq = [], 0
    for made in days:
        for _, body in (b for round_ in made["rounds"] for b in round_):
            rows = []
            for e in json.loads(body)["events"]:
                seq += 1
                rows.append((seq, e["id"], made["site"], e["device_id"], e["device_seq"], e["hlc"],
                             e["recorded_at"], e["type"], e["entity_id"], canonical(e["payload"]), e["actor"],
                             e["prev_hash"], e["hash"], service.utcnow()))
            batches.append(rows)
    row_sql = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_events (seq BIGINT PRIMARY KEY, " + ", ".join(
            f"{c} {'BIGINT' if c == 'device_seq' else 'TEXT'} NOT NULL" for c in COLUMNS[1:]) + ")")
        t0 = time.perf_counter()
        for rows in batches:
            conn.execute(f"INSERT INTO raw_events ({', '.join(COLUMNS)}) VALUES "
                         + ", ".join([row_sql] * len(rows)), [v for r in rows for v in r])
        raw_s = time.perf_counter() - t0
        count = conn.execute("SELECT count(*) FROM raw_events").fetchone()[0]
    return {"raw_s": raw_s, "raw_rows": count, "raw_batches": len(batches), "raw_per_s": count / raw_s}


def wrong(f: dict[str, Any]) -> list[str]:
    """What the run shows broken (empty when every check holds)."""
    return [text for bad, text in (
        (not f["global_gap_free"], "the portal's sequence numbers have gaps"),
        (f["sites_gap_free"] < f["sites"], f"{f['sites'] - f['sites_gap_free']} sites not gap-free"),
        (f["devices_converged"] < f["devices"], f"{f['devices'] - f['devices_converged']} devices not converged"),
        (f["sites_one_digest"] < f["verified_sites"],
         f"{f['verified_sites'] - f['sites_one_digest']} sites with devices of different data"),
        (f["rejected"] > 0, f"{f['rejected']} events rejected"),
    ) if bad]


def run(workdir: Path) -> dict[str, Any] | None:
    base = server_url()
    if not base:
        print("SKIPPED: the portal at scale needs PostgreSQL: set LOKET_BENCH_PG_URL (or LOKET_TEST_PG_URL,"
              " as .ci/run does) to postgresql://USER:PASSWORD@HOST/DB", flush=True)
        return None
    scale = Scale.from_env()
    with fresh_database(base) as (url, where):
        print(f"PostgreSQL: {where}", flush=True)
        f = simulate(url, scale, workdir, say=lambda text: print(text, flush=True))
    n = f["devices"]
    report("device days played through the core", f["generate_s"], "s",
           note=f"{f['events']:,} events of {n} devices: {scale.sites} sites × {scale.devices},"
                f" {scale.tickets} tickets each, {scale.rounds} sync rounds")
    report("simulated day, every device pushing and pulling at once", f["day_s"], "s",
           note=f"{f['push_requests']:,} pushes, {f['pull_requests']:,} pulls of {f['pulled']:,} events;"
                f" {f['workers']} portal workers, {scale.clients} client processes")
    report("events stored per second", f["events_per_s"], "events/s",
           note=f"answers {f['accepted']:,} accepted, {f['duplicate']:,} duplicate (resent after a timeout),"
                f" {f['rejected']} rejected{': ' + '; '.join(f['reasons']) if f['reasons'] else ''};"
                f" the same day in real time is {f['events'] / (8 * 3600):.1f} events/s")
    report("push request p50", f["push_p50_ms"], "ms")
    report("push request p99", f["push_p99_ms"], "ms", f"< {TIMEOUT_S * 1000:.0f} ms, the client's timeout",
           note=f"{f['retries']} attempts timed out or failed and were retried")
    report("pull request p50", f["pull_p50_ms"], "ms")
    report("pull request p99", f["pull_p99_ms"], "ms", f"< {TIMEOUT_S * 1000:.0f} ms")
    report("raw multi-row INSERT of the same rows into PostgreSQL", f["raw_per_s"], "rows/s",
           note=f"{f['raw_rows']:,} rows in {f['raw_batches']:,} statements, {f['raw_s']:.2f} s")
    report("portal ÷ raw INSERT, time per event", f["raw_per_s"] / f["events_per_s"], "x")
    report("sites gap-free: every device pulled the stored sequence, none missing, none twice",
           f["sites_gap_free"], f"of {f['sites']}", "all",
           note="portal sequence 1..N without a gap" if f["global_gap_free"] else "PORTAL SEQUENCE HAS GAPS")
    report("devices converged (the site's whole set)", f["devices_converged"], f"of {n}", "all")
    report("sites whose checked devices hold the site's events with one projection digest",
           f["sites_one_digest"], f"of {f['verified_sites']}", "all", note=f"{f['verified_devices']} databases")
    problems = wrong(f)
    return {**f, "failed": "; ".join(problems)} if problems else f
