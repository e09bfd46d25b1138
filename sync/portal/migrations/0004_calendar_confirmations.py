"""The portal keeps each site's settled estimated holidays (``calendar_confirmed``), so the
booking page knows a day the site confirmed as a working day (or as the holiday) instead of
going by the national estimate. Back-filled from the events already stored."""

from __future__ import annotations

import json


def migrate(tx) -> None:
    tx.execute(
        "CREATE TABLE calendar_confirmations ("
        " site_code TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT,"
        " hlc TEXT NOT NULL, PRIMARY KEY (site_code, day))")
    newest: dict[tuple[str, str], tuple[str, dict]] = {}
    for row in tx.all("SELECT site_code, hlc, payload FROM events WHERE type = 'calendar_confirmed'"):
        payload = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
        key = (row["site_code"], payload["day"])
        if key not in newest or newest[key][0] < row["hlc"]:
            newest[key] = (row["hlc"], payload)
    for (site, day), (hlc, payload) in newest.items():
        tx.execute("INSERT INTO calendar_confirmations (site_code, day, kind, reason, hlc) VALUES (?, ?, ?, ?, ?)",
                   (site, day, payload["kind"], payload.get("reason"), hlc))
