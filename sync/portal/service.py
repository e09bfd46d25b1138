"""The portal's core: sites, enrolled devices and tokens, push (idempotent) and pull (by cursor).

Every change the portal itself makes (catalogue, holidays, bookings, back-office status
changes, online SKM) is a real event in a per-site hash chain whose device is the portal
("the portal as its own device per site"), so counters apply them like any other event.
"""

from __future__ import annotations

import base64
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

from counter_app import clock, personal
from counter_app.event_schemas import ENTITY_NAMES, REQUIRES_ENTITY, check_event, check_limits
from counter_app.events import GENESIS, build_event, canonical, event_hash, uuid7
from counter_app.site import MAX_SERIES

from .. import protocol
from ..bundle import bundle_key as bundle_key_for
from ..bundle import key_id
from . import sealing
from .db import Database, Tx

PORTAL_ACTOR = "portal"
PULL_PAGE_BYTES = 2 * 1024 * 1024  # a pull page stops before its payloads pass this (one event at least)

log = logging.getLogger("loket.portal")
SERIES_REST = timedelta(hours=24)  # a revoked device's ticket series is not reused sooner


class PortalError(Exception):
    """A refused admin or API action; the message is for the operator."""


class AuthError(PortalError):
    pass


class DeviceTaken(PortalError):
    """A token presenting a device id it may not write as (answered 403)."""


# One answer for an unknown and a revoked token: a guessed token learns nothing.
UNKNOWN_TOKEN = "token perangkat tidak dikenal atau sudah dicabut; minta token baru ke admin portal"
DEVICE_TAKEN = ("device_id: perangkat ini sudah dipegang token lain yang masih aktif atau lokasi lain; admin"
                " portal mencabut token lamanya dulu ('loket-portal device revoke')")
TOKEN_TAKEN = "token ini sudah dipakai perangkat lain; setiap perangkat memakai token sendiri"
HELD = "event ini ditahan dan dikirim ulang setelah event sebelumnya diterima"
NOT_THIS_DEVICE = "event bukan milik perangkat pemegang token ini"
# Numbers a counter makes that carry its site and its device code (counter_app.registration,
# counter_app.complaints): an event making one of another site, or with a device code another
# active device of the site uses, is refused, so nobody can claim a number before its owner.
NUMBERED = {"registration_created": "{site}-YYMMDD-PERANGKAT-NNNN",
            "complaint_filed": "{site}-ADU-YYMMDD-PERANGKAT-NNNN"}


def number_device_code(site: str, type: str, entity_id: str) -> str | None:
    """The device part of a registration (``SITE-YYMMDD-DEV-NNNN``) or complaint
    (``SITE-ADU-YYMMDD-DEV-NNNN``) number of ``site``, or None when it has another form."""
    if not entity_id.startswith(site + "-"):
        return None
    parts = entity_id[len(site) + 1:].split("-")
    if type == "complaint_filed":
        return parts[2] if len(parts) == 4 and parts[0] == "ADU" and parts[2] else None
    return parts[1] if len(parts) == 3 and parts[1] else None


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
        tx.lock_site(site_row["code"])  # two enrolments at once never get one series
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
        tx.lock_site(site_row["code"])
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
    if row is None or row["revoked_at"]:
        raise AuthError(UNKNOWN_TOKEN)
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
STORED_FIELDS = tuple(f for f in protocol.WireEvent.model_fields if f != "keys")  # keys: wire only


def _row_event(row: dict[str, Any]) -> dict[str, Any]:
    data = {k: row[k] for k in STORED_FIELDS}
    data["payload"] = json.loads(row["payload"])
    data["device_seq"] = int(data["device_seq"])
    return data


def key_problem(event: dict[str, Any]) -> str | None:
    """Why the key an event brings for its sealed personal data is refused (None: it brings
    none, or the right one). With the key, the event is held to its type's whole schema,
    personal fields included (``check_event`` alone sees them only as they read erased)."""
    offered = sealing.offered_key(event)
    if offered is None:
        return None
    key_id, key = offered
    if key is None:
        return f"keys.{key_id}: bukan kunci yang sah (32 byte, base64)"
    if not sealing.opens(event["type"], event["payload"], key):
        return f"keys.{key_id}: kunci tidak membuka data pribadi tersegel event ini"
    return check_event({**event, "payload": personal.open_sealed(event["type"], event["payload"], key)})


