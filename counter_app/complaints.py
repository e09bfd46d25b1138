"""Complaints (pengaduan), criticism, suggestions and appreciation, with tracking numbers.

Stage 1 is handled here without face-to-face contact; stage 2 is forwarded to SP4N-LAPOR!
and keeps the LAPOR! reference. Status: baru → diproses → selesai → ditutup, each response
dated. A complaint not yet finished (selesai/ditutup) after ``complaint_response_days``
working days is overdue.
"""

from __future__ import annotations

import re
from typing import Any

from .calendar import site_calendar
from .catalog import get_service
from .errors import NotFound, StateError, ValidationError
from .events import Event, Unapplicable, order_key, projection_tables, projector
from .i18n import N_, _
from .session import Session
from .site import get_setting, site_info
from .users import can_see_personal_data, require
from .validation import mask_phone, validate_phone

projection_tables("complaints", "complaint_history",
                  keys={"complaints": "tracking_number", "complaint_history": "tracking_number"})

# Labels are marked N_() and shown through _() (the UI also translates them via its .ts files).
TYPES = {"pengaduan": N_("Pengaduan"), "kritik": N_("Kritik"), "saran": N_("Saran"),
         "apresiasi": N_("Apresiasi")}
CHANNELS = {
    "counter": N_("Loket"), "suggestion_box": N_("Kotak saran"), "phone": N_("Telepon"),
    "email": N_("Surel (e-mail)"), "messaging": N_("Pesan (WhatsApp/SMS)"), "web": N_("Situs web"),
}
# Indonesian names an officer types for a channel; the stored code stays the English one above
# (scripts and reports depend on it).
CHANNEL_ALIASES = {
    "loket": "counter", "kotak_saran": "suggestion_box", "telepon": "phone", "surel": "email",
    "pesan": "messaging", "situs": "web",
}


def channel_code(name: str) -> str:
    """The stored code of a channel given by its code or its Indonesian name (``loket``)."""
    key = (name or "").strip().lower().replace("-", "_")
    return CHANNEL_ALIASES.get(key, key)


# Components of the service standard (UU 25/2009 Pasal 21) a complaint can concern.
COMPONENTS = {
    "persyaratan": N_("Persyaratan"),
    "prosedur": N_("Sistem, mekanisme, dan prosedur"),
    "waktu": N_("Jangka waktu penyelesaian"),
    "biaya": N_("Biaya/tarif"),
    "produk": N_("Produk pelayanan"),
    "sarana": N_("Sarana, prasarana, dan/atau fasilitas"),
    "kompetensi": N_("Kompetensi pelaksana"),
    "perilaku": N_("Perilaku pelaksana"),
    "pengaduan": N_("Penanganan pengaduan, saran, dan masukan"),
    "jaminan": N_("Jaminan pelayanan, keamanan dan keselamatan"),
    "lainnya": N_("Lainnya"),
}
STATUSES = {"baru": N_("Baru"), "diproses": N_("Diproses"), "selesai": N_("Selesai"),
            "ditutup": N_("Ditutup")}
OPEN_STATUSES = ("baru", "diproses")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LAPOR_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]{2,39}$")
MAX_TEXT = 4000


def _text(value: str | None, field: str, label: str, errors: list, required: bool = True) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            errors.append((field, _("{label} wajib diisi").format(label=label)))
        return None
    if len(text) > MAX_TEXT:
        errors.append((field, _("{label} terlalu panjang (maksimal {n} karakter)").format(
            label=label, n=MAX_TEXT)))
    return text


