"""Registration figures for a date range: volumes by channel and entry mode, completion within
the standard time, and the deadline watch (overdue = deemed approved, due in 2 working days).

The deadline watch is the position at the end of the report's last day, rebuilt from
``application_history`` for the few applications that changed since; for today it equals
``registration.list_applications``. Times (``at``) are local ISO strings, so a day's rows
are ``at >= 'YYYY-MM-DD' AND at < 'next day'``, a range an index can serve.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from ..calendar import site_calendar
from ..formatting import tanggal_pendek
from ..i18n import _
from ..registration import CHANNELS, DEEMED_APPROVED, OPEN_STATUSES
from ..session import Session
from ..validation import mask_nik
from .metrics import percent

ENTRY_MODES = ("direct", "paper")
DUE_SOON_WORKING_DAYS = 2


def mask_name(name: str | None) -> str:
    """``Siti Aminah Putri`` → ``Siti A. P.``: enough to recognise a file, not to identify."""
    parts = (name or "").split()
    if not parts:
        return ""
    return " ".join([parts[0], *(p[0].upper() + "." for p in parts[1:])])


def registration_section(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    rows = session.store.query(  # counted by SQLite: a month is tens of thousands of rows
        "SELECT r.service_code, r.channel, r.entry_mode, s.name, count(*) FROM registrations r"
        " LEFT JOIN services s ON s.code = r.service_code WHERE r.day BETWEEN ? AND ?"
        " GROUP BY r.service_code, r.channel, r.entry_mode",
        (date_from.isoformat(), date_to.isoformat()),
    )
    by_service: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, str] = {}
    channel: Counter = Counter()
    mode: Counter = Counter()
    for code, chan, entry, name, n in rows:
        by_service[code].update({chan: n, entry: n, "total": n})
        names[code] = name or code
        channel[chan] += n
        mode[entry] += n
    return {
        "total": sum(channel.values()),
        "by_channel": {c: channel.get(c, 0) for c in CHANNELS},
        "by_entry_mode": {m: mode.get(m, 0) for m in ENTRY_MODES},
        "by_service": [
            {"service": code, "name": names[code], "total": c["total"],
             **{k: c.get(k, 0) for k in (*CHANNELS, *ENTRY_MODES)}}
            for code, c in sorted(by_service.items())
        ],
    }


_DONE = (" FROM application_history h JOIN registrations r ON r.id = h.registration_id"
         " WHERE h.to_status = 'selesai' AND h.at >= ? AND h.at < ?")
_ON_TIME = "sum(r.deadline IS NOT NULL AND substr(h.at, 1, 10) <= r.deadline)"


def completion_section(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """Applications that reached 'selesai' in the range, and how many by their deadline."""
    per_service = session.store.query(
        f"SELECT r.service_code, count(*), {_ON_TIME}" + _DONE + " GROUP BY r.service_code ORDER BY r.service_code",
        (date_from.isoformat(), (date_to + timedelta(days=1)).isoformat()),
    )
    finished = sum(r[1] for r in per_service)
    within = sum(r[2] for r in per_service)
    return {
        "finished": finished,
        "within_standard": within,
        "late": finished - within,
        "within_standard_pct": percent(within, finished),
        "by_service": [
            {"service": code, "finished": n, "within_standard": ok, "within_standard_pct": percent(ok, n)}
            for code, n, ok in per_service
        ],
    }


def completion_totals(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """``completion_section`` without the per-service rows (for a comparison)."""
    finished, within = session.store.one(
        f"SELECT count(*), coalesce({_ON_TIME}, 0)" + _DONE,
        (date_from.isoformat(), (date_to + timedelta(days=1)).isoformat()))
    return {"finished": finished, "within_standard": within, "late": finished - within,
            "within_standard_pct": percent(within, finished)}


def _watch_rows(session: Session, as_of: date, horizon: date) -> list:
    """Registrations that may have been open at the end of ``as_of`` with a deadline up to
    ``horizon``, each with its status at that moment (``status_then``).

    Only three small sets can qualify, each read through its own index: applications open
    now; those due between ``as_of`` and ``horizon``; and those whose last change came after
    their deadline (a closed application overdue on ``as_of`` was closed after it). The
    status at the end of ``as_of`` is the projection's when nothing changed since, else the
    newest history row by hybrid clock up to that day. The cost follows the open and late
    applications, not the length of the history.
    """
    next_day = (as_of + timedelta(days=1)).isoformat()
    marks = ",".join("?" * len(OPEN_STATUSES))
    return session.store.query(
        "WITH candidate(id) AS ("
        f" SELECT id FROM registrations WHERE status IN ({marks}) AND deadline <= ?"
        " UNION SELECT id FROM registrations WHERE deadline BETWEEN ? AND ? AND status_at >= ?"
        " UNION SELECT id FROM registrations INDEXED BY registrations_closed_late"
        " WHERE status_at > deadline || 'Z'"
        " AND status_at >= ? AND deadline < ?)"
        " SELECT r.*, s.name AS service_name, CASE WHEN r.status_at < ? THEN r.status ELSE"
        " (SELECT h.to_status FROM application_history h WHERE h.registration_id = r.id AND h.at < ?"
        " ORDER BY h.hlc DESC LIMIT 1) END AS status_then"
        " FROM candidate c JOIN registrations r ON r.id = c.id LEFT JOIN services s ON s.code = r.service_code"
        " WHERE r.day <= ? AND r.deadline IS NOT NULL AND r.requirements_complete_on <= ?"
        " ORDER BY r.deadline, r.id",
        (*OPEN_STATUSES, horizon.isoformat(), as_of.isoformat(), horizon.isoformat(), next_day,
         next_day, as_of.isoformat(), next_day, next_day, as_of.isoformat(), as_of.isoformat()),
    )


def deadline_section(session: Session, as_of: date) -> dict[str, Any]:
    """Open applications past their deadline (deemed approved) and those due within 2 working
    days, as they stood at the end of ``as_of``. A deadline that crossed an estimated holiday
    is marked ``deadline_provisional`` (the key is absent otherwise, so the figures of days
    signed before this mark keep their digest)."""
    calendar = site_calendar(session)
    horizon = calendar.add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    overdue, due_soon = [], []
    late: dict[date, int] = {}  # working days late, once per deadline (many share one)
    for r in _watch_rows(session, as_of, horizon):
        if r["status_then"] not in OPEN_STATUSES:
            continue
        deadline = date.fromisoformat(r["deadline"])
        item = {
            "registration_id": r["id"], "service": r["service_code"],
            "service_name": r["service_name"] or r["service_code"], "applicant": mask_name(r["name"]),
            "nik": mask_nik(r["nik"]), "channel": r["channel"], "status": r["status_then"],
            "deadline": r["deadline"],
        }
        if r["deadline_estimated"]:  # crossed a holiday only estimated: provisional (docs/calendar.md)
            estimated = json.loads(r["deadline_estimated"])
            item["deadline_provisional"] = True
            item["estimated_days"] = estimated
            item["deadline_note"] = _("sementara: libur perkiraan {days}").format(
                days=", ".join(tanggal_pendek(d) for d in estimated))
        if deadline < as_of:
            if deadline not in late:
                late[deadline] = calendar.working_days_between(deadline, as_of)
            item["working_days_late"] = late[deadline]
            item["legal_status"] = _(DEEMED_APPROVED)
            overdue.append(item)
        elif deadline <= horizon:
            item["working_days_left"] = calendar.working_days_between(as_of, deadline)
            due_soon.append(item)
    return {"as_of": as_of.isoformat(), "overdue_count": len(overdue), "due_soon_count": len(due_soon),
            "due_soon_until": horizon.isoformat(), "overdue": overdue, "due_soon": due_soon}


def paper_registrations(session: Session, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """Registrations transcribed from paper forms in the range (the sign-off's list)."""
    rows = session.store.query(
        "SELECT id, paper_form_no, paper_date, service_code, name, nik, created_by, created_at"
        " FROM registrations WHERE entry_mode = 'paper' AND day BETWEEN ? AND ?"
        " ORDER BY paper_form_no, id",
        (date_from.isoformat(), date_to.isoformat()),
    )
    return [
        {"kind": "pendaftaran", "form_no": r["paper_form_no"], "paper_date": r["paper_date"],
         "record_id": r["id"], "service": r["service_code"], "subject": mask_name(r["name"]),
         "nik": mask_nik(r["nik"]), "transcribed_by": r["created_by"], "transcribed_at": r["created_at"]}
        for r in rows
    ]
