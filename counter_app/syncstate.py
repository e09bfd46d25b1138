"""This device's side of sync, without any HTTP: settings, outbox, acknowledgements, cursor.

The outbox is this device's own events the portal has not acknowledged. A page pulled from
the portal is applied and the cursor saved in the same local transaction, so a crash
between the two can never skip or double-apply a page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from . import clock, secrets_store
from .errors import LoketError
from .events import Event, with_keys
from .session import Session

log = logging.getLogger("loket.sync")


def state(session: Session) -> dict[str, Any]:
    """The sync settings; ``token`` is the token itself, wherever it is kept (the OS keyring
    or this file: counter_app/secrets_store.py), and ``token_store`` says where."""
    data = dict(session.store.one("SELECT * FROM sync_state"))
    data["token_store"] = "keyring" if data["token"] == secrets_store.IN_KEYRING else (
        "database" if data["token"] else None)
    data["token_error"] = None
    if data["token"] == secrets_store.IN_KEYRING:
        info = session.store.one("SELECT device_id FROM device")
        site = session.store.scalar("SELECT code FROM site") if info else None
        try:
            data["token"] = secrets_store.read_token(site or "", info["device_id"] if info else "", data["token"])
        except LoketError as exc:  # a locked keyring: no token this time, and why
            data["token"], data["token_error"] = None, str(exc)
    return data


def configure(session: Session, portal_url: str | None = None, token: str | None = None) -> None:
    """Save the portal address and/or device token (device-local, not an event). Changing
    either sends every later sync elsewhere, so it needs ``sync.configure``; giving the
    values already saved changes nothing and needs no permission."""
    from .permissions import require

    saved = state(session) if session.store.one("SELECT 1 FROM sync_state") else None
    if (portal_url and portal_url.rstrip("/") != (saved["portal_url"] if saved else None)) or (
            token and token.strip() != (saved["token"] if saved else None)):
        require(session, "sync.configure")
    with session.transaction():
        if portal_url:
            session.store.conn.execute("UPDATE sync_state SET portal_url = ?", (portal_url.rstrip("/"),))
        if token:
            site = session.store.scalar("SELECT code FROM site") or ""
            kept = secrets_store.store_token(site, device_id(session), token.strip())
            session.store.conn.execute("UPDATE sync_state SET token = ?", (kept,))


def record_receipt(session: Session, receipt: dict[str, Any]) -> bool:
    """Keep the portal's countersignature of this device's newest event it holds
    (counter_app/receipts.py); raises ``receipts.BadReceipt`` for one that does not verify."""
    from . import receipts

    with session.transaction():
        return receipts.record(session.store.conn, receipt)


def device_id(session: Session) -> str:
    return session.store.scalar("SELECT device_id FROM device")


def relaying(session: Session) -> bool:
    """True on the site hub: it carries its members' events to the portal as well as its own
    (enrolled on the portal with ``--relay``), so its outbox is every event the portal lacks."""
    return session.store.scalar("SELECT role FROM hub_state") == "hub"


def outbox(session: Session, limit: int, *, skip_rejected: bool = True) -> list[Event]:
    """Own unacknowledged events in chain order (oldest first); on the site hub, every
    unacknowledged event in the order it arrived (which keeps each chain and each entity's
    creation before its changes). Reads only what lies past each device's acknowledged-through
    mark (and the few rejected events before it), so the cost follows what is pending, not
    the age of the log."""
    conn = session.store.conn
    if not relaying(session):
        own = device_id(session)
        rows = _pending_rows(conn, own, limit, skip_rejected=skip_rejected, order="device_seq")
        return with_keys(conn, [Event.from_row(r) for r in rows[:limit]])
    rows = []
    for (device,) in conn.execute("SELECT device_id FROM chain_heads").fetchall():
        rows += _pending_rows(conn, device, limit, skip_rejected=skip_rejected, order="seq")
    rows.sort(key=lambda r: r["seq"])
    return with_keys(conn, [Event.from_row(r) for r in rows[:limit]])


def pending_count(session: Session) -> int:
    """Events the portal does not hold yet: this device's own, or every device's on the hub."""
    conn = session.store.conn
    if relaying(session):
        return sum(_pending_of(conn, d) for (d,) in conn.execute("SELECT device_id FROM chain_heads").fetchall())
    return _pending_of(conn, device_id(session))


def own_pending_count(conn) -> int:
    """This device's own events the portal does not hold yet (any connection to the file)."""
    row = conn.execute("SELECT device_id FROM device").fetchone()
    return _pending_of(conn, row[0]) if row else 0


