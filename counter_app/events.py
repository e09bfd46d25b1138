"""The append-only event log: append, apply remote events, replay into projections, verify.

Every change is an event row written in the same transaction as the projection rows it
updates. Each device's events form a hash chain (``prev_hash`` -> ``hash``) so an edited,
deleted or reordered row is detectable. Projectors are registered per event type by the
domain modules.

Convergence by construction: the projection of an entity is the fold of *its* events in
(hybrid clock, event id) order, whatever order and batching they arrived in. An event that
arrives later than an event of its entity it precedes makes the entity be re-folded: its
projection rows are deleted (every projection table names the column holding the entity)
and its events replayed in order. An event that cannot be applied (unknown type, bad
payload, an entity not here yet, a bug) is quarantined instead of raising: it stays in the
log, the rest of the batch goes on, and it is retried whenever its entity is folded again.
See docs/sync-protocol.md (convergence) for the rules each domain applies to clashes.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import sqlite3
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from . import clock, personal
from .actors import SYSTEM, Actor
from .errors import LoketError
from .i18n import _
from .permissions import require

GENESIS = "0" * 64

# The types that make most of the log: every ticket's moves, every registration and its status
# changes, every survey and print. The log's type index leaves them out (migration 0024), so
# writing one of them updates a b-tree less. A query for one of the other types adds
# ``INDEXED_TYPES`` to its WHERE, word for word, so SQLite may use that partial index (it
# must find the index's condition among the query's own); a query for a bulk type reads the
# log newest first and meets its rows at once.
BULK_TYPES = (
    "ticket_issued", "ticket_called", "ticket_recalled", "ticket_skipped", "ticket_noshow",
    "ticket_finished", "ticket_cancelled", "ticket_restored", "ticket_transferred",
    "registration_created", "application_status_changed", "skm_recorded",
    "print_reserved", "print_confirmed", "print_failed",
)
INDEXED_TYPES = "type NOT IN (" + ", ".join(f"'{t}'" for t in BULK_TYPES) + ")"

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
    "counter_app.conflicts",
    "counter_app.hub",
    "counter_app.erasure",
]

Projector = Callable[[sqlite3.Connection, "Event"], None]
_PROJECTORS: dict[str, Projector] = {}
# Projection tables in the order they are cleared before a rebuild (children first).
PROJECTION_TABLES: list[str] = []
# For each projection table, the column that holds the entity id of the events that made its
# rows: re-folding entity X deletes the rows where that column is X. A table without one is
# only written by order-independent projectors (last-writer-wins by order key, or a single
# creation event), whose types are registered with ``refold=False``.
ENTITY_COLUMNS: dict[str, str] = {"conflicts": "entity_id", "conflict_resolutions": "conflict_event_id"}
# Event types that are never replayed by a re-fold (their projection is order-independent
# and not keyed by entity).
_NO_REFOLD: set[str] = set()

log = logging.getLogger("loket.sync")


class Unapplicable(LoketError):
    """An event that cannot be applied to the projections as they stand (e.g. its entity is
    not here yet): the event is quarantined and retried when its entity is folded again."""


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
    # Wire only, never stored in the log nor hashed: the key that opens the event's sealed
    # personal data ({key_id: base64}), sent beside it (counter_app/personal.py).
    keys: dict[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {
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
        if self.keys:
            data["keys"] = dict(self.keys)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        event = cls(**{k: data[k] for k in cls.__dataclass_fields__ if k != "keys"})
        keys = data.get("keys")
        if isinstance(keys, dict) and keys:
            event = replace(event, keys={str(k): v for k, v in keys.items() if isinstance(v, str)})
        return event

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Event:
        data = dict(row)
        data["payload"] = json.loads(data["payload"])
        return cls.from_dict(data)


# One encoder for every canonical form: json.dumps with these options builds a new encoder on
# each call, a third of its time for an event's small payload.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical(value: Any) -> str:
    return _CANONICAL(value)


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
    text = f"{value:032x}"  # the canonical 8-4-4-4-12 form, as str(uuid.UUID(int=value))
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def build_event(
    *, device_id: str, head: tuple[int, str] | None, hlc: str, type: str, entity_id: str,
    payload: dict[str, Any], actor: str,
) -> tuple[Event, str]:
    """The next event of a device's hash chain, and its payload's canonical JSON (the exact
    text to store: the hash is computed over it). ``head`` is the device's last
    ``(device_seq, hash)``, None before its first event. The one place an event is made:
    a counter's :meth:`EventLog.append` and the portal's own events both come through here.
    """
    device_seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    payload_json = canonical(payload)
    fields = dict(
        id=uuid7(), device_id=device_id, device_seq=device_seq, hlc=hlc,
        recorded_at=clock.iso(clock.now()), type=type, entity_id=entity_id,
        payload=json.loads(payload_json),  # the payload exactly as stored and hashed
        actor=actor, prev_hash=prev,
    )
    return Event(**fields, hash=event_hash(**fields, payload_json=payload_json)), payload_json


def order_key(event: Event) -> str:
    """Total order of events for last-writer-wins projections: the hybrid clock, then the
    event id to break ties between devices that stamped the same clock value."""
    return f"{event.hlc}/{event.id}"


def projector(*types: str, refold: bool = True) -> Callable[[Projector], Projector]:
    """Register ``fn(conn, event)`` as the projector of the given event types.

    ``refold=False``: the projection is order-independent and its rows are not keyed by the
    entity (e.g. last-writer-wins by order key on a singleton), so a re-fold skips it.
    """

    def register(fn: Projector) -> Projector:
        for t in types:
            if t in _PROJECTORS:
                raise RuntimeError(f"two projectors for {t}")
            _PROJECTORS[t] = fn
            if not refold:
                _NO_REFOLD.add(t)
        return fn

    return register


def projection_tables(*tables: str, keys: dict[str, str] | None = None) -> None:
    """Declare projection tables (parents first); rebuild clears them in reverse. ``keys``
    names, per table, the column holding the entity id of the events that wrote the row."""
    for t in tables:
        if t not in PROJECTION_TABLES:
            PROJECTION_TABLES.append(t)
    ENTITY_COLUMNS.update(keys or {})


def load_domain() -> None:
    for name in DOMAIN_MODULES:
        importlib.import_module(name)


def opened(conn: sqlite3.Connection, event: Event) -> Event:
    """The event as its projector reads it: a sealed payload opened with the key this
    device holds, or with the erased values when the key is gone (counter_app/personal.py)."""
    key_id = personal.sealed_key_id(event.payload)
    if key_id is None:
        return event
    return replace(event, payload=personal.open_sealed(event.type, event.payload, personal.lookup_key(conn, key_id)))


def with_keys(conn: sqlite3.Connection, events: list[Event]) -> list[Event]:
    """The events to send elsewhere, each sealed one with the key that opens it (when this
    device still holds it: an erased record travels without)."""
    wanted = {e.id: k for e in events if (k := personal.sealed_key_id(e.payload))}
    if not wanted:
        return events
    held = personal.keys_for(conn, wanted.values())
    return [replace(e, keys={wanted[e.id]: held[wanted[e.id]]}) if wanted.get(e.id) in held else e
            for e in events]


def _store_keys(conn: sqlite3.Connection, event: Event) -> None:
    """Keep the key that came with an event from elsewhere (only the one its payload names)."""
    key_id = personal.sealed_key_id(event.payload)
    if key_id is None or not event.keys or key_id not in event.keys:
        return
    key = personal.key_bytes(event.keys[key_id])
    if key is not None and personal.opens(event.type, event.payload, key):  # never a stranger's key
        personal.store_key(conn, key_id, key, event.entity_id, _now_text())


def _project(conn: sqlite3.Connection, event: Event) -> None:
    event = opened(conn, event)
    fn = _PROJECTORS.get(event.type)
    if fn is None:
        load_domain()
        fn = _PROJECTORS.get(event.type)
    if fn is None:
        raise Unapplicable(f"jenis event '{event.type}' tidak dikenal versi aplikasi ini")
    fn(conn, event)


def _schema_problem(event: Event) -> str | None:
    """Why an event from elsewhere does not fit its type's payload schema (None: it fits)."""
    from .event_schemas import check_event  # pydantic: only when events come from elsewhere

    return check_event(event.as_dict())


