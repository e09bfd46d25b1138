"""The public status page asks for the applicant's birth date as well as the code (issue 15):
applications and bookings keep a verifier of it (``birth_check``, see
``sync.portal.projections.birth_check``: a hash of the code and the day, month and two-digit
year the NIK encodes), never the date itself; back-filled from the stored events."""

from __future__ import annotations

import hashlib
import json


def _check(code: str, payload: dict) -> str | None:  # frozen copy of projections.birth_check
    nik = payload.get("nik") if isinstance(payload, dict) else None
    if not isinstance(nik, str) or len(nik) != 16 or not nik.isdigit():
        return None
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day = dd - 40 if dd > 40 else dd
    return hashlib.sha256(f"loket-birth-v1|{code}|{day:02d}{mm:02d}{yy:02d}".encode()).hexdigest()


def migrate(tx) -> None:
    tx.execute("ALTER TABLE applications ADD COLUMN birth_check TEXT")
    tx.execute("ALTER TABLE bookings ADD COLUMN birth_check TEXT")
    for row in tx.all("SELECT site_code, entity_id, type, payload FROM events"
                      " WHERE type IN ('registration_created', 'booking_created') ORDER BY site_code, seq"):
        payload = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
        check = _check(row["entity_id"], payload)
        if check is None:
            continue
        if row["type"] == "booking_created":
            tx.execute("UPDATE bookings SET birth_check = ? WHERE code = ? AND birth_check IS NULL",
                       (check, row["entity_id"]))
        else:
            tx.execute("UPDATE applications SET birth_check = ? WHERE site_code = ? AND id = ?"
                       " AND birth_check IS NULL", (check, row["site_code"], row["entity_id"]))