def file_complaint(
    session: Session, *, type: str, channel: str, text: str, service: str | None = None,
    component: str | None = None, name: str | None = None, phone: str | None = None,
    email: str | None = None, anonymous: bool = False,
) -> dict[str, Any]:
    """Record a complaint; returns it with the ``tracking_number`` for the complainant."""
    require(session, "complaint.file")
    errors: list[tuple[str, str]] = []
    if type not in TYPES:
        errors.append(("type", _("jenis harus salah satu dari {choices}").format(choices=", ".join(TYPES))))
    channel = channel_code(channel)
    if channel not in CHANNELS:
        errors.append(("channel", _("kanal harus salah satu dari {names} (atau {codes})").format(
            names=", ".join(CHANNEL_ALIASES), codes=", ".join(CHANNELS))))
    if component is not None and component not in COMPONENTS:
        errors.append(("component", _("komponen standar harus salah satu dari {choices}").format(
            choices=", ".join(COMPONENTS))))
    body = _text(text, "text", _("Isi pengaduan"), errors)
    service_code = None
    if service:
        try:
            service_code = get_service(session, service).code
        except NotFound as exc:
            errors.append(("service", str(exc)))
    name = " ".join((name or "").split()) or None
    phone = (phone or "").strip() or None
    email = (email or "").strip() or None
    if anonymous:
        if name or phone or email:
            errors.append(("anonymous", _("pengaduan anonim tidak boleh berisi nama, telepon atau surel")))
    elif not name:
        errors.append(("name", _("nama pelapor wajib diisi (atau pilih anonim)")))
    elif len(name) > 120:
        errors.append(("name", _("nama terlalu panjang (maksimal {n} karakter)").format(n=120)))
    if phone and not anonymous:
        try:
            phone = validate_phone(phone)
        except ValidationError as exc:
            errors.extend(exc.errors)
    if email and not anonymous and not EMAIL_RE.match(email):
        errors.append(("email", _("alamat surel '{email}' tidak sah").format(email=email)))
    if errors:
        raise ValidationError.many(errors)
    info = site_info(session)
    now = session.now()
    day = now.date()
    days = int(get_setting(session, "complaint_response_days"))
    deadline = site_calendar(session).add_working_days(day, days)
    with session.transaction():
        last = session.store.scalar(
            "SELECT max(seq_no) FROM complaints WHERE day = ? AND device_id = ?", (day.isoformat(), info.device_id)
        ) or 0
        tracking = f"{info.code}-ADU-{day:%y%m%d}-{info.device_code}-{last + 1:04d}"
        session.append("complaint_filed", tracking, {
            "type": type, "channel": channel, "text": body, "service": service_code,
            "component": component, "anonymous": bool(anonymous), "name": name, "phone": phone,
            "email": email, "day": day.isoformat(), "seq_no": last + 1,
            "deadline": deadline.isoformat(), "at": now.isoformat(timespec="seconds"),
        })
    return get_complaint(session, tracking)


def _open(session: Session, tracking_number: str):
    tn = (tracking_number or "").strip().upper()
    row = session.store.one("SELECT * FROM complaints WHERE tracking_number = ?", (tn,))
    if row is None:
        raise NotFound(_("pengaduan '{number}' tidak ditemukan").format(number=tracking_number))
    return row


def respond(session: Session, tracking_number: str, text: str, *, final: bool = False) -> dict[str, Any]:
    """Add a dated response; ``final`` marks the complaint finished (selesai)."""
    require(session, "complaint.handle")
    errors: list[tuple[str, str]] = []
    body = _text(text, "text", _("Tanggapan"), errors)
    if errors:
        raise ValidationError.many(errors)
    with session.transaction():
        row = _open(session, tracking_number)
        if row["status"] == "ditutup":
            raise StateError(_("pengaduan {number} sudah ditutup").format(number=row["tracking_number"]))
        to = "selesai" if final else "diproses"
        session.append("complaint_responded", row["tracking_number"], {
            "text": body, "final": final, "from": row["status"], "to": to,
            "at": session.now().isoformat(timespec="seconds"),
        })
    return get_complaint(session, tracking_number)


def forward(session: Session, tracking_number: str, lapor_ref: str, note: str | None = None) -> dict[str, Any]:
    """Stage 2: forwarded to SP4N-LAPOR!, keeping its reference."""
    require(session, "complaint.handle")
    ref = (lapor_ref or "").strip()
    if not LAPOR_RE.match(ref):
        raise ValidationError("lapor_ref", _("nomor referensi SP4N-LAPOR! wajib diisi (3–40 huruf/angka)"))
    with session.transaction():
        row = _open(session, tracking_number)
        if row["status"] not in OPEN_STATUSES:
            raise StateError(_("pengaduan {number} berstatus {status}; tidak bisa diteruskan").format(
                number=row["tracking_number"], status=row["status"]))
        if row["stage"] == 2:
            raise StateError(_("pengaduan {number} sudah diteruskan ({ref})").format(
                number=row["tracking_number"], ref=row["lapor_ref"]))
        session.append("complaint_forwarded", row["tracking_number"], {
            "lapor_ref": ref, "note": (note or "").strip() or None, "from": row["status"],
            "to": "diproses", "at": session.now().isoformat(timespec="seconds"),
        })
    return get_complaint(session, tracking_number)


