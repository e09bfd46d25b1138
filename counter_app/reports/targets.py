"""Supervisor-set targets and the Target / Realisasi / Gap rows of a report.

Targets are one site setting (``report_targets``: metric key → daily target), so setting
one is an event that syncs and is audited. For counts the daily target is multiplied by the
working days in a period; rates and times are compared as they are. Gap = Realisasi − Target.
"""

from __future__ import annotations

from typing import Any

from ..errors import ValidationError
from ..session import Session
from ..site import get_setting, set_setting
from ..users import require
from .metrics import METRIC_BY_KEY, TARGETABLE

SETTING = "report_targets"


def get_targets(session: Session) -> dict[str, float]:
    return dict(get_setting(session, SETTING))


def set_target(session: Session, metric: str, value: float | None) -> dict[str, float]:
    """Set (or with ``None`` clear) the daily target of one metric; returns all targets."""
    require(session, "settings.manage")
    if metric not in TARGETABLE:
        raise ValidationError("metric", f"'{metric}' tidak bisa diberi target (pilihan: {', '.join(TARGETABLE)})")
    targets = get_targets(session)
    if value is None:
        targets.pop(metric, None)
    else:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValidationError("value", "target harus angka 0 atau lebih")
        if METRIC_BY_KEY[metric].unit == "%" and value > 100:
            raise ValidationError("value", "target persentase paling tinggi 100")
        targets[metric] = value
    set_setting(session, SETTING, targets)
    return targets


def realised(report: dict[str, Any], metric: str) -> float | None:
    value: Any = report
    for key in TARGETABLE[metric]:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def target_rows(report: dict[str, Any], targets: dict[str, float], working_days: int) -> list[dict[str, Any]]:
    """One row per targeted metric: target for the period, realised value, gap, met or not."""
    rows = []
    for key in TARGETABLE:
        if key not in targets:
            continue
        metric = METRIC_BY_KEY[key]
        target = targets[key] * working_days if metric.per_day else targets[key]
        value = realised(report, key)
        gap = None if value is None else round(value - target, 2)
        met = None if gap is None else (gap >= 0 if metric.higher_is_better else gap <= 0)
        rows.append({"metric": key, "label": metric.label, "unit": metric.unit,
                     "target": target, "realisasi": value, "gap": gap, "met": met})
    return rows