def _now_text() -> str:
    return clock.iso(clock.now())


def quarantine(conn: sqlite3.Connection, event: Event, error: str, *, in_log: bool = True) -> None:
    """Set an event aside on this device (it stays in the log when it is there)."""
    at = _now_text()
    raw = None if in_log else json.dumps(event.as_dict(), sort_keys=True)  # ASCII: any text fits
    conn.execute(
        "INSERT INTO quarantine (event_id, entity_id, type, error, in_log, raw, first_at, last_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET error = excluded.error,"
        " last_at = excluded.last_at, attempts = quarantine.attempts + 1",
        tuple(_storable(v) for v in (event.id, event.entity_id, event.type, error[:2000])) + (
            int(in_log), raw, at, at),
    )
    # (a hostile event's text may hold lone surrogates: escaped, so no log handler chokes on them)
    log.warning("event %s (%s, entitas %s) dikarantina: %s",
                *(_storable(v) for v in (event.id, event.type, event.entity_id, error)))


def _storable(value: Any) -> str:
    """Text SQLite can store: a lone surrogate (invalid UTF-8) becomes its escape."""
    text = str(value)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _try_project(conn: sqlite3.Connection, event: Event, quarantined: bool) -> bool:
    """Project one event inside a savepoint; on failure undo its partial writes and quarantine
    it. Errors of the database itself (locked, disk full, I/O) are not the event's fault:
    they propagate and the caller's transaction rolls back."""
    conn.execute("SAVEPOINT project_event")
    try:
        _project(conn, event)
    except sqlite3.OperationalError:
        conn.execute("ROLLBACK TO project_event")
        conn.execute("RELEASE project_event")
        raise
    except Exception as exc:  # noqa: BLE001 - any other failure is this event's: set it aside
        conn.execute("ROLLBACK TO project_event")
        conn.execute("RELEASE project_event")
        detail = str(exc) if isinstance(exc, LoketError) else "".join(
            traceback.format_exception_only(type(exc), exc)).strip()
        quarantine(conn, event, detail)
        return False
    conn.execute("RELEASE project_event")
    if quarantined:
        conn.execute("DELETE FROM quarantine WHERE event_id = ?", (event.id,))
    return True