# Acknowledged-through marks (migration 0017): ack_marks.through is the longest run of a
# device's events, from device_seq 1 and with no gap on this file, each acknowledged or
# rejected. Past the mark the log is read by its (device_id, device_seq) index; before it,
# only rejected events can still be unacknowledged, and sync_rejections is short.
_NOT_ACKED = "NOT EXISTS (SELECT 1 FROM event_acks a WHERE a.event_id = e.id)"
_NOT_REJECTED = "NOT EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id)"


def _mark(conn, device: str) -> int:
    row = conn.execute("SELECT through FROM ack_marks WHERE device_id = ?", (device,)).fetchone()
    return row[0] if row else 0


def _pending_of(conn, device: str) -> int:
    through = _mark(conn, device)
    after = conn.execute(
        f"SELECT count(*) FROM events e WHERE e.device_id = ? AND e.device_seq > ? AND {_NOT_ACKED}",
        (device, through)).fetchone()[0]
    # CROSS JOIN keeps the short sync_rejections outside: left to itself the planner walked
    # the device's whole log before the mark (13.6 s at 7.9 M events) to find none.
    rejected = conn.execute(
        "SELECT count(*) FROM sync_rejections r CROSS JOIN events e ON e.id = r.event_id"
        f" WHERE e.device_id = ? AND e.device_seq <= ? AND {_NOT_ACKED}", (device, through)).fetchone()[0]
    return after + rejected


def _pending_rows(conn, device: str, limit: int, *, skip_rejected: bool, order: str) -> list:
    through = _mark(conn, device)
    rows = []
    if not skip_rejected:  # the rejected events before the mark come first in either order
        rows = conn.execute(
            "SELECT e.* FROM sync_rejections r CROSS JOIN events e ON e.id = r.event_id"
            f" WHERE e.device_id = ? AND e.device_seq <= ? AND {_NOT_ACKED} ORDER BY e.{order} LIMIT ?",
            (device, through, limit)).fetchall()
    rows += conn.execute(
        f"SELECT e.* FROM events e WHERE e.device_id = ? AND e.device_seq > ? AND {_NOT_ACKED}"
        + (f" AND {_NOT_REJECTED}" if skip_rejected else "") + f" ORDER BY e.{order} LIMIT ?",
        (device, through, limit)).fetchall()
    return rows


def _advance_marks(conn, devices: Iterable[str]) -> None:
    """Move each device's mark over the events just after it that are now acknowledged or
    rejected (inside the caller's transaction): the work is what was acknowledged."""
    for device in set(devices):
        through = start = _mark(conn, device)
        cursor = conn.execute(
            "SELECT e.device_seq, EXISTS (SELECT 1 FROM event_acks a WHERE a.event_id = e.id)"
            " OR EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id)"
            " FROM events e WHERE e.device_id = ? AND e.device_seq > ? ORDER BY e.device_seq", (device, through))
        try:
            for seq, done in cursor:
                if seq != through + 1 or not done:
                    break
                through = seq
        finally:
            cursor.close()
        if through != start:
            conn.execute("INSERT INTO ack_marks (device_id, through) VALUES (?, ?) ON CONFLICT (device_id)"
                         " DO UPDATE SET through = excluded.through", (device, through))