def _keep_key(tx: Tx, site: str, event: dict[str, Any]) -> bool:
    """Keep the key a (checked) event brings for its own sealed payload, unless the record was
    erased in the site. True when the portal holds a key for it now that it did not before."""
    offered = sealing.offered_key(event)
    if offered is None or offered[1] is None:
        return False
    key_id, key = offered
    if sealing.lookup_key(tx, site, key_id) is not None:
        return False
    return sealing.store_key(tx, site, key_id, key, event["entity_id"], utcnow())


def _insert(tx: Tx, site: str, event: dict[str, Any], payload_json: str | None = None) -> int:
    """Store an event of ``site`` (the key it brings too: the projection reads it opened)."""
    seq = tx.next_seq(site)
    tx.execute(
        "INSERT INTO events (seq, id, site_code, device_id, device_seq, hlc, recorded_at, type, entity_id,"
        " payload, actor, prev_hash, hash, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (seq, event["id"], site, event["device_id"], event["device_seq"], event["hlc"], event["recorded_at"],
         event["type"], event["entity_id"], payload_json if payload_json is not None else canonical(event["payload"]),
         event["actor"], event["prev_hash"], event["hash"], utcnow()),
    )
    _keep_key(tx, site, event)
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
    the counters' own code (``counter_app.events.build_event``) and held to the same schema.
    Personal data (``counter_app.personal.SEALED_FIELDS``) is sealed as a counter seals it,
    under a fresh key the portal keeps for the site and sends beside the event."""
    plain, keys = payload, None
    if type in personal.SEALED_FIELDS:
        key_id, key = uuid7(), personal.new_key()
        payload = personal.seal(type, payload, key_id, key)
        keys = {key_id: personal.key_text(key)} if payload is not plain else None
    site_row = get_site(tx, site)
    tx.lock_site(site_row["code"])  # the portal's chain of the site has one head at a time
    device = site_row["portal_device_id"]
    head = tx.one("SELECT device_seq, hash FROM events WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1",
                  (device,))
    built, payload_json = build_event(
        device_id=device, head=(int(head["device_seq"]), head["hash"]) if head else None,
        hlc=_tick(tx, site_row["code"], device, entity_id), type=type, entity_id=entity_id,
        payload=payload, actor=actor)
    event = built.as_dict()
    problem = check_event(event)
    if problem is None and keys:  # the personal fields too, as they were given
        problem = check_event({**event, "payload": json.loads(canonical(plain))})
    if problem:  # a bug here must never become an event every counter of the site quarantines
        raise PortalError(f"event portal {type} tidak sah: {problem}")
    _insert(tx, site_row["code"], {**event, "keys": keys} if keys else event, payload_json)
    return event


def _crash_hook(stored: int) -> None:
    """Test-only fault: ``LOKET_PORTAL_CRASH_AFTER=N`` kills the server mid-batch, before commit."""
    limit = os.environ.get("LOKET_PORTAL_CRASH_AFTER")
    if limit and stored >= int(limit):
        os._exit(17)


def present(db: Database, device: Device, local_device_id: str | None) -> Device:
    """The device says which counter it is (``GET /device`` with ``X-Loket-Device-Id``): an
    unbound token is bound to that device id now, once; a token bound to another id, or an id
    another token holds, is refused (:class:`DeviceTaken`)."""
    if not isinstance(local_device_id, str) or not 0 < len(local_device_id) <= 64:
        return device
    if device.local_device_id == local_device_id:  # bound already: every later round
        return device
    with db.transaction() as tx:
        tx.lock_site(device.site)
        row = tx.one("SELECT local_device_id, revoked_at FROM devices WHERE id = ?", (device.id,))
        if row is None or row["revoked_at"]:
            raise AuthError(UNKNOWN_TOKEN)
        bound = row["local_device_id"]
        if bound is None:
            refusal = _bind(tx, device, local_device_id)
            if refusal:
                raise DeviceTaken(refusal)
            bound = local_device_id
        elif bound != local_device_id and not device.relay:
            raise DeviceTaken(TOKEN_TAKEN)
    return Device(**{**device.__dict__, "local_device_id": bound})


def _bind(tx: Tx, device: Device, local_id: str) -> str | None:
    """Bind the token to ``local_id`` (None), or why not. One answer for every refusal, so a
    token of one site learns nothing about another site's devices."""
    if tx.one("SELECT 1 AS x FROM sites WHERE portal_device_id = ?", (local_id,)):
        return DEVICE_TAKEN
    # an active token anywhere, or any token of another site, holds this id; a revoked token of
    # this site does not (a re-enrolled counter goes on with its own chain)
    if tx.one("SELECT 1 AS x FROM devices WHERE local_device_id = ? AND id <> ?"
              " AND (revoked_at IS NULL OR site_code <> ?)", (local_id, device.id, device.site)):
        return DEVICE_TAKEN
    if tx.one("SELECT 1 AS x FROM events WHERE device_id = ? AND site_code <> ? LIMIT 1", (local_id, device.site)):
        return DEVICE_TAKEN
    tx.execute("UPDATE devices SET local_device_id = ? WHERE id = ?", (local_id, device.id))
    return None


