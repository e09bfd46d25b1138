"""Queue tickets: issue, call next, recall, skip, no-show, restore, transfer, finish.

Numbering: ``PREFIX-NNN``, prefix per service, reset daily. Each device of a site has its
own series (0 to ``site.MAX_SERIES``) so devices issuing offline never collide: series 0
numbers 001–999, series 1 numbers 1001–1999, series 15 numbers 15001–15999 (``A-001``,
``A-1001``, ``A-15001``; docs/queue-numbering.md). One active ticket per
counter. Priority tickets (lansia, disabilitas, ibu hamil, anak) are called 1 for every N
normal ones; a normal ticket that has waited past the cap goes before a priority ticket
that has not (on an overloaded day where both have, the ratio decides). Every call
records the reason it was chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from . import conflicts
from .catalog import get_service
from .errors import NotFound, StateError, ValidationError
from .events import Event, Unapplicable, projection_tables, projector, refold_entity, uuid7
from .formatting import names_itself
from .i18n import N_, _, language
from .permissions import require
from .service_hours import require_open
from .session import Session
from .site import get_setting, site_info

projection_tables("tickets", "ticket_history", keys={"tickets": "id", "ticket_history": "ticket_id"})

PRIORITY_CATEGORIES = {
    "lansia": N_("Lansia"),
    "disabilitas": N_("Penyandang disabilitas"),
    "ibu_hamil": N_("Ibu hamil"),
    "anak": N_("Anak-anak / ibu dengan balita"),
}
SERIES_SIZE = 1000
ACTIVE = "called"

# Why a ticket was chosen, by reason code. The event stores the reason in Indonesian (the log
# reads the same on every device, whatever its officer's language); call_reason_text() shows
# it in the current language.
CALL_REASONS = {
    "fifo": N_("urutan antrean"),
    "wait_cap": N_("menunggu {minutes} menit, melewati batas {cap} menit"),
    "priority_only": N_("prioritas ({label}); tidak ada antrean biasa"),
    "priority_ratio": N_("prioritas ({label}), rasio 1:{ratio}"),
}
_REASON_PATTERNS = [
    (template, re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(template))))
    for template in CALL_REASONS.values()
]


def call_reason_text(reason: str | None) -> str | None:
    """A stored call reason (Indonesian) in the current language, its numbers and priority
    category kept; a reason from an older version without a template is translated whole."""
    if not reason or language() == "id":
        return reason
    for template, pattern in _REASON_PATTERNS:
        found = pattern.fullmatch(reason)
        if found:
            args = found.groupdict()
            if "label" in args:
                args["label"] = _(args["label"])
            return _(template).format(**args)
    return _(reason)


@dataclass(frozen=True)
class Ticket:
    id: str
    number: str
    day: str
    service_code: str
    priority: str | None
    status: str
    issued_at: str
    counter: str | None
    called_at: str | None
    reason: str | None
    call_count: int
    device_id: str = ""  # the device that issued it (mode mandiri's rule, counter_app.hub)

    @classmethod
    def from_row(cls, row) -> Ticket:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["ticket"] = data.pop("number")
        data["service"] = data.pop("service_code")
        return data


def format_number(prefix: str, series: int, n: int) -> str:
    """The printed number of a device's ``n``-th ticket of the day: ('A', 0, 1) -> 'A-001',
    ('A', 15, 1) -> 'A-15001'. ``n`` stays below ``SERIES_SIZE``, so the ranges of two series
    never overlap and the number alone tells which device issued it."""
    if series < 0 or not 1 <= n < SERIES_SIZE:
        raise ValueError(f"series {series} / n {n} outside the numbering scheme")
    return f"{prefix}-{series * SERIES_SIZE + n:03d}"


def number_parts(number: str) -> tuple[str, int, int] | None:
    """The (prefix, series, seq_no) a printed number is made of, the inverse of
    :func:`format_number` ('A-1001' -> ('A', 1, 1); a clash's device mark after '*' is not
    part of it); None for text that is no ticket number."""
    prefix, dash, digits = number.split("*", 1)[0].rpartition("-")
    if not (prefix and dash and len(digits) >= 3 and digits.isascii() and digits.isdigit()):
        return None
    return (prefix, *divmod(int(digits), SERIES_SIZE))


def ticket_by_number(store, day: str, number: str, columns: str = "*"):
    """The ticket printed ``number`` on ``day``, or None. Numbers are unique per day within
    the numbering index, which holds them beside their parts (migration 0025)."""
    parts = number_parts(number)
    if parts is None:
        return None
    return store.one(
        f"SELECT {columns} FROM tickets WHERE day = ? AND prefix = ? AND series = ? AND seq_no = ?"
        " AND number = ?", (day, *parts, number))


def ticket_by_ref(store, day: str, ref: str, columns: str = "*"):
    """The ticket an officer names: its printed number on ``day`` (any case, spaces around it
    ignored) or its id; None when neither is there."""
    ref = (ref or "").strip().upper()
    return ticket_by_number(store, day, ref, columns) or store.one(
        f"SELECT {columns} FROM tickets WHERE id = ?", (ref.lower(),))


def _ticket(session: Session, ref: str, day: date | None = None) -> Ticket:
    row = ticket_by_ref(session.store, (day or session.today()).isoformat(), ref)
    if row is None:
        raise NotFound(_("tiket: '{ticket}' tidak ditemukan untuk hari ini").format(
            ticket=(ref or "").strip().upper()))
    return Ticket.from_row(row)


def get_ticket(session: Session, ref: str, day: date | None = None) -> Ticket:
    return _ticket(session, ref, day)


def _counter(counter: str) -> str:
    value = " ".join((counter or "").split())
    if not value or len(value) > 32:
        raise ValidationError("counter", _("nama loket wajib diisi (maksimal 32 karakter)"))
    return value


def _waiting_before_sql(priority: bool) -> str:
    """How many of the service's waiting tickets go before ticket ``t``: those queued earlier;
    for a priority ticket only the priority ones queued earlier (it is called before the normal
    queue, so "1 before you" on a priority slip that is called next was wrong). One range of
    the tickets_queue index (migration 0023), the ticket ids in its entries; a priority
    ticket's count also reads each row in that range for its priority."""
    return ("SELECT count(*) FROM tickets w WHERE w.day = t.day AND w.status = 'waiting'"
            " AND w.service_code = t.service_code AND w.queued_at <= t.queued_at AND w.id != t.id"
            + (" AND w.priority IS NOT NULL" if priority else ""))


