"""Metric statistics (nearest-rank percentile), the appendix, and supervisor targets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.actors import Actor
from counter_app.errors import PermissionDenied, ValidationError
from counter_app.reports import get_targets, set_target
from counter_app.reports.metrics import METRICS, TARGETABLE, duration_stats, nearest_rank
from counter_app.reports.targets import target_rows

minutes = st.lists(st.integers(min_value=0, max_value=600).map(float), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(minutes)
def test_stats_are_ordered_and_observed(values):
    s = duration_stats(values)
    assert s["count"] == len(values)
    assert min(values) <= s["median"] <= s["p90"] <= s["max"] == max(values)
    assert s["p90"] in values  # nearest rank: always a real waiting time
    assert sum(v <= s["p90"] for v in values) >= math.ceil(0.9 * len(values))
    assert min(values) <= s["mean"] <= max(values)


def test_nearest_rank_examples():
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert nearest_rank([5], 0.9) == 5
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9) == 10
    assert duration_stats([]) == {"count": 0, "mean": None, "median": None, "p90": None, "max": None}


def test_appendix_covers_every_target_and_is_complete():
    keys = {m.key for m in METRICS}
    assert set(TARGETABLE) <= keys and len(keys) == len(METRICS)
    for m in METRICS:
        assert m.label and m.definition and m.formula and m.source


def test_targets_are_a_setting_event(session):
    set_target(session, "tickets_served", 40)
    set_target(session, "finished_within_standard_pct", 95.5)
    assert get_targets(session) == {"tickets_served": 40, "finished_within_standard_pct": 95.5}
    assert session.store.scalar("SELECT count(*) FROM events WHERE type = 'setting_changed'") == 2
    set_target(session, "tickets_served", None)
    assert get_targets(session) == {"finished_within_standard_pct": 95.5}
    with pytest.raises(PermissionDenied):
        set_target(session.as_actor(Actor("ani", "frontliner")), "tickets_served", 1)


@pytest.mark.parametrize(("metric", "value", "field"), [
    ("tickets_everything", 3, "metric"), ("tickets_served", -1, "value"), ("tickets_served", True, "value"),
    ("finished_within_standard_pct", 101, "value"), ("tickets_served", "10", "value"),
])
def test_bad_targets_are_refused(session, metric, value, field):
    with pytest.raises(ValidationError) as exc:
        set_target(session, metric, value)
    assert exc.value.errors[0][0] == field
    assert get_targets(session) == {}


def test_gap_direction_follows_the_metric():
    report = {"tickets": {"totals": {"served": 12, "noshow": 3}, "waiting_time": {"mean": 14.5}}}
    rows = {r["metric"]: r for r in target_rows(
        report, {"tickets_served": 10, "tickets_noshow": 2, "waiting_time": 15}, working_days=1)}
    assert (rows["tickets_served"]["gap"], rows["tickets_served"]["met"]) == (2, True)
    assert (rows["tickets_noshow"]["gap"], rows["tickets_noshow"]["met"]) == (1, False)   # fewer is better
    assert (rows["waiting_time"]["gap"], rows["waiting_time"]["met"]) == (-0.5, True)
    scaled = target_rows(report, {"tickets_served": 10, "waiting_time": 15}, working_days=5)
    assert [r["target"] for r in scaled] == [50, 15]  # counts scale with working days, times do not


def test_the_documentation_defines_every_metric():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "reports.md").read_text(encoding="utf-8")
    for m in METRICS:
        assert f"| `{m.key}` | {m.label} | {m.definition} | {m.formula} |" in doc, m.key
