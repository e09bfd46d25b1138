"""The demo catalogue as an older catalogue without service hours, for tests that move the
clock to any hour or day (or run on the real clock) and issue tickets whatever the time."""

from __future__ import annotations

from counter_app import catalog


def demo_rows_without_hours() -> list[dict]:
    return [{k: v for k, v in row.items() if k != "hours"} for row in catalog.demo_catalog_rows()]