def waiting_before(session: Session, ticket: Ticket) -> int:
    """The number printed on a slip as 'Antrean sebelum Anda' (:func:`_waiting_before_sql`)."""
    return session.store.scalar(
        f"SELECT ({_waiting_before_sql(bool(ticket.priority))}) FROM tickets t WHERE t.id = ?", (ticket.id,))


def issue_ticket(session: Session, service_code: str, priority: str | None = None) -> dict[str, Any]:
    """Issue the next number for a service; returns the ticket with ``waiting_before``."""
    if priority is not None and priority not in PRIORITY_CATEGORIES:
        raise ValidationError(
            "priority", _("kategori prioritas '{priority}' tidak dikenal (pilihan: {choices})").format(
                priority=priority, choices=", ".join(PRIORITY_CATEGORIES))
        )
    require(session, "service.serve")
    with session.transaction():  # the configuration read under the write lock: one data_version
        service = get_service(session, service_code)
        info = site_info(session)
        now = session.now()
        require_open(session, service, now)  # hours, breaks, cut-off; calls go on (the hall is served)
        day = now.date().isoformat()
        last = session.store.scalar(
            "SELECT max(seq_no) FROM tickets WHERE day = ? AND prefix = ? AND series = ?",
            (day, service.prefix, info.series),
        ) or 0
        if last + 1 >= SERIES_SIZE:
            raise StateError(_("nomor antrean {prefix} untuk seri {series} hari ini sudah habis (999)").format(
                prefix=service.prefix, series=info.series))
        ticket_id = uuid7()
        session.append("ticket_issued", ticket_id, {
            "day": day, "number": format_number(service.prefix, info.series, last + 1),
            "prefix": service.prefix, "series": info.series, "seq_no": last + 1,
            "service": service.code, "priority": priority, "at": now.isoformat(timespec="seconds"),
        })
        # the ticket as projected (its number may carry a clash mark) and its place, in one read
        row = session.store.one(
            f"SELECT t.*, ({_waiting_before_sql(priority is not None)}) AS waiting_before"
            " FROM tickets t WHERE t.id = ?", (ticket_id,))
        result = Ticket.from_row(row).as_dict()
        result["waiting_before"] = row["waiting_before"]
    return result


