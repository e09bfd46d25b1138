-- Any number of devices per site: the ticket series is no longer limited to 0–8 (numbers are
-- series × 1000 + n, so series 15 prints A-15001; docs/queue-numbering.md). The upper bound
-- is checked by the core (counter_app.site.MAX_SERIES), which can say so in words; the table
-- keeps only what can never be right. SQLite cannot drop a CHECK in place, so the table is
-- rebuilt with the same row.

CREATE TABLE device_new (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id TEXT NOT NULL,          -- UUID made on first start
    device_code TEXT NOT NULL,        -- short human name, e.g. K1, SAT2
    series INTEGER NOT NULL DEFAULT 0 CHECK (typeof(series) = 'integer' AND series >= 0),  -- ticket number series
    created_at TEXT NOT NULL
);
INSERT INTO device_new (singleton, device_id, device_code, series, created_at)
    SELECT singleton, device_id, device_code, series, created_at FROM device;
DROP TABLE device;
ALTER TABLE device_new RENAME TO device;
