"""The portal's core: sites, enrolled devices and tokens, push (idempotent) and pull (by cursor).

Every change the portal itself makes (catalogue, holidays, bookings, back-office status
changes, online SKM) is a real event in a per-site hash chain whose device is the portal
("the portal as its own device per site"), so counters apply them like any other event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from counter_app import clock
from counter_app.event_schemas import ENTITY_NAMES, REQUIRES_ENTITY, check_event, check_limits
from counter_app.events import GENESIS, build_event, canonical, event_hash
from counter_app.site import MAX_SERIES

from .. import protocol
from ..bundle import bundle_key as bundle_key_for
from ..bundle import key_id
from .db import Database, Tx

PORTAL_ACTOR = "portal"
PULL_PAGE_BYTES = 2 * 1024 * 1024  # a pull page stops before its payloads pass this (one event at least)

log = logging.getLogger("loket.portal")
SERIES_REST = timedelta(hours=24)  # a revoked device's ticket series is not reused sooner


class PortalError(Exception):
    """A refused admin or API action; the message is for the operator."""


class AuthError(PortalError):
    pass


@dataclass(frozen=True)
class Device:
    id: str
    site: str
    name: str
    series: int
    local_device_id: str | None
    bundle_key: str
    relay: bool = False


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --------------------------------------------------------------- sites and devices
def add_site(db: Database, code: str, name: str) -> dict[str, Any]:
    code = (code or "").strip().upper()
    name = (name or "").strip()
    if not code or not name:
        raise PortalError("kode dan nama lokasi wajib diisi")
    with db.transaction() as tx:
        if tx.one("SELECT 1 AS x FROM sites WHERE code = ?", (code,)):
            raise PortalError(f"lokasi {code} sudah ada")
        tx.execute("INSERT INTO sites (code, name, portal_device_id, created_at) VALUES (?, ?, ?, ?)",
                   (code, name, str(uuid.uuid4()), utcnow()))
    return {"site": code, "name": name}


def get_site(tx: Tx, code: str) -> dict[str, Any]:
    row = tx.one("SELECT * FROM sites WHERE code = ?", ((code or "").strip().upper(),))
    if row is None:
        raise PortalError(f"lokasi {code} tidak ada")
    return row


def list_sites(db: Database) -> list[dict[str, Any]]:
    with db.read() as tx:
        return tx.all("SELECT code, name FROM sites ORDER BY code")


def enrol_device(db: Database, site: str, name: str, relay: bool = False) -> dict[str, Any]:
    """A new device of ``site`` with a fresh token (shown once) and a free ticket series.
    ``relay``: the site's hub, which also pushes the events of the site's other devices."""
    name = (name or "").strip().upper()
    if not name:
        raise PortalError("nama perangkat wajib diisi")
    token = secrets.token_urlsafe(32)
    with db.transaction() as tx:
        site_row = get_site(tx, site)
        active = tx.all("SELECT name, series FROM devices WHERE site_code = ? AND revoked_at IS NULL",
                        (site_row["code"],))
        if any(d["name"] == name for d in active):
            raise PortalError(f"perangkat {name} sudah terdaftar aktif di {site_row['code']}; cabut dulu")
        used = {d["series"] for d in active}
        # Another device's series revoked less than a day ago may still have tickets of today that
        # have not reached anyone: giving it away now could print the same number twice.
        cutoff = (datetime.now(UTC) - SERIES_REST).isoformat(timespec="milliseconds")
        resting = {r["series"] for r in tx.all(
            "SELECT series FROM devices WHERE site_code = ? AND name != ? AND revoked_at > ?",
            (site_row["code"], name, cutoff))}
        taken = used | resting
        previous = tx.one("SELECT series FROM devices WHERE site_code = ? AND name = ? ORDER BY enrolled_at DESC",
                          (site_row["code"], name))
        if previous and previous["series"] not in taken and 0 <= previous["series"] <= MAX_SERIES:
            series = previous["series"]  # the numbers people know from this device come back
        else:
            # the smallest free one: a site's numbers stay as short as its device count allows
            series = next(s for s in range(len(taken) + 1) if s not in taken)
        if series > MAX_SERIES:
            raise PortalError(
                f"lokasi {site_row['code']} sudah memakai semua seri nomor antrean 0–{MAX_SERIES}"
                f" ({len(used)} perangkat aktif, {len(resting - used)} dicabut kurang dari 24 jam lalu)")
        device_id = str(uuid.uuid4())
        tx.execute(
            "INSERT INTO devices (id, site_code, name, series, token_hash, bundle_key, enrolled_at, relay)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (device_id, site_row["code"], name, series, token_hash(token), bundle_key_for(token), utcnow(),
             int(relay)),
        )
    result = {"token": token, "device": name, "device_id": device_id, "site": site_row["code"], "series": series}
    return {**result, "relay": True} if relay else result


def revoke_device(db: Database, site: str, name: str) -> dict[str, Any]:
    with db.transaction() as tx:
        site_row = get_site(tx, site)
        row = tx.one("SELECT id FROM devices WHERE site_code = ? AND name = ? AND revoked_at IS NULL",
                     (site_row["code"], (name or "").strip().upper()))
        if row is None:
            raise PortalError(f"perangkat aktif {name} tidak ada di {site_row['code']}")
        tx.execute("UPDATE devices SET revoked_at = ? WHERE id = ?", (utcnow(), row["id"]))
    return {"revoked": name.upper(), "site": site_row["code"]}


def _device(row: dict[str, Any]) -> Device:
    return Device(id=row["id"], site=row["site_code"], name=row["name"], series=row["series"],
                  local_device_id=row["local_device_id"], bundle_key=row["bundle_key"],
                  relay=bool(row.get("relay", 0)))


def authenticate(db: Database, token: str | None) -> Device:
    if not token:
        raise AuthError("token perangkat tidak dikirim (Authorization: Bearer ...)")
    with db.read() as tx:
        row = tx.one("SELECT * FROM devices WHERE token_hash = ?", (token_hash(token),))
    if row is None:
        raise AuthError("token perangkat tidak dikenal")
    if row["revoked_at"]:
        raise AuthError("token perangkat sudah dicabut; daftarkan ulang perangkat")
    return _device(row)


def device_by_key_id(db: Database, kid: str) -> Device:
    with db.read() as tx:
        rows = tx.all("SELECT * FROM devices WHERE revoked_at IS NULL")
    for row in rows:
        if hmac.compare_digest(key_id(row["bundle_key"]), kid):
            return _device(row)
    raise AuthError("bundel ditandatangani kunci perangkat yang tidak dikenal atau sudah dicabut")


def site_keys(db: Database, site: str) -> dict[str, str]:
    """key id -> bundle key of the site's active devices (to sign an export for them)."""
    with db.read() as tx:
        rows = tx.all("SELECT bundle_key FROM devices WHERE site_code = ? AND revoked_at IS NULL", (site,))
    return {key_id(r["bundle_key"]): r["bundle_key"] for r in rows}