def _minutes(since: str, now: datetime) -> float:
    return (now - datetime.fromisoformat(since)).total_seconds() / 60


def choose_next(session: Session, counter: str, services: list[str] | None,
                eligible: Callable[[Ticket], bool] | None = None) -> tuple[Ticket, str, str] | None:
    """Pick the ticket a counter should call next and why: (ticket, reason_code, reason).
    ``eligible`` narrows the waiting tickets (mode mandiri's lease rule, counter_app.hub)."""
    day = session.today().isoformat()
    sql = "SELECT * FROM tickets WHERE day = ? AND status = 'waiting'"
    params: list[Any] = [day]
    if services:
        sql += f" AND service_code IN ({','.join('?' * len(services))})"
        params += services
    # Only the first normal and the first priority ticket (in queue order) can be chosen: read
    # those two, not the whole waiting list (a busy hall has thousands).
    waiting = []
    for kind in ("IS NULL", "IS NOT NULL"):
        rows = session.store.conn.execute(
            f"{sql} AND priority {kind} ORDER BY queued_at, issued_at, number", params)
        for row in rows:
            ticket = Ticket.from_row(row)
            if eligible is None or eligible(ticket):
                waiting.append(ticket)
                break
    if not waiting:
        return None
    now = session.now()
    normal = [t for t in waiting if t.priority is None]
    priority = [t for t in waiting if t.priority is not None]
    cap = get_setting(session, "max_wait_minutes")
    ratio = get_setting(session, "priority_ratio")

    def waited(t: Ticket) -> float:
        return _minutes(t.issued_at, now)

    over_cap = bool(normal and cap and waited(normal[0]) >= cap)

    def capped() -> tuple[Ticket, str, str]:
        return normal[0], "wait_cap", CALL_REASONS["wait_cap"].format(minutes=int(waited(normal[0])), cap=cap)

    if priority:
        label = PRIORITY_CATEGORIES[priority[0].priority]
        if not normal:
            return priority[0], "priority_only", CALL_REASONS["priority_only"].format(label=label)
        since = _normals_since_priority(session, counter, day)
        if since is None or since >= ratio:
            # The cap protects normal tickets from a stream of fresh priority ones; when the
            # priority ticket has waited past the cap too (an overloaded day), the ratio decides,
            # so priority applicants are never starved by the cap.
            if over_cap and waited(priority[0]) < cap:
                return capped()
            return priority[0], "priority_ratio", CALL_REASONS["priority_ratio"].format(label=label, ratio=ratio)
    if over_cap:
        return capped()
    return normal[0], "fifo", CALL_REASONS["fifo"]


def _normals_since_priority(session: Session, counter: str, day: str) -> int | None:
    """Normal tickets this counter called since its last priority call today (None: none yet)."""
    # Read newest first and stop at the first priority call: fetching the whole day's calls
    # cost the hub about 1 ms per call next at 4,000 history rows, growing through the day.
    rows = session.store.conn.execute(
        "SELECT t.priority FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id"
        " WHERE h.counter = ? AND h.action = 'called' AND h.at >= ? ORDER BY h.at DESC, h.rowid DESC",
        (counter, day),
    )
    try:
        for count, row in enumerate(rows):
            if row["priority"] is not None:
                return count
    finally:
        rows.close()  # a statement left mid-result would block a later checkpoint
    return None


