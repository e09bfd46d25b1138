"""The portal countersigns what it holds (issue 15 item 6), against the real portal server.

The attack: with the file, someone rewrites a counter's history from some point on and
recomputes every hash, so the chain is consistent and ``audit verify`` said ok although the
portal holds the original. Now each push is answered with the portal's Ed25519 signature of
the newest event it holds of the device, and ``audit verify`` finds the rewrite against it."""

from __future__ import annotations

import json
import sqlite3

import portal_kit

from counter_app import audit, complaints, syncstate
from counter_app.events import event_hash

portal, site, make_counter = portal_kit.portal, portal_kit.site, portal_kit.make_counter  # fixtures


def test_a_rewrite_of_history_the_portal_holds_is_found_against_its_receipt(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    for n in range(3):
        complaints.file_complaint(counter.session, type="saran", channel="web", text=f"saran {n}", anonymous=True)
    assert counter.sync()["rejected"] == 0
    own = syncstate.device_id(counter.session)
    held = counter.session.store.one("SELECT device_seq, hash FROM chain_receipts WHERE device_id = ?", (own,))
    newest = counter.session.store.one("SELECT device_seq, hash FROM events WHERE device_id = ?"
                                       " ORDER BY device_seq DESC LIMIT 1", (own,))
    assert held is not None and (held["device_seq"], held["hash"]) == (newest["device_seq"], newest["hash"])
    assert audit.verify_chains(counter.session, replay=False)["ok"]

    # rewrite the last two events and recompute the chain, as someone with the file could
    path = counter.session.store.path
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT * FROM events WHERE device_id = ? ORDER BY device_seq", (own,)).fetchall()
    prev = rows[-3]["hash"]
    for row in rows[-2:]:
        data = dict(row)
        data["payload"], data["actor"], data["prev_hash"] = json.loads(data["payload"]), "orang-lain", prev
        prev = event_hash(**data)
        conn.execute("UPDATE events SET actor = 'orang-lain', prev_hash = ?, hash = ? WHERE seq = ?",
                     (data["prev_hash"], prev, row["seq"]))
    conn.execute("UPDATE chain_heads SET hash = ? WHERE device_id = ?", (prev, own))
    conn.close()
    report = audit.verify_chains(counter.session, replay=False)
    assert not report["ok"] and report["first_broken"]["kind"] == "receipt"
    assert report["first_broken"]["device_seq"] == newest["device_seq"]


def test_the_receipt_key_is_the_portals_own_and_stays_the_same(portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    b = make_counter(portal, site, "K2")
    complaints.file_complaint(a.session, type="saran", channel="web", text="satu", anonymous=True)
    complaints.file_complaint(b.session, type="saran", channel="web", text="dua", anonymous=True)
    a.sync()
    b.sync()
    keys = {c.session.store.scalar("SELECT portal_receipt_key FROM sync_state") for c in (a, b)}
    assert len(keys) == 1 and None not in keys
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM portal_secrets") == 1
