"""Queue figures for a date range: volumes, waiting and service times by service, agency,
counter and officer, from the ``tickets`` projection and its ``ticket_history``.

A ticket belongs to the day it was issued and, for the by-service view, to its final service
(a transferred ticket is counted where it was served). Served, no-show, skipped and
cancelled are the ticket's final status at the time the report is made.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from ..catalog import list_services
from ..service_hours import working_seconds
from ..session import Session
from .metrics import duration_stats

STATUS_COLUMNS = {"finished": "served", "noshow": "noshow", "cancelled": "cancelled",
                  "skipped": "skipped", "waiting": "open", "called": "open"}
COUNT_KEYS = ("issued", "served", "noshow", "transferred", "cancelled", "skipped", "open")


def _counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def _rows(session: Session, sql: str, params: tuple) -> list[tuple]:
    """Plain tuples (a report reads hundreds of thousands of rows; named rows cost more)."""
    cursor = session.store.conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def _wait_minutes(session: Session):
    """The waiting time of a ticket in minutes: the working seconds between its issue and its
    first call, breaks and closed time left out, for a service with hours (docs/reports.md);
    plain elapsed time (SQLite's exact seconds) for one without."""
    hours = {s.code: s.hours for s in list_services(session) if s.hours is not None}
    tz = session.tz

    def minutes(service: str, seconds, issued_at, called_at) -> float | None:
        if seconds is None:
            return None
        if service in hours:
            seconds = working_seconds(hours[service], datetime.fromisoformat(issued_at),
                                      datetime.fromisoformat(called_at), tz)
        return seconds / 60

    return minutes


def ticket_facts(session: Session, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """One row per ticket of the range: its final status, waiting time (working time for a
    service with hours: breaks and closed time left out) and, when it was
    served or marked absent, the counter, officer and service time of that closing.

    Times are whole-second ISO strings, so SQLite's ``unixepoch`` gives the exact seconds
    (the same minutes as subtracting the parsed datetimes, at a fraction of the cost)."""
    days = (date_from.isoformat(), date_to.isoformat())
    tickets = _rows(session,
        "SELECT id, day, number, service_code, status, transfer_count,"
        " unixepoch(first_called_at) - unixepoch(issued_at), issued_at, first_called_at"
        " FROM tickets WHERE day BETWEEN ? AND ? ORDER BY day, issued_at, number", days)
    history: dict[str, list] = {t[0]: [] for t in tickets}
    # Only the rows the figures need (calls and closings), read by time: queue actions only
    # touch tickets of the current day, so a ticket's history lies on its own day.
    for h in _rows(session,
        "SELECT ticket_id, action, counter, actor, unixepoch(at) FROM ticket_history WHERE at >= ? AND at < ?"
        " AND action IN ('called', 'finished', 'noshow') ORDER BY at, rowid",
        (days[0], (date_to + timedelta(days=1)).isoformat()),
    ):
        rows = history.get(h[0])
        if rows is not None:
            rows.append(h)
    facts = []
    wait_minutes = _wait_minutes(session)
    for ticket_id, day, number, service, status, transfers, wait, issued_at, called_at in tickets:
        rows = history[ticket_id]
        fact: dict[str, Any] = {
            "id": ticket_id, "day": day, "number": number, "service": service,
            "status": status, "transferred": transfers > 0,
            "wait": wait_minutes(service, wait, issued_at, called_at),
            "calls": [(h[2], h[3]) for h in rows if h[1] == "called"],
            "closed_counter": None, "closed_by": None, "service_time": None,
        }
        last_call = None
        for h in rows:
            if h[1] == "called":
                last_call = h
            elif h[1] == status and status in ("finished", "noshow"):
                fact["closed_counter"], fact["closed_by"] = h[2], h[3]
                if status == "finished" and last_call is not None:
                    fact["service_time"] = (h[4] - last_call[4]) / 60
        facts.append(fact)
    return facts


def _volume_row(facts: list[dict[str, Any]]) -> dict[str, Any]:
    row = _counts()
    for f in facts:
        row["issued"] += 1
        row[STATUS_COLUMNS[f["status"]]] += 1
        row["transferred"] += f["transferred"]
    wait = duration_stats(f["wait"] for f in facts if f["wait"] is not None)
    service = duration_stats(f["service_time"] for f in facts if f["service_time"] is not None)
    row.update({f"wait_{k}": v for k, v in wait.items() if k != "count"})
    row.update({f"service_{k}": v for k, v in service.items() if k != "count"})
    return row


def _staff_row(facts: list[dict[str, Any]], called: int) -> dict[str, Any]:
    service = duration_stats(f["service_time"] for f in facts if f["status"] == "finished"
                             and f["service_time"] is not None)
    row = {"called": called,
           "served": sum(f["status"] == "finished" for f in facts),
           "noshow": sum(f["status"] == "noshow" for f in facts)}
    row.update({f"service_{k}": v for k, v in service.items() if k != "count"})
    return row


def ticket_totals(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """Totals and time statistics only (what a comparison with another period needs): the
    same rules as ``ticket_facts``, without building a fact per ticket."""
    totals = _counts()
    waits: list[float] = []
    finished: set[str] = set()
    wait_minutes = _wait_minutes(session)
    for ticket_id, status, transfers, wait, service_code, issued_at, called_at in _rows(session,
            "SELECT id, status, transfer_count, unixepoch(first_called_at) - unixepoch(issued_at),"
            " service_code, issued_at, first_called_at"
            " FROM tickets WHERE day BETWEEN ? AND ?", (date_from.isoformat(), date_to.isoformat())):
        totals["issued"] += 1
        totals[STATUS_COLUMNS[status]] += 1
        totals["transferred"] += transfers > 0
        if wait is not None:
            waits.append(wait_minutes(service_code, wait, issued_at, called_at))
        if status == "finished":
            finished.add(ticket_id)
    last_call: dict[str, int] = {}
    service: dict[str, float] = {}
    for ticket_id, action, at in _rows(session,
            "SELECT ticket_id, action, unixepoch(at) FROM ticket_history WHERE at >= ? AND at < ?"
            " AND action IN ('called', 'finished') ORDER BY at, rowid",
            (date_from.isoformat(), (date_to + timedelta(days=1)).isoformat())):
        if action == "called":
            last_call[ticket_id] = at
        elif ticket_id in finished and ticket_id in last_call:
            service[ticket_id] = (at - last_call[ticket_id]) / 60
    return {"totals": totals, "waiting_time": duration_stats(waits),
            "service_time": duration_stats(service.values())}


def ticket_section(session: Session, date_from: date, date_to: date,
                   facts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The queue part of a report: totals, time statistics and the four breakdowns."""
    if facts is None:
        facts = ticket_facts(session, date_from, date_to)
    services = {r["code"]: r for r in session.store.query("SELECT code, name, agency FROM services")}

    def service_info(code: str) -> tuple[str, str]:
        s = services.get(code)
        return (s["name"], s["agency"]) if s else (code, "(tidak dikenal)")

    by_service: dict[str, list] = defaultdict(list)
    by_agency: dict[str, list] = defaultdict(list)
    for f in facts:
        by_service[f["service"]].append(f)
        by_agency[service_info(f["service"])[1]].append(f)

    totals = _volume_row(facts)
    counters: dict[str, set] = defaultdict(set)
    officers: dict[str, set] = defaultdict(set)
    for f in facts:
        for counter, actor in f["calls"]:
            counters[counter].add(f["id"])
            officers[actor].add(f["id"])
    closed_at: dict[str, list] = defaultdict(list)
    closed_by: dict[str, list] = defaultdict(list)
    for f in facts:
        if f["closed_counter"] is not None:
            closed_at[f["closed_counter"]].append(f)
            closed_by[f["closed_by"]].append(f)

    return {
        "totals": {k: totals[k] for k in COUNT_KEYS},
        "waiting_time": duration_stats(f["wait"] for f in facts if f["wait"] is not None),
        "service_time": duration_stats(f["service_time"] for f in facts if f["service_time"] is not None),
        "by_service": [
            {"service": code, "name": service_info(code)[0], "agency": service_info(code)[1],
             **_volume_row(rows)} for code, rows in sorted(by_service.items())
        ],
        "by_agency": [{"agency": name, **_volume_row(rows)} for name, rows in sorted(by_agency.items())],
        "by_counter": [
            {"counter": c, **_staff_row(closed_at[c], len(counters[c]))}
            for c in sorted(set(counters) | set(closed_at), key=_natural)
        ],
        "by_officer": [
            {"officer": o, **_staff_row(closed_by[o], len(officers[o]))}
            for o in sorted(set(officers) | set(closed_by))
        ],
    }


def _natural(text: str) -> tuple:
    """Counter names sort as people read them: 2 before 10."""
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def daily_ticket_counts(facts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per day: issued, served and mean waiting time (the trend lines of a period report)."""
    per_day: dict[str, list] = defaultdict(list)
    for f in facts:
        per_day[f["day"]].append(f)
    result = {}
    for day, facts in per_day.items():
        row = _volume_row(facts)
        result[day] = {"issued": row["issued"], "served": row["served"], "wait_mean": row["wait_mean"]}
    return result
