"""The simulated devices of the portal-at-scale bench (``bench_portal_scale``): each device's
day played through the core on its own SQLite file, then replayed against the portal by one
thread per device with the real client's batches, page size, timeout and retries.

Everything here runs in child processes (a pool for the days, client processes for the
replay), so it takes and returns plain data.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from counter_app import catalog, complaints, registration, skm, syncstate
from counter_app import queue as q
from counter_app.digest import projection_digest
from counter_app.events import Event, with_keys
from counter_app.session import Session
from counter_app.site import init_site
from sync import protocol
from sync.client import RetryPolicy

from .workload import set_clock, valid_nik

BATCH = 200                              # events per push, as sync.client.run_sync sends them
PULL_LIMIT = protocol.DEFAULT_PULL_LIMIT
TIMEOUT_S = 15.0                         # sync.client.PortalClient's request timeout
BARRIER_S = 900.0
API = protocol.API_PREFIX


def device_day(job: dict[str, Any]) -> dict[str, Any]:
    """Play one device's day through the core on its own SQLite file; its events per round,
    as the push bodies the client would send."""
    day: date = job["day"]
    set_clock(datetime.fromisoformat(f"{day}T07:30:00+07:00"))
    session = Session.open(job["path"])
    try:
        init_site(session, site_code=job["site"], site_name=f"MPP {job['site']}", device_code=job["device"],
                  series=job["series"])
        syncstate.apply_events(session, [Event.from_dict(e) for e in job["catalogue"]], job["cursor"])
        rng = random.Random(job["seed"])
        services = [s.code for s in catalog.list_services(session)]
        counter, tickets, rounds = job["counter"], job["tickets"], job["rounds"]
        open_at = datetime.fromisoformat(f"{day}T08:00:00+07:00")
        device_id = syncstate.device_id(session)
        sent, out = 0, []
        for r in range(rounds):
            with session.transaction():
                for i in (i for i in range(tickets) if i * rounds // tickets == r):
                    set_clock(open_at + timedelta(seconds=8 * 3600 * i / tickets))
                    _serve_one(session, rng, rng.choice(services), counter, i)
                if r == rounds // 2:
                    filed = complaints.file_complaint(
                        session, type="saran", channel="counter", service=rng.choice(services), anonymous=True,
                        text="Mohon tambah kursi di ruang tunggu pada jam sibuk.")
                    complaints.respond(session, filed["tracking_number"], "Terima kasih, segera kami tambah.")
            rows = session.store.query("SELECT * FROM events WHERE device_id = ? AND device_seq > ?"
                                       " ORDER BY device_seq", (device_id, sent))
            # with the keys of their sealed personal data, as syncstate.outbox sends them
            events = [e.as_dict() for e in with_keys(session.store.conn, [Event.from_row(row) for row in rows])]
            sent += len(events)
            out.append([(len(events[i:i + BATCH]), json.dumps({"events": events[i:i + BATCH]}).encode())
                        for i in range(0, len(events), BATCH)])
        return {"key": job["key"], "site": job["site"], "rounds": out, "events": sent}
    finally:
        session.close()


def _serve_one(session: Session, rng: random.Random, service_code: str, counter: str, i: int) -> None:
    q.issue_ticket(session, service_code)
    called = q.call_next(session, counter)
    if rng.random() < 0.3:
        sex = rng.choice("LP")
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 20000))
        reg = registration.register(session, registration.RegistrationInput(
            service=called["service"], name=f"Pemohon {i}", nik=valid_nik(rng, sex, born), sex=sex,
            birth_date=born.isoformat(), phone=f"08123{rng.randint(100000, 999999)}",
            ticket=called["ticket"], requirements_complete=True))
        for status in ("diverifikasi", "diproses", "selesai", "diserahkan"):
            registration.change_status(session, reg["registration_id"], status)
    q.finish(session, called["ticket"])
    if rng.random() < 0.3:
        skm.record_response(session, [rng.choice((2, 3, 3, 4, 4)) for _ in range(9)],
                            service=called["service"], entry_mode="kiosk")


# ---------------------------------------------------------------- the day against the portal
class Gave(Exception):
    """A request the device could not complete after the client's retries."""


