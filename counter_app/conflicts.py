"""Conflicts: facts from different devices that clash, kept and resolved by a fixed rule.

When two devices act on one entity without seeing each other (two counters call the same
ticket while the network is down, one booking is checked in twice, two PCs create the same
username), both events stay in the log. The fold of the entity's events in (hybrid clock,
event id) order keeps the earlier fact by the rule of its domain, and records the other here
with the event that won. The table is a projection: every device with the same events lists
the same conflicts. A supervisor sees them (``loket conflicts list``, the dashboard) and marks
one settled (``loket conflicts resolve``) with a note saying what was done.

The rules (docs/sync-protocol.md, *Convergence*):

- ``double_call``: a ticket already called by another counter is called again: the first call
  keeps the ticket; the later call is set aside.
- ``call_closed``: a ticket is called after it was finished, skipped, marked no-show or
  cancelled elsewhere: set aside.
- ``foreign_close``: a counter finishes, skips or marks no-show a ticket another counter
  called: applied (the applicant was served where they went) and listed.
- ``double_close``: a ticket already closed is closed again: the first close stands.
- ``invalid_transition``: any other action the ticket's state does not allow then (a
  recall by a counter that does not hold it, a cancel of a called ticket, ...): set aside.
- ``double_checkin``: a booking checked in twice: the first check-in stands; the second
  registration stays (the applicant was registered twice: void one).
- ``username_clash``: one username created twice: the first account stands (accounts are
  site-wide); the later creator cannot log in with the password they chose.
- ``duplicate_entity``: the same entity created twice (two devices sharing a code).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .errors import NotFound, ValidationError
from .events import Event, canonical, projection_tables, projector
from .i18n import N_, _
from .session import Session

KINDS = {
    "double_call": N_("tiket dipanggil dua loket"),
    "call_closed": N_("tiket dipanggil setelah ditutup di loket lain"),
    "foreign_close": N_("tiket ditutup oleh loket yang tidak memanggilnya"),
    "double_close": N_("tiket ditutup dua kali"),
    "invalid_transition": N_("tindakan tidak sesuai status tiket saat itu"),
    "double_checkin": N_("booking check-in dua kali"),
    "username_clash": N_("nama pengguna yang sama dibuat di dua perangkat"),
    "duplicate_entity": N_("data yang sama dibuat dua kali"),
    "number_clash": N_("nomor antrean yang sama diterbitkan dua perangkat"),
}

KINDS_EN = {
    "double_call": "ticket called by two counters",
    "call_closed": "ticket called after it was closed at another counter",
    "foreign_close": "ticket closed by a counter that did not call it",
    "double_close": "ticket closed twice",
    "invalid_transition": "action not allowed by the ticket's state at that time",
    "double_checkin": "booking checked in twice",
    "username_clash": "same username created on two devices",
    "duplicate_entity": "the same record created twice",
    "number_clash": "the same queue number issued by two devices",
}


def record(conn: sqlite3.Connection, event: Event, kind: str, winner: str | None = None,
           **detail: Any) -> None:
    """Record that ``event`` clashed (called by projectors; deterministic content only)."""
    if kind not in KINDS:
        raise ValueError(kind)
    info = {"type": event.type, "device_id": event.device_id, "actor": event.actor,
            "recorded_at": event.recorded_at, **detail}
    conn.execute(
        "INSERT INTO conflicts (event_id, entity_id, kind, winner_event_id, hlc, detail)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET kind = excluded.kind,"
        " winner_event_id = excluded.winner_event_id, detail = excluded.detail",
        (event.id, event.entity_id, kind, winner, event.hlc, canonical(info)),
    )
    from .events import log

    log.info("konflik %s pada %s: event %s kalah dari %s", kind, event.entity_id, event.id, winner)


def list_conflicts(session: Session, *, include_resolved: bool = True,
                   limit: int = 1000) -> list[dict[str, Any]]:
    """Every conflict, oldest first, with whether and how it was resolved."""
    sql = ("SELECT c.*, r.resolved_by, r.resolved_at, r.note FROM conflicts c"
           " LEFT JOIN conflict_resolutions r ON r.conflict_event_id = c.event_id")
    if not include_resolved:
        sql += " WHERE r.conflict_event_id IS NULL"
    rows = session.store.query(sql + " ORDER BY c.hlc, c.event_id LIMIT ?", (limit,))
    out = []
    for r in rows:
        out.append({
            "event_id": r["event_id"], "entity_id": r["entity_id"], "kind": r["kind"],
            "label": _(KINDS[r["kind"]]) if r["kind"] in KINDS else r["kind"], "winner_event_id": r["winner_event_id"],
            "hlc": r["hlc"], "detail": json.loads(r["detail"]),
            "resolved": r["resolved_by"] is not None, "resolved_by": r["resolved_by"],
            "resolved_at": r["resolved_at"], "note": r["note"],
        })
    return out


def count_open(session: Session) -> int:
    return session.store.scalar(
        "SELECT count(*) FROM conflicts c LEFT JOIN conflict_resolutions r"
        " ON r.conflict_event_id = c.event_id WHERE r.conflict_event_id IS NULL")


def resolve(session: Session, event_id: str, note: str) -> dict[str, Any]:
    """A supervisor marks a conflict as settled, saying what was done (recorded as an event,
    so every device sees it settled)."""
    from .users import require

    require(session, "conflict.resolve")
    text = " ".join((note or "").split())
    if not text:
        raise ValidationError("note", _("catatan penyelesaian wajib diisi (apa yang dilakukan)"))
    if len(text) > 500:
        raise ValidationError("note", _("catatan penyelesaian maksimal {n} karakter").format(n=500))
    ref = (event_id or "").strip().lower()
    row = session.store.one("SELECT event_id FROM conflicts WHERE event_id = ?", (ref,))
    if row is None:
        raise NotFound(_("konflik '{event}' tidak ada").format(event=event_id))
    with session.transaction():
        session.append("conflict_resolved", ref, {
            "note": text, "at": session.now().isoformat(timespec="seconds")})
    return next(c for c in list_conflicts(session) if c["event_id"] == ref)


@projector("conflict_resolved")
def _resolved(conn, event: Event) -> None:
    # The first resolution stands; a later one by someone else is ignored.
    conn.execute(
        "INSERT INTO conflict_resolutions (conflict_event_id, resolution_event_id, resolved_by,"
        " resolved_at, note) VALUES (?, ?, ?, ?, ?) ON CONFLICT (conflict_event_id) DO NOTHING",
        (event.entity_id, event.id, event.actor, event.payload["at"], event.payload["note"]),
    )


projection_tables("conflicts", "conflict_resolutions")