def active_ticket(session: Session, counter: str) -> Ticket | None:
    row = session.store.one(
        "SELECT * FROM tickets WHERE counter = ? AND status = 'called' AND day = ?",
        (_counter(counter), session.today().isoformat()),
    )
    return Ticket.from_row(row) if row else None


def call_next(session: Session, counter: str, services: list[str] | None = None,
              eligible: Callable[[Ticket], bool] | None = None) -> dict[str, Any] | None:
    """Call the next ticket to ``counter``; None when nobody is waiting (that ``eligible``
    allows)."""
    require(session, "service.serve")
    counter = _counter(counter)
    services = [get_service(session, s).code for s in services] if services else None
    with session.transaction():
        current = active_ticket(session, counter)
        if current:
            # a counter named "Loket 1" is not "loket Loket 1" (formatting.names_itself)
            busy = (_("{counter} masih melayani {ticket}: selesaikan, lewati atau tandai tidak hadir dulu")
                    if names_itself(counter) else
                    _("loket {counter} masih melayani {ticket}: selesaikan, lewati atau tandai tidak hadir dulu"))
            raise StateError(busy.format(counter=counter, ticket=current.number))
        chosen = choose_next(session, counter, services, eligible)
        if chosen is None:
            return None
        ticket, code, reason = chosen
        session.append("ticket_called", ticket.id, {
            "counter": counter, "at": _now(session), "reason": reason, "reason_code": code,
        })
        return _ticket(session, ticket.id).as_dict()


def _now(session: Session) -> str:
    return session.now().isoformat(timespec="seconds")


def _require_active(ticket: Ticket, action: str) -> None:
    if ticket.status != ACTIVE:
        raise StateError(_("tiket {ticket} tidak sedang dipanggil (status: {status}); tidak bisa {action}").format(
            ticket=ticket.number, status=ticket.status, action=_(action)))


def recall(session: Session, ref: str) -> dict[str, Any]:
    require(session, "service.serve")
    with session.transaction():
        ticket = _ticket(session, ref)
        _require_active(ticket, N_("dipanggil ulang"))
        session.append("ticket_recalled", ticket.id, {"counter": ticket.counter, "at": _now(session)})
        return _ticket(session, ticket.id).as_dict()


def _close(session: Session, ref: str, event_type: str, label: str) -> dict[str, Any]:
    require(session, "service.serve")
    with session.transaction():
        ticket = _ticket(session, ref)
        _require_active(ticket, label)
        session.append(event_type, ticket.id, {"counter": ticket.counter, "at": _now(session)})
        return _ticket(session, ticket.id).as_dict()


def skip(session: Session, ref: str) -> dict[str, Any]:
    return _close(session, ref, "ticket_skipped", N_("dilewati"))


def noshow(session: Session, ref: str) -> dict[str, Any]:
    return _close(session, ref, "ticket_noshow", N_("ditandai tidak hadir"))


def finish(session: Session, ref: str) -> dict[str, Any]:
    return _close(session, ref, "ticket_finished", N_("diselesaikan"))


def cancel(session: Session, ref: str) -> dict[str, Any]:
    """Cancel a waiting ticket (the applicant left before being called)."""
    require(session, "service.serve")
    with session.transaction():
        ticket = _ticket(session, ref)
        if ticket.status != "waiting":
            raise StateError(_("hanya tiket yang menunggu bisa dibatalkan ({ticket}: {status})").format(
                ticket=ticket.number, status=ticket.status))
        session.append("ticket_cancelled", ticket.id, {"at": _now(session)})
        return _ticket(session, ticket.id).as_dict()