# --------------------------------------------------------------- events
def _row_event(row: dict[str, Any]) -> dict[str, Any]:
    data = {k: row[k] for k in protocol.WireEvent.model_fields}
    data["payload"] = json.loads(row["payload"])
    data["device_seq"] = int(data["device_seq"])
    return data


def _insert(tx: Tx, site: str, event: dict[str, Any], payload_json: str | None = None) -> int:
    seq = tx.next_seq()
    tx.execute(
        "INSERT INTO events (seq, id, site_code, device_id, device_seq, hlc, recorded_at, type, entity_id,"
        " payload, actor, prev_hash, hash, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (seq, event["id"], site, event["device_id"], event["device_seq"], event["hlc"], event["recorded_at"],
         event["type"], event["entity_id"], payload_json if payload_json is not None else canonical(event["payload"]),
         event["actor"], event["prev_hash"], event["hash"], utcnow()),
    )
    from .projections import project

    project(tx, site, event)
    return seq


def _tick(tx: Tx, site: str, portal_device: str, entity_id: str) -> str:
    """The portal's hybrid clock for a site: after every event it has seen within the drift bound,
    and always after every event of the same entity (a change made here follows what it saw).
    The next value is the counters' rule (``clock.HybridClock``), started from what it saw."""
    wall = int(clock.now().timestamp() * 1000)
    own = tx.scalar("SELECT max(hlc) AS m FROM events WHERE device_id = ?", (portal_device,))
    trusted = max(wall, clock.parse_hlc(own)[0] if own else 0)
    horizon = clock.format_hlc(trusted + protocol.MAX_HLC_DRIFT_MS, 99999)
    last = tx.scalar("SELECT max(hlc) AS m FROM events WHERE site_code = ? AND hlc <= ?", (site, horizon))
    entity = tx.scalar("SELECT max(hlc) AS m FROM events WHERE site_code = ? AND entity_id = ?", (site, entity_id))
    return clock.HybridClock(max(x for x in (last, own, entity, clock.format_hlc(0, 0)) if x)).tick()


def append_portal_event(tx: Tx, site: str, type: str, entity_id: str, payload: dict[str, Any],
                        actor: str = PORTAL_ACTOR) -> dict[str, Any]:
    """Append an event made by the portal to the site's portal chain (inside ``tx``), built by
    the counters' own code (``counter_app.events.build_event``) and held to the same schema."""
    site_row = get_site(tx, site)
    device = site_row["portal_device_id"]
    head = tx.one("SELECT device_seq, hash FROM events WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1",
                  (device,))
    built, payload_json = build_event(
        device_id=device, head=(int(head["device_seq"]), head["hash"]) if head else None,
        hlc=_tick(tx, site_row["code"], device, entity_id), type=type, entity_id=entity_id,
        payload=payload, actor=actor)
    event = built.as_dict()
    problem = check_event(event)
    if problem:  # a bug here must never become an event every counter of the site quarantines
        raise PortalError(f"event portal {type} tidak sah: {problem}")
    _insert(tx, site_row["code"], event, payload_json)
    return event