def _entity_events(conn: sqlite3.Connection, entity_id: str) -> list[Event]:
    rows = conn.execute(
        "SELECT * FROM events WHERE entity_id = ? ORDER BY hlc, id", (entity_id,)
    ).fetchall()
    return [Event.from_row(r) for r in rows]


def refold_entity(conn: sqlite3.Connection, entity_id: str) -> int:
    """Recompute one entity's projection: delete its rows, replay its events in (hlc, id)
    order. Returns how many of its events are applied (the rest are quarantined)."""
    load_domain()
    own = _own_device(conn)
    held = {r[0] for r in conn.execute(
        "SELECT event_id FROM quarantine WHERE entity_id = ? AND in_log = 1", (entity_id,))}
    for table in reversed(PROJECTION_TABLES):
        column = ENTITY_COLUMNS.get(table)
        if column:
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (entity_id,))
    applied = 0
    for event in _entity_events(conn, entity_id):
        if event.type in _NO_REFOLD and event.id not in held:
            continue  # order-independent and already applied: its rows were not deleted
        applied += _apply_checked(conn, event, own, event.id in held)
    return applied


def _apply_checked(conn: sqlite3.Connection, event: Event, own: str | None, held: bool) -> bool:
    """Check an event from elsewhere against its payload schema, then project it; quarantine
    it if either fails. This device's own events were checked when they were made."""
    event = opened(conn, event)
    reason = None if event.device_id == own else _schema_problem(event)
    if reason:
        quarantine(conn, event, reason)
        return False
    return _try_project(conn, event, held)


