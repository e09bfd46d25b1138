"""A local rewrite of history the portal already holds (issue 15 item 6).

The attack: someone with the file rewrites a device's events from some point on (a
registration's service, a ticket's times) and recomputes every hash and link, so the chain
is consistent and ``audit verify`` said ok. Now the portal countersigns the newest event it
holds of the device (Ed25519, a key the counter does not have) and the counter keeps that
receipt: the rewrite no longer matches it."""

from __future__ import annotations

import json
import sqlite3

import pytest
from nacl.signing import SigningKey

from counter_app import audit, complaints, receipts, syncstate
from counter_app.events import event_hash

PORTAL_KEY = SigningKey.generate()


def _receipt_for_newest(session, key=PORTAL_KEY) -> dict:
    own = syncstate.device_id(session)
    row = session.store.one("SELECT device_seq, hash FROM events WHERE device_id = ? ORDER BY device_seq DESC"
                            " LIMIT 1", (own,))
    return receipts.sign(key, "MPP-TEST", own, row["device_seq"], row["hash"], "2026-03-16T01:00:00Z")


def _rewrite_from(db_path, device_id: str, from_seq: int) -> None:
    """Change every event from ``from_seq`` on and recompute hashes and links: a consistent chain."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    prev = conn.execute("SELECT hash FROM events WHERE device_id = ? AND device_seq = ?",
                        (device_id, from_seq - 1)).fetchone()["hash"]
    for row in conn.execute("SELECT * FROM events WHERE device_id = ? AND device_seq >= ? ORDER BY device_seq",
                            (device_id, from_seq)).fetchall():
        data = dict(row)
        data["payload"] = json.loads(data["payload"])
        data["actor"] = "orang-lain"
        data["prev_hash"] = prev
        new = event_hash(**data)
        conn.execute("UPDATE events SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     (data["actor"], prev, new, row["seq"]))
        prev = new
    conn.execute("UPDATE chain_heads SET hash = ? WHERE device_id = ?", (prev, device_id))
    conn.close()


@pytest.fixture
def pushed(session):
    for n in range(4):
        complaints.file_complaint(session, type="saran", channel="web", text=f"saran {n}", anonymous=True)
    assert syncstate.record_receipt(session, _receipt_for_newest(session))
    return session


def test_a_rewritten_history_the_portal_holds_is_found_against_its_receipt(pushed, db_path):
    assert audit.verify_chains(pushed, replay=False)["ok"]
    own = syncstate.device_id(pushed)
    last = pushed.store.scalar("SELECT max(device_seq) FROM events WHERE device_id = ?", (own,))
    _rewrite_from(db_path, own, last - 2)
    report = audit.verify_chains(pushed, replay=False)
    assert not report["ok"] and report["first_broken"]["kind"] == "receipt"
    assert report["first_broken"]["device_seq"] == last
    # without the receipt the rewrite would have passed: the chain itself is consistent
    pushed.store.conn.execute("DELETE FROM chain_receipts")
    assert audit.verify_chains(pushed, replay=False)["ok"]


def test_a_receipt_under_another_key_or_edited_is_refused(pushed):
    with pytest.raises(receipts.BadReceipt, match="kunci lain"):
        syncstate.record_receipt(pushed, _receipt_for_newest(pushed, SigningKey.generate()))
    forged = _receipt_for_newest(pushed)
    forged["hash"] = "0" * 64
    with pytest.raises(receipts.BadReceipt):
        syncstate.record_receipt(pushed, forged)


def test_a_receipt_edited_in_the_file_breaks_verify(pushed):
    pushed.store.conn.execute("UPDATE chain_receipts SET hash = ?", ("1" * 64,))
    report = audit.verify_chains(pushed, replay=False)
    assert report["first_broken"]["kind"] == "receipt" and "tidak sah" in report["first_broken"]["problem"]


def test_an_older_receipt_does_not_replace_a_newer_one(pushed):
    own = syncstate.device_id(pushed)
    row = pushed.store.one("SELECT device_seq, hash FROM events WHERE device_id = ? AND device_seq = 2", (own,))
    old = receipts.sign(PORTAL_KEY, "MPP-TEST", own, row["device_seq"], row["hash"], "2026-03-16T00:00:00Z")
    assert not syncstate.record_receipt(pushed, old)
    assert pushed.store.scalar("SELECT device_seq FROM chain_receipts") > 2
