"""This device's side of sync, without any HTTP: settings, outbox, acknowledgements, cursor.

The outbox is this device's own events the portal has not acknowledged. A page pulled from
the portal is applied and the cursor saved in the same local transaction, so a crash
between the two can never skip or double-apply a page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from . import clock
from .events import Event
from .session import Session

log = logging.getLogger("loket.sync")


def state(session: Session) -> dict[str, Any]:
    return dict(session.store.one("SELECT * FROM sync_state"))


def configure(session: Session, portal_url: str | None = None, token: str | None = None) -> None:
    """Save the portal address and/or device token (device-local, not an event)."""
    with session.transaction():
        if portal_url:
            session.store.conn.execute("UPDATE sync_state SET portal_url = ?", (portal_url.rstrip("/"),))
        if token:
            session.store.conn.execute("UPDATE sync_state SET token = ?", (token.strip(),))


def device_id(session: Session) -> str:
    return session.store.scalar("SELECT device_id FROM device")


def relaying(session: Session) -> bool:
    """True on the site hub: it carries its members' events to the portal as well as its own
    (enrolled on the portal with ``--relay``), so its outbox is every event the portal lacks."""
    return session.store.scalar("SELECT role FROM hub_state") == "hub"


def outbox(session: Session, limit: int, *, skip_rejected: bool = True) -> list[Event]:
    """Own unacknowledged events in chain order (oldest first); on the site hub, every
    unacknowledged event in the order it arrived (which keeps each chain and each entity's
    creation before its changes)."""
    sql = "SELECT e.* FROM events e LEFT JOIN event_acks a ON a.event_id = e.id WHERE a.event_id IS NULL"
    if skip_rejected:
        sql += " AND e.id NOT IN (SELECT event_id FROM sync_rejections)"
    if relaying(session):
        rows = session.store.query(sql + " ORDER BY e.seq LIMIT ?", (limit,))
    else:
        rows = session.store.query(sql + " AND e.device_id = ? ORDER BY e.device_seq LIMIT ?",
                                   (device_id(session), limit))
    return [Event.from_row(r) for r in rows]


def pending_count(session: Session) -> int:
    if relaying(session):
        return session.store.scalar(
            "SELECT count(*) FROM events e LEFT JOIN event_acks a ON a.event_id = e.id WHERE a.event_id IS NULL")
    return session.store.scalar(
        "SELECT count(*) FROM events e LEFT JOIN event_acks a ON a.event_id = e.id"
        " WHERE e.device_id = ? AND a.event_id IS NULL", (device_id(session),))


def ack(session: Session, event_ids: Iterable[str]) -> int:
    """Mark events as held by the portal (idempotent)."""
    at = clock.iso(clock.now())
    count = 0
    with session.transaction():
        for event_id in event_ids:
            cur = session.store.conn.execute(
                "INSERT OR IGNORE INTO event_acks (event_id, acked_at) SELECT id, ? FROM events WHERE id = ?",
                (at, event_id))
            count += cur.rowcount
            session.store.conn.execute("DELETE FROM sync_rejections WHERE event_id = ?", (event_id,))
    return count


def record_rejections(session: Session, rejected: Iterable[tuple[str, str]]) -> None:
    at = clock.iso(clock.now())
    with session.transaction():
        for event_id, reason in rejected:
            session.store.conn.execute(
                "INSERT INTO sync_rejections (event_id, reason, at) VALUES (?, ?, ?) ON CONFLICT (event_id)"
                " DO UPDATE SET reason = excluded.reason, at = excluded.at", (event_id, reason, at))


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
    at = clock.iso(clock.now())
    with session.transaction():
        conn = session.store.conn
        for event in events:
            if session.log.apply_remote(event):
                applied += 1
            if (relay or event.device_id == own) and isinstance(event.id, str) and event.id.isascii():
                conn.execute("INSERT OR IGNORE INTO event_acks (event_id, acked_at) VALUES (?, ?)", (event.id, at))
                conn.execute("DELETE FROM sync_rejections WHERE event_id = ?", (event.id,))
        if cursor is not None:
            conn.execute("UPDATE sync_state SET cursor = max(cursor, ?)", (cursor,))
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
        "token_set": bool(s["token"]),
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
