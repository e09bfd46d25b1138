-- Sync with the central portal: this device's sync state (local only, never an event),
-- events the portal refused, and the projection of online bookings.

-- Portal address, device token, pull cursor (the portal's sequence number, never a
-- timestamp), the last successful round and the measured clock offset.
CREATE TABLE sync_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    portal_url TEXT,
    token TEXT,
    cursor INTEGER NOT NULL DEFAULT 0,
    last_success TEXT,
    last_attempt TEXT,
    last_error TEXT,
    clock_offset_s REAL
);
INSERT INTO sync_state (singleton) VALUES (1);

-- Own events the portal rejected (kept, never deleted; shown to the operator).
CREATE TABLE sync_rejections (
    event_id TEXT PRIMARY KEY REFERENCES events (id),
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Projection: online bookings made on the portal, and their check-in at a counter.
CREATE TABLE bookings (
    code TEXT PRIMARY KEY,
    service_code TEXT,
    day TEXT,
    name TEXT,
    data TEXT,                      -- the data entered online (JSON)
    created_at TEXT,
    registration_id TEXT,
    checkin_hlc TEXT,               -- earliest check-in by hybrid clock wins
    checked_in_at TEXT,
    checked_in_device TEXT
);
CREATE INDEX bookings_day ON bookings (day);
