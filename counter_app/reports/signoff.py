"""The daily sign-off (Berita Acara): the day's totals, the records transcribed from paper and
who verified them; signing off appends a ``day_signed_off`` event.

The event carries a digest of the day's figures, so a sign-off whose day was changed later
(a late transcription, say) is shown as such instead of silently covering new data.

The ticket totals always add up: issued = served + no-show + cancelled + skipped + not yet
finished (waiting or called). A day with tickets not yet finished is signed off only when the
supervisor says so (``with_open``); the event records it and the Berita Acara prints it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ..errors import StateError, ValidationError
from ..events import Event, canonical, projection_tables, projector
from ..formatting import tanggal
from ..i18n import _, language
from ..session import Session
from ..users import require
from ..validation import require_text
from .accountability import paper_skm
from .applications import paper_registrations
from .daily import daily_summary

projection_tables("day_signoffs", keys={"day_signoffs": "day"})

# Parts of a report that describe the file, not the day: left out of the digest.
_NOT_FIGURES = ("generated_at", "generated_by", "software_version", "targets", "metrics", "signoff")
# Listings added to a section after days were signed: they list what the section's counts
# already cover (the SKM sample is made of its respondents and the day's tickets and
# registrations), and leaving them out keeps the digests signed before them valid.
_LISTINGS = {"complaints": ("filed_list",), "skm": ("sample",)}
OPEN_STATUSES = ("waiting", "called")


def figures_digest(report: dict[str, Any]) -> str:
    figures = {k: v for k, v in report.items() if k not in _NOT_FIGURES}
    for section, keys in _LISTINGS.items():
        if isinstance(figures.get(section), dict):
            figures[section] = {k: v for k, v in figures[section].items() if k not in keys}
    return hashlib.sha256(canonical(figures).encode("utf-8")).hexdigest()


def day_totals(report: dict[str, Any]) -> dict[str, Any]:
    """The handful of totals printed on the Berita Acara and stored in the event."""
    t = report["tickets"]["totals"]
    totals = {
        "tickets_issued": t["issued"], "tickets_served": t["served"], "tickets_noshow": t["noshow"],
        "tickets_cancelled": t["cancelled"], "tickets_skipped": t["skipped"], "tickets_open": t["open"],
        "registrations": report["registrations"]["total"],
        "registrations_paper": report["registrations"]["by_entry_mode"]["paper"],
        "applications_finished": report["completion"]["finished"],
        "applications_overdue": report["deadlines"]["overdue_count"],
    }
    if "skm" in report:
        totals["skm_respondents"] = report["skm"]["respondents"]
        totals["skm_paper"] = report["skm"]["by_entry_mode"].get("paper", 0)
    if "complaints" in report:
        totals["complaints_opened"] = report["complaints"]["opened"]
    return totals


def get_signoff(session: Session, day: date) -> dict[str, Any] | None:
    row = session.store.one("SELECT * FROM day_signoffs WHERE day = ?", (day.isoformat(),))
    if row is None:
        return None
    data = dict(row)
    data["totals"] = json.loads(data["totals"])
    return data


def signoff_report(session: Session, day: date) -> dict[str, Any]:
    """Everything the Berita Acara shows: the daily summary, the paper records, the sign-off."""
    report = daily_summary(session, day)
    records = paper_registrations(session, day, day) + paper_skm(session, day, day)
    signed = get_signoff(session, day)
    if signed is not None:
        signed["figures_changed"] = signed["digest"] != figures_digest(report)
    report["report"] = "signoff"
    report["day_totals"] = day_totals(report)
    report["paper_records"] = records
    report["signoff"] = signed
    return report


def open_tickets(session: Session, day: date) -> dict[str, int]:
    """Tickets of ``day`` not yet finished: {"waiting": n, "called": n}."""
    counts = dict(session.store.query(
        f"SELECT status, count(*) FROM tickets WHERE day = ? AND status IN ({','.join('?' * len(OPEN_STATUSES))})"
        " GROUP BY status", (day.isoformat(), *OPEN_STATUSES)))
    return {status: counts.get(status, 0) for status in OPEN_STATUSES}


def sign_off_day(
    session: Session, day: date, *, supervisor_name: str, verifier_name: str, note: str | None = None,
    with_open: bool = False,
) -> dict[str, Any]:
    """Sign off ``day`` as the session's actor (a supervisor); once per day.

    Refused while tickets of the day still wait or are called, unless ``with_open``: the
    supervisor then signs them off as not finished, and the event and the Berita Acara say how
    many."""
    require(session, "report.signoff")
    if day > session.today():
        raise ValidationError("date", _("{day} belum terjadi; tidak bisa ditandatangani").format(
            day=tanggal(day, language())))
    supervisor = require_text(supervisor_name, "supervisor", _("nama penanggung jawab"), 80)
    verifier = require_text(verifier_name, "verifier", _("nama pemeriksa transkripsi"), 80)
    with session.transaction():
        if get_signoff(session, day) is not None:
            raise StateError(_("hari {day} sudah ditandatangani").format(day=tanggal(day, language())))
        still = open_tickets(session, day)
        if sum(still.values()) and not with_open:
            raise StateError(_(
                "{n} tiket {day} belum selesai ({waiting} menunggu, {called} dipanggil): selesaikan,"
                " tandai tidak hadir atau batalkan dulu; bila memang ditutup dengan tiket terbuka,"
                " tandatangani dengan pilihan 'dengan tiket belum selesai' (CLI: --with-open) dan"
                " jumlahnya tercatat pada berita acara").format(
                n=sum(still.values()), day=tanggal(day, language()), waiting=still["waiting"],
                called=still["called"]))
        report = daily_summary(session, day)
        session.append("day_signed_off", day.isoformat(), {
            "day": day.isoformat(), "supervisor": supervisor, "verifier": verifier,
            "note": (note or "").strip() or None, "totals": day_totals(report),
            "digest": figures_digest(report), "at": session.now().isoformat(timespec="seconds"),
            "with_open": bool(with_open), "open_tickets": sum(still.values()),
        })
    return signoff_report(session, day)


@projector("day_signed_off")
def _signed_off(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO day_signoffs (day, event_id, hlc, signed_at, signed_by, supervisor_name,"
        " verifier_name, note, totals, digest) VALUES (?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (day) DO UPDATE SET event_id = excluded.event_id, hlc = excluded.hlc,"
        " signed_at = excluded.signed_at, signed_by = excluded.signed_by,"
        " supervisor_name = excluded.supervisor_name, verifier_name = excluded.verifier_name,"
        " note = excluded.note, totals = excluded.totals, digest = excluded.digest"
        " WHERE excluded.hlc < day_signoffs.hlc",
        (p["day"], event.id, event.hlc, p["at"], event.actor, p["supervisor"], p["verifier"],
         p["note"], json.dumps(p["totals"]), p["digest"]),
    )