def _request(http: requests.Session, method: str, url: str, out: dict, times: list[float],
             policy: RetryPolicy, **kw) -> requests.Response:
    """One request with the client's retries; every attempt's duration goes into ``times``
    (a timed-out attempt too: leaving those out would hide the tail)."""
    for attempt in range(policy.attempts):
        started = time.perf_counter()
        try:
            resp = http.request(method, url, timeout=TIMEOUT_S, **kw)
        except requests.RequestException as exc:
            last = type(exc).__name__
        else:
            if resp.status_code == 200:
                times.append((time.perf_counter() - started) * 1000)
                return resp
            if resp.status_code != 429 and resp.status_code < 500:
                raise Gave(f"{method} {url}: {resp.status_code} {resp.text[:300]}")
            last = str(resp.status_code)
        times.append((time.perf_counter() - started) * 1000)
        out["retries"] += 1
        if attempt + 1 < policy.attempts:
            policy.sleep(policy.delay(attempt, None))
    raise Gave(f"{method} {url}: gave up after {policy.attempts} attempts ({last})")


def _device_thread(dev: dict, url: str, barrier, rounds: int, out: dict) -> None:
    http = requests.Session()
    http.trust_env = False
    http.headers.update({"Authorization": f"Bearer {dev['token']}", "Accept": "application/json"})
    policy = RetryPolicy()
    cursor = dev["cursor"]
    pages = open(dev["pages"], "w") if dev.get("pages") else None
    try:
        for r in range(rounds + 1):  # the last one: everyone has pushed, catch up
            barrier.wait(BARRIER_S)
            if r == 0:
                out["start"] = time.time()
            for count, body in dev["rounds"][r] if r < rounds else ():
                resp = _request(http, "POST", url + f"{API}/sync/push", out, out["push_ms"], policy,
                                data=body, headers={"Content-Type": "application/json"})
                results = resp.json()["results"]
                if len(results) != count:
                    raise Gave("push answer without a result for every event")
                for result in results:
                    out[result["status"]] += 1
                    if result["status"] == "rejected" and len(out["reasons"]) < 5:
                        out["reasons"].append(result["reason"])
            while True:
                resp = _request(http, "GET", url + f"{API}/sync/pull", out, out["pull_ms"], policy,
                                params={"cursor": cursor, "limit": PULL_LIMIT})
                page = resp.json()
                seqs = [e["seq"] for e in page["events"]]
                if page.get("protocol") != protocol.PROTOCOL or seqs != sorted(set(seqs)) or \
                        (seqs and (seqs[0] <= cursor or page["next_cursor"] != seqs[-1])):
                    raise Gave(f"pull page out of order after cursor {cursor}")
                out["pulled"].extend([e["seq"], e["id"]] for e in page["events"])
                if pages:
                    pages.write(json.dumps({"events": page["events"], "next_cursor": page["next_cursor"]}) + "\n")
                cursor = page["next_cursor"]
                if not page["more"]:
                    break
        out["end"] = time.time()
    except Exception as exc:  # a device that fails must not leave the others at the barrier
        out["error"] = f"{type(exc).__name__}: {exc}"
        barrier.abort()
    finally:
        http.close()
        if pages:
            pages.close()


def client_process(devices: list[dict], url: str, barrier, rounds: int, result_path: str) -> None:
    """One client process: a thread per device; writes every device's figures to a file."""
    outs = {d["key"]: {"push_ms": [], "pull_ms": [], "accepted": 0, "duplicate": 0, "rejected": 0,
                       "retries": 0, "reasons": [], "pulled": [], "error": None} for d in devices}
    threads = [threading.Thread(target=_device_thread, args=(d, url, barrier, rounds, outs[d["key"]]))
               for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    Path(result_path).write_text(json.dumps(outs))


def verify_device(job: dict[str, Any]) -> dict[str, Any]:
    """Apply the pages a device pulled into its own database, as the client does; its digest."""
    set_clock(datetime.fromisoformat(f"{job['day']}T17:00:00+07:00"))
    session = Session.open(job["path"])
    try:
        with open(job["pages"]) as pages:
            for line in pages:
                page = json.loads(line)
                syncstate.apply_events(session, [Event.from_dict(e) for e in page["events"]],
                                       page["next_cursor"])
        ids = sorted(r[0] for r in session.store.query("SELECT id FROM events"))
        return {"key": job["key"], "site": job["site"], "digest": projection_digest(session)["digest"],
                "ids": hashlib.sha256("\n".join(ids).encode()).hexdigest()}
    finally:
        session.close()


