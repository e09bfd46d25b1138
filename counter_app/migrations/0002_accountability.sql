-- Accountability: SKM responses, complaints (pengaduan), staff accounts.
-- All tables except login_failures are projections of the event log.

CREATE TABLE skm_responses (
    id TEXT PRIMARY KEY,                 -- response UUID (the event's entity_id)
    questionnaire_version INTEGER NOT NULL,
    u1 INTEGER CHECK (u1 BETWEEN 1 AND 4),   -- NULL = unsur not answered
    u2 INTEGER CHECK (u2 BETWEEN 1 AND 4),
    u3 INTEGER CHECK (u3 BETWEEN 1 AND 4),
    u4 INTEGER CHECK (u4 BETWEEN 1 AND 4),
    u5 INTEGER CHECK (u5 BETWEEN 1 AND 4),
    u6 INTEGER CHECK (u6 BETWEEN 1 AND 4),
    u7 INTEGER CHECK (u7 BETWEEN 1 AND 4),
    u8 INTEGER CHECK (u8 BETWEEN 1 AND 4),
    u9 INTEGER CHECK (u9 BETWEEN 1 AND 4),
    service_code TEXT,
    registration_id TEXT,
    age INTEGER,
    sex TEXT CHECK (sex IN ('L', 'P')),
    education TEXT,
    occupation TEXT,
    suggestion TEXT,
    entry_mode TEXT NOT NULL CHECK (entry_mode IN ('kiosk', 'paper', 'online')),
    paper_form_no TEXT,
    at TEXT NOT NULL,
    day TEXT NOT NULL,                   -- date of ``at`` in the site's time zone
    device_id TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX skm_responses_day ON skm_responses (day);
CREATE INDEX skm_responses_service ON skm_responses (service_code, day);

CREATE TABLE complaints (
    tracking_number TEXT PRIMARY KEY,    -- e.g. MPP01-ADU-260316-K1-0001, given to the complainant
    day TEXT NOT NULL,
    seq_no INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('pengaduan', 'kritik', 'saran', 'apresiasi')),
    channel TEXT NOT NULL,
    anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    name TEXT,
    phone TEXT,
    email TEXT,
    service_code TEXT,
    component TEXT,                      -- the standard component concerned
    text TEXT NOT NULL,
    stage INTEGER NOT NULL DEFAULT 1 CHECK (stage IN (1, 2)),
    lapor_ref TEXT,                      -- SP4N-LAPOR! reference once forwarded (stage 2)
    status TEXT NOT NULL CHECK (status IN ('baru', 'diproses', 'selesai', 'ditutup')),
    deadline TEXT NOT NULL,              -- response due (working days after filing)
    filed_at TEXT NOT NULL,
    status_at TEXT NOT NULL,
    status_hlc TEXT NOT NULL,
    created_by TEXT NOT NULL,
    device_id TEXT NOT NULL
);
CREATE INDEX complaints_status ON complaints (status, deadline);
CREATE INDEX complaints_day ON complaints (day);

CREATE TABLE complaint_history (
    event_id TEXT PRIMARY KEY,
    tracking_number TEXT NOT NULL REFERENCES complaints (tracking_number),
    action TEXT NOT NULL,                -- filed / responded / forwarded / closed
    status TEXT NOT NULL,
    text TEXT,
    at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX complaint_history_tn ON complaint_history (tracking_number);

CREATE TABLE users (
    username TEXT PRIMARY KEY,
    full_name TEXT,
    role TEXT NOT NULL CHECK (role IN ('frontliner', 'satellite_officer', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,         -- argon2id, encoded with its parameters
    active INTEGER NOT NULL DEFAULT 1,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Not a projection: consecutive failed log-ins on this device, reset on success or lock.
CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at TEXT NOT NULL
);