def close(session: Session, tracking_number: str, note: str | None = None) -> dict[str, Any]:
    """Close a complaint; one not finished yet needs a reason."""
    require(session, "complaint.handle")
    note = (note or "").strip() or None
    with session.transaction():
        row = _open(session, tracking_number)
        if row["status"] == "ditutup":
            raise StateError(_("pengaduan {number} sudah ditutup").format(number=row["tracking_number"]))
        if row["status"] != "selesai" and not note:
            raise ValidationError("note", _("alasan penutupan wajib diisi bila pengaduan belum selesai"))
        session.append("complaint_closed", row["tracking_number"], {
            "note": note, "from": row["status"], "to": "ditutup",
            "at": session.now().isoformat(timespec="seconds"),
        })
    return get_complaint(session, tracking_number)


def _public(session: Session, row) -> dict[str, Any]:
    data = dict(row)
    data["anonymous"] = bool(data["anonymous"])
    data["overdue"] = data["status"] in OPEN_STATUSES and data["deadline"] < session.today().isoformat()
    if not can_see_personal_data(session.actor):
        data["phone"] = mask_phone(data["phone"]) or None
        if data["email"]:
            local, _at, domain = data["email"].partition("@")
            data["email"] = f"{local[:1]}***@{domain}"
    return data


def get_complaint(session: Session, tracking_number: str) -> dict[str, Any]:
    row = _open(session, tracking_number)
    data = _public(session, row)
    data["history"] = [dict(r) for r in session.store.query(
        "SELECT action, status, text, at, actor FROM complaint_history WHERE tracking_number = ?"
        " ORDER BY hlc", (row["tracking_number"],),
    )]
    return data


def list_complaints(
    session: Session, overdue: bool = False, *, status: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """Complaints, oldest deadline first; ``overdue`` = still open past the response deadline."""
    sql, params = "SELECT * FROM complaints WHERE 1=1", []
    if overdue:
        sql += " AND status IN ('baru', 'diproses') AND deadline < ?"
        params.append(session.today().isoformat())
    if status:
        if status not in STATUSES:
            raise ValidationError("status", _("status harus salah satu dari {choices}").format(
                choices=", ".join(STATUSES)))
        sql += " AND status = ?"
        params.append(status)
    sql += " ORDER BY deadline, tracking_number LIMIT ?"
    params.append(limit)
    return [_public(session, r) for r in session.store.query(sql, params)]


# ------------------------------------------------------------------ projectors
@projector("complaint_filed")
def _filed(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO complaints (tracking_number, day, seq_no, type, channel, anonymous, name, phone, email,"
        " service_code, component, text, status, deadline, filed_at, status_at, status_hlc, created_by,"
        " device_id) VALUES (:tn, :day, :seq_no, :type, :channel, :anonymous, :name, :phone, :email,"
        " :service, :component, :text, 'baru', :deadline, :at, :at, :hlc, :actor, :device)",
        {**p, "tn": event.entity_id, "anonymous": int(p["anonymous"]), "hlc": order_key(event),
         "actor": event.actor, "device": event.device_id},
    )
    _history(conn, event, "filed", "baru", p["text"])


@projector("complaint_responded", "complaint_forwarded", "complaint_closed")
def _changed(conn, event: Event) -> None:
    p = event.payload
    if not conn.execute("SELECT 1 FROM complaints WHERE tracking_number = ?", (event.entity_id,)).fetchone():
        raise Unapplicable(f"pengaduan {event.entity_id} belum ada di perangkat ini")
    action = event.type.removeprefix("complaint_")
    # The newest change by hybrid clock wins, whatever order events arrive in.
    conn.execute(
        "UPDATE complaints SET status = ?, status_at = ?, status_hlc = ? WHERE tracking_number = ?"
        " AND status_hlc < ?", (p["to"], p["at"], order_key(event), event.entity_id, order_key(event)),
    )
    if event.type == "complaint_forwarded":
        conn.execute("UPDATE complaints SET stage = 2, lapor_ref = ? WHERE tracking_number = ?",
                     (p["lapor_ref"], event.entity_id))
    text = p.get("text") if event.type == "complaint_responded" else p.get("note")
    if event.type == "complaint_forwarded":
        text = f"diteruskan ke SP4N-LAPOR! ({p['lapor_ref']})" + (f": {text}" if text else "")
    _history(conn, event, action, p["to"], text)


def _history(conn, event: Event, action: str, status: str, text: str | None) -> None:
    conn.execute(
        "INSERT INTO complaint_history (event_id, tracking_number, action, status, text, at, hlc, actor)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event.id, event.entity_id, action, status, text, event.payload["at"], event.hlc, event.actor),
    )
