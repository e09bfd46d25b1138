"""Online bookings (semi-digital registration) and their check-in at a counter.

The portal records ``booking_created`` events; counters pull them. Checking an applicant in
by booking code registers the application through :func:`registration.register` with the
data entered online (channel "online") and records ``booking_checked_in``. If two counters
check the same booking in while offline, the earliest check-in by hybrid clock (ties broken
by device id) is the one the booking points to on every device.
"""

from __future__ import annotations

import json
from typing import Any

from . import registration
from .errors import NotFound, StateError
from .events import Event, projection_tables, projector
from .i18n import _
from .session import Session

projection_tables("bookings", keys={"bookings": "code"})


def _norm(code: str) -> str:
    return (code or "").strip().upper()


def get_booking(session: Session, code: str) -> dict[str, Any]:
    row = session.store.one("SELECT * FROM bookings WHERE code = ?", (_norm(code),))
    if row is None or row["data"] is None:
        raise NotFound(_("kode pendaftaran '{code}' tidak ditemukan; sinkronkan dengan portal dulu").format(code=code))
    data = dict(row)
    data["data"] = json.loads(data["data"])
    return data


def list_bookings(session: Session, day: str | None = None) -> list[dict[str, Any]]:
    sql, params = "SELECT code, service_code, day, name, registration_id FROM bookings WHERE data IS NOT NULL", []
    if day:
        sql += " AND day = ?"
        params.append(day)
    return [dict(r) for r in session.store.query(sql + " ORDER BY day, code", params)]


def checkin(session: Session, code: str, ticket: str | None = None) -> dict[str, Any]:
    """Register the applicant of a booking, keeping the data entered online."""
    with session.transaction():
        booking = get_booking(session, code)
        if booking["registration_id"]:
            raise StateError(_("kode {code} sudah didaftarkan di loket: {reg}").format(
                code=booking["code"], reg=booking["registration_id"]))
        d = booking["data"]
        result = registration.register(session, registration.RegistrationInput(
            service=d["service"], name=d["name"], nik=d["nik"], sex=d.get("sex"), birth_date=d.get("birth_date"),
            birth_place=d.get("birth_place"), address=d.get("address"), phone=d.get("phone"),
            channel="online", ticket=ticket, booking_code=booking["code"],
        ))
        session.append("booking_checked_in", booking["code"], {
            "code": booking["code"], "registration_id": result["registration_id"],
            "at": session.now().isoformat(timespec="seconds"),
        })
    return {**result, "booking_code": booking["code"], "booked_for": booking["day"]}


@projector("booking_created")
def _created(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO bookings (code, service_code, day, name, data, created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (code) DO UPDATE SET service_code = excluded.service_code, day = excluded.day,"
        " name = excluded.name, data = excluded.data, created_at = excluded.created_at",
        (p["code"], p["service"], p["date"], p["name"], json.dumps(p, ensure_ascii=False, sort_keys=True), p["at"]),
    )


@projector("booking_checked_in")
def _checked_in(conn, event: Event) -> None:
    p = event.payload
    held = conn.execute("SELECT registration_id FROM bookings WHERE code = ?", (p["code"],)).fetchone()
    if held is not None and held["registration_id"] is not None:
        # Folded in (hlc, id) order: the first check-in stands.
        from . import conflicts

        first = conn.execute(
            "SELECT id FROM events WHERE entity_id = ? AND type = 'booking_checked_in'"
            " ORDER BY hlc, id LIMIT 1", (event.entity_id,)).fetchone()
        conflicts.record(conn, event, "double_checkin", first[0] if first else None, booking=p["code"],
                         registration_id=p["registration_id"], kept_registration_id=held["registration_id"])
        return
    conn.execute(
        "INSERT INTO bookings (code, registration_id, checkin_hlc, checked_in_at, checked_in_device)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET registration_id = excluded.registration_id,"
        " checkin_hlc = excluded.checkin_hlc, checked_in_at = excluded.checked_in_at,"
        " checked_in_device = excluded.checked_in_device"
        " WHERE bookings.checkin_hlc IS NULL OR (excluded.checkin_hlc, excluded.checked_in_device)"
        " < (bookings.checkin_hlc, bookings.checked_in_device)",
        (p["code"], p["registration_id"], event.hlc, p["at"], event.device_id),
    )
