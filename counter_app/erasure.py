"""Erasing applicants' personal data: at the data subject's request (``loket person erase``)
and when its retention period ends (UU 27/2022 Pasal 8, 16 and 43).

An erasure is one ``personal_data_erased`` event naming the records and the keys that open
their sealed personal data (counter_app/personal.py); it carries no personal data itself.
Every device and the portal that apply it delete those keys and fold the records again, so
the records stay (number, service, dates, status: the service's accountability and the SKM
figures need them) while the person is gone from them. The log still verifies: its events
are untouched, only unreadable.

Retention: a record's personal data is kept for ``retention_days`` (a site setting, default
365) after it was finished (an application handed over, rejected or withdrawn; a complaint
closed or done), then erased automatically by the device that recorded it, so each record is
erased once for the whole site. docs/security.md says why the default is a year.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from . import personal
from .actors import SYSTEM
from .errors import NotFound, ValidationError
from .events import Event, projector, refold_entity, uuid7
from .i18n import _
from .permissions import require
from .session import Session
from .site import get_setting, site_info
from .validation import validate_nik

FINISHED_APPLICATIONS = ("diserahkan", "ditolak", "dicabut")
FINISHED_COMPLAINTS = ("selesai", "ditutup")
BATCH = 400  # records per erasure event (its payload stays well under the schema's 64 KiB)


def _sealed_keys(conn, entities: list[str]) -> list[str]:
    """Every key that seals personal data of these records' events, held here or not."""
    keys: set[str] = set()
    types = tuple(personal.SEALED_FIELDS)
    for entity in entities:
        for (payload,) in conn.execute(
                f"SELECT payload FROM events WHERE entity_id = ? AND type IN ({','.join('?' * len(types))})",
                (entity, *types)):
            key_id = personal.sealed_key_id(json.loads(payload))
            if key_id:
                keys.add(key_id)
        keys.update(r[0] for r in conn.execute("SELECT key_id FROM record_keys WHERE entity_id = ?", (entity,)))
    return sorted(keys)


def records_of(session: Session, *, nik: str | None = None, registration: str | None = None,
               complaint: str | None = None, booking: str | None = None) -> dict[str, list[str]]:
    """The records holding a person's data: by NIK (every application and online booking
    with it), or one application, complaint or booking by its number."""
    conn = session.store.conn
    regs: set[str] = set()
    bookings: set[str] = set()
    complaints: set[str] = set()
    if nik is not None:
        nik = validate_nik(nik)
        regs.update(r[0] for r in conn.execute("SELECT id FROM registrations WHERE nik = ?", (nik,)))
        bookings.update(r[0] for r in conn.execute(
            "SELECT code FROM bookings WHERE json_extract(data, '$.nik') = ?", (nik,)))
    if registration is not None:
        row = conn.execute("SELECT id FROM registrations WHERE id = ?", (registration.strip().upper(),)).fetchone()
        if row is None:
            raise NotFound(_("permohonan {id} tidak ditemukan").format(id=registration))
        regs.add(row[0])
    if complaint is not None:
        row = conn.execute("SELECT tracking_number FROM complaints WHERE tracking_number = ?",
                           (complaint.strip().upper(),)).fetchone()
        if row is None:
            raise NotFound(_("pengaduan {id} tidak ditemukan").format(id=complaint))
        complaints.add(row[0])
    if booking is not None:
        row = conn.execute("SELECT code FROM bookings WHERE code = ?", (booking.strip().upper(),)).fetchone()
        if row is None:
            raise NotFound(_("pemesanan {code} tidak ditemukan").format(code=booking))
        bookings.add(row[0])
    # an application made from a booking and the booking go together
    for reg in list(regs):
        row = conn.execute("SELECT booking_code FROM registrations WHERE id = ?", (reg,)).fetchone()
        if row and row[0]:
            bookings.add(row[0])
    for code in list(bookings):
        row = conn.execute("SELECT registration_id FROM bookings WHERE code = ?", (code,)).fetchone()
        if row and row[0]:
            regs.add(row[0])
    return {"registrations": sorted(regs), "bookings": sorted(bookings), "complaints": sorted(complaints)}


def _erase(session: Session, records: dict[str, list[str]], reason: str, note: str | None) -> dict[str, Any]:
    entities = sorted({e for ids in records.values() for e in ids})
    conn = session.store.conn
    events, keys = [], 0
    for start in range(0, max(len(entities), 1), BATCH):
        chunk = entities[start:start + BATCH]
        chunk_keys = _sealed_keys(conn, chunk)  # a key seals one event, of one record: no overlap
        keys += len(chunk_keys)
        events.append(session.append("personal_data_erased", uuid7(), {
            "entities": chunk, "keys": chunk_keys, "reason": reason, "note": note,
            "at": session.now().isoformat(timespec="seconds"),
        }))
    return {**records, "keys": keys, "events": [e.id for e in events], "reason": reason}


