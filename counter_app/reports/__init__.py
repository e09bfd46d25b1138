"""Supervisor reports computed in the core: the daily summary, period reports and the daily
sign-off (Berita Acara). One computation feeds the dashboard and every file format.

``daily_summary``, ``period_report`` and ``signoff_report`` return plain dicts (JSON-ready);
``tables.report_tables`` lays any of them out as typed tables for the renderers.
"""

from .daily import daily_summary
from .metrics import METRICS, appendix
from .period import month_range, period_report, week_range
from .signoff import get_signoff, sign_off_day, signoff_report
from .targets import get_targets, set_target

__all__ = [
    "METRICS", "appendix", "daily_summary", "get_signoff", "get_targets", "month_range",
    "period_report", "set_target", "sign_off_day", "signoff_report", "week_range",
]