def _devices_of(conn, event_ids: list[str]) -> set[str]:
    devices: set[str] = set()
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start:start + 500]
        devices |= {r[0] for r in conn.execute(
            f"SELECT DISTINCT device_id FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
    return devices


def ack(session: Session, event_ids: Iterable[str]) -> int:
    """Mark events as held by the portal (idempotent)."""
    at = clock.iso(clock.now())
    count = 0
    ids = list(event_ids)
    with session.transaction():
        for event_id in ids:
            cur = session.store.conn.execute(
                "INSERT OR IGNORE INTO event_acks (event_id, acked_at) SELECT id, ? FROM events WHERE id = ?",
                (at, event_id))
            count += cur.rowcount
            session.store.conn.execute("DELETE FROM sync_rejections WHERE event_id = ?", (event_id,))
        _advance_marks(session.store.conn, _devices_of(session.store.conn, ids))
    return count


def record_rejections(session: Session, rejected: Iterable[tuple[str, str]]) -> None:
    at = clock.iso(clock.now())
    ids: list[str] = []
    with session.transaction():
        for event_id, reason in rejected:
            session.store.conn.execute(
                "INSERT INTO sync_rejections (event_id, reason, at) VALUES (?, ?, ?) ON CONFLICT (event_id)"
                " DO UPDATE SET reason = excluded.reason, at = excluded.at", (event_id, reason, at))
            ids.append(event_id)
        _advance_marks(session.store.conn, _devices_of(session.store.conn, ids))


def rejections(session: Session) -> list[dict[str, Any]]:
    return [dict(r) for r in session.store.query("SELECT * FROM sync_rejections ORDER BY at")]


def apply_events(session: Session, events: list[Event], cursor: int | None = None) -> int:
    """Apply events from the portal and move the cursor, all in one transaction.

    Own events coming back are acknowledged (the portal holds them); a cursor never moves
    backwards. Returns how many events were new here.
    """
    own = device_id(session)
    relay = relaying(session)
    applied = 0
    acked: set[str] = set()
    at = clock.iso(clock.now())
    with session.transaction():
        conn = session.store.conn
        for event in events:
            if session.log.apply_remote(event):
                applied += 1
            if (relay or event.device_id == own) and isinstance(event.id, str) and event.id.isascii():
                conn.execute("INSERT OR IGNORE INTO event_acks (event_id, acked_at) VALUES (?, ?)", (event.id, at))
                conn.execute("DELETE FROM sync_rejections WHERE event_id = ?", (event.id,))
                acked.add(event.device_id)
        _advance_marks(conn, acked)
        if cursor is not None:
            conn.execute("UPDATE sync_state SET cursor = max(cursor, ?)", (cursor,))
    from .erasure import scrub_after

    scrub_after(session, events)
    return applied


def mark_attempt(session: Session, *, error: str | None, clock_offset_s: float | None = None,
                 success: bool = False) -> None:
    now = clock.iso(clock.now())
    with session.transaction():
        conn = session.store.conn
        conn.execute("UPDATE sync_state SET last_attempt = ?, last_error = ?", (now, error))
        if clock_offset_s is not None:
            conn.execute("UPDATE sync_state SET clock_offset_s = ?", (clock_offset_s,))
        if success:
            conn.execute("UPDATE sync_state SET last_success = ?", (now,))


def status(session: Session) -> dict[str, Any]:
    s = state(session)
    return {
        "pending": pending_count(session),
        "last_success": s["last_success"],
        "cursor": s["cursor"],
        "clock_offset_s": s["clock_offset_s"],
        "portal": s["portal_url"],
        "token_set": bool(s["token"]) or s["token_store"] == "keyring",
        "token_store": s["token_store"],
        "last_attempt": s["last_attempt"],
        "last_error": s["last_error"],
        "rejected": len(rejections(session)),
        "quarantined": session.store.scalar("SELECT count(*) FROM quarantine"),
    }


def quarantined(session: Session) -> list[dict[str, Any]]:
    """Events set aside on this device (it could not apply them), oldest first."""
    return [dict(r) for r in session.store.query(
        "SELECT event_id, entity_id, type, error, in_log, first_at, last_at, attempts FROM quarantine"
        " ORDER BY first_at, event_id")]


def retry_quarantined(session: Session) -> dict[str, int]:
    """``loket sync retry-quarantine``: apply what an upgrade (or a late event) now allows."""
    from .events import retry_quarantine

    result = retry_quarantine(session.store)
    if result["applied"]:
        log.info("karantina: %d event diterapkan ulang, %d tersisa", result["applied"], result["quarantined"])
    return result