class EventLog:
    """Appends this device's events and applies events from elsewhere to one store."""

    def __init__(self, store):
        self.store = store
        row = store.one("SELECT device_id FROM device")
        if row is None:
            raise LoketError(_("database belum diinisialisasi: jalankan 'loket init'"))
        self.device_id: str = row["device_id"]
        # The newest clock of the file: each device's head keeps its newest since migration
        # 0025. A file opened before that migration (the upgrade window opens files unmigrated,
        # the tests of older schemas write to them) has it in the log alone.
        self._heads_clock = any(r[1] == "hlc" for r in store.conn.execute("PRAGMA table_info(chain_heads)"))
        newest = f"SELECT max(hlc) FROM {'chain_heads' if self._heads_clock else 'events'}"
        self._head_sql = (f"SELECT ({newest}), device_seq, hash FROM (SELECT 1)"
                          " LEFT JOIN chain_heads ON device_id = ?")
        self.clock = clock.HybridClock(store.scalar(newest))

    def append(
        self, type: str, entity_id: str, payload: dict[str, Any], actor: Actor = SYSTEM
    ) -> Event:
        """Append one event and update its projections; must run inside a transaction."""
        if not self.store.in_transaction:
            raise RuntimeError("append() outside a transaction")
        conn = self.store.conn
        # This device's head, and the newest clock of the file: another connection to it (a
        # worker thread, a second window) may have written since this log was opened, and its
        # newest clock is folded in so timestamps stay strictly increasing on the file (the
        # write lock is held, so this read is current). One statement: this is every write.
        latest, *head = conn.execute(self._head_sql, (self.device_id,)).fetchone()
        if latest:
            self.clock.observe(latest)
        plain = payload
        if type in personal.SEALED_FIELDS:
            key_id, key = uuid7(), personal.new_key()
            payload = personal.seal(type, payload, key_id, key)
            if payload is not plain:
                personal.store_key(conn, key_id, key, entity_id, _now_text())
        event, payload_json = build_event(
            device_id=self.device_id, head=(head[0], head[1]) if head[0] is not None else None,
            hlc=self.clock.tick(),
            type=type, entity_id=entity_id, payload=payload, actor=actor.username,
        )
        self._insert(conn, event, payload_json)
        if payload is not plain:  # the projector reads the personal data it was given
            _project(conn, replace(event, payload=json.loads(canonical(plain))))
        else:
            _project(conn, event)
        return event

    def apply_remote(self, event: Event) -> bool:
        """Store and project an event made elsewhere; False if it was already here.

        Must run inside a transaction. Never raises for a bad event: an event whose hash does
        not match its content is refused (kept in quarantine, not in the log); one that does
        not fit its schema or cannot be applied is stored and quarantined. An event older
        than one of its entity's events already here re-folds that entity, so the result is
        the same whatever order events arrive in.
        """
        conn = self.store.conn
        if not all(isinstance(v, str) and _storable(v) == v for v in (
                event.id, event.device_id, event.hlc, event.type, event.entity_id, event.actor,
                event.prev_hash, event.hash, event.recorded_at)):
            quarantine(conn, event, "teks di kepala event bukan UTF-8 yang sah atau bukan teks", in_log=False)
            return False
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (event.id,)).fetchone():
            self._late_key(conn, event)
            return False
        try:
            intact = event_hash(**event.as_dict()) == event.hash
        except (TypeError, ValueError, UnicodeError):
            intact = False
        if not intact:
            quarantine(conn, event, "hash tidak cocok dengan isi event (diubah di jalan?)", in_log=False)
            return False
        try:
            self.clock.observe(event.hlc)
        except (TypeError, ValueError):
            # without a readable clock the event has no place in any entity's order
            quarantine(conn, event, f"hlc: jam logis tidak sah ({_storable(event.hlc)[:40]})", in_log=False)
            return False
        conn.execute("SAVEPOINT store_event")
        try:
            self._insert(conn, event)
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, TypeError) as exc:
            conn.execute("ROLLBACK TO store_event")
            conn.execute("RELEASE store_event")
            # e.g. another event already holds this device's sequence number: a forked chain
            quarantine(conn, event, f"event tidak bisa disimpan di log: {exc}", in_log=False)
            return False
        conn.execute("RELEASE store_event")
        _store_keys(conn, event)
        later = conn.execute(
            "SELECT 1 FROM events WHERE entity_id = ? AND id != ? AND (hlc > ? OR (hlc = ? AND id > ?))"
            " LIMIT 1", (event.entity_id, event.id, event.hlc, event.hlc, event.id),
        ).fetchone()
        waiting = conn.execute(
            "SELECT 1 FROM quarantine WHERE entity_id = ? AND in_log = 1 LIMIT 1", (event.entity_id,)
        ).fetchone()
        if event.type not in _NO_REFOLD and (later or waiting):
            refold_entity(conn, event.entity_id)
        else:
            _apply_checked(conn, event, self.device_id, False)
        return True

    def _late_key(self, conn: sqlite3.Connection, event: Event) -> None:
        """An event already here, now with the key it came without (e.g. through a device
        that did not hold it): keep the key and fold its record again, now readable. Only
        when the stored event names that key, so a sender cannot attach keys to others."""
        if not event.keys:
            return
        row = conn.execute("SELECT payload FROM events WHERE id = ?", (event.id,)).fetchone()
        key_id = personal.sealed_key_id(json.loads(row[0])) if row else None
        if key_id is None or key_id not in event.keys or personal.lookup_key(conn, key_id) is not None:
            return
        stored = replace(event, payload=json.loads(row[0]))
        _store_keys(conn, stored)
        if personal.lookup_key(conn, key_id) is not None:
            refold_entity(conn, event.entity_id)

    def _insert(self, conn: sqlite3.Connection, e: Event, payload_json: str | None = None) -> None:
        conn.execute(
            "INSERT INTO events (id, device_id, device_seq, hlc, recorded_at, type, entity_id,"
            " payload, actor, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (e.id, e.device_id, e.device_seq, e.hlc, e.recorded_at, e.type, e.entity_id,
             payload_json if payload_json is not None else canonical(e.payload), e.actor,
             e.prev_hash, e.hash),
        )
        # the head is the event with the highest device_seq; hlc is the newest clock among the
        # device's events (an event from elsewhere can arrive after a later one of its device)
        if self._heads_clock:
            conn.execute(
                "INSERT INTO chain_heads (device_id, device_seq, hash, hlc) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (device_id) DO UPDATE SET"
                " device_seq = max(device_seq, excluded.device_seq),"
                " hash = iif(excluded.device_seq > device_seq, excluded.hash, hash),"
                " hlc = max(coalesce(hlc, ''), excluded.hlc)",
                (e.device_id, e.device_seq, e.hash, e.hlc),
            )
            return
        conn.execute(
            "INSERT INTO chain_heads (device_id, device_seq, hash) VALUES (?, ?, ?)"
            " ON CONFLICT (device_id) DO UPDATE SET device_seq = excluded.device_seq,"
            " hash = excluded.hash WHERE excluded.device_seq > chain_heads.device_seq",
            (e.device_id, e.device_seq, e.hash),
        )


