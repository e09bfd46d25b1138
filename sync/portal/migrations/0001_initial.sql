-- The portal's schema as it stood before numbered migrations (a database made then holds
-- exactly this and is recorded as version 1 when first opened). Portable SQL: the same
-- statements run on SQLite and PostgreSQL.

-- One row whose update serialises writers and hands out event sequence numbers in commit order.
CREATE TABLE seq_counter (singleton INTEGER PRIMARY KEY, last_seq BIGINT NOT NULL);
INSERT INTO seq_counter (singleton, last_seq) VALUES (1, 0);

CREATE TABLE sites (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    portal_device_id TEXT NOT NULL UNIQUE,   -- the portal's own device in this site's chain
    created_at TEXT NOT NULL
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    site_code TEXT NOT NULL REFERENCES sites (code),
    name TEXT NOT NULL,
    series INTEGER NOT NULL,                 -- ticket number series (docs/queue-numbering.md)
    token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the device token; the token is never kept
    bundle_key TEXT NOT NULL,
    local_device_id TEXT,                    -- the counter's device_id, bound at its first push
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT,
    last_seen TEXT
);
CREATE INDEX devices_local ON devices (local_device_id);

CREATE TABLE events (
    seq BIGINT PRIMARY KEY,                  -- portal sequence number: the pull cursor
    id TEXT NOT NULL UNIQUE,
    site_code TEXT NOT NULL REFERENCES sites (code),
    device_id TEXT NOT NULL,
    device_seq BIGINT NOT NULL,
    hlc TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,                   -- canonical JSON, exactly as hashed
    actor TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
);
CREATE INDEX events_site_seq ON events (site_code, seq);

-- Projections of the events, for the portal's own pages and imports.
CREATE TABLE services (
    site_code TEXT NOT NULL,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (site_code, code)
);

CREATE TABLE holidays (
    site_code TEXT NOT NULL,
    day TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (site_code, day)
);

CREATE TABLE bookings (
    code TEXT PRIMARY KEY,
    site_code TEXT NOT NULL,
    service_code TEXT NOT NULL,
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    registration_id TEXT,
    checked_in_at TEXT
);

CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    site_code TEXT NOT NULL,
    service_code TEXT NOT NULL,
    status TEXT NOT NULL,
    status_hlc TEXT NOT NULL,
    deadline TEXT,
    booking_code TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_booking ON applications (booking_code);
