"""Fifteen counters of one site on the real portal: each gets its own ticket series at
enrolment, issues tickets offline for two days, and meets the others through the network
or a USB bundle; no number is issued twice and every counter ends with every ticket."""

from __future__ import annotations

import json

from counter_app import queue as q
from counter_app.site import site_info
from sync import bundle

NETWORK, USB = 12, 3


def _site_bundle(portal, site, tmp_path, counters) -> None:
    """The portal's site bundle carried to every USB-only counter."""
    down = tmp_path / "ke-loket.loket"
    portal.cli("export", "--site", site, "--out", str(down))
    for c in counters:
        bundle.import_site_bundle(c.session, down, c.token)


def test_fifteen_counters_issuing_offline_merge_with_no_number_twice(portal, site, make_counter, fixed_now,
                                                                      tmp_path):
    net = [make_counter(portal, site, f"K{i + 1}") for i in range(NETWORK)]
    usb = [make_counter(portal, site, f"SAT{i + 1}", url="http://127.0.0.1:9") for i in range(USB)]
    counters = net + usb
    series = [site_info(c.session).series for c in counters]
    assert sorted(series) == list(range(NETWORK + USB))  # the 10th device and beyond are enrolled

    for c in net:  # the catalogue comes down before the hall goes offline
        c.sync()
    _site_bundle(portal, site, tmp_path, usb)
    assert all(c.session.store.scalar("SELECT count(*) FROM services") == 34 for c in counters)

    issued: list[tuple[str, str, str]] = []  # (day, number, ticket id)
    for d, day in enumerate(("2026-03-16", "2026-03-17")):
        fixed_now(f"{day}T08:00:00+07:00")
        for i, c in enumerate(counters):
            for k in range(1 + (i + d) % 3):
                t = q.issue_ticket(c.session, ("DUK-KTP", "DUK-KK", "POL-SKCK")[(i + k) % 3])
                assert int(t["ticket"].split("-")[1]) // 1000 == series[i]
                issued.append((t["day"], t["ticket"], t["id"]))
    assert len({(day, number) for day, number, _ in issued}) == len(issued)
    assert any(len(number.split("-")[1]) == 5 for _, number, _ in issued)  # e.g. A-12001, past the old A-8999

    for c in net:
        result = c.sync()
        assert result["rejected"] == 0 and result["pending"] == 0
    for i, c in enumerate(usb):
        up = tmp_path / f"ke-portal-{i}.loket"
        bundle.export_outbox(c.session, up)
        imported = json.loads(portal.cli("import", str(up), "--json").stdout)
        assert imported["rejected"] == 0 and imported["accepted"] > 0
    for c in net:  # everyone's tickets come back down, through the same two ways
        c.sync()
    _site_bundle(portal, site, tmp_path, usb)

    expected = sorted(issued)
    for c in counters:
        rows = c.session.store.query("SELECT day, number, id FROM tickets")
        assert sorted((r["day"], r["number"], r["id"]) for r in rows) == expected, site_info(c.session).device_code
    with portal.db.read() as tx:
        stored = [json.loads(r["payload"]) for r in tx.all(
            "SELECT payload FROM events WHERE site_code = ? AND type = 'ticket_issued'", (site,))]
    assert sorted((p["day"], p["number"]) for p in stored) == sorted((d, n) for d, n, _ in issued)