REBUILD_BATCH = 5000


def rebuild(session, progress: Callable[[int, int], None] | None = None) -> int:
    """``loket db rebuild``: :func:`rebuild_projections` on the session's database, for an
    actor with ``db.rebuild`` (it rewrites every table, quarantine included, under the write
    lock). Migrations and the audit replay call ``rebuild_projections`` themselves."""
    require(session, "db.rebuild")
    return rebuild_projections(session.store, progress)


def rebuild_projections(store, progress: Callable[[int, int], None] | None = None,
                        done_task: str | None = None) -> int:
    """Clear every projection table and replay the whole log in (hlc, id) order: the fold of
    every entity at once. Events that cannot be applied are quarantined, not raised. Reads
    the log in batches, so memory does not grow with its length."""
    load_domain()
    with store.transaction() as conn:
        search_triggers = _suspend_search_index(conn)
        for table in reversed(PROJECTION_TABLES):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM quarantine WHERE in_log = 1")
        own = _own_device(conn)
        total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        count = 0
        # The log has no index in fold order (every event would write it; migration 0025): one
        # sort of the events' keys alone, spilled to a temporary file when it outgrows the page
        # cache, then each batch of events read by its key. The sort is done before the first
        # key comes back, so the projections written meanwhile do not disturb it.
        order = conn.execute("SELECT seq FROM events ORDER BY hlc, id")
        try:
            while batch := [r[0] for r in order.fetchmany(REBUILD_BATCH)]:
                rows = {r["seq"]: r for r in conn.execute(
                    f"SELECT * FROM events WHERE seq IN ({','.join('?' * len(batch))})", batch)}
                for seq in batch:
                    _apply_checked(conn, Event.from_row(rows[seq]), own, False)
                count += len(batch)
                if progress:
                    progress(count, total)
        finally:
            order.close()
        _restore_search_index(conn, search_triggers)
        if done_task:  # the migration's follow-up is done in the same transaction
            conn.execute("DELETE FROM pending_maintenance WHERE task = ?", (done_task,))
    return count


