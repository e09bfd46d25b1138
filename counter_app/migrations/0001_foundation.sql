-- Foundation: the event log, device identity, site, settings, catalogue, calendar,
-- queue tickets, registrations and the application lifecycle.

-- This file's own identity (not an event: it names the device that writes the events).
CREATE TABLE device (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id TEXT NOT NULL,          -- UUID made on first start
    device_code TEXT NOT NULL,        -- short human name, e.g. K1, SAT2
    series INTEGER NOT NULL DEFAULT 0 CHECK (series BETWEEN 0 AND 8),  -- ticket number series
    created_at TEXT NOT NULL
);

-- The append-only event log. Never updated or deleted: a correction is a new event.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- local arrival order (replay order)
    id TEXT NOT NULL UNIQUE,                 -- UUIDv7 made on the originating device
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,             -- 1, 2, 3 ... per originating device
    hlc TEXT NOT NULL,                       -- hybrid logical clock, sortable text
    recorded_at TEXT NOT NULL,               -- the device's wall clock (informational)
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,                   -- canonical JSON
    actor TEXT NOT NULL,                     -- staff member (username) who caused it
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
);
CREATE INDEX events_entity ON events (entity_id);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_hlc ON events (hlc);

-- Each device's chain head as this file last saw it (detects a deleted tail).
CREATE TABLE chain_heads (
    device_id TEXT PRIMARY KEY,
    device_seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);

-- Sync bookkeeping: events the portal has acknowledged (the outbox is the rest).
CREATE TABLE event_acks (
    event_id TEXT PRIMARY KEY REFERENCES events (id),
    acked_at TEXT NOT NULL
);

-- ---------------------------------------------------------------- projections
CREATE TABLE site (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('manual', '2.0', '2.1', '2.2')),
    timezone TEXT NOT NULL DEFAULT 'Asia/Jakarta',
    updated_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,            -- JSON
    updated_at TEXT NOT NULL
);

CREATE TABLE services (
    code TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    gerai TEXT,
    prefix TEXT NOT NULL,
    days INTEGER,                   -- working days; NULL = legal default (5)
    fee INTEGER NOT NULL DEFAULT 0,
    week INTEGER NOT NULL DEFAULT 5 CHECK (week IN (5, 6)),
    active INTEGER NOT NULL DEFAULT 1,
    data TEXT NOT NULL,             -- the full standard as JSON
    updated_at TEXT NOT NULL
);
CREATE INDEX services_prefix ON services (prefix);

CREATE TABLE service_versions (
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,           -- YYYY-MM-DD
    kind TEXT NOT NULL CHECK (kind IN ('closed', 'holiday')),
    reason TEXT NOT NULL
);

CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    number TEXT NOT NULL,           -- e.g. A-001 (series 0) or A-1001 (series 1)
    prefix TEXT NOT NULL,
    series INTEGER NOT NULL,
    seq_no INTEGER NOT NULL,
    service_code TEXT NOT NULL,
    priority TEXT,                  -- lansia / disabilitas / ibu_hamil / anak, NULL = normal
    status TEXT NOT NULL CHECK (status IN
        ('waiting', 'called', 'skipped', 'noshow', 'finished', 'cancelled')),
    issued_at TEXT NOT NULL,
    queued_at TEXT NOT NULL,        -- when it (re)joined a queue: issue, restore, transfer
    first_called_at TEXT,
    called_at TEXT,
    counter TEXT,
    call_count INTEGER NOT NULL DEFAULT 0,
    reason TEXT,                    -- why it was called when it was
    status_at TEXT NOT NULL,
    finished_at TEXT,
    transferred_from TEXT,          -- service code before the last transfer
    transfer_count INTEGER NOT NULL DEFAULT 0,
    device_id TEXT NOT NULL,
    UNIQUE (day, number)
);
CREATE INDEX tickets_queue ON tickets (day, status, service_code);
CREATE INDEX tickets_counter ON tickets (counter, status);
CREATE INDEX tickets_numbering ON tickets (day, prefix, series, seq_no);

CREATE TABLE ticket_history (
    event_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    action TEXT NOT NULL,
    counter TEXT,
    service_code TEXT,
    at TEXT NOT NULL,
    reason TEXT,
    actor TEXT NOT NULL
);
CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id);
CREATE INDEX ticket_history_at ON ticket_history (at);

CREATE TABLE registrations (
    id TEXT PRIMARY KEY,            -- registration number, e.g. MPP01-260316-K1-0001
    day TEXT NOT NULL,
    seq_no INTEGER NOT NULL,
    service_code TEXT NOT NULL,
    service_version INTEGER NOT NULL,
    name TEXT NOT NULL,
    nik TEXT NOT NULL,
    sex TEXT CHECK (sex IN ('L', 'P')),
    birth_place TEXT,
    birth_date TEXT,
    address TEXT,
    phone TEXT,
    channel TEXT NOT NULL CHECK (channel IN ('walk_in', 'satellite', 'online')),
    entry_mode TEXT NOT NULL CHECK (entry_mode IN ('direct', 'paper')),
    paper_form_no TEXT,
    paper_date TEXT,                -- date written on the paper form (transcription)
    booking_code TEXT,
    ticket_id TEXT,
    requirements TEXT NOT NULL,     -- JSON list of the requirement texts received
    requirements_complete_on TEXT,  -- day 0 of the deadline
    days INTEGER NOT NULL,          -- completion time applied (working days)
    week INTEGER NOT NULL,
    deadline TEXT,
    status TEXT NOT NULL,
    status_at TEXT NOT NULL,
    status_hlc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    device_id TEXT NOT NULL
);
CREATE INDEX registrations_nik ON registrations (nik);
CREATE INDEX registrations_status ON registrations (status, deadline);
CREATE INDEX registrations_day ON registrations (day);

CREATE TABLE application_history (
    event_id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT
);
CREATE INDEX application_history_reg ON application_history (registration_id);