def _signing_key(db: Database):
    """The portal's receipt key, made on first use (two processes racing keep the first)."""
    from nacl.signing import SigningKey

    with db.read() as tx:
        row = tx.one("SELECT value FROM portal_secrets WHERE name = 'receipt_key'")
    if row is None:
        made = base64.b64encode(bytes(SigningKey.generate())).decode("ascii")
        with db.transaction() as tx:
            tx.execute("INSERT INTO portal_secrets (name, value) VALUES ('receipt_key', ?)"
                       " ON CONFLICT (name) DO NOTHING", (made,))
            row = tx.one("SELECT value FROM portal_secrets WHERE name = 'receipt_key'")
    return SigningKey(base64.b64decode(row["value"]))


def receipt(db: Database, device: Device) -> dict[str, Any] | None:
    """The portal's countersignature of the newest event it holds of the device the token is
    bound to (counter_app/receipts.py): what a local rewrite of that history is checked
    against. None before the device's first event."""
    from counter_app import receipts

    with db.read() as tx:
        # bound by the batch just pushed, if this was the device's first
        bound = tx.scalar("SELECT local_device_id FROM devices WHERE id = ?", (device.id,))
        row = tx.one("SELECT device_seq, hash FROM events WHERE site_code = ? AND device_id = ?"
                     " ORDER BY device_seq DESC LIMIT 1", (device.site, bound)) if bound else None
    if row is None:
        return None
    return receipts.sign(_signing_key(db), device.site, bound, int(row["device_seq"]), row["hash"], utcnow())


