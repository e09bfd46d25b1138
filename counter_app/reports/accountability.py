"""SKM and complaint figures for a date range, from the accountability projections
(``skm_responses``, ``complaints``, ``complaint_history``).

SKM answers are anonymous here: only scores, service and entry mode are read, never the
profile, the suggestion or the registration they came with. The index itself is computed
by ``counter_app.skm.compute_ikm`` so reports and the SKM screen use one formula.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from ..complaints import OPEN_STATUSES as OPEN_COMPLAINT
from ..session import Session
from ..skm import ENTRY_MODES as SKM_MODES
from ..skm import UNSUR, compute_ikm, questionnaire, site_weights


def _responses(session: Session, date_from: date, date_to: date, extra: str = "") -> list:
    return session.store.query(
        "SELECT * FROM skm_responses WHERE day BETWEEN ? AND ?" + extra + " ORDER BY at, id",
        (date_from.isoformat(), date_to.isoformat()),
    )


def score_rows(session: Session, date_from: date, date_to: date) -> list[tuple[dict, str, str, str]]:
    """(scores, service, entry mode, day) of the range's answers: only the columns the
    figures read (the index does not depend on the order of the answers)."""
    columns = ", ".join(u.lower() for u in UNSUR)
    cursor = session.store.conn.cursor()
    cursor.row_factory = None
    return [(dict(zip(UNSUR, r[:-3], strict=True)), r[-3], r[-2], r[-1]) for r in cursor.execute(
        f"SELECT {columns}, service_code, entry_mode, day FROM skm_responses WHERE day BETWEEN ? AND ?",
        (date_from.isoformat(), date_to.isoformat()))]


def skm_section(session: Session, date_from: date, date_to: date,
                rows: list[tuple[dict, str, str, str]] | None = None) -> dict[str, Any]:
    """The SKM part of a report; ``rows`` are the range's ``score_rows`` when already read."""
    weights = site_weights(session)
    names = {u["code"]: u["name"] for u in questionnaire()["unsur"]}
    if rows is None:
        rows = score_rows(session, date_from, date_to)
    result = compute_ikm([r[0] for r in rows], weights)
    modes = Counter(r[2] for r in rows)
    per_service: dict[str, list] = defaultdict(list)
    for scores, service, _mode, _day in rows:
        per_service[service or "-"].append(scores)
    by_service = []
    for code, scores in sorted(per_service.items()):
        svc = compute_ikm(scores, weights)
        by_service.append({"service": code, "respondents": len(scores),
                           "ikm_converted": svc["nik"], "grade": svc["mutu"]})
    return {
        "respondents": len(rows),
        "by_entry_mode": {m: modes.get(m, 0) for m in SKM_MODES},
        "nrr": [{"unsur": u, "name": names.get(u, u), "answered": result["answers"][u],
                 "nrr": result["nrr"][u], "weight": round(result["weights"][u], 6),
                 "weighted": None if result["nrr"][u] is None
                 else round(result["nrr"][u] * result["weights"][u], 4)} for u in UNSUR],
        "ikm": result["ikm"],
        "ikm_converted": result["nik"],
        "grade": result["mutu"],
        "performance": result["kinerja"],
        "by_service": by_service,
    }


