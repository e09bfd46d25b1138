"""What the portal keeps as current state, projected from the events it stores.

Only what the portal's own pages and imports need: the site's catalogue, holidays and settled
estimated holidays, the
bookings and the applications' status (for ``/status/CODE``). Order-independent: a
service's newer version and an application's newest status (by hybrid clock) win. Every row
is the site's: each write names the site of the event it projects, never an id alone.

A sealed payload (counter_app/personal.py) is projected opened with the key the portal holds
for the site (sync/portal/sealing.py); without it (erased, or never sent) the personal fields
read as erased and the portal keeps nothing of them: no name, no birth-date verifier. A
``personal_data_erased`` event blanks what was projected from its records.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date
from typing import Any

from . import sealing
from .db import Tx


def birth_check(code: str, payload: dict[str, Any]) -> str | None:
    """A verifier of the birth date the applicant's NIK encodes (day, month, two-digit year;
    validate_nik holds a given birth date to it), bound to the code: the public status page
    compares what a visitor types with it and the portal keeps no date. None without a NIK."""
    nik = payload.get("nik")
    if not isinstance(nik, str) or len(nik) != 16 or not nik.isdigit():
        return None
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    return _digest(code, dd - 40 if dd > 40 else dd, mm, yy)


def birth_matches(code: str, check: str | None, birth: date) -> bool:
    return bool(check) and hmac.compare_digest(check, _digest(code, birth.day, birth.month, birth.year % 100))


def _digest(code: str, day: int, month: int, yy: int) -> str:
    return hashlib.sha256(f"loket-birth-v1|{code}|{day:02d}{month:02d}{yy:02d}".encode()).hexdigest()


def project(tx: Tx, site: str, event: dict[str, Any]) -> None:
    """Fold one stored event (its payload as stored: sealed or plain) into the site's rows."""
    fn = _PROJECTORS.get(event["type"])
    if fn is None:
        return
    payload, readable = sealing.opened(tx, site, event["type"], event["payload"])
    fn(tx, site, {**event, "payload": payload}, readable)


def key_arrived(tx: Tx, site: str, event: dict[str, Any]) -> None:
    """A stored event whose key came only now (it first came without, e.g. through a device
    that did not hold it): what the portal projects from its personal data, filled in."""
    payload, readable = sealing.opened(tx, site, event["type"], event["payload"])
    if not readable:
        return
    if event["type"] == "registration_created":
        tx.execute("UPDATE applications SET birth_check = ? WHERE site_code = ? AND id = ? AND birth_check IS NULL",
                   (birth_check(event["entity_id"], payload), site, event["entity_id"]))
    elif event["type"] == "booking_created":
        tx.execute("UPDATE bookings SET name = coalesce(name, ?), birth_check = coalesce(birth_check, ?)"
                   " WHERE site_code = ? AND code = ?",
                   (payload.get("name"), birth_check(payload["code"], payload), site, payload["code"]))