def push(db: Database, device: Device, events: list[Any], sender: str | None = None) -> list[dict[str, Any]]:
    """Store a batch; each event is accepted, a duplicate, or rejected with a reason (a held
    one with ``retry``: its chain predecessor is not here yet).

    ``events`` are the items as parsed from JSON, unchecked: each is held to its type's
    schema and the limits (``counter_app.event_schemas``) before anything else.
    """
    results: list[dict[str, Any]] = []
    stored = 0
    erased = False  # a person's data erased: the old pages go from the WAL too, after commit
    with db.transaction() as tx:
        tx.lock_site(device.site)  # a resent batch racing its first copy waits, then finds duplicates
        row = tx.one("SELECT local_device_id, revoked_at FROM devices WHERE id = ?", (device.id,))
        if row is None or row["revoked_at"]:
            raise AuthError(UNKNOWN_TOKEN)
        bound = row["local_device_id"]
        if device.relay and bound is None and isinstance(sender, str) and 0 < len(sender) <= 64:
            # a relay says which device it is itself (it also sends others' events)
            if _bind(tx, device, sender) is None:
                bound = sender
        for index, event in enumerate(events):
            status, reason, seq, retry = "rejected", check_event(event), None, False
            if reason is None:
                reason = key_problem(event)
            if reason is None:
                try:
                    with tx.savepoint():
                        status, reason, seq, bound, retry = _push_one(tx, device, bound, event)
                except Exception as exc:  # a bad event never blocks the rest of the batch
                    status, reason, seq = "rejected", f"galat menyimpan event: {type(exc).__name__}", None
                    log.exception("push %s/%s: event %s not stored", device.site, device.name,
                                  result_id(event, index))
            elif isinstance(event, dict):
                _remember_refusal(tx, device, bound, event, reason)
            if status == "accepted":
                stored += 1
                _crash_hook(stored)
            elif status == "rejected":
                log.info("push %s/%s: event %s %s: %s", device.site, device.name,
                         result_id(event, index), "held" if retry else "rejected", reason)
            result = {"id": result_id(event, index), "status": status, "reason": reason, "seq": seq}
            results.append({**result, "retry": True} if retry else result)
            erased = erased or (status == "accepted" and event.get("type") == "personal_data_erased")
        tx.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (utcnow(), device.id))
    if erased:
        db.scrub()
    return results


def result_id(event: Any, index: int) -> str:
    """The id a push result answers for: the event's own when it is text (a lone surrogate
    shown as its escape, so the answer is always valid UTF-8), else ``#index``."""
    ident = event.get("id") if isinstance(event, dict) else None
    if not isinstance(ident, str):
        return f"#{index}"
    return ident.encode("utf-8", "backslashreplace").decode("utf-8")


def _push_one(tx: Tx, device: Device, bound: str | None, event: dict[str, Any]):
    """(status, reason, seq, bound, retry) for one event that passed its schema."""
    existing = tx.one("SELECT seq, hash FROM events WHERE site_code = ? AND id = ?", (device.site, event["id"]))
    if existing is not None:
        if existing["hash"] == event["hash"]:
            # it first came without its key: kept now, only from a copy whose content is the
            # stored one (its hash is its own), as the key was checked against this payload
            if event_hash(**event) == event["hash"] and _keep_key(tx, device.site, event):
                from .projections import key_arrived

                key_arrived(tx, device.site, event)
            return "duplicate", None, int(existing["seq"]), bound, False
        return "rejected", "id event sudah dipakai untuk event lain", None, bound, False
    if event_hash(**event) != event["hash"]:
        return "rejected", "hash tidak cocok dengan isi event", None, bound, False
    if bound is None:
        refusal = _bind(tx, device, event["device_id"])
        if refusal:
            return "rejected", refusal, None, bound, False
        bound = event["device_id"]
    if event["device_id"] != bound:
        if not device.relay:
            return "rejected", NOT_THIS_DEVICE, None, bound, False
        # the site's hub relaying another device of its site: never a device another token
        # holds elsewhere, never the portal's own events; the chain and entity checks still hold
        if tx.one("SELECT 1 AS x FROM sites WHERE portal_device_id = ?", (event["device_id"],)) or tx.one(
                "SELECT 1 AS x FROM devices WHERE local_device_id = ? AND site_code <> ?",
                (event["device_id"], device.site)) or tx.one(
                "SELECT 1 AS x FROM events WHERE device_id = ? AND site_code <> ? LIMIT 1",
                (event["device_id"], device.site)):
            return "rejected", DEVICE_TAKEN, None, bound, False
    problem = _number_problem(tx, device.site, event)
    if problem:  # refused for good, whatever its place in the chain
        _remember_refusal(tx, device, bound, event, problem)
        return "rejected", problem, None, bound, False
    link, held = _chain_problem(tx, event)
    if link and not held:
        return "rejected", link, None, bound, False
    problem = _entity_problem(tx, device.site, event)
    if problem and held:  # its predecessors may still bring the entity
        return "rejected", f"{problem}; {HELD}", None, bound, True
    if problem:
        _remember_refusal(tx, device, bound, event, problem)
        return "rejected", problem, None, bound, False
    if held:
        return "rejected", link, None, bound, True
    _claim_number(tx, device.site, event)
    seq = _insert(tx, device.site, event)
    tx.execute("DELETE FROM refused_links WHERE device_id = ? AND device_seq = ?",
               (event["device_id"], event["device_seq"]))
    return "accepted", None, seq, bound, False