def skm_totals(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """Respondents and the converted index only (what a comparison with another period needs)."""
    rows = score_rows(session, date_from, date_to)
    result = compute_ikm([r[0] for r in rows], site_weights(session))
    return {"respondents": len(rows), "ikm_converted": result["nik"]}


def skm_daily(session: Session, date_from: date, date_to: date,
              rows: list[tuple[dict, str, str, str]] | None = None) -> dict[str, dict[str, Any]]:
    """Per day: respondents and the converted index (the IKM trend line)."""
    weights = site_weights(session)
    per_day: dict[str, list] = defaultdict(list)
    for scores, _service, _mode, day in rows if rows is not None else score_rows(session, date_from, date_to):
        per_day[day].append(scores)
    return {day: {"respondents": len(s), "ikm_converted": compute_ikm(s, weights)["nik"]}
            for day, s in per_day.items()}


def paper_skm(session: Session, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """SKM questionnaires transcribed from paper (anonymous: form number, service, typist)."""
    return [
        {"kind": "SKM", "form_no": r["paper_form_no"], "paper_date": r["day"], "record_id": r["id"][:8],
         "service": r["service_code"], "subject": "(anonim)", "transcribed_by": r["actor"],
         "transcribed_at": r["at"]}
        for r in _responses(session, date_from, date_to, " AND entry_mode = 'paper'")
    ]


def _overdue_complaints(session: Session, as_of: date) -> list:
    """Complaints past their response deadline on ``as_of`` that may still have been open
    then (open now, or changed after their deadline), with their status at the end of that
    day (``status_then``): the projection's when nothing changed since, else the newest
    history row by hybrid clock up to that day."""
    next_day = (as_of + timedelta(days=1)).isoformat()
    marks = ",".join("?" * len(OPEN_COMPLAINT))
    return session.store.query(
        "WITH candidate(tn) AS ("
        f" SELECT tracking_number FROM complaints WHERE status IN ({marks}) AND deadline < ?"
        " UNION SELECT tracking_number FROM complaints INDEXED BY complaints_closed_late"
        " WHERE status_at > deadline || 'Z'"
        " AND status_at >= ? AND deadline < ?)"
        " SELECT c.*, CASE WHEN c.status_at < ? THEN c.status ELSE (SELECT h.status FROM complaint_history h"
        " WHERE h.tracking_number = c.tracking_number AND h.at < ? ORDER BY h.hlc DESC LIMIT 1) END AS status_then"
        " FROM candidate JOIN complaints c ON c.tracking_number = candidate.tn WHERE c.day <= ?"
        " ORDER BY c.deadline, c.tracking_number",
        (*OPEN_COMPLAINT, as_of.isoformat(), next_day, as_of.isoformat(), next_day, next_day, as_of.isoformat()),
    )


def complaint_section(session: Session, date_from: date, date_to: date, as_of: date) -> dict[str, Any]:
    """Complaints filed and first answered in the range; overdue = not finished (baru or
    diproses) past the response deadline, as it stood at the end of ``as_of`` (for today the
    same list as ``complaints.list_complaints(overdue=True)``)."""
    d1, d2 = date_from.isoformat(), date_to.isoformat()
    after = (date_to + timedelta(days=1)).isoformat()
    filed = session.store.query("SELECT * FROM complaints WHERE day BETWEEN ? AND ?", (d1, d2))
    answered = session.store.scalar(  # first answers in the range: answered then, not before
        "SELECT count(DISTINCT h.tracking_number) FROM complaint_history h WHERE h.action = 'responded'"
        " AND h.at >= ? AND h.at < ? AND NOT EXISTS (SELECT 1 FROM complaint_history e INDEXED BY complaint_history_tn"
        " WHERE e.tracking_number = h.tracking_number AND e.action = 'responded' AND e.at < ?)",
        (d1, after, d1))
    overdue = [
        {"complaint_id": c["tracking_number"], "filed_on": c["day"], "due": c["deadline"],
         "channel": c["channel"], "category": c["type"], "service": c["service_code"],
         "status": c["status_then"], "stage": c["stage"]}
        for c in _overdue_complaints(session, as_of)
        if c["status_then"] in OPEN_COMPLAINT
    ]
    return {
        "opened": len(filed),
        "answered": answered,
        "overdue": len(overdue),
        "as_of": as_of.isoformat(),
        "by_type": dict(sorted(Counter(c["type"] for c in filed).items())),
        "by_channel": dict(sorted(Counter(c["channel"] for c in filed).items())),
        "overdue_list": overdue,
    }
