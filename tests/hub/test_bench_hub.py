"""The hub bench of bench/bench_hub.py, small: a simulated morning through a real hub process
with a kiosk, three counters and two displays as their own processes and files, the hub
killed for 8 minutes; and a few seconds of live traffic with real stream followers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.bench_hub import DayConfig, LiveConfig, hub_day, live  # noqa: E402


@pytest.mark.slow
def test_a_morning_with_the_hub_down_ends_without_double_calls_or_missed_announcements(tmp_path):
    cfg = DayConfig(counters=3, displays=2, services=3, minutes=30, tickets_per_hour=240, outage_minutes=8, seed=5)
    r = hub_day(tmp_path, cfg)
    tally = r["tally"]

    assert r["double_calls"] == 0
    assert r["double_calls_everywhere"] == {0}
    assert r["missed"] == 0 and r["displays"] == 2
    assert r["digests_equal"], [f["digest"][:12] for f in r["finals"]]
    assert r["logs_equal"]
    assert r["hub"]["conflicts"] == 0

    # the morning really happened, through the hub and alone while it was down
    assert len(tally.calls) > 10 and tally.actions["finish"] > 5
    assert r["calls"] >= len(tally.calls)  # every call (and recall) of the day is in the hub's log
    assert tally.alone_ops > 0 and r["issued_alone"] > 0  # the kiosk went on with its own series
    assert not tally.errors, tally.errors
    assert r["back"]["caught_up_s"] > 0


@pytest.mark.slow
def test_live_traffic_reaches_every_display_and_every_counter_copy(tmp_path):
    cfg = LiveConfig(counters=6, displays=2, copies=1, client_procs=1, services=4, backlog=200, paced_s=6,
                     service_s=(0.5, 1.5), pause_s=(0.2, 0.5), full_s=2, kiosk_every_s=0.5)
    r = live(tmp_path, cfg)
    paced, full = r["phases"]["paced"], r["phases"]["full"]
    assert paced["calls"] and full["calls"]
    assert not paced["errors"] and not full["errors"]
    assert paced["missing"] == 0 and full["missing"] == 0
    assert paced["got"] > 0 and len(paced["shown"]) == 2 * paced["got"]  # each call, on both displays
    assert paced["issued"] > 5 and paced["not_seen"] == 0 and len(paced["callable"]) == paced["issued"]
    assert full["not_seen"] == 0
    assert all(x > 0 for x in paced["shown"] + paced["callable"])  # committed after the request was sent
