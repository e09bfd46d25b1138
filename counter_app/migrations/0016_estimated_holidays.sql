-- Estimated national holidays (docs/calendar.md): the site's confirmation of a day, and the
-- estimated holidays a registration's deadline crossed (provisional while not empty).
CREATE TABLE calendar_confirmations (
    day TEXT PRIMARY KEY,           -- YYYY-MM-DD
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
    reason TEXT,                    -- the holiday's name; NULL for a working day
    at TEXT NOT NULL
);

ALTER TABLE registrations ADD COLUMN deadline_estimated TEXT;  -- JSON list of days, NULL: none
CREATE INDEX registrations_provisional ON registrations (id) WHERE deadline_estimated IS NOT NULL;