def _chain_problem(tx: Tx, event: dict[str, Any]) -> tuple[str | None, bool]:
    """Why ``event`` does not continue its device's chain (and whether it is only held, its
    predecessor not here yet). Never skipped: the predecessor is a stored event or a refused
    one whose hash was checked (``refused_links``)."""
    device_id, n = event["device_id"], event["device_seq"]
    clash = tx.one("SELECT id FROM events WHERE device_id = ? AND device_seq = ?", (device_id, n))
    refused = tx.one("SELECT hash FROM refused_links WHERE device_id = ? AND device_seq = ?", (device_id, n))
    if clash is not None or (refused is not None and refused["hash"] != event["hash"]):
        return f"device_seq {n} sudah dipakai event lain", False
    if n == 1:
        return (None if event["prev_hash"] == GENESIS else "event pertama perangkat harus berawal dari genesis"), False
    prev = tx.one("SELECT hash FROM events WHERE device_id = ? AND device_seq = ?", (device_id, n - 1)) or tx.one(
        "SELECT hash FROM refused_links WHERE device_id = ? AND device_seq = ?", (device_id, n - 1))
    if prev is None:
        return f"device_seq: event sebelumnya ({n - 1}) belum diterima portal; {HELD}", True
    if prev["hash"] != event["prev_hash"]:
        return "rantai hash putus: prev_hash tidak sama dengan event sebelumnya", False
    return None, False


def _number_problem(tx: Tx, site: str, event: dict[str, Any]) -> str | None:
    """Why ``event`` may not make its entity in ``site``, whatever else the portal receives
    (None: it may): a booking a device made, or a number of another site or device."""
    kind, entity = event["type"], event["entity_id"]
    if kind == "booking_created":
        return "type: pemesanan daring hanya dibuat portal, bukan perangkat"
    if kind in NUMBERED:
        code = number_device_code(site, kind, entity)
        if code is None:
            return (f"entity_id: nomor {ENTITY_NAMES[kind]} {entity} bukan nomor lokasi {site}"
                    f" ({NUMBERED[kind].format(site=site)})")
        holder = tx.one("SELECT device_id FROM device_codes WHERE site_code = ? AND device_code = ?", (site, code))
        if holder is not None and holder["device_id"] != event["device_id"] and not _freed(tx, holder["device_id"]):
            return (f"entity_id: kode perangkat {code} pada nomor {entity} milik perangkat lain di lokasi {site};"
                    " atur kode perangkat sendiri dengan 'loket init --device-code'")
        if tx.one("SELECT 1 AS x FROM events WHERE site_code = ? AND entity_id = ? AND type = ? LIMIT 1",
                  (site, entity, kind)):
            return f"entity_id: nomor {ENTITY_NAMES[kind]} {entity} sudah dipakai di lokasi {site}"
    return None


def _entity_problem(tx: Tx, site: str, event: dict[str, Any]) -> str | None:
    """Why ``event`` may not change its entity in ``site`` yet: the site does not hold it."""
    kind, entity = event["type"], event["entity_id"]
    creators = REQUIRES_ENTITY.get(kind)
    if creators and tx.one(
        f"SELECT 1 AS x FROM events WHERE site_code = ? AND entity_id = ? AND type IN ({','.join('?' * len(creators))})"
        " LIMIT 1", (site, entity, *creators),
    ) is None:
        return (f"entity_id: {ENTITY_NAMES[creators[0]]} {entity} belum ada di portal"
                f" untuk lokasi {site} (event {creators[0]} belum diterima)")
    return None