def _service(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    service, version = event["payload"]["service"], int(event["payload"]["version"])
    current = tx.one("SELECT version FROM services WHERE site_code = ? AND code = ?", (site, service["code"]))
    data = json.dumps(service, ensure_ascii=False, sort_keys=True)
    if current is None:
        tx.execute("INSERT INTO services (site_code, code, version, data) VALUES (?, ?, ?, ?)",
                   (site, service["code"], version, data))
    elif int(current["version"]) < version:
        tx.execute("UPDATE services SET version = ?, data = ? WHERE site_code = ? AND code = ?",
                   (version, data, site, service["code"]))


def _closed(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    p = event["payload"]
    tx.execute("DELETE FROM holidays WHERE site_code = ? AND day = ?", (site, p["day"]))
    tx.execute("INSERT INTO holidays (site_code, day, reason) VALUES (?, ?, ?)", (site, p["day"], p["reason"]))


def _reopened(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    tx.execute("DELETE FROM holidays WHERE site_code = ? AND day = ?", (site, event["payload"]["day"]))


def _confirmed(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    """An estimated holiday the site settled (holiday or working day): the newest (by hybrid
    clock) wins, whatever order the events arrive in."""
    p = event["payload"]
    current = tx.one("SELECT hlc FROM calendar_confirmations WHERE site_code = ? AND day = ?", (site, p["day"]))
    if current is None:
        tx.execute("INSERT INTO calendar_confirmations (site_code, day, kind, reason, hlc) VALUES (?, ?, ?, ?, ?)",
                   (site, p["day"], p["kind"], p.get("reason"), event["hlc"]))
    elif current["hlc"] < event["hlc"]:
        tx.execute("UPDATE calendar_confirmations SET kind = ?, reason = ?, hlc = ? WHERE site_code = ? AND day = ?",
                   (p["kind"], p.get("reason"), event["hlc"], site, p["day"]))


def _booking(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    p = event["payload"]
    tx.execute(
        "INSERT INTO bookings (code, site_code, service_code, day, name, created_at, birth_check)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (p["code"], site, p["service"], p["date"], p["name"] if readable else None, p["at"],
         birth_check(p["code"], p) if readable else None),
    )


def _checked_in(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    p = event["payload"]
    tx.execute("UPDATE bookings SET registration_id = ?, checked_in_at = ? WHERE code = ? AND site_code = ?"
               " AND registration_id IS NULL", (p["registration_id"], p["at"], p["code"], site))


def _registration(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    p = event["payload"]
    if tx.one("SELECT 1 AS x FROM applications WHERE site_code = ? AND id = ?", (site, event["entity_id"])):
        return
    tx.execute(
        "INSERT INTO applications (id, site_code, service_code, status, status_hlc, deadline, booking_code,"
        " updated_at, birth_check) VALUES (?, ?, ?, 'diterima', ?, ?, ?, ?, ?)",
        (event["entity_id"], site, p["service"], event["hlc"], p.get("deadline"), p.get("booking_code"), p["at"],
         birth_check(event["entity_id"], p) if readable else None),
    )


def _status(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    p = event["payload"]
    tx.execute("UPDATE applications SET status = ?, status_hlc = ?, updated_at = ?"
               " WHERE site_code = ? AND id = ? AND status_hlc < ?",
               (p["to"], event["hlc"], p["at"], site, event["entity_id"], event["hlc"]))
    if p.get("deadline"):
        tx.execute("UPDATE applications SET deadline = ? WHERE site_code = ? AND id = ? AND deadline IS NULL",
                   (p["deadline"], site, event["entity_id"]))


def _erased(tx: Tx, site: str, event: dict[str, Any], readable: bool) -> None:
    """A person's data erased on a device of the site: the keys go (and every key the portal
    holds of those records), remembered so a late copy is refused, and what the portal
    projected of the person is blanked. The records stay: number, service, day, status."""
    p = event["payload"]
    entities = [e for e in p.get("entities", []) if isinstance(e, str)]
    sealing.shred(tx, site, [k for k in p.get("keys", []) if isinstance(k, str)], entities,
                  p.get("at") or event["recorded_at"])
    for start in range(0, len(entities), 500):
        chunk = entities[start:start + 500]
        marks = ",".join("?" * len(chunk))
        tx.execute(f"UPDATE bookings SET name = NULL, birth_check = NULL WHERE site_code = ? AND code IN ({marks})",
                   (site, *chunk))
        tx.execute(f"UPDATE applications SET birth_check = NULL WHERE site_code = ? AND id IN ({marks})",
                   (site, *chunk))


_PROJECTORS = {
    "service_defined": _service,
    "calendar_closed": _closed,
    "calendar_reopened": _reopened,
    "calendar_confirmed": _confirmed,
    "booking_created": _booking,
    "booking_checked_in": _checked_in,
    "registration_created": _registration,
    "application_status_changed": _status,
    "personal_data_erased": _erased,
}
