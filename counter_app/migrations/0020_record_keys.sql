-- Personal data sealed in the log (issue 15 item 5; counter_app/personal.py, docs/security.md).
-- An event that carries personal data stores it encrypted under a key of its own; the keys
-- are kept here, outside the append-only log, so deleting one erases that event's personal
-- data while the hash chain still verifies. Not a projection: a rebuild keeps them, and they
-- travel beside the events when the site syncs.
CREATE TABLE record_keys (
    key_id TEXT PRIMARY KEY,
    key BLOB NOT NULL,               -- 32 bytes, XChaCha20-Poly1305
    entity_id TEXT NOT NULL,         -- the record whose event it opens (to erase a record)
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX record_keys_entity ON record_keys (entity_id);

-- Keys erased here (a personal_data_erased event, or an officer's older password): a copy
-- arriving later from a device that has not erased it yet is refused.
CREATE TABLE erased_keys (
    key_id TEXT PRIMARY KEY,
    erased_at TEXT NOT NULL
) WITHOUT ROWID;
