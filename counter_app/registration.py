"""Registrations (the paper form, digitised) and the application lifecycle to hand-over.

received (diterima) → verified (diverifikasi) → in process (diproses) → finished (selesai)
→ handed over (diserahkan); side exits: returned incomplete (dikembalikan), rejected
(ditolak), withdrawn (dicabut). The deadline runs from the day the requirements are
complete; past it, the application is deemed approved by law (Permenpan RB 93/2021).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import name_search
from .calendar import site_calendar
from .catalog import Service, get_service, get_service_version
from .clock import parse_date
from .errors import NotFound, StateError, ValidationError
from .events import Event, Unapplicable, order_key, projection_tables, projector
from .formatting import tanggal_pendek
from .i18n import N_, _
from .permissions import require
from .queue import ticket_by_ref
from .session import Session
from .site import site_info
from .users import can_see_personal_data
from .validation import mask_nik, mask_phone, require_text, validate_nik, validate_phone

projection_tables("registrations", "application_history",
                  keys={"registrations": "id", "application_history": "registration_id"})

# Labels stay Indonesian here (the UI translates them through its .ts files too); the core
# shows them through status_label().
STATUSES = {
    "diterima": N_("Diterima"),
    "diverifikasi": N_("Persyaratan diverifikasi"),
    "diproses": N_("Diproses"),
    "selesai": N_("Selesai"),
    "diserahkan": N_("Diserahkan"),
    "dikembalikan": N_("Dikembalikan (tidak lengkap)"),
    "ditolak": N_("Ditolak"),
    "dicabut": N_("Dicabut pemohon"),
}
TRANSITIONS = {
    "diterima": {"diverifikasi", "dikembalikan", "ditolak", "dicabut"},
    "diverifikasi": {"diproses", "dikembalikan", "ditolak", "dicabut"},
    "diproses": {"selesai", "ditolak", "dicabut"},
    "selesai": {"diserahkan"},
    "dikembalikan": {"diterima", "diverifikasi", "dicabut"},
    "diserahkan": set(),
    "ditolak": set(),
    "dicabut": set(),
}
# Statuses whose clock is running: past the deadline they are deemed approved.
OPEN_STATUSES = ("diterima", "diverifikasi", "diproses")
CHANNELS = ("walk_in", "satellite", "online")
CHANNEL_LABELS = {"walk_in": N_("datang langsung"), "satellite": N_("layanan satelit"),
                  "online": N_("daring (online booking)")}
ENTRY_MODE_LABELS = {"direct": N_("input langsung"), "paper": N_("transkripsi formulir kertas")}
DEEMED_APPROVED = N_("dianggap disetujui menurut hukum (melewati batas waktu)")


def status_label(status: str) -> str:
    """The label of an application status code in the current language."""
    return _(STATUSES[status]) if status in STATUSES else status


@dataclass(frozen=True)
class RegistrationInput:
    service: str
    name: str
    nik: str
    sex: str | None = None
    birth_date: str | None = None
    birth_place: str | None = None
    address: str | None = None
    phone: str | None = None
    channel: str = "walk_in"
    ticket: str | None = None
    requirements: tuple[str, ...] | None = None  # the ones received; None + complete = all
    requirements_complete: bool = False
    paper_form_no: str | None = None
    paper_date: str | None = None
    booking_code: str | None = None


def validate_registration(session: Session, data: RegistrationInput) -> tuple[dict[str, Any], Service]:
    """Check every field, collecting all errors; return the clean payload and the service."""
    errors: list[tuple[str, str]] = []
    clean: dict[str, Any] = {}

    def check(field: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            errors.extend(exc.errors)
            return None

    service = None
    try:
        service = get_service(session, data.service)
    except NotFound as exc:
        errors.append(("service", str(exc)))
    clean["name"] = check("name", require_text, data.name, "name", _("Nama pemohon"), 120)
    sex = (data.sex or "").upper() or None
    if sex is not None and sex not in ("L", "P"):
        errors.append(("sex", _("jenis kelamin harus L (laki-laki) atau P (perempuan)")))
        sex = None
    birth = None
    if data.birth_date:
        birth = check("birth_date", parse_date, data.birth_date, "birth_date")
        if birth and birth > session.today():
            errors.append(("birth_date", _("tanggal lahir tidak boleh di masa depan")))
            birth = None
    clean["nik"] = check("nik", validate_nik, data.nik, sex=sex, birth_date=birth)
    clean["sex"] = sex
    clean["birth_date"] = birth.isoformat() if birth else None
    clean["birth_place"] = (data.birth_place or "").strip() or None
    clean["address"] = (data.address or "").strip() or None
    clean["phone"] = check("phone", validate_phone, data.phone) if data.phone else None
    if data.channel not in CHANNELS:
        errors.append(("channel", _("kanal harus salah satu dari {choices}").format(choices=", ".join(CHANNELS))))
    clean["channel"] = data.channel
    if data.paper_date and not data.paper_form_no:
        errors.append(("paper_form_no", _("nomor formulir kertas wajib diisi untuk transkripsi")))
    paper_date = check("paper_date", parse_date, data.paper_date, "paper_date") if data.paper_date else None
    clean["paper_form_no"] = (data.paper_form_no or "").strip() or None
    clean["paper_date"] = paper_date.isoformat() if paper_date else None
    clean["entry_mode"] = "paper" if clean["paper_form_no"] else "direct"
    clean["booking_code"] = data.booking_code
    clean["ticket_id"] = None
    if data.ticket:
        row = ticket_by_ref(session.store, session.today().isoformat(), data.ticket, "id")
        if row is None:
            errors.append(("ticket", _("tiket '{ticket}' tidak ditemukan hari ini").format(ticket=data.ticket)))
        else:
            clean["ticket_id"] = row["id"]
    if service is not None:
        received = list(service.requirements) if data.requirements is None and data.requirements_complete else list(data.requirements or [])
        unknown = [r for r in received if r not in service.requirements]
        if unknown:
            errors.append(("requirements", _("bukan persyaratan layanan {service}: {names}").format(
                service=service.code, names="; ".join(unknown))))
        # complete = every mandatory one, one of each group, never one that applies only in a case
        missing = service.requirement_rule.missing(received)
        if data.requirements_complete and missing:
            errors.append(("requirements", _("belum lengkap, kurang: {names}").format(
                names="; ".join(missing))))
        clean["requirements"] = [r for r in service.requirements if r in received]
        clean["requirements_complete"] = not missing and (data.requirements_complete or bool(service.requirements))
        clean["service"] = service.code
        clean["service_version"] = service.version
        clean["days"] = service.effective_days
        clean["week"] = service.week
    if errors:
        raise ValidationError.many(errors)
    return clean, service


def register(session: Session, data: RegistrationInput) -> dict[str, Any]:
    """Validate and save a registration; nothing is written if any field is wrong."""
    require(session, "service.serve")
    clean, service = validate_registration(session, data)
    info = site_info(session)
    now = session.now()
    day = now.date()
    clean["day"] = day.isoformat()
    clean["at"] = now.isoformat(timespec="seconds")
    if clean.pop("requirements_complete"):
        clean["requirements_complete_on"] = day.isoformat()
        due, estimated = site_calendar(session, service.week).deadline(day, service.effective_days)
        clean["deadline"] = due.isoformat()
        clean["deadline_estimated"] = [d.isoformat() for d in estimated]
    else:
        clean["requirements_complete_on"] = None
        clean["deadline"] = None
        clean["deadline_estimated"] = []
    with session.transaction():
        form_no = clean["paper_form_no"]
        if form_no:
            used = session.store.one("SELECT id FROM registrations WHERE paper_form_no = ?", (form_no,))
            if used:
                raise ValidationError("paper_form_no", _("formulir {form} sudah ditranskripsi sebagai {reg}").format(
                    form=form_no, reg=used["id"]))
        last = session.store.scalar(
            "SELECT max(seq_no) FROM registrations WHERE day = ? AND device_id = ?", (clean["day"], info.device_id)
        ) or 0
        clean["seq_no"] = last + 1
        reg_id = f"{info.code}-{day:%y%m%d}-{info.device_code}-{last + 1:04d}"
        session.append("registration_created", reg_id, clean)
    result = {"registration_id": reg_id, "service": service.code, "status": "diterima", "deadline": clean["deadline"]}
    if clean["deadline_estimated"]:
        result["deadline_provisional"] = True
    return result


def get_application(session: Session, reg_id: str) -> dict[str, Any]:
    row = session.store.one("SELECT * FROM registrations WHERE id = ?", ((reg_id or "").strip().upper(),))
    if row is None:
        raise NotFound(_("registrasi '{reg}' tidak ditemukan").format(reg=reg_id))
    data = _public(session, row)
    data["history"] = [
        dict(r) for r in session.store.query(
            "SELECT from_status, to_status, at, actor, note FROM application_history"
            " WHERE registration_id = ? ORDER BY hlc", (row["id"],),
        )
    ]
    return data


@functools.lru_cache(maxsize=512)
def _json_list(text: str | None) -> tuple:
    """A stored JSON list read once: the requirements of one service version and the
    estimated holidays recur on thousands of rows (a search's page reads 200 of them)."""
    return tuple(json.loads(text)) if text else ()


def _public(session: Session, row, today: date | None = None) -> dict[str, Any]:
    data = dict(row)
    if not can_see_personal_data(session.actor):
        data["nik"] = mask_nik(data["nik"])
        data["phone"] = mask_phone(data["phone"])
    data["requirements"] = list(_json_list(data["requirements"]))
    data["registration_id"] = data.pop("id")
    # provisional: the count crossed a holiday the calendar only estimates (docs/calendar.md)
    data["deadline_estimated"] = list(_json_list(data.get("deadline_estimated")))
    data["deadline_provisional"] = bool(data["deadline_estimated"])
    data["overdue"] = is_overdue(row, today or session.today())
    if data["overdue"]:
        data["legal_status"] = _(DEEMED_APPROVED)
    return data


def is_overdue(row, today: date) -> bool:
    return bool(row["deadline"]) and row["status"] in OPEN_STATUSES and date.fromisoformat(row["deadline"]) < today


def change_status(session: Session, reg_id: str, status: str, note: str | None = None) -> dict[str, Any]:
    require(session, "service.serve")
    status = (status or "").strip().lower()
    if status not in STATUSES:
        raise ValidationError("status", _("status '{status}' tidak dikenal (pilihan: {choices})").format(
            status=status, choices=", ".join(STATUSES)))
    with session.transaction():
        app = get_application(session, reg_id)
        current = app["status"]
        if status not in TRANSITIONS[current]:
            allowed = ", ".join(sorted(TRANSITIONS[current])) or _("tidak ada (status akhir)")
            raise StateError(_("status {current} tidak bisa diubah ke {status}; yang boleh: {allowed}").format(
                current=current, status=status, allowed=allowed))
        now = session.now()
        payload: dict[str, Any] = {"from": current, "to": status, "at": now.isoformat(timespec="seconds"),
                                   "note": (note or "").strip() or None}
        # Verification means the requirements are complete: the deadline clock starts today.
        if status == "diverifikasi" and not app["requirements_complete_on"]:
            # the requirements of the standard version the registration was made under
            service = get_service_version(session, app["service_code"], app["service_version"])
            payload["requirements_complete_on"] = now.date().isoformat()
            due, estimated = site_calendar(session, app["week"]).deadline(now.date(), app["days"])
            payload["deadline"] = due.isoformat()
            payload["deadline_estimated"] = [d.isoformat() for d in estimated]
            payload["requirements"] = list(service.requirements)
        # Returned as incomplete: the requirements were not complete after all, so the clock
        # stops; it starts again (a new day 0) when the file is verified complete.
        if status == "dikembalikan" and app["requirements_complete_on"]:
            payload["clock_stopped"] = True
        session.append("application_status_changed", app["registration_id"], payload)
    return get_application(session, reg_id)


def list_applications(
    session: Session, *, overdue: bool = False, service: str | None = None, status: str | None = None,
    query: str | None = None, due_within_days: int | None = None, limit: int = 500,
) -> list[dict[str, Any]]:
    sql = "1=1"
    params: list[Any] = []
    short = False
    today = session.today()
    if overdue:
        sql += f" AND deadline < ? AND status IN ({','.join('?' * len(OPEN_STATUSES))})"
        params += [today.isoformat(), *OPEN_STATUSES]
    if service:
        sql += " AND service_code = ?"
        params.append(service.upper())
    if status:
        sql += " AND status = ?"
        params.append(status)
    by_name = bool(query and name_search.fts_query(query))
    if query and query.strip() and not by_name:  # a number or a NIK only
        term, values = name_search.exact_filter(query)
        sql += f" AND {term}"
        params += values
        short = True
    if due_within_days is not None:
        horizon = site_calendar(session).add_working_days(today, due_within_days)
        sql += f" AND deadline >= ? AND deadline <= ? AND status IN ({','.join('?' * len(OPEN_STATUSES))})"
        params += [today.isoformat(), horizon.isoformat(), *OPEN_STATUSES]
    if by_name:
        # past or near their deadline: open applications only, read through the status index
        narrow = overdue or due_within_days is not None
        rows = name_search.newest_by_name(session.store.conn, sql, params, query, limit, narrow=narrow)
    else:
        rows = name_search.ordered_applications(session.store.conn, sql, params, limit, short=short)
    return [_public(session, r, today) for r in rows]


def recompute_deadlines(session: Session, *, own_only: bool = True) -> list[dict[str, Any]]:
    """Recompute every provisional deadline (one that crossed an estimated holiday) with the
    calendar as it is now, and record each that changed as ``application_deadline_changed``
    (so the new deadline is a fact every device folds the same way, and the history shows it).

    ``own_only``: only the registrations made on this device (after a sync brought a
    confirmation, each registration is recomputed once, by the device that made it); a
    supervisor's ``confirm_days`` recomputes all it holds."""
    sql = ("SELECT * FROM registrations WHERE deadline_estimated IS NOT NULL"
           f" AND requirements_complete_on IS NOT NULL AND status IN ({','.join('?' * len(OPEN_STATUSES))})")
    params: list[Any] = [*OPEN_STATUSES]
    if own_only:
        sql += " AND device_id = ?"
        params.append(site_info(session).device_id)
    changed = []
    calendars: dict[int, Any] = {}
    with session.transaction():
        for row in session.store.query(sql + " ORDER BY id", params):
            cal = calendars.get(row["week"]) or calendars.setdefault(row["week"], site_calendar(session, row["week"]))
            due, estimated = cal.deadline(date.fromisoformat(row["requirements_complete_on"]), row["days"])
            new = {"deadline": due.isoformat(), "estimated": [d.isoformat() for d in estimated]}
            old = {"deadline": row["deadline"], "estimated": json.loads(row["deadline_estimated"] or "[]")}
            if new == old:
                continue
            settled = sorted(set(old["estimated"]) - set(new["estimated"]))
            session.append("application_deadline_changed", row["id"], {
                "from": row["deadline"], "deadline": new["deadline"], "deadline_estimated": new["estimated"],
                "requirements_complete_on": row["requirements_complete_on"],
                "at": session.now().isoformat(timespec="seconds"), "settled": settled,
            })
            changed.append({"registration_id": row["id"], "from": row["deadline"], "to": new["deadline"],
                            "provisional": bool(new["estimated"])})
    return changed


# ------------------------------------------------------------------ projectors
@projector("registration_created")
def _created(conn, event: Event) -> None:
    p = event.payload
    if conn.execute("SELECT 1 FROM registrations WHERE id = ?", (event.entity_id,)).fetchone():
        # Only possible when two devices of a site share a device code: the first (by hybrid
        # clock) keeps the number, the other is listed as a conflict.
        from . import conflicts

        first = conn.execute("SELECT id FROM events WHERE entity_id = ? AND type = 'registration_created'"
                             " ORDER BY hlc, id LIMIT 1", (event.entity_id,)).fetchone()
        conflicts.record(conn, event, "duplicate_entity", first[0] if first else None,
                         registration_id=event.entity_id)
        return
    conn.execute(
        "INSERT INTO registrations (id, day, seq_no, service_code, service_version, name, nik, sex,"
        " birth_place, birth_date, address, phone, channel, entry_mode, paper_form_no, paper_date,"
        " booking_code, ticket_id, requirements, requirements_complete_on, days, week, deadline, status,"
        " status_at, status_hlc, created_at, created_by, device_id, deadline_estimated) VALUES (:id, :day, :seq_no,"
        " :service, :service_version, :name, :nik, :sex, :birth_place, :birth_date, :address, :phone,"
        " :channel, :entry_mode, :paper_form_no, :paper_date, :booking_code, :ticket_id, :requirements,"
        " :requirements_complete_on, :days, :week, :deadline, 'diterima', :at, :hlc, :at, :actor, :device,"
        " :deadline_estimated)",
        {**p, "id": event.entity_id, "requirements": json.dumps(p["requirements"], ensure_ascii=False),
         "deadline_estimated": _estimated(p),
         "hlc": order_key(event), "actor": event.actor, "device": event.device_id},
    )
    conn.execute(
        "INSERT INTO application_history (event_id, registration_id, from_status, to_status, at, hlc, actor,"
        " note) VALUES (?, ?, NULL, 'diterima', ?, ?, ?, ?)",
        (event.id, event.entity_id, p["at"], event.hlc, event.actor,
         f"formulir kertas {p['paper_form_no']}" if p.get("paper_form_no") else None),
    )


@projector("application_status_changed")
def _status_changed(conn, event: Event) -> None:
    p = event.payload
    if not conn.execute("SELECT 1 FROM registrations WHERE id = ?", (event.entity_id,)).fetchone():
        raise Unapplicable(f"registrasi {event.entity_id} belum ada di perangkat ini")
    conn.execute(
        "INSERT INTO application_history (event_id, registration_id, from_status, to_status, at, hlc, actor,"
        " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event.id, event.entity_id, p["from"], p["to"], p["at"], event.hlc, event.actor, p.get("note")),
    )
    # The newest change by hybrid clock wins, whatever order events arrive in.
    conn.execute(
        "UPDATE registrations SET status = ?, status_at = ?, status_hlc = ? WHERE id = ? AND status_hlc < ?",
        (p["to"], p["at"], order_key(event), event.entity_id, order_key(event)),
    )
    if p.get("clock_stopped"):
        conn.execute(
            "UPDATE registrations SET requirements_complete_on = NULL, deadline = NULL, deadline_estimated = NULL"
            " WHERE id = ? AND status_hlc = ?",
            (event.entity_id, order_key(event)),
        )
    if p.get("deadline"):
        conn.execute(
            "UPDATE registrations SET requirements_complete_on = ?, deadline = ?, requirements = ?,"
            " deadline_estimated = ? WHERE id = ? AND requirements_complete_on IS NULL",
            (p["requirements_complete_on"], p["deadline"], json.dumps(p["requirements"], ensure_ascii=False),
             _estimated(p), event.entity_id),
        )


def _estimated(payload: dict[str, Any]) -> str | None:
    days = payload.get("deadline_estimated") or []
    return json.dumps(days) if days else None


@projector("application_deadline_changed")
def _deadline_changed(conn, event: Event) -> None:
    """A provisional deadline recomputed after the calendar was confirmed. It applies only to
    the same day 0 (a file returned and verified again since has a new deadline of its own);
    the history gets a line when the deadline moved or stopped being provisional."""
    p = event.payload
    row = conn.execute("SELECT status, deadline, deadline_estimated FROM registrations WHERE id = ?",
                       (event.entity_id,)).fetchone()
    if row is None:
        raise Unapplicable(f"registrasi {event.entity_id} belum ada di perangkat ini")
    cur = conn.execute(
        "UPDATE registrations SET deadline = ?, deadline_estimated = ? WHERE id = ?"
        " AND requirements_complete_on = ?",
        (p["deadline"], _estimated(p), event.entity_id, p["requirements_complete_on"]),
    )
    if not cur.rowcount or (row[1], row[2]) == (p["deadline"], _estimated(p)) or row[0] not in OPEN_STATUSES:
        return
    new = tanggal_pendek(p["deadline"])
    note = f"batas waktu {tanggal_pendek(row[1])} → {new}" if row[1] != p["deadline"] else f"batas waktu {new} tetap"
    note += ", sementara (libur perkiraan)" if p.get("deadline_estimated") else ", pasti"
    if p.get("settled"):
        note += f"; kalender dikonfirmasi: {', '.join(tanggal_pendek(d) for d in p['settled'])}"
    conn.execute(
        "INSERT INTO application_history (event_id, registration_id, from_status, to_status, at, hlc, actor,"
        " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event.id, event.entity_id, row[0], row[0], p["at"], event.hlc, event.actor, note),
    )
