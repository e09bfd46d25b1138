"""The hall simulation of bench/bench_hall.py, small: a kiosk and two counters for 20 minutes
with a 6-minute portal outage, on the real portal process and three device processes. Every
device must end with the same events, the same projection digest and the same daily report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.bench_hall import HallConfig, first_difference, simulate  # noqa: E402


@pytest.mark.slow
def test_small_hall_ends_with_the_same_digest_and_daily_report_on_every_device(tmp_path):
    result = simulate(tmp_path, HallConfig(counters=2, minutes=20, outage_minutes=6, seed=3))
    tally, finals = result["tally"], result["finals"]
    assert len(finals) == 3

    assert result["passes"] > 0, "still moving after the last settling pass"
    assert result["logs_equal"]
    assert result["digests_equal"], (result["tables_differ"], result["examples"])
    assert result["reports_equal"], result["report_sections_differ"]
    assert result["conflicts_equal"]
    assert all(f["pending"] == 0 for f in finals)

    # the day really happened, through the portal, outage included
    assert tally.calls > 0 and tally.actions.get("finish", 0) > 0
    assert tally.rounds_failed_outage > 0 and not tally.rounds_failed_other
    assert len(tally.callable_at) == len(tally.issued)  # each ticket reached a counter serving it
    report = json.loads(Path(finals[1]["report_path"]).read_text(encoding="utf-8"))
    assert report["tickets"]["totals"]["issued"] == len(tally.issued) == finals[0]["tickets"]
    assert report["device"] == "L1"


def test_first_difference_names_the_row_and_the_columns_that_differ():
    columns = ["id", "status", "counter", "call_count"]
    same = [["t1", "finished", "1", 1], ["t2", "called", "2", 1]]
    other = [["t1", "finished", "1", 1], ["t2", "called", "1", 2]]
    dumps = [{"columns": columns, "rows": rows} for rows in (same, same, other)]
    assert first_difference(["KIOSK", "L1", "L2"], dumps) == (
        "id=t2: KIOSK counter=2, call_count=1; L1 counter=2, call_count=1; L2 counter=1, call_count=2")
    dumps[2]["rows"] = same[:1]
    assert first_difference(["KIOSK", "L1", "L2"], dumps) == "id=t2: missing on L2"
