-- Reports: the daily sign-off (Berita Acara) as a projection of day_signed_off events.
CREATE TABLE day_signoffs (
    day TEXT PRIMARY KEY,             -- YYYY-MM-DD signed off
    event_id TEXT NOT NULL,
    hlc TEXT NOT NULL,                -- the earliest sign-off (by hybrid clock) wins
    signed_at TEXT NOT NULL,
    signed_by TEXT NOT NULL,          -- username of the actor who signed
    supervisor_name TEXT NOT NULL,    -- name printed under the supervisor's signature
    verifier_name TEXT NOT NULL,      -- who checked the paper transcriptions against the forms
    note TEXT,
    totals TEXT NOT NULL,             -- JSON: the day's totals as signed
    digest TEXT NOT NULL              -- sha256 of the day's report figures as signed
);