def _freed(tx: Tx, device_id: str) -> bool:
    """A device's numbers may pass to another device once every token it had is revoked (a
    counter re-installed under a new device id); one relayed by the hub, without a token of
    its own, keeps them."""
    rows = tx.all("SELECT revoked_at FROM devices WHERE local_device_id = ?", (device_id,))
    return bool(rows) and all(r["revoked_at"] for r in rows)


def _claim_number(tx: Tx, site: str, event: dict[str, Any]) -> None:
    """An accepted number's device code belongs to its device from now on (passed on from a
    device whose token was revoked, see ``_entity_problem``)."""
    code = number_device_code(site, event["type"], event["entity_id"]) if event["type"] in NUMBERED else None
    if code is None:
        return
    holder = tx.one("SELECT device_id FROM device_codes WHERE site_code = ? AND device_code = ?", (site, code))
    if holder is None:
        tx.execute("INSERT INTO device_codes (site_code, device_code, device_id, bound_at) VALUES (?, ?, ?, ?)",
                   (site, code, event["device_id"], utcnow()))
    elif holder["device_id"] != event["device_id"]:
        tx.execute("UPDATE device_codes SET device_id = ?, bound_at = ? WHERE site_code = ? AND device_code = ?",
                   (event["device_id"], utcnow(), site, code))


def _remember_refusal(tx: Tx, device: Device, bound: str | None, event: dict[str, Any], reason: str) -> None:
    """Keep a refused event's place in its chain when the event is this device's (or relayed
    for the site), its hash is its content's and it follows its predecessor: the next event
    then links to it instead of being held forever. Anything less is not kept."""
    try:
        device_id, n, digest = event.get("device_id"), event.get("device_seq"), event.get("hash")
        if not (isinstance(device_id, str) and 0 < len(device_id) <= 64 and isinstance(digest, str)
                and isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 2**53):
            return
        if device_id != bound and not (device.relay and bound is not None):
            return
        if event_hash(**event) != digest:
            return
        with tx.savepoint("refused"):
            problem, _ = _chain_problem(tx, event)
            if problem or tx.one("SELECT 1 AS x FROM refused_links WHERE device_id = ? AND device_seq = ?",
                                 (device_id, n)):
                return
            tx.execute("INSERT INTO refused_links (device_id, device_seq, site_code, event_id, hash, reason, at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (device_id, n, device.site, str(event.get("id"))[:64], digest, reason[:500], utcnow()))
    except Exception:  # noqa: BLE001 - a malformed item is simply not remembered
        return


def pull(db: Database, device: Device, cursor: int, limit: int) -> dict[str, Any]:
    """The site's events after ``cursor``: at most ``limit``, and no more payload than
    ``PULL_PAGE_BYTES`` (at least one event). A stored event that could not be sent (one an
    older portal let in: too deep, too large, not valid UTF-8) is left out with a log line and
    named in ``left_out``; the cursor moves past it. ``gap_free_after``: from that number on
    the site's numbers have no holes, so the client can tell a missing event."""
    with db.read() as tx:
        gap_free = int(tx.scalar("SELECT gap_free_after FROM sites WHERE code = ?", (device.site,)) or 0)
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
        sent = [(r, _outgoing(r)) for r in rows]
        events = sealing.with_keys(tx, device.site, [e for _, e in sent if e is not None])
    left_out = [int(r["seq"]) for r, e in sent if e is None]
    return {"site": device.site, "events": events, "next_cursor": last, "more": more,
            "gap_free_after": gap_free, "left_out": left_out}


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
        # The site's committed counter first: every event of the site numbered up to it is
        # committed too, so a cursor set to ``last`` can never skip one (even without a
        # snapshot, on PostgreSQL).
        last = int(tx.scalar("SELECT last_seq FROM sites WHERE code = ?", (site,)) or 0)
        rows = tx.all("SELECT * FROM events WHERE site_code = ? AND seq <= ? ORDER BY seq", (site, last))
        events = sealing.with_keys(tx, site, [{**_row_event(r), "seq": int(r["seq"])} for r in rows])
    return events, last