def restore(session: Session, ref: str) -> dict[str, Any]:
    """Put a skipped or no-show ticket back in its place, within the tolerance."""
    require(session, "service.serve")
    tolerance = get_setting(session, "restore_tolerance_minutes")
    with session.transaction():
        ticket = _ticket(session, ref)
        if ticket.status not in ("skipped", "noshow"):
            raise StateError(_("tiket {ticket} tidak dilewati/tidak hadir (status: {status})").format(
                ticket=ticket.number, status=ticket.status))
        status_at = session.store.scalar("SELECT status_at FROM tickets WHERE id = ?", (ticket.id,))
        if _minutes(status_at, session.now()) > tolerance:
            raise StateError(_("tiket {ticket} sudah lewat batas pemulihan {minutes} menit").format(
                ticket=ticket.number, minutes=tolerance))
        session.append("ticket_restored", ticket.id, {"at": _now(session)})
        return _ticket(session, ticket.id).as_dict()


def transfer(session: Session, ref: str, service_code: str) -> dict[str, Any]:
    """Move a ticket to another service's queue, keeping its number and data."""
    require(session, "service.serve")
    target = get_service(session, service_code)
    with session.transaction():
        ticket = _ticket(session, ref)
        if ticket.status not in ("waiting", "called"):
            raise StateError(_("tiket {ticket} tidak bisa dipindah (status: {status})").format(
                ticket=ticket.number, status=ticket.status))
        if ticket.service_code == target.code:
            raise ValidationError("service", _("tiket {ticket} sudah di layanan {service}").format(
                ticket=ticket.number, service=target.code))
        session.append("ticket_transferred", ticket.id, {
            "from": ticket.service_code, "to": target.code, "counter": ticket.counter, "at": _now(session),
        })
        return _ticket(session, ticket.id).as_dict()


