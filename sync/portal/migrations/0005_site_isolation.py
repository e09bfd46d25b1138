"""Isolation by construction (issue 15): every table keyed by site, a sequence per site, and
device identity bound once.

- ``events``: sequence numbers per site (``sites.last_seq``, the site's own row lock on
  PostgreSQL) instead of one counter row every site's pushes queued on; primary key
  ``(site_code, seq)``, event ids unique per site (an id used in another site is neither
  refused nor revealed). Stored numbers keep their values, so every counter's cursor stays
  valid; from ``sites.gap_free_after`` on, a site's numbers have no holes, so a counter can
  tell a missing event from a normal gap.
- ``applications``: keyed by ``(site_code, id)``; a status change of site B never reaches
  site A's application.
- ``devices``: one active token per counter device id (a partial unique index); where the
  old portal let a second token bind an active device's id, the first enrolled keeps it.
- ``device_codes``: a registration or complaint number's device part (``K1`` in
  ``MPP01-260316-K1-0001``) belongs to the first device of the site that used it.
- ``refused_links``: a refused event's place in its device's chain (its hash was checked), so
  the chain check never skips a link: the next event follows it or is held.
- ``online_skm``: the one online SKM answer a registration number or booking code may carry.
"""

from __future__ import annotations

import json

EVENT_COLUMNS = ("seq, id, site_code, device_id, device_seq, hlc, recorded_at, type, entity_id, payload, actor,"
                 " prev_hash, hash, received_at")


def migrate(tx) -> None:
    tx.execute("ALTER TABLE sites ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0")
    tx.execute("ALTER TABLE sites ADD COLUMN gap_free_after BIGINT NOT NULL DEFAULT 0")
    tx.execute("UPDATE sites SET last_seq = coalesce((SELECT max(seq) FROM events e WHERE e.site_code = sites.code), 0)")
    # a site whose numbers are already 1..N (a portal of one site) is checked from the start
    tx.execute("UPDATE sites SET gap_free_after = CASE WHEN last_seq = (SELECT count(*) FROM events e"
               " WHERE e.site_code = sites.code) THEN 0 ELSE last_seq END")
    if tx.postgres:
        _postgres_keys(tx)
    else:
        _sqlite_rebuild(tx)
    tx.execute("DROP INDEX IF EXISTS events_site_seq")  # the primary key now
    tx.execute("DROP TABLE seq_counter")

    # a counter device id is held by one active token (the earliest enrolled, where two were bound)
    seen: set[str] = set()
    for row in tx.all("SELECT id, local_device_id FROM devices WHERE revoked_at IS NULL"
                      " AND local_device_id IS NOT NULL ORDER BY enrolled_at, id"):
        if row["local_device_id"] in seen:
            tx.execute("UPDATE devices SET local_device_id = NULL WHERE id = ?", (row["id"],))
        seen.add(row["local_device_id"])
    tx.execute("CREATE UNIQUE INDEX devices_bound ON devices (local_device_id) WHERE revoked_at IS NULL")

    tx.execute("CREATE TABLE device_codes (site_code TEXT NOT NULL, device_code TEXT NOT NULL,"
               " device_id TEXT NOT NULL, bound_at TEXT NOT NULL, PRIMARY KEY (site_code, device_code))")
    tx.execute("CREATE TABLE refused_links (device_id TEXT NOT NULL, device_seq BIGINT NOT NULL,"
               " site_code TEXT NOT NULL, event_id TEXT NOT NULL, hash TEXT NOT NULL, reason TEXT NOT NULL,"
               " at TEXT NOT NULL, PRIMARY KEY (device_id, device_seq))")
    tx.execute("CREATE TABLE online_skm (site_code TEXT NOT NULL, code TEXT NOT NULL, event_id TEXT NOT NULL,"
               " at TEXT NOT NULL, PRIMARY KEY (site_code, code))")
    # what is stored already: the numbers' device parts (first by sequence) and the online answers
    for row in tx.all("SELECT site_code, device_id, entity_id, type, received_at FROM events"
                      " WHERE type IN ('registration_created', 'complaint_filed') ORDER BY site_code, seq"):
        code = number_device_code(row["site_code"], row["type"], row["entity_id"])
        if code and not tx.one("SELECT 1 AS x FROM device_codes WHERE site_code = ? AND device_code = ?",
                               (row["site_code"], code)):
            tx.execute("INSERT INTO device_codes (site_code, device_code, device_id, bound_at) VALUES (?, ?, ?, ?)",
                       (row["site_code"], code, row["device_id"], row["received_at"]))
    for row in tx.all("SELECT site_code, id, payload, received_at FROM events WHERE type = 'skm_recorded'"
                      " ORDER BY site_code, seq"):
        payload = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
        code = payload.get("registration_id") if isinstance(payload, dict) else None
        if payload.get("entry_mode") == "online" and isinstance(code, str) and not tx.one(
                "SELECT 1 AS x FROM online_skm WHERE site_code = ? AND code = ?", (row["site_code"], code)):
            tx.execute("INSERT INTO online_skm (site_code, code, event_id, at) VALUES (?, ?, ?, ?)",
                       (row["site_code"], code, row["id"], row["received_at"]))


