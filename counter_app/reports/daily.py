"""The daily summary (rekap harian): one dict that the dashboard, the PDF, the XLSX, the CSV
and the JSON are all made from, so the screen and the files always agree.

Shape (stable; ``schema`` changes if a key is renamed or removed)::

    report, schema, site{code,name,tier}, device, period{from,to,days,working_days},
    generated_at, generated_by, software_version,
    tickets{totals, waiting_time, service_time, by_service, by_agency, by_counter, by_officer},
    registrations{total, by_channel, by_entry_mode, by_service},
    completion{finished, within_standard, late, within_standard_pct, by_service},
    deadlines{as_of, overdue_count, due_soon_count, due_soon_until, overdue[], due_soon[]},
    skm{respondents, by_entry_mode, nrr, ikm, ikm_converted, grade, performance, by_service,
        sample{population, required, respondents, enough, missing, population_source}},
    complaints{opened, answered, overdue, open, by_channel, overdue_list},
    targets[{metric,label,unit,target,realisasi,gap,met}], metrics[appendix rows]
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .. import __version__
from ..calendar import site_calendar
from ..errors import ValidationError
from ..i18n import _
from ..permissions import require
from ..session import Session
from ..site import site_info
from . import accountability
from .applications import completion_section, deadline_section, registration_section
from .metrics import appendix
from .targets import get_targets, target_rows
from .tickets import ticket_section

SCHEMA = 1
MAX_RANGE_DAYS = 366


def working_days(session: Session, date_from: date, date_to: date) -> int:
    calendar = site_calendar(session)
    return sum(calendar.is_working_day(date_from + timedelta(days=i))
               for i in range((date_to - date_from).days + 1))


def check_range(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise ValidationError("to", _("tanggal akhir {end} sebelum tanggal awal {start}").format(
            end=date_to.isoformat(), start=date_from.isoformat()))
    if (date_to - date_from).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError("to", _("rentang laporan paling panjang {n} hari").format(n=MAX_RANGE_DAYS))


def figures(session: Session, date_from: date, date_to: date,
            facts: list[dict[str, Any]] | None = None, skm_groups: list | None = None) -> dict[str, Any]:
    """The measured sections for a date range (no header, no targets); ``facts`` and
    ``skm_groups`` are the range's ticket facts and summed SKM answers when the caller has them."""
    as_of = min(date_to, session.today())  # a watch list cannot look into the future
    return {
        "tickets": ticket_section(session, date_from, date_to, facts),
        "registrations": registration_section(session, date_from, date_to),
        "completion": completion_section(session, date_from, date_to),
        "deadlines": deadline_section(session, as_of),
        "skm": accountability.skm_section(session, date_from, date_to, skm_groups),
        "complaints": accountability.complaint_section(session, date_from, date_to, as_of),
    }


def build_report(session: Session, kind: str, date_from: date, date_to: date,
                 target_days: int | None = None, facts: list[dict[str, Any]] | None = None,
                 skm_groups: list | None = None) -> dict[str, Any]:
    """Header + figures + Target/Realisasi/Gap + the metric appendix for a date range."""
    check_range(date_from, date_to)
    info = site_info(session)
    work_days = working_days(session, date_from, date_to)
    report: dict[str, Any] = {
        "report": kind,
        "schema": SCHEMA,
        "site": {"code": info.code, "name": info.name, "tier": info.tier},
        "device": info.device_code,
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat(),
                   "days": (date_to - date_from).days + 1, "working_days": work_days},
        "generated_at": session.now().isoformat(timespec="seconds"),
        "generated_by": session.actor.username,
        "software_version": __version__,
    }
    report.update(figures(session, date_from, date_to, facts, skm_groups))
    report["targets"] = target_rows(report, get_targets(session),
                                    work_days if target_days is None else target_days)
    report["metrics"] = appendix()
    return report


def daily_summary(session: Session, day: date | None = None) -> dict[str, Any]:
    """The rekap harian of ``day`` (default today); daily targets apply to it as they are.
    Needs ``report.view`` (it exports the day's figures)."""
    require(session, "report.view")
    day = day or session.today()
    return build_report(session, "daily", day, day, target_days=1)
