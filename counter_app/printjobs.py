"""Print-job state and what goes on paper: tickets, receipts, complaint slips and numbered blank forms.

A queue ticket exists from the moment it is issued (``ticket_issued``); printing it is a
separate job that is *reserved* before the printer is touched and then *confirmed* or
*failed*, so a printer fault never loses a ticket and every reprint is counted. Blank
paper forms get a number per printed copy (``F-REG-<SITE>-<YYMMDD>-<DEVICE>-<NNNN>``),
recorded so a transcribed form links back to its paper original. No printer code here:
``printing`` renders and sends; this module only records and gathers the content.
"""

from __future__ import annotations

from typing import Any

from . import complaints, formatting, queue
from .catalog import get_service
from .errors import NotFound, ValidationError
from .events import Event, Unapplicable, projection_tables, projector, uuid7
from .forms import FORM_CODES
from .i18n import _
from .registration import get_application
from .session import Session
from .site import get_setting, site_info
from .validation import mask_nik

projection_tables("print_jobs", "paper_forms", keys={"print_jobs": "id"})

KINDS = ("ticket", "receipt", "form", "complaint")
MAX_FORM_COPIES = 500


# ------------------------------------------------------------------ configuration
def printer_spec(session: Session) -> str:
    """This device's printer spec (setting ``printer@<DEVICE>``), else the site's ``printer``."""
    device = site_info(session).device_code
    try:
        return str(get_setting(session, f"printer@{device}"))
    except KeyError:
        return str(get_setting(session, "printer"))


def print_timeout(session: Session) -> float:
    """Seconds a print may block its caller before it is reported as failed."""
    return float(get_setting(session, "print_timeout_seconds"))


# ------------------------------------------------------------------ content
def tracking_code(site_code: str, day: str, number: str) -> str:
    """The ticket's tracking code for status lookup and online SKM: ``MPP-BDG-260316-A-001``."""
    return f"{site_code}-{day[2:4]}{day[5:7]}{day[8:10]}-{number}"


def ticket_slip(session: Session, ref: str) -> dict[str, Any]:
    """Everything printed on a queue ticket, as display text (Indonesian)."""
    ticket = queue.get_ticket(session, ref)
    row = session.store.one("SELECT day FROM tickets WHERE id = ?", (ticket.id,))
    if row is None:  # pragma: no cover - get_ticket found it
        raise NotFound(_("tiket '{ticket}' tidak ditemukan").format(ticket=ref))
    service = get_service(session, ticket.service_code)
    info = site_info(session)
    return {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "site_code": info.code,
        "site_name": info.name,
        "agency": service.agency,
        "service_code": service.code,
        "service_name": service.name,
        "priority": queue.PRIORITY_CATEGORIES.get(ticket.priority or "", ""),
        "issued_at": formatting.tanggal_jam(ticket.issued_at),
        "waiting_before": queue.waiting_before(session, ticket),
        "tracking_code": tracking_code(info.code, row["day"], ticket.number),
        "footer": str(get_setting(session, "ticket_footer")),
        **_hall_lines(session, ticket, service, info.device_id),
    }


def _hall_lines(session: Session, ticket, service, own_device: str) -> dict[str, Any]:
    """With a site hub: the QR opens the ticket's place in the queue on the hall's Wi-Fi (the
    hub's /q/ page, by the ticket's unguessable id); a ticket this member issued on its own
    while the hub was away says so and where to wait."""
    hub = session.store.one("SELECT role, url FROM hub_state")
    lines: dict[str, Any] = {"position_url": None, "standalone_note": None}
    if hub is None or hub["role"] == "none" or not hub["url"]:
        return lines
    lines["position_url"] = f"{hub['url']}/q/{ticket.id}"
    if hub["role"] == "member" and ticket.device_id == own_device:
        where = f" di gerai {service.gerai}" if service.gerai else ""
        lines["standalone_note"] = (f"MODE MANDIRI: tunggu{where}; nomor ini dipanggil"
                                    " loket yang melayani layanan ini")
    return lines