def _crash_hook(stored: int) -> None:
    """Test-only fault: ``LOKET_PORTAL_CRASH_AFTER=N`` kills the server mid-batch, before commit."""
    limit = os.environ.get("LOKET_PORTAL_CRASH_AFTER")
    if limit and stored >= int(limit):
        os._exit(17)


def push(db: Database, device: Device, events: list[Any], sender: str | None = None) -> list[dict[str, Any]]:
    """Store a batch; each event is accepted, a duplicate, or rejected with a reason.

    ``events`` are the items as parsed from JSON, unchecked: each is held to its type's
    schema and the limits (``counter_app.event_schemas``) before anything else.
    """
    results: list[dict[str, Any]] = []
    stored = 0
    with db.transaction() as tx:
        bound = device.local_device_id
        row = tx.one("SELECT local_device_id, revoked_at FROM devices WHERE id = ?", (device.id,))
        if row is None or row["revoked_at"]:
            raise AuthError("token perangkat sudah dicabut; daftarkan ulang perangkat")
        bound = row["local_device_id"]
        if device.relay and bound is None and isinstance(sender, str) and 0 < len(sender) <= 64:
            # a relay says which device it is itself (it also sends others' events)
            taken = tx.one("SELECT 1 AS x FROM devices WHERE local_device_id = ? AND id <> ?", (sender, device.id))
            if taken is None:
                bound = sender
                tx.execute("UPDATE devices SET local_device_id = ? WHERE id = ?", (bound, device.id))
        for index, event in enumerate(events):
            status, reason, seq = "rejected", check_event(event), None
            if reason is None:
                try:
                    with tx.savepoint():
                        status, reason, seq, bound = _push_one(tx, device, bound, event)
                except Exception as exc:  # a bad event never blocks the rest of the batch
                    status, reason, seq = "rejected", f"galat menyimpan event: {type(exc).__name__}", None
                    log.exception("push %s/%s: event %s not stored", device.site, device.name,
                                  result_id(event, index))
            if status == "accepted":
                stored += 1
                _crash_hook(stored)
            elif status == "rejected":
                log.info("push %s/%s: event %s rejected: %s", device.site, device.name,
                         result_id(event, index), reason)
            results.append({"id": result_id(event, index), "status": status, "reason": reason, "seq": seq})
        tx.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (utcnow(), device.id))
    return results


def result_id(event: Any, index: int) -> str:
    """The id a push result answers for: the event's own when it is text (a lone surrogate
    shown as its escape, so the answer is always valid UTF-8), else ``#index``."""
    ident = event.get("id") if isinstance(event, dict) else None
    if not isinstance(ident, str):
        return f"#{index}"
    return ident.encode("utf-8", "backslashreplace").decode("utf-8")


