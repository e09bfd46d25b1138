"""Receipts: the portal countersigns the last event it holds of a device (issue 15 item 6).

A hash chain shows an edited row, but someone with the file who rewrites a device's history
from some point on and recomputes every hash produces a consistent log. The portal holds the
original: after each push it signs ``(site, device, device_seq, hash)`` of the newest event
of that device it stores, with its own Ed25519 key (the counter cannot make such a
signature). The counter keeps the newest receipt per device; ``audit verify`` checks that
the log still holds, at that number, the event the portal signed for. The portal's key is
pinned the first time a receipt arrives; a receipt under another key is refused.

The cryptography is PyNaCl (libsodium); the portal side is ``sync/portal``.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from .errors import LoketError
from .i18n import _

PURPOSE = "loket-receipt-v1"


class BadReceipt(LoketError):
    """A receipt that does not verify, or is signed by a key other than the pinned one."""


def message(site: str, device_id: str, device_seq: int, hash: str, signed_at: str) -> bytes:
    return json.dumps([PURPOSE, site, device_id, int(device_seq), hash, signed_at],
                      separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sign(signing_key: SigningKey, site: str, device_id: str, device_seq: int, hash: str,
         signed_at: str) -> dict[str, Any]:
    """A receipt (the portal's side)."""
    signature = signing_key.sign(message(site, device_id, device_seq, hash, signed_at)).signature
    return {"site": site, "device_id": device_id, "device_seq": int(device_seq), "hash": hash,
            "signed_at": signed_at, "signature": base64.b64encode(signature).decode("ascii"),
            "key": base64.b64encode(bytes(signing_key.verify_key)).decode("ascii")}


def verify(receipt: dict[str, Any], key: str | None = None) -> None:
    """Raise :class:`BadReceipt` unless ``receipt`` is signed by its key (and that key is
    ``key`` when given)."""
    try:
        if key is not None and receipt["key"] != key:
            raise BadReceipt(_("tanda terima portal ditandatangani kunci lain dari yang tercatat"))
        VerifyKey(base64.b64decode(receipt["key"], validate=True)).verify(
            message(receipt["site"], receipt["device_id"], receipt["device_seq"], receipt["hash"],
                    receipt["signed_at"]),
            base64.b64decode(receipt["signature"], validate=True))
    except BadReceipt:
        raise
    except (BadSignatureError, KeyError, TypeError, ValueError) as exc:
        raise BadReceipt(_("tanda terima portal tidak sah ({error})").format(error=type(exc).__name__)) from None


def record(conn: sqlite3.Connection, receipt: dict[str, Any]) -> bool:
    """Keep a receipt the portal sent (inside the caller's transaction): verified against the
    pinned key (pinned now if none yet), kept when it is newer than the one held. False when
    an older one was sent."""
    pinned = conn.execute("SELECT portal_receipt_key FROM sync_state").fetchone()
    pinned_key = pinned[0] if pinned else None
    verify(receipt, pinned_key)
    if pinned_key is None:
        conn.execute("UPDATE sync_state SET portal_receipt_key = ?", (receipt["key"],))
    held = conn.execute("SELECT device_seq FROM chain_receipts WHERE device_id = ?",
                        (receipt["device_id"],)).fetchone()
    if held is not None and held[0] >= int(receipt["device_seq"]):
        return False
    conn.execute(
        "INSERT INTO chain_receipts (device_id, device_seq, hash, site_code, signed_at, signature, portal_key)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET device_seq = excluded.device_seq,"
        " hash = excluded.hash, site_code = excluded.site_code, signed_at = excluded.signed_at,"
        " signature = excluded.signature, portal_key = excluded.portal_key",
        (receipt["device_id"], int(receipt["device_seq"]), receipt["hash"], receipt["site"],
         receipt["signed_at"], receipt["signature"], receipt["key"]))
    return True


def check(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The first receipt the log no longer matches (``audit verify``), or None. A receipt
    whose signature fails (edited by hand) counts too: nobody but the portal can make one."""
    pinned = conn.execute("SELECT portal_receipt_key FROM sync_state").fetchone()
    pinned_key = pinned[0] if pinned else None
    for row in conn.execute("SELECT * FROM chain_receipts ORDER BY device_id"):
        receipt = {"site": row["site_code"], "device_id": row["device_id"], "device_seq": row["device_seq"],
                   "hash": row["hash"], "signed_at": row["signed_at"], "signature": row["signature"],
                   "key": row["portal_key"]}
        try:
            verify(receipt, pinned_key)
        except BadReceipt as exc:
            return {"device_id": row["device_id"], "device_seq": row["device_seq"], "problem": str(exc)}
        event = conn.execute("SELECT seq, id, hash, type FROM events WHERE device_id = ? AND device_seq = ?",
                             (row["device_id"], row["device_seq"])).fetchone()
        if event is None or event["hash"] != row["hash"]:
            return {"device_id": row["device_id"], "device_seq": row["device_seq"], "receipt_hash": row["hash"],
                    "log_hash": event["hash"] if event else None, "seq": event["seq"] if event else None,
                    "event_id": event["id"] if event else None}
    return None
