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

from ..session import Session
from .metrics import duration_stats

STATUS_COLUMNS = {"finished": "served", "noshow": "noshow", "cancelled": "cancelled",
                  "skipped": "skipped", "waiting": "open", "called": "open"}
COUNT_KEYS = ("issued", "served", "noshow", "transferred", "cancelled", "skipped", "open")


def _minutes(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60


def _counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def ticket_facts(session: Session, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """One row per ticket of the range: its final status, waiting time and, when it was
    served or marked absent, the counter, officer and service time of that closing."""
    days = (date_from.isoformat(), date_to.isoformat())
    tickets = session.store.query(
        "SELECT id, day, number, service_code, status, transfer_count, issued_at, first_called_at"
        " FROM tickets WHERE day BETWEEN ? AND ? ORDER BY day, issued_at, number", days)
    history: dict[str, list] = {t["id"]: [] for t in tickets}
    # Only the rows the figures need (calls and closings), read by time: queue actions only
    # touch tickets of the current day, so a ticket's history lies on its own day.
    for h in session.store.query(
        "SELECT ticket_id, action, counter, actor, at FROM ticket_history WHERE at >= ? AND at < ?"
        " AND action IN ('called', 'finished', 'noshow') ORDER BY at, rowid",
        (days[0], (date_to + timedelta(days=1)).isoformat()),
    ):
        rows = history.get(h["ticket_id"])
        if rows is not None:
            rows.append(h)
    facts = []
    for t in tickets:
        fact: dict[str, Any] = {
            "id": t["id"], "day": t["day"], "number": t["number"], "service": t["service_code"],
            "status": t["status"], "transferred": t["transfer_count"] > 0,
            "wait": _minutes(t["issued_at"], t["first_called_at"]) if t["first_called_at"] else None,
            "calls": [(h["counter"], h["actor"]) for h in history[t["id"]] if h["action"] == "called"],
            "closed_counter": None, "closed_by": None, "service_time": None,
        }
        last_call = None
        for h in history[t["id"]]:
            if h["action"] == "called":
                last_call = h
            elif h["action"] in ("finished", "noshow") and h["action"] == t["status"]:
                fact["closed_counter"], fact["closed_by"] = h["counter"], h["actor"]
                if h["action"] == "finished" and last_call is not None:
                    fact["service_time"] = _minutes(last_call["at"], h["at"])
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
    """Totals and time statistics only (what a comparison with another period needs)."""
    facts = ticket_facts(session, date_from, date_to)
    totals = _volume_row(facts)
    return {
        "totals": {k: totals[k] for k in COUNT_KEYS},
        "waiting_time": duration_stats(f["wait"] for f in facts if f["wait"] is not None),
        "service_time": duration_stats(f["service_time"] for f in facts if f["service_time"] is not None),
    }


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