def _push_one(tx: Tx, device: Device, bound: str | None, event: dict[str, Any]):
    existing = tx.one("SELECT seq, hash, site_code FROM events WHERE id = ?", (event["id"],))
    if existing is not None:
        if existing["hash"] == event["hash"] and existing["site_code"] == device.site:
            return "duplicate", None, int(existing["seq"]), bound
        return "rejected", "id event sudah dipakai untuk event lain", None, bound
    if event_hash(**event) != event["hash"]:
        return "rejected", "hash tidak cocok dengan isi event", None, bound
    if device.relay and bound is not None and event["device_id"] != bound:
        # the site's hub relaying another device of its site: never a device of another site,
        # never the portal's own events; the chain and entity checks below still hold
        owner = tx.one("SELECT site_code FROM devices WHERE local_device_id = ?"
                       " UNION SELECT code AS site_code FROM sites WHERE portal_device_id = ?",
                       (event["device_id"], event["device_id"]))
        if owner is not None and owner["site_code"] != device.site:
            return "rejected", "perangkat ini terdaftar di lokasi lain", None, bound
        if tx.one("SELECT 1 AS x FROM sites WHERE portal_device_id = ?", (event["device_id"],)):
            return "rejected", "event portal tidak boleh dikirim ulang oleh perangkat", None, bound
        if tx.one("SELECT 1 AS x FROM events WHERE device_id = ? AND site_code <> ? LIMIT 1",
                  (event["device_id"], device.site)):
            return "rejected", "perangkat ini terdaftar di lokasi lain", None, bound
    elif bound is None:
        owner = tx.one("SELECT site_code FROM devices WHERE local_device_id = ? AND id <> ?"
                       " UNION SELECT code AS site_code FROM sites WHERE portal_device_id = ?",
                       (event["device_id"], device.id, event["device_id"]))
        if owner is not None and owner["site_code"] != device.site:
            return "rejected", "perangkat ini terdaftar di lokasi lain", None, bound
        if tx.one("SELECT 1 AS x FROM sites WHERE portal_device_id = ?", (event["device_id"],)):
            return "rejected", "event portal tidak boleh dikirim ulang oleh perangkat", None, bound
        bound = event["device_id"]
        tx.execute("UPDATE devices SET local_device_id = ? WHERE id = ?", (bound, device.id))
    if event["device_id"] != bound and not device.relay:
        return "rejected", "event bukan milik perangkat pemegang token ini", None, bound
    clash = tx.one("SELECT id FROM events WHERE device_id = ? AND device_seq = ?",
                   (event["device_id"], event["device_seq"]))
    if clash is not None:
        return "rejected", f"device_seq {event['device_seq']} sudah dipakai event lain", None, bound
    if event["device_seq"] > 1:
        prev = tx.one("SELECT hash FROM events WHERE device_id = ? AND device_seq = ?",
                      (event["device_id"], event["device_seq"] - 1))
        if prev is not None and prev["hash"] != event["prev_hash"]:
            return "rejected", "rantai hash putus: prev_hash tidak sama dengan event sebelumnya", None, bound
    elif event["prev_hash"] != GENESIS:
        return "rejected", "event pertama perangkat harus berawal dari genesis", None, bound
    creators = REQUIRES_ENTITY.get(event["type"])
    if creators and tx.one(
        f"SELECT 1 AS x FROM events WHERE site_code = ? AND entity_id = ? AND type IN ({','.join('?' * len(creators))})"
        " LIMIT 1", (device.site, event["entity_id"], *creators),
    ) is None:
        return ("rejected", f"entity_id: {ENTITY_NAMES[creators[0]]} {event['entity_id']} belum ada di portal"
                f" untuk lokasi {device.site} (event {creators[0]} belum diterima)", None, bound)
    seq = _insert(tx, device.site, event)
    return "accepted", None, seq, bound


def pull(db: Database, device: Device, cursor: int, limit: int) -> dict[str, Any]:
    """The site's events after ``cursor``: at most ``limit``, and no more payload than
    ``PULL_PAGE_BYTES`` (at least one event). A stored event that could not be sent (one an
    older portal let in: too deep, too large, not valid UTF-8) is left out with a log line;
    the cursor moves past it."""
    with db.read() as tx:
        sizes = tx.all("SELECT seq, length(payload) AS size FROM events WHERE site_code = ? AND seq > ?"
                       " ORDER BY seq LIMIT ?", (device.site, cursor, limit + 1))
        more = len(sizes) > limit
        sizes, total, last = sizes[:limit], 0, cursor
        for i, r in enumerate(sizes):
            total += int(r["size"] or 0)
            if i and total > PULL_PAGE_BYTES:
                more = True
                break
            last = int(r["seq"])
        rows = tx.all("SELECT * FROM events WHERE site_code = ? AND seq > ? AND seq <= ? ORDER BY seq",
                      (device.site, cursor, last)) if last > cursor else []
    events = [e for e in (_outgoing(r) for r in rows) if e is not None]
    return {"site": device.site, "events": events, "next_cursor": last, "more": more}


def _outgoing(row: dict[str, Any]) -> dict[str, Any] | None:
    """A stored event as sent down, or None (logged) when it cannot be sent as it is."""
    try:
        event = _row_event(row)
        problem = check_limits(event)
        if problem is None:
            protocol.PulledEvent.model_validate({**event, "seq": int(row["seq"])})
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with the row, the page goes on
        problem = f"{type(exc).__name__}: {str(exc)[:200]}"
    if problem:
        log.warning("pull: event seq %s of %s left out, it cannot be sent: %s", row["seq"],
                    row["site_code"], problem.encode("utf-8", "backslashreplace").decode("utf-8"))
        return None
    return {**event, "seq": int(row["seq"])}


def site_events(db: Database, site: str) -> tuple[list[dict[str, Any]], int]:
    """All of a site's events in sequence order, and the last sequence number."""
    with db.read() as tx:
        # The committed counter first: every event numbered up to it is committed too, so a
        # cursor set to ``last`` can never skip one (even without a snapshot, on PostgreSQL).
        last = int(tx.scalar("SELECT last_seq FROM seq_counter WHERE singleton = 1"))
        rows = tx.all("SELECT * FROM events WHERE site_code = ? AND seq <= ? ORDER BY seq", (site, last))
    return [{**_row_event(r), "seq": int(r["seq"])} for r in rows], last
