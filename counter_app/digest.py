"""A digest of every projection, to compare devices: same events, same digest.

Each projection table's rows are hashed in a fixed order (all columns, sorted), the table
digests into one. Device-local tables are not projections and are left out: this PC's
identity (``device``), the log and its sync bookkeeping, log-in failures, the quarantine.
Two devices holding the same events print the same digest (the fold is order-independent);
``loket audit verify`` replays the log into a scratch database and compares its digest with
the live tables, so a hand-edited projection shows.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from .events import PROJECTION_TABLES, load_domain, rebuild_projections


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def table_digest(conn: sqlite3.Connection, table: str) -> str:
    columns = _columns(conn, table)
    order = ", ".join(f'"{c}"' for c in columns)
    h = hashlib.sha256(json.dumps(columns).encode())
    for row in conn.execute(f"SELECT {order} FROM {table} ORDER BY {order}"):
        h.update(json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "backslashreplace"))
        h.update(b"\n")
    return h.hexdigest()


def connection_digest(conn: sqlite3.Connection) -> dict[str, Any]:
    load_domain()
    tables = {t: table_digest(conn, t) for t in sorted(PROJECTION_TABLES)}
    whole = hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()
    return {"digest": whole, "tables": tables}


def projection_digest(session) -> dict[str, Any]:
    """``loket db digest``: ``{"digest": HEX, "tables": {TABLE: HEX, ...}}``."""
    return connection_digest(session.store.conn)


def replay_digest(store) -> dict[str, Any]:
    """The digest the projections would have if rebuilt from this file's log alone: the log
    (and this device's identity) copied into a scratch database and replayed there."""
    from .store import Store

    with tempfile.TemporaryDirectory(prefix="loket-replay-") as tmp:
        scratch = Store(Path(tmp) / "replay.sqlite3")
        try:
            conn = scratch.conn
            conn.execute("ATTACH DATABASE ? AS live", (str(store.path),))
            with scratch.transaction():
                conn.execute("INSERT INTO device SELECT * FROM live.device")
                conn.execute("INSERT INTO events SELECT * FROM live.events ORDER BY seq")
                # the keys that open sealed personal data are not in the log: the replay
                # reads with the same keys (and the same erasures) as the live projections
                conn.execute("INSERT INTO record_keys SELECT * FROM live.record_keys")
                conn.execute("INSERT INTO erased_keys SELECT * FROM live.erased_keys")
            conn.execute("DETACH DATABASE live")
            rebuild_projections(scratch)
            return connection_digest(conn)
        finally:
            scratch.close()


def compare_with_replay(session) -> dict[str, Any]:
    """Live projections against a replay of the log: which tables differ."""
    live = projection_digest(session)
    replay = replay_digest(session.store)
    differ = sorted(t for t in live["tables"] if live["tables"][t] != replay["tables"].get(t))
    return {"ok": not differ, "digest": live["digest"], "replay_digest": replay["digest"],
            "tables_differing": differ}