def list_queue(session: Session, day: date | None = None, status: str | None = None,
               statuses: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The day's tickets in queue order; only those in ``status`` or ``statuses`` if given
    (read so through the index: a console shows the few waiting among a day's thousands)."""
    sql = "SELECT * FROM tickets WHERE day = ?"
    params: list[Any] = [(day or session.today()).isoformat()]
    wanted = ([status] if status else []) + list(statuses or ())
    if wanted:
        sql += f" AND status IN ({', '.join('?' * len(wanted))})"
        params.extend(wanted)
    return [Ticket.from_row(r).as_dict() for r in session.store.query(sql + " ORDER BY queued_at, number", params)]


def last_calls(session: Session, limit: int = 10) -> list[dict[str, Any]]:
    """The most recent calls and recalls today (for the call display)."""
    rows = session.store.query(
        "SELECT t.number, h.counter, h.at, h.action, t.service_code FROM ticket_history h"
        " JOIN tickets t ON t.id = h.ticket_id WHERE h.action IN ('called', 'recalled') AND t.day = ?"
        " ORDER BY h.at DESC, h.rowid DESC LIMIT ?",
        (session.today().isoformat(), limit),
    )
    return [dict(r) for r in rows]


# ------------------------------------------------------------------ projectors
# Each ticket's events are folded in (hlc, id) order (counter_app.events). A fact the state
# reached by the fold does not allow is kept in the log and listed as a conflict
# (counter_app.conflicts): the first call keeps the ticket, the first close stands, a close
# by a counter that did not call the ticket is applied and listed.
CLOSED = ("skipped", "noshow", "finished", "cancelled")


def _history(conn, event: Event, action: str, counter=None, service=None, reason=None) -> None:
    conn.execute(
        "INSERT INTO ticket_history (event_id, ticket_id, action, counter, service_code, at, reason, actor)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event.id, event.entity_id, action, counter, service, event.payload["at"], reason, event.actor),
    )


def _state(conn, event: Event):
    row = conn.execute("SELECT status, counter, number FROM tickets WHERE id = ?",
                       (event.entity_id,)).fetchone()
    if row is None:
        raise Unapplicable(f"tiket {event.entity_id} belum ada di perangkat ini")
    return row


def _last_event(conn, ticket_id: str, actions: tuple[str, ...]) -> str | None:
    """The event that set the ticket's current call or close (the fold's order is the rows').
    The issue is the ticket's row, not a history row (migration 0024): "issued" is answered
    by the ticket's issuing event, which comes before every move in the fold."""
    moves = tuple(a for a in actions if a != "issued")
    if moves:
        row = conn.execute(
            f"SELECT event_id FROM ticket_history WHERE ticket_id = ? AND action IN ({','.join('?' * len(moves))})"
            " ORDER BY rowid DESC LIMIT 1", (ticket_id, *moves),
        ).fetchone()
        if row:
            return row[0]
    issue = _issue_event(conn, ticket_id) if "issued" in actions else None
    return issue["id"] if issue else None


def _issue_event(conn, ticket_id: str):
    """The ticket_issued event the ticket's row was made from (its id and hlc): its first in
    the fold's order (a second one with the same id is a conflict set aside)."""
    return conn.execute(
        "SELECT id, hlc FROM events WHERE entity_id = ? AND type = 'ticket_issued' ORDER BY hlc, id LIMIT 1",
        (ticket_id,),
    ).fetchone()


def _set_aside(conn, event: Event, kind: str, row, actions: tuple[str, ...], **detail) -> None:
    conflicts.record(conn, event, kind, _last_event(conn, event.entity_id, actions),
                     ticket=row["number"], status=row["status"], held_by=row["counter"], **detail)


@projector("ticket_issued")
def _issued(conn, event: Event) -> None:
    p = event.payload
    number = p["number"]
    # one read for both questions (an issue is every ticket's first write): is this ticket
    # here already, and which ticket holds its number today (the number is its parts: the
    # event's schema holds them equal)
    found = {r[0] for r in conn.execute(
        "SELECT id FROM tickets WHERE id = ? OR (day = ? AND prefix = ? AND series = ? AND seq_no = ?"
        " AND number = ?)", (event.entity_id, p["day"], p["prefix"], p["series"], p["seq_no"], number))}
    if event.entity_id in found:
        conflicts.record(conn, event, "duplicate_entity", _last_event(conn, event.entity_id, ("issued",)),
                         ticket=number)
        return
    holder = next(iter(found), None)  # the ticket holding the number, if any
    clash = _issue_event(conn, holder) if holder else None
    if clash is not None:
        # Only when two devices of a site share a series (docs/queue-numbering.md): both
        # applicants hold a slip, so both tickets stay. The earlier issue (hlc, id) keeps the
        # number; the later one is shown with its device's mark and listed as a conflict.
        if (clash["hlc"], clash["id"]) > (event.hlc, event.id):
            conn.execute("DELETE FROM ticket_history WHERE ticket_id = ?", (holder,))
            conn.execute("DELETE FROM tickets WHERE id = ?", (holder,))
            _insert_ticket(conn, event, number)
            refold_entity(conn, holder)  # it now meets this one and takes the mark
            return
        conflicts.record(conn, event, "number_clash", clash["id"], ticket=number,
                         series=p["series"])
        number = f"{number}*{event.device_id[:4].upper()}"
    _insert_ticket(conn, event, number)


def _insert_ticket(conn, event: Event, number: str) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO tickets (id, day, number, prefix, series, seq_no, service_code, priority, status,"
        " issued_at, queued_at, status_at, device_id) VALUES (?,?,?,?,?,?,?,?,'waiting',?,?,?,?)",
        (event.entity_id, p["day"], number, p["prefix"], p["series"], p["seq_no"], p["service"],
         p["priority"], p["at"], p["at"], p["at"], event.device_id),
    )
    # No history row for the issue: the ticket's row records it (issued_at, its service, its
    # device; the actor is on the event), and the history holds what happened to the ticket
    # after it. That row and its three indexes were four of the b-trees every issue wrote.


@projector("ticket_called")
def _called(conn, event: Event) -> None:
    p = event.payload
    row = _state(conn, event)
    if row["status"] == ACTIVE:
        kind = "double_call" if row["counter"] != p["counter"] else "invalid_transition"
        _set_aside(conn, event, kind, row, ("called",), counter=p["counter"])
        return
    if row["status"] in CLOSED:
        _set_aside(conn, event, "call_closed", row, CLOSED, counter=p["counter"])
        return
    conn.execute(
        "UPDATE tickets SET status = 'called', counter = ?, called_at = ?, status_at = ?,"
        " first_called_at = coalesce(first_called_at, ?), call_count = call_count + 1, reason = ?"
        " WHERE id = ?",
        (p["counter"], p["at"], p["at"], p["at"], p["reason"], event.entity_id),
    )
    _history(conn, event, "called", counter=p["counter"], reason=p["reason"])


@projector("ticket_recalled")
def _recalled(conn, event: Event) -> None:
    p = event.payload
    row = _state(conn, event)
    if row["status"] != ACTIVE or row["counter"] != p.get("counter"):
        _set_aside(conn, event, "invalid_transition", row, ("called",), counter=p.get("counter"))
        return
    conn.execute("UPDATE tickets SET call_count = call_count + 1, called_at = ? WHERE id = ?", (p["at"], event.entity_id))
    _history(conn, event, "recalled", counter=p["counter"])


def _closing(status: str):
    def project(conn, event: Event) -> None:
        p = event.payload
        row = _state(conn, event)
        if status == "cancelled":
            if row["status"] != "waiting":
                _set_aside(conn, event, "double_close" if row["status"] in CLOSED else "invalid_transition",
                           row, CLOSED + ("called",))
                return
        elif row["status"] in CLOSED:
            _set_aside(conn, event, "double_close", row, CLOSED, counter=p.get("counter"))
            return
        elif row["status"] != ACTIVE:
            _set_aside(conn, event, "invalid_transition", row, ("restored", "transferred", "issued"),
                       counter=p.get("counter"))
            return
        elif row["counter"] != p.get("counter"):
            # Served where the applicant went: the close stands, and the clash is listed.
            _set_aside(conn, event, "foreign_close", row, ("called",), counter=p.get("counter"))
        finished = ", finished_at = :at" if status == "finished" else ""
        conn.execute(
            f"UPDATE tickets SET status = :status, status_at = :at{finished} WHERE id = :id",
            {"status": status, "at": p["at"], "id": event.entity_id},
        )
        _history(conn, event, status, counter=p.get("counter"))

    return project


projector("ticket_skipped")(_closing("skipped"))
projector("ticket_noshow")(_closing("noshow"))
projector("ticket_finished")(_closing("finished"))
projector("ticket_cancelled")(_closing("cancelled"))


@projector("ticket_restored")
def _restored(conn, event: Event) -> None:
    row = _state(conn, event)
    if row["status"] not in ("skipped", "noshow"):
        _set_aside(conn, event, "invalid_transition", row, CLOSED + ("called",))
        return
    # back in its original place in the queue (queued_at unchanged), ready to be called
    conn.execute(
        "UPDATE tickets SET status = 'waiting', counter = NULL, status_at = ? WHERE id = ?",
        (event.payload["at"], event.entity_id),
    )
    _history(conn, event, "restored")


@projector("ticket_transferred")
def _transferred(conn, event: Event) -> None:
    p = event.payload
    row = _state(conn, event)
    if row["status"] not in ("waiting", ACTIVE):
        _set_aside(conn, event, "invalid_transition", row, CLOSED, counter=p.get("counter"))
        return
    conn.execute(
        "UPDATE tickets SET status = 'waiting', service_code = ?, transferred_from = ?, counter = NULL,"
        " queued_at = ?, status_at = ?, transfer_count = transfer_count + 1 WHERE id = ?",
        (p["to"], p["from"], p["at"], p["at"], event.entity_id),
    )
    _history(conn, event, "transferred", counter=p.get("counter"), service=p["to"],
             reason=f"dipindah dari {p['from']}")
