"""The period report (week, month or custom range): the daily summary's measures over the
range, a per-day trend (volume, waiting time, IKM) and a comparison with the previous period
of the same length."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from typing import Any

from ..permissions import require
from ..session import Session
from . import accountability
from .applications import completion_totals
from .daily import build_report, check_range
from .tickets import daily_ticket_counts, ticket_facts, ticket_totals

# (key, label, path in a report) of the figures compared with the previous period.
COMPARED = (
    ("tickets_issued", "Tiket diterbitkan", ("tickets", "totals", "issued")),
    ("tickets_served", "Tiket dilayani", ("tickets", "totals", "served")),
    ("tickets_noshow", "Tidak hadir", ("tickets", "totals", "noshow")),
    ("waiting_time_mean", "Rata-rata waktu tunggu (menit)", ("tickets", "waiting_time", "mean")),
    ("service_time_mean", "Rata-rata waktu layanan (menit)", ("tickets", "service_time", "mean")),
    ("registrations_total", "Pendaftaran", ("registrations", "total")),
    ("applications_finished", "Permohonan selesai", ("completion", "finished")),
    ("finished_within_standard_pct", "Selesai tepat waktu (%)", ("completion", "within_standard_pct")),
    ("skm_respondents", "Responden SKM", ("skm", "respondents")),
    ("ikm_converted", "NIK (IKM konversi)", ("skm", "ikm_converted")),
    ("complaints_opened", "Pengaduan masuk", ("complaints", "opened")),
)


def week_range(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week containing ``day``."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_range(day: date) -> tuple[date, date]:
    last = _calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def previous_range(date_from: date, date_to: date) -> tuple[date, date]:
    """The period of the same length just before: a whole month compares with the month before."""
    first, last = month_range(date_from)
    if (date_from, date_to) == (first, last):
        return month_range(first - timedelta(days=1))
    length = (date_to - date_from).days + 1
    return date_from - timedelta(days=length), date_from - timedelta(days=1)


def _get(report: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = report
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def compared_figures(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """The figures ``COMPARED`` reads, for the previous period: the same functions as the
    report itself, without the breakdowns and watch lists nobody compares."""
    d1, d2 = date_from.isoformat(), date_to.isoformat()
    return {
        "tickets": ticket_totals(session, date_from, date_to),
        "registrations": {"total": session.store.scalar(
            "SELECT count(*) FROM registrations WHERE day BETWEEN ? AND ?", (d1, d2))},
        "completion": completion_totals(session, date_from, date_to),
        "skm": accountability.skm_totals(session, date_from, date_to),
        "complaints": {"opened": session.store.scalar(
            "SELECT count(*) FROM complaints WHERE day BETWEEN ? AND ?", (d1, d2))},
    }


def comparison(current: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, label, path in COMPARED:
        now, before = _get(current, path), _get(previous, path)
        change = None if now is None or before is None else round(now - before, 2)
        pct = round(100 * change / before, 2) if change is not None and before else None
        rows.append({"metric": key, "label": label, "current": now, "previous": before,
                     "change": change, "change_pct": pct})
    return rows


def trend(session: Session, date_from: date, date_to: date,
          facts: list[dict[str, Any]] | None = None, skm_groups: list | None = None) -> list[dict[str, Any]]:
    """One row per calendar day of the range, days without activity included (as zero)."""
    tickets = daily_ticket_counts(facts if facts is not None else ticket_facts(session, date_from, date_to))
    registrations = dict(session.store.query(
        "SELECT day, count(*) FROM registrations WHERE day BETWEEN ? AND ? GROUP BY day",
        (date_from.isoformat(), date_to.isoformat())))
    skm = accountability.skm_daily(session, date_from, date_to, skm_groups)
    rows = []
    for i in range((date_to - date_from).days + 1):
        day = (date_from + timedelta(days=i)).isoformat()
        t = tickets.get(day, {})
        s = skm.get(day, {})
        rows.append({"day": day, "issued": t.get("issued", 0), "served": t.get("served", 0),
                     "wait_mean": t.get("wait_mean"), "registrations": registrations.get(day, 0),
                     "skm_respondents": s.get("respondents", 0), "ikm_converted": s.get("ikm_converted")})
    return rows


def period_report(session: Session, date_from: date, date_to: date) -> dict[str, Any]:
    """Period report from ``date_from`` to ``date_to`` inclusive (at most a year); needs
    ``report.view``."""
    require(session, "report.view")
    check_range(date_from, date_to)
    # read once for the totals and the trend
    facts = ticket_facts(session, date_from, date_to)
    skm_groups = accountability.score_groups(session, date_from, date_to)
    report = build_report(session, "period", date_from, date_to, facts=facts, skm_groups=skm_groups)
    prev_from, prev_to = previous_range(date_from, date_to)
    previous = compared_figures(session, prev_from, prev_to)
    report["trend"] = trend(session, date_from, date_to, facts, skm_groups)
    report["previous_period"] = {"from": prev_from.isoformat(), "to": prev_to.isoformat()}
    report["comparison"] = comparison(report, previous)
    return report