def receipt_slip(session: Session, reg_id: str) -> dict[str, Any]:
    """Everything printed on a registration receipt (tanda terima), NIK masked."""
    app = get_application(session, reg_id)
    service = get_service(session, app["service_code"])
    info = site_info(session)
    received = list(app["requirements"])
    missing, not_applicable = _requirements_not_received(service, received)
    deadline = (formatting.tanggal(app["deadline"]) if app["deadline"]
                else "dihitung sejak persyaratan lengkap")
    return {
        "registration_id": app["registration_id"],
        "site_code": info.code,
        "site_name": info.name,
        "agency": service.agency,
        "service_code": service.code,
        "service_name": service.name,
        "product": service.product,
        "name": app["name"],
        "nik_masked": mask_nik(app["nik"]),
        "received_at": formatting.tanggal_jam(app["created_at"]),
        "requirements_received": received,
        "requirements_missing": missing,
        "requirements_not_applicable": not_applicable,
        "fee": formatting.rupiah(service.fee),
        "days": app["days"],
        "deadline": deadline,
        "complaint_channel": service.complaint_channel or "Kotak pengaduan di gerai dan SP4N-LAPOR! (lapor.go.id)",
        "officer": app["created_by"],
        "status": app["status"],
        "paper_form_no": app.get("paper_form_no"),
    }


def _requirements_not_received(service, received: list[str]) -> tuple[list[str], list[str]]:
    """The documents not handed in, split by the catalogue's rule: (still needed, not
    applicable). A document that applies only in a case (``when``) is not applicable unless
    ticked, and so are the other alternatives of a one-of group once one of them is in; a
    group with nothing handed in lists every alternative as still needed."""
    rule, got = service.requirement_rule, set(received)
    missing: list[str] = []
    not_applicable: list[str] = []
    for item in service.requirements:
        if item in got:
            continue
        group = rule.group_of(item)
        if rule.kind(item) == "bila_berlaku" or (group and got & set(group)):
            not_applicable.append(item)
        else:
            missing.append(item)
    return missing, not_applicable


def complaint_slip(session: Session, tracking_number: str) -> dict[str, Any]:
    """Everything printed on the complainant's slip (tanda terima pengaduan), as display text."""
    c = complaints.get_complaint(session, tracking_number)
    return {
        "tracking_number": c["tracking_number"],
        "site_code": site_info(session).code,
        "site_name": site_info(session).name,
        "type": complaints.TYPES.get(c["type"], c["type"]),
        "filed_at": formatting.tanggal_jam(c["filed_at"]),
        "channel": complaints.CHANNELS.get(c["channel"], c["channel"]),
        "service_name": get_service(session, c["service_code"]).name if c.get("service_code") else "",
        "complainant": "Anonim" if c["anonymous"] else (c.get("name") or "-"),
        "status": complaints.STATUSES.get(c["status"], c["status"]),
        "lapor_ref": c.get("lapor_ref") or "",
        "deadline": formatting.tanggal(c["deadline"]),
    }


# ------------------------------------------------------------------ print jobs
def printed_count(session: Session, kind: str, ref: str) -> int:
    return session.store.scalar(
        "SELECT count(*) FROM print_jobs WHERE kind = ? AND ref = ? AND status = 'printed'", (kind, ref)
    )


def reserve_print(session: Session, kind: str, ref: str, label: str, target: str,
                  reprint: bool = False) -> dict[str, Any]:
    """Record a print job before the printer is touched; a second printed copy is a reprint."""
    if kind not in KINDS:
        raise ValidationError("kind", _("jenis cetakan harus salah satu dari {choices}").format(choices=", ".join(KINDS)))
    with session.transaction():
        reprint = bool(reprint or printed_count(session, kind, ref) > 0)
        job_id = uuid7()
        session.append("print_reserved", job_id, {
            "kind": kind, "ref": ref, "label": label, "target": target, "reprint": reprint,
            "at": session.now().isoformat(timespec="seconds"),
        })
    return get_job(session, job_id)


def confirm_print(session: Session, job_id: str) -> dict[str, Any]:
    with session.transaction():
        _require_reserved(session, job_id)
        session.append("print_confirmed", job_id, {"at": session.now().isoformat(timespec="seconds")})
    return get_job(session, job_id)


def fail_print(session: Session, job_id: str, error: str) -> dict[str, Any]:
    with session.transaction():
        _require_reserved(session, job_id)
        session.append("print_failed", job_id, {
            "at": session.now().isoformat(timespec="seconds"), "error": error[:500],
        })
    return get_job(session, job_id)


