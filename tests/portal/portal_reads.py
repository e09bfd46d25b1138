"""What the portal holds and gives, read as a test looks for personal data in it: every row
of its database, and a device's whole pull."""

from __future__ import annotations

import json

import requests


def portal_rows(portal) -> str:
    """Every row of every table of the portal's database, as text."""
    with portal.db.read() as tx:
        if portal.db.postgres:
            tables = [r["t"] for r in tx.all("SELECT table_name AS t FROM information_schema.tables"
                                              " WHERE table_schema = current_schema()")]
        else:
            tables = [r["name"] for r in tx.all("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(json.dumps(r, default=repr, ensure_ascii=False) for t in tables
                         for r in tx.all(f"SELECT * FROM {t}"))


def pulled(portal, token: str) -> list[dict]:
    """Every event the portal gives the device of ``token``, page by page."""
    events, cursor = [], 0
    while True:
        page = requests.get(f"{portal.url}/api/v1/sync/pull", params={"cursor": cursor, "limit": 1000},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        events += page["events"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return events