def _scrub(session: Session) -> None:
    """After an erasure: the name index rewritten without the erased names (FTS5 keeps a
    deleted row's words in its older segments until they are merged), and the WAL emptied,
    so the file on disk and any backup made from now on hold no copy. With
    ``secure_delete`` (counter_app/store.py) freed pages are zeroed as they are freed."""
    conn = session.store.conn
    with session.transaction():
        conn.execute("INSERT INTO registrations_fts (registrations_fts) VALUES ('optimize')")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except Exception:  # noqa: BLE001 - a reader holding the WAL: it is truncated at the next checkpoint
        pass


def scrub_after(session: Session, events) -> None:
    """After events from elsewhere are committed: if an erasure was among them, scrub this
    file as the erasing device did (the name index, the WAL), so a receiving counter keeps
    no copy of the erased data on its disk either."""
    if any(getattr(e, "type", None) == "personal_data_erased" for e in events):
        _scrub(session)


def erase(session: Session, *, nik: str | None = None, registration: str | None = None,
          complaint: str | None = None, booking: str | None = None, note: str | None = None) -> dict[str, Any]:
    """``loket person erase``: a data subject's request. Supervisor or admin; the event
    records who erased what and why (``note``), without the data."""
    require(session, "personal_data.erase")
    if not any(v is not None for v in (nik, registration, complaint, booking)):
        raise ValidationError("nik", _("sebutkan NIK, nomor permohonan, nomor pengaduan atau kode pemesanan"))
    with session.transaction():
        records = records_of(session, nik=nik, registration=registration, complaint=complaint, booking=booking)
        if not any(records.values()):
            raise NotFound(_("tidak ada data pribadi dengan NIK itu di perangkat ini"))
        result = _erase(session, records, "request", note)
    _scrub(session)
    return result


def retention_days(session: Session) -> int:
    return int(get_setting(session, "retention_days"))


def expired(session: Session, limit: int = BATCH) -> dict[str, list[str]]:
    """This device's records whose retention has ended and whose data is still readable
    (at most ``limit`` applications and ``limit`` complaints)."""
    conn = session.store.conn
    info = site_info(session)
    cutoff = (session.today() - timedelta(days=retention_days(session))).isoformat()
    found = conn.execute(
        "SELECT r.id, r.booking_code FROM registrations r WHERE r.device_id = ? AND r.status IN"
        f" ({','.join('?' * len(FINISHED_APPLICATIONS))}) AND substr(r.status_at, 1, 10) < ?"
        " AND EXISTS (SELECT 1 FROM record_keys k WHERE k.entity_id = r.id) ORDER BY r.id LIMIT ?",
        (info.device_id, *FINISHED_APPLICATIONS, cutoff, limit)).fetchall()
    regs = [r[0] for r in found]
    complaints = [r[0] for r in conn.execute(
        "SELECT c.tracking_number FROM complaints c WHERE c.device_id = ? AND c.status IN"
        f" ({','.join('?' * len(FINISHED_COMPLAINTS))}) AND substr(c.status_at, 1, 10) < ?"
        " AND EXISTS (SELECT 1 FROM record_keys k WHERE k.entity_id = c.tracking_number)"
        " ORDER BY c.tracking_number LIMIT ?", (info.device_id, *FINISHED_COMPLAINTS, cutoff, limit))]
    bookings = sorted({r[1] for r in found if r[1]})
    return {"registrations": regs, "bookings": bookings, "complaints": complaints}


def erase_expired(session: Session, max_batches: int = 100) -> dict[str, Any]:
    """The retention rule, run by the app once a day and by ``loket person retention``: the
    site's rule, not an officer's choice, so it is recorded as the device's (``system``).
    One short transaction per batch of records, so the counters' own writes go on between
    them on a database years old; at most ``max_batches`` batches a run (the rest next day)."""
    system = session.as_actor(SYSTEM)
    total: dict[str, Any] = {"registrations": [], "bookings": [], "complaints": [], "keys": 0, "events": [],
                             "reason": "retention", "retention_days": retention_days(system)}
    for _batch in range(max_batches):
        with system.transaction():
            records = expired(system, BATCH // 2)
            if not any(records.values()):
                break
            result = _erase(system, records, "retention", None)
        for name in ("registrations", "bookings", "complaints", "events"):
            total[name] += result[name]
        total["keys"] += result["keys"]
    if total["events"]:
        _scrub(system)
    return total


@projector("personal_data_erased", refold=False)
def _erased(conn, event: Event) -> None:
    """Delete the keys (and remember them as erased, so a late copy is refused), then fold
    each record again: its projections now read the erased values."""
    p = event.payload
    personal.shred(conn, p.get("keys", []), p.get("at") or event.recorded_at)
    for entity in p.get("entities", []):
        # a copy refused before the log (kept whole, key included, for a retry) goes too
        conn.execute("DELETE FROM quarantine WHERE entity_id = ? AND in_log = 0", (entity,))
        refold_entity(conn, entity)
