"""SKM and complaint figures for a date range, from the accountability projections
(``skm_responses``, ``complaints``, ``complaint_history``).

SKM answers are anonymous here: only scores, service and entry mode are read, never the
profile, the suggestion or the registration they came with. SQLite sums the answers per
day, service and entry mode; the index itself is computed by ``counter_app.skm`` from
those totals, with the same formula as the SKM screen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..complaints import OPEN_STATUSES as OPEN_COMPLAINT
from ..session import Session
from ..skm import ENTRY_MODES as SKM_MODES
from ..skm import UNSUR, ikm_from_totals, questionnaire, site_weights
from ..skm_sample import sample_for


def _responses(session: Session, date_from: date, date_to: date, extra: str = "") -> list:
    return session.store.query(
        "SELECT * FROM skm_responses WHERE day BETWEEN ? AND ?" + extra + " ORDER BY at, id",
        (date_from.isoformat(), date_to.isoformat()),
    )


@dataclass(frozen=True)
class ScoreGroup:
    """The answers of one day, service and entry mode, summed: ``rows`` questionnaires,
    ``respondents`` of them with at least one answer, and per unsur the sum of the 1–4
    values and the number of answers."""

    day: str
    service: str | None
    mode: str
    rows: int
    respondents: int
    sums: dict[str, int]
    counts: dict[str, int]


def score_groups(session: Session, date_from: date, date_to: date) -> list[ScoreGroup]:
    """The range's answers summed by SQLite per day, service and entry mode: a few hundred
    rows for a month of tens of thousands of questionnaires. Every SKM figure of a report
    (totals, per service, per day, by entry mode) is a sum of these groups."""
    columns = [u.lower() for u in UNSUR]
    totals = ", ".join(f"coalesce(sum({c}), 0), count({c})" for c in columns)
    cursor = session.store.conn.cursor()
    cursor.row_factory = None
    groups = []
    for r in cursor.execute(
        f"SELECT day, service_code, entry_mode, count(*), sum(coalesce({', '.join(columns)}) IS NOT NULL),"
        f" {totals} FROM skm_responses WHERE day BETWEEN ? AND ? GROUP BY day, service_code, entry_mode",
        (date_from.isoformat(), date_to.isoformat()),
    ):
        groups.append(ScoreGroup(day=r[0], service=r[1], mode=r[2], rows=r[3], respondents=r[4],
                                 sums=dict(zip(UNSUR, r[5::2], strict=True)),
                                 counts=dict(zip(UNSUR, r[6::2], strict=True))))
    return groups


def _ikm(groups: Iterable[ScoreGroup], weights) -> tuple[int, dict[str, Any]]:
    """Questionnaires and the IKM result of some groups together."""
    sums, counts = dict.fromkeys(UNSUR, 0), dict.fromkeys(UNSUR, 0)
    rows = respondents = 0
    for g in groups:
        rows += g.rows
        respondents += g.respondents
        for u in UNSUR:
            sums[u] += g.sums[u]
            counts[u] += g.counts[u]
    return rows, ikm_from_totals(sums, counts, respondents, weights)


def skm_section(session: Session, date_from: date, date_to: date,
                groups: list[ScoreGroup] | None = None) -> dict[str, Any]:
    """The SKM part of a report; ``groups`` are the range's ``score_groups`` when already read."""
    weights = site_weights(session)
    names = {u["code"]: u["name"] for u in questionnaire()["unsur"]}
    if groups is None:
        groups = score_groups(session, date_from, date_to)
    respondents, result = _ikm(groups, weights)
    modes: Counter = Counter()
    per_service: dict[str, list] = defaultdict(list)
    for g in groups:
        modes[g.mode] += g.rows
        per_service[g.service or "-"].append(g)
    by_service = []
    for code, service_groups in sorted(per_service.items()):
        rows, svc = _ikm(service_groups, weights)
        by_service.append({"service": code, "respondents": rows,
                           "ikm_converted": svc["nik"], "grade": svc["mutu"]})
    return {
        "respondents": respondents,
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
        # enough respondents for the service users recorded in the range (Krejcie & Morgan)
        "sample": sample_for(session, respondents, date_from=date_from, date_to=date_to),
    }


def skm_totals(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """Respondents and the converted index only (what a comparison with another period needs)."""
    respondents, result = _ikm(score_groups(session, date_from, date_to), site_weights(session))
    return {"respondents": respondents, "ikm_converted": result["nik"]}


def skm_daily(session: Session, date_from: date, date_to: date,
              groups: list[ScoreGroup] | None = None) -> dict[str, dict[str, Any]]:
    """Per day: respondents and the converted index (the IKM trend line)."""
    weights = site_weights(session)
    per_day: dict[str, list] = defaultdict(list)
    for g in groups if groups is not None else score_groups(session, date_from, date_to):
        per_day[g.day].append(g)
    result = {}
    for day, day_groups in per_day.items():
        respondents, ikm = _ikm(day_groups, weights)
        result[day] = {"respondents": respondents, "ikm_converted": ikm["nik"]}
    return result


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
    filed = session.store.query(  # with the status as it stood at the end of the range
        "SELECT c.*, CASE WHEN c.status_at < ? THEN c.status ELSE (SELECT h.status FROM complaint_history h"
        " WHERE h.tracking_number = c.tracking_number AND h.at < ? ORDER BY h.hlc DESC LIMIT 1) END AS status_then"
        " FROM complaints c WHERE c.day BETWEEN ? AND ? ORDER BY c.day, c.tracking_number",
        (after, after, d1, d2))
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
        # every complaint filed in the range (the 'opened' count), overdue or not
        "filed_list": [
            {"complaint_id": c["tracking_number"], "filed_on": c["day"], "due": c["deadline"],
             "channel": c["channel"], "category": c["type"], "service": c["service_code"],
             "status": c["status_then"] or c["status"], "stage": c["stage"]}
            for c in filed
        ],
    }
