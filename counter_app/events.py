"""The append-only event log: append, apply remote events, replay into projections, verify.

Every change is an event row written in the same transaction as the projection rows it
updates. Each device's events form a hash chain (``prev_hash`` -> ``hash``) so an edited,
deleted or reordered row is detectable. Projectors are registered per event type by the
domain modules; replaying the log in local order rebuilds identical projections.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import clock
from .actors import SYSTEM, Actor
from .errors import LoketError

GENESIS = "0" * 64

# Modules whose import registers projectors; rebuild() needs them all loaded.
DOMAIN_MODULES = [
    "counter_app.site",
    "counter_app.catalog",
    "counter_app.calendar",
    "counter_app.queue",
    "counter_app.registration",
    "counter_app.users", "counter_app.skm", "counter_app.complaints", "counter_app.backup",
    "counter_app.bookings",
    "counter_app.printjobs",
    "counter_app.reports.signoff",
]

Projector = Callable[[sqlite3.Connection, "Event"], None]
_PROJECTORS: dict[str, Projector] = {}
# Projection tables in the order they are cleared before a rebuild (children first).
PROJECTION_TABLES: list[str] = []


@dataclass(frozen=True)
class Event:
    id: str
    device_id: str
    device_seq: int
    hlc: str
    recorded_at: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    actor: str
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "device_id": self.device_id,
            "device_seq": self.device_seq,
            "hlc": self.hlc,
            "recorded_at": self.recorded_at,
            "type": self.type,
            "entity_id": self.entity_id,
            "payload": self.payload,
            "actor": self.actor,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Event:
        data = dict(row)
        data["payload"] = json.loads(data["payload"])
        return cls.from_dict(data)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    *, id: str, device_id: str, device_seq: int, hlc: str, recorded_at: str, type: str,
    entity_id: str, payload: dict, actor: str, prev_hash: str, payload_json: str | None = None,
    **_: Any,
) -> str:
    """SHA-256 of the canonical JSON list of the event's fields. ``payload_json``, when the
    caller already has ``canonical(payload)``, saves serialising the payload again: the
    canonical form of a list is its items' canonical forms joined by commas."""
    if payload_json is None:
        payload_json = canonical(payload)
    head = canonical([device_id, device_seq, id, hlc, recorded_at, type, entity_id])
    body = f"{head[:-1]},{payload_json},{canonical([actor, prev_hash])[1:]}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7): 48-bit ms timestamp, then randomness."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64
    value |= (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def order_key(event: Event) -> str:
    """Total order of events for last-writer-wins projections: the hybrid clock, then the
    event id to break ties between devices that stamped the same clock value."""
    return f"{event.hlc}/{event.id}"


def projector(*types: str) -> Callable[[Projector], Projector]:
    """Register ``fn(conn, event)`` as the projector of the given event types."""

    def register(fn: Projector) -> Projector:
        for t in types:
            if t in _PROJECTORS:
                raise RuntimeError(f"two projectors for {t}")
            _PROJECTORS[t] = fn
        return fn

    return register


def projection_tables(*tables: str) -> None:
    """Declare projection tables (parents first); rebuild clears them in reverse."""
    for t in tables:
        if t not in PROJECTION_TABLES:
            PROJECTION_TABLES.append(t)


def load_domain() -> None:
    for name in DOMAIN_MODULES:
        importlib.import_module(name)


def _project(conn: sqlite3.Connection, event: Event) -> None:
    fn = _PROJECTORS.get(event.type)
    if fn is None:
        load_domain()
        fn = _PROJECTORS.get(event.type)
    if fn is None:
        raise LoketError(f"tidak ada proyektor untuk event {event.type}")
    fn(conn, event)


class EventLog:
    """Appends this device's events and applies events from elsewhere to one store."""

    def __init__(self, store):
        self.store = store
        row = store.one("SELECT device_id FROM device")
        if row is None:
            raise LoketError("database belum diinisialisasi: jalankan 'loket init'")
        self.device_id: str = row["device_id"]
        last = store.scalar("SELECT max(hlc) FROM events")
        self.clock = clock.HybridClock(last)

    def append(
        self, type: str, entity_id: str, payload: dict[str, Any], actor: Actor = SYSTEM
    ) -> Event:
        """Append one event and update its projections; must run inside a transaction."""
        if not self.store.in_transaction:
            raise RuntimeError("append() outside a transaction")
        conn = self.store.conn
        head = conn.execute(
            "SELECT device_seq, hash FROM chain_heads WHERE device_id = ?", (self.device_id,)
        ).fetchone()
        device_seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        # Another connection to this file (a worker thread, a second window) may have written
        # since this log was opened: fold its newest clock in, so timestamps stay strictly
        # increasing on the file (the write lock is held, so this read is current).
        latest = conn.execute("SELECT max(hlc) FROM events").fetchone()[0]
        if latest:
            self.clock.observe(latest)
        payload_json = canonical(payload)
        fields = dict(
            id=uuid7(),
            device_id=self.device_id,
            device_seq=device_seq,
            hlc=self.clock.tick(),
            recorded_at=clock.iso(clock.now()),
            type=type,
            entity_id=entity_id,
            payload=json.loads(payload_json),  # the payload exactly as stored and hashed
            actor=actor.username,
            prev_hash=prev,
        )
        event = Event(**fields, hash=event_hash(**fields, payload_json=payload_json))
        self._insert(conn, event, payload_json)
        _project(conn, event)
        return event

    def apply_remote(self, event: Event) -> bool:
        """Store and project an event made elsewhere; False if it was already here.

        Must run inside a transaction. The event's hash is checked against its content.
        """
        conn = self.store.conn
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (event.id,)).fetchone():
            return False
        if event_hash(**event.as_dict()) != event.hash:
            raise LoketError(f"event {event.id}: hash tidak cocok dengan isinya")
        self.clock.observe(event.hlc)
        self._insert(conn, event)
        _project(conn, event)
        return True

    def _insert(self, conn: sqlite3.Connection, e: Event, payload_json: str | None = None) -> None:
        conn.execute(
            "INSERT INTO events (id, device_id, device_seq, hlc, recorded_at, type, entity_id,"
            " payload, actor, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (e.id, e.device_id, e.device_seq, e.hlc, e.recorded_at, e.type, e.entity_id,
             payload_json if payload_json is not None else canonical(e.payload), e.actor,
             e.prev_hash, e.hash),
        )
        conn.execute(
            "INSERT INTO chain_heads (device_id, device_seq, hash) VALUES (?, ?, ?)"
            " ON CONFLICT (device_id) DO UPDATE SET device_seq = excluded.device_seq,"
            " hash = excluded.hash WHERE excluded.device_seq > chain_heads.device_seq",
            (e.device_id, e.device_seq, e.hash),
        )


def rebuild_projections(store) -> int:
    """Clear every projection table and replay the whole log in local order."""
    load_domain()
    with store.transaction() as conn:
        for table in reversed(PROJECTION_TABLES):
            conn.execute(f"DELETE FROM {table}")
        count = 0
        for row in conn.execute("SELECT * FROM events ORDER BY seq").fetchall():
            _project(conn, Event.from_row(row))
            count += 1
    return count