def number_device_code(site: str, type: str, entity_id: str) -> str | None:
    """The device part of a registration (``SITE-YYMMDD-DEV-NNNN``) or complaint
    (``SITE-ADU-YYMMDD-DEV-NNNN``) number of ``site``, or None when it has another form."""
    if not entity_id.startswith(site + "-"):
        return None
    parts = entity_id[len(site) + 1:].split("-")
    if type == "complaint_filed":
        return parts[2] if len(parts) == 4 and parts[0] == "ADU" else None
    return parts[1] if len(parts) == 3 else None


def _postgres_keys(tx) -> None:
    for table in ("events", "applications"):
        pkey = tx.scalar("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'p'",
                         (table,))
        tx.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{pkey}"')
    id_unique = tx.scalar(
        "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid"
        " AND a.attnum = c.conkey[1] WHERE c.conrelid = to_regclass('events') AND c.contype = 'u'"
        " AND array_length(c.conkey, 1) = 1 AND a.attname = 'id'")
    tx.execute(f'ALTER TABLE events DROP CONSTRAINT "{id_unique}"')
    tx.execute("ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (site_code, seq)")
    tx.execute("ALTER TABLE events ADD CONSTRAINT events_site_id_key UNIQUE (site_code, id)")
    tx.execute("ALTER TABLE applications ADD CONSTRAINT applications_pkey PRIMARY KEY (site_code, id)")


def _sqlite_rebuild(tx) -> None:
    """SQLite cannot change a primary key in place: each table is copied into its new shape."""
    tx.execute(
        "CREATE TABLE events_new (seq BIGINT NOT NULL, id TEXT NOT NULL,"
        " site_code TEXT NOT NULL REFERENCES sites (code), device_id TEXT NOT NULL, device_seq BIGINT NOT NULL,"
        " hlc TEXT NOT NULL, recorded_at TEXT NOT NULL, type TEXT NOT NULL, entity_id TEXT NOT NULL,"
        " payload TEXT NOT NULL, actor TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
        " received_at TEXT NOT NULL, PRIMARY KEY (site_code, seq), UNIQUE (site_code, id),"
        " UNIQUE (device_id, device_seq))")
    tx.execute(f"INSERT INTO events_new ({EVENT_COLUMNS}) SELECT {EVENT_COLUMNS} FROM events")
    tx.execute("DROP TABLE events")
    tx.execute("ALTER TABLE events_new RENAME TO events")
    tx.execute("CREATE INDEX events_site_entity ON events (site_code, entity_id)")
    tx.execute(
        "CREATE TABLE applications_new (id TEXT NOT NULL, site_code TEXT NOT NULL, service_code TEXT NOT NULL,"
        " status TEXT NOT NULL, status_hlc TEXT NOT NULL, deadline TEXT, booking_code TEXT,"
        " updated_at TEXT NOT NULL, PRIMARY KEY (site_code, id))")
    columns = "id, site_code, service_code, status, status_hlc, deadline, booking_code, updated_at"
    tx.execute(f"INSERT INTO applications_new ({columns}) SELECT {columns} FROM applications")
    tx.execute("DROP TABLE applications")
    tx.execute("ALTER TABLE applications_new RENAME TO applications")
    tx.execute("CREATE INDEX applications_booking ON applications (booking_code)")
