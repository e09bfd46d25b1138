"""Tamper evidence: verify each device's hash chain in the event log and report the first broken link.

Checks, per device: every row's hash matches its content (an edited row), each row links to
the previous one's hash (a row deleted or inserted), device_seq has no gap, the chain head
recorded in ``chain_heads`` is present (a deleted tail), acknowledged events still exist, and
for this device's own events, local order follows device_seq (rows reordered). Another
device's chain may legitimately be held only in part (the portal sends a site its share),
so gaps there are listed as ``gaps`` and do not count as broken.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .events import BULK_TYPES, GENESIS, INDEXED_TYPES, event_hash
from .i18n import N_, _
from .permissions import require
from .session import Session

KINDS = {
    "hash": N_("isi event diubah: hash tidak cocok dengan isinya"),
    "link": N_("prev_hash tidak sama dengan hash event sebelumnya (event dihapus, disisipkan atau diganti)"),
    "gap": N_("nomor urut device_seq melompat: event dihapus"),
    "order": N_("urutan event di log tidak mengikuti device_seq: baris ditukar"),
    "clock": N_("jam logis (hlc) mundur di dalam rantai: baris ditukar"),
    "tail": N_("event terakhir yang tercatat di chain_heads hilang"),
    "head": N_("chain_heads tidak cocok dengan event terakhir"),
    "json": N_("payload bukan JSON yang sah"),
    "acked": N_("event yang sudah diterima portal hilang dari log"),
    "projection": N_("tabel proyeksi tidak sama dengan hasil pemutaran ulang log (diubah langsung?)"),
    "receipt": N_("log tidak lagi memuat event yang sudah ditandatangani portal: riwayat ditulis ulang"),
}


def _link(kind: str, row: Any = None, **extra: Any) -> dict[str, Any]:
    data = {"kind": kind, "reason": _(KINDS[kind])}
    if row is not None:
        data.update(seq=row["seq"], event_id=row["id"], device_seq=row["device_seq"], type=row["type"])
    data.update(extra)
    return data


def _verify_device(conn: sqlite3.Connection, device_id: str, own: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"device_id": device_id, "own": own, "events": 0, "first_event_seq": None,
                              "last_device_seq": None, "gaps": [], "first_broken": None}
    head = conn.execute("SELECT device_seq, hash FROM chain_heads WHERE device_id = ?", (device_id,)).fetchone()
    prev = None  # previous row of this device in device_seq order
    max_local_seq = 0
    broken = None
    for row in conn.execute("SELECT * FROM events WHERE device_id = ? ORDER BY device_seq", (device_id,)):
        result["events"] += 1
        if result["first_event_seq"] is None:
            result["first_event_seq"] = row["device_seq"]
        result["last_device_seq"] = row["device_seq"]
        if broken:
            continue  # keep counting; the first broken link is what matters
        try:
            payload = json.loads(row["payload"])
        except (TypeError, ValueError):
            broken = _link("json", row)
            continue
        fields = {k: row[k] for k in row.keys()}
        fields["payload"] = payload
        if event_hash(**fields) != row["hash"]:
            broken = _link("hash", row)
            continue
        expected_seq = prev["device_seq"] + 1 if prev else 1
        if row["device_seq"] != expected_seq:
            if own:
                broken = _link("gap", row, expected_device_seq=expected_seq)
                continue
            result["gaps"].append([expected_seq, row["device_seq"] - 1])
        elif prev is not None and row["prev_hash"] != prev["hash"]:
            broken = _link("link", row)
            continue
        if row["device_seq"] == 1 and row["prev_hash"] != GENESIS:
            broken = _link("link", row)
            continue
        if prev is not None and row["hlc"] <= prev["hlc"]:
            broken = _link("clock", row)
            continue
        if own and row["seq"] < max_local_seq:
            broken = _link("order", row)
            continue
        max_local_seq = max(max_local_seq, row["seq"])
        prev = row
    if not broken:
        if head is None and result["events"]:
            broken = _link("head", None, device_id=device_id, detail=_("tidak ada chain_heads untuk perangkat ini"))
        elif head is not None and (prev is None or head["device_seq"] > prev["device_seq"]):
            broken = _link("tail", None, device_id=device_id, device_seq=head["device_seq"],
                           last_present=prev["device_seq"] if prev else None)
        elif head is not None and (head["device_seq"] != prev["device_seq"] or head["hash"] != prev["hash"]):
            broken = _link("head", prev, chain_head_seq=head["device_seq"])
    if broken:
        broken.setdefault("device_id", device_id)
    result["first_broken"] = broken
    result["ok"] = broken is None
    return result


def verify_connection(conn: sqlite3.Connection) -> dict[str, Any]:
    """Verify every device's chain in an open database (any connection, e.g. a backup file)."""
    conn.row_factory = sqlite3.Row
    own_row = conn.execute("SELECT device_id FROM device").fetchone()
    own = own_row["device_id"] if own_row else None
    devices = {r[0] for r in conn.execute("SELECT DISTINCT device_id FROM events")}
    devices |= {r[0] for r in conn.execute("SELECT device_id FROM chain_heads")}
    ordered = sorted(devices, key=lambda d: (d != own, d))
    reports = [_verify_device(conn, d, d == own) for d in ordered]
    first = next((r["first_broken"] for r in reports if r["first_broken"]), None)
    missing_acked = conn.execute(
        "SELECT a.event_id FROM event_acks a LEFT JOIN events e ON e.id = a.event_id"
        " WHERE e.id IS NULL ORDER BY a.event_id LIMIT 1"
    ).fetchone()
    if first is None and missing_acked:
        first = _link("acked", None, event_id=missing_acked[0])
    if first is None and _has_table(conn, "chain_receipts"):
        from .receipts import check

        mismatch = check(conn)
        if mismatch:
            first = _link("receipt", None, **mismatch)
    return {
        "ok": first is None,
        "events": sum(r["events"] for r in reports),
        "devices": reports,
        "first_broken": first,
    }


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """A backup from before a migration may lack the table (it is checked as it is)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def verify_chains(session: Session, *, replay: bool = True) -> dict[str, Any]:
    """``loket audit verify``: the chains of the session's database and, with ``replay``, its
    projections against a replay of the log into a scratch database (a hand-edited table,
    e.g. ``UPDATE users SET role='admin'``, shows as ``projections.tables_differing``)."""
    require(session, "audit.verify")
    result = verify_connection(session.store.conn)
    if replay:
        from .digest import compare_with_replay

        result["projections"] = compare_with_replay(session)
        if not result["projections"]["ok"] and result["first_broken"] is None:
            tables = ", ".join(result["projections"]["tables_differing"])
            result["first_broken"] = {"kind": "projection", "reason": _(KINDS["projection"]), "tables": tables}
        result["ok"] = result["first_broken"] is None
    return result


def event_log(
    session: Session, *, entity: str | None = None, actor: str | None = None, type: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Who did what when: the newest events first, without payloads (they may hold personal data)."""
    require(session, "audit.verify")
    sql, params = "SELECT seq, recorded_at, device_id, device_seq, type, entity_id, actor FROM events WHERE 1=1", []
    for value, column in ((entity, "entity_id"), (actor, "actor"), (type, "type")):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    if type and type not in BULK_TYPES:
        sql += f" AND {INDEXED_TYPES}"  # the partial type index holds it (migration 0024)
    sql += " ORDER BY seq DESC LIMIT ?"
    params.append(limit)
    return [dict(r) for r in session.store.query(sql, params)]