def _require_reserved(session: Session, job_id: str) -> None:
    job = get_job(session, job_id)
    if job["status"] != "reserved":
        raise ValidationError("job", _("pekerjaan cetak {job} sudah {status}").format(job=job_id, status=job["status"]))


def get_job(session: Session, job_id: str) -> dict[str, Any]:
    row = session.store.one("SELECT * FROM print_jobs WHERE id = ?", (job_id,))
    if row is None:
        raise NotFound(_("pekerjaan cetak '{job}' tidak ditemukan").format(job=job_id))
    data = dict(row)
    data["reprint"] = bool(data["reprint"])
    return data


def list_jobs(session: Session, *, kind: str | None = None, ref: str | None = None,
              status: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    sql, params = "SELECT * FROM print_jobs WHERE 1=1", []
    for column, value in (("kind", kind), ("ref", ref), ("status", status)):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    rows = session.store.query(sql + " ORDER BY reserved_at DESC, rowid DESC LIMIT ?", (*params, limit))
    return [{**dict(r), "reprint": bool(r["reprint"])} for r in rows]


@projector("print_reserved")
def _reserved(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO print_jobs (id, kind, ref, label, reprint, target, status, reserved_at, device_id,"
        " actor) VALUES (?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?)",
        (event.entity_id, p["kind"], p["ref"], p["label"], int(p["reprint"]), p["target"], p["at"],
         event.device_id, event.actor),
    )


@projector("print_confirmed", "print_failed")
def _finished(conn, event: Event) -> None:
    status = "printed" if event.type == "print_confirmed" else "failed"
    if not conn.execute("SELECT 1 FROM print_jobs WHERE id = ?", (event.entity_id,)).fetchone():
        raise Unapplicable(f"pekerjaan cetak {event.entity_id} belum ada di perangkat ini")
    conn.execute(
        "UPDATE print_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?",
        (status, event.payload.get("error"), event.payload["at"], event.entity_id),
    )


# ------------------------------------------------------------------ numbered paper forms
def issue_form_numbers(session: Session, kind: str, copies: int = 1,
                       service_code: str | None = None) -> list[str]:
    """Number ``copies`` blank forms of ``kind`` (registration, skm, complaint) and record them."""
    if kind not in FORM_CODES:
        raise ValidationError("form", _("formulir harus salah satu dari {choices}").format(choices=", ".join(FORM_CODES)))
    if not 1 <= copies <= MAX_FORM_COPIES:
        raise ValidationError("copies", _("jumlah salinan harus 1–{n}").format(n=MAX_FORM_COPIES))
    service = get_service(session, service_code).code if service_code else None
    info = site_info(session)
    now = session.now()
    day = now.date().isoformat()
    with session.transaction():
        last = session.store.scalar(
            "SELECT max(seq_no) FROM paper_forms WHERE kind = ? AND day = ? AND device_id = ?",
            (kind, day, info.device_id),
        ) or 0
        if last + copies > 9999:
            raise ValidationError("copies", _("nomor formulir hari ini sudah habis (9999)"))
        numbers = [
            f"F-{FORM_CODES[kind]}-{info.code}-{now:%y%m%d}-{info.device_code}-{n:04d}"
            for n in range(last + 1, last + copies + 1)
        ]
        session.append("paper_forms_issued", f"{kind}:{day}:{last + 1}", {
            "kind": kind, "day": day, "first": last + 1, "numbers": numbers, "service": service,
            "at": now.isoformat(timespec="seconds"),
        })
    return numbers


def get_paper_form(session: Session, form_no: str) -> dict[str, Any]:
    """The record of one printed blank form, by the number printed on it."""
    row = session.store.one("SELECT * FROM paper_forms WHERE form_no = ?", ((form_no or "").strip().upper(),))
    if row is None:
        raise NotFound(_("formulir kertas '{form}' tidak pernah dicetak di sini").format(form=form_no))
    return dict(row)


@projector("paper_forms_issued", refold=False)  # one event per batch of numbers
def _forms_issued(conn, event: Event) -> None:
    p = event.payload
    conn.executemany(
        "INSERT INTO paper_forms (form_no, kind, day, seq_no, service_code, issued_at, device_id, actor)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(no, p["kind"], p["day"], p["first"] + i, p["service"], p["at"], event.device_id, event.actor)
         for i, no in enumerate(p["numbers"])],
    )