def _suspend_search_index(conn: sqlite3.Connection) -> list[str]:
    """Take the name search index (migration 0018) out of the rebuild: drop its triggers
    (their SQL is returned, to put back) and empty it. Its triggers would otherwise follow
    every row replayed, and removing rows from an index that had gone out of step with them
    damages it; the index is built once from the replayed rows instead."""
    triggers = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'registrations'"
        " AND name LIKE 'registrations_fts_%' ORDER BY name")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                " AND tbl_name = 'registrations' AND name LIKE 'registrations_fts_%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    if triggers:
        conn.execute("INSERT INTO registrations_fts (registrations_fts) VALUES ('delete-all')")
    return triggers


def _restore_search_index(conn: sqlite3.Connection, triggers: list[str]) -> None:
    if triggers:
        conn.execute("INSERT INTO registrations_fts (registrations_fts) VALUES ('rebuild')")
    for sql in triggers:
        conn.execute(sql)


def _own_device(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT device_id FROM device").fetchone()
    return row[0] if row else None


def retry_quarantine(store) -> dict[str, int]:
    """Try every quarantined event again (after an upgrade that knows its type, or once its
    entity has arrived): re-fold each entity that holds one. Events refused before the log
    (bad hash) are checked again and stay out if still bad."""
    load_domain()
    with store.transaction() as conn:
        before = conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
        for (raw,) in conn.execute("SELECT raw FROM quarantine WHERE in_log = 0").fetchall():
            event = Event.from_dict(json.loads(raw))
            try:
                intact = event_hash(**event.as_dict()) == event.hash
            except (TypeError, ValueError, UnicodeError):
                intact = False
            if intact:
                conn.execute("DELETE FROM quarantine WHERE event_id = ?", (event.id,))
                EventLog(store).apply_remote(event)
            else:
                quarantine(conn, event, "hash tidak cocok dengan isi event (diubah di jalan?)", in_log=False)
        entities = [r[0] for r in conn.execute(
            "SELECT DISTINCT entity_id FROM quarantine WHERE in_log = 1 ORDER BY entity_id")]
        for entity in entities:
            refold_entity(conn, entity)
        after = conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    return {"before": before, "applied": before - after, "quarantined": after}

