-- loket: foreign_keys off
-- Fewer b-trees written by each durable action (issue 14 item 6; docs/performance.md): the
-- commit of a ticket issue or a registration save costs about one page per b-tree it touches.
-- The tables keep their names, columns (in the same order) and constraints, so every query and
-- the projection digest read them as before. Three tables are rebuilt: the line above has the
-- store turn foreign keys off around this transaction (other tables refer to them) and run a
-- foreign_key_check before the commit. The log's copy reports its rows as it goes, so
-- 'loket db migrate' shows a progress bar on a big file.

-- The log without AUTOINCREMENT: every event wrote the sqlite_sequence row (one page). The
-- log is append-only (nothing deletes an event), so seq = max(seq) + 1 hands out the same
-- numbers AUTOINCREMENT did; only an event removed by hand at the end of the log could see
-- its number used again, and the hash chain (device_seq, prev_hash) shows that removal anyway.
CREATE TABLE events_v19 (
    seq INTEGER PRIMARY KEY,                 -- local arrival order (replay order)
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
INSERT INTO events_v19 SELECT * FROM events WHERE migration_progress('events') ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_v19 RENAME TO events;
-- built after the copy: one sort each instead of a scattered insert per row
CREATE INDEX events_entity ON events (entity_id);
CREATE INDEX events_type ON events (type);      -- the hub client finds hub events by type
CREATE INDEX events_hlc ON events (hlc);
DELETE FROM sqlite_sequence WHERE name = 'events';

-- Tickets keyed by their id alone (WITHOUT ROWID): the text primary key was a second b-tree
-- beside the rowid table, one more page for every ticket issued. A ticket row is small (about
-- 200 bytes), which is what WITHOUT ROWID is for; nothing reads a ticket's rowid.
CREATE TABLE tickets_v19 (
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
) WITHOUT ROWID;
INSERT INTO tickets_v19 SELECT * FROM tickets WHERE migration_progress('tickets');
DROP TABLE tickets;
ALTER TABLE tickets_v19 RENAME TO tickets;
CREATE INDEX tickets_queue ON tickets (day, status, service_code);
CREATE INDEX tickets_numbering ON tickets (day, prefix, series, seq_no);
CREATE INDEX tickets_called ON tickets (counter) WHERE status = 'called';
CREATE INDEX tickets_waiting_order ON tickets (day, status, queued_at, issued_at, number);
-- tickets_queue stays although tickets_waiting_order starts with the same (day, status): the
-- count of tickets before a new one on its slip reads one service's waiting tickets through
-- it, and without it would walk every service's waiting tickets queued earlier, row by row.

-- A registration's status history keyed by its event id alone, for the same reason: a page
-- less on every save and every status change. Nothing reads its rowid (it is read by
-- registration in hlc order).
CREATE TABLE application_history_v19 (
    event_id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT
) WITHOUT ROWID;
INSERT INTO application_history_v19 SELECT * FROM application_history
    WHERE migration_progress('application_history');
DROP TABLE application_history;
ALTER TABLE application_history_v19 RENAME TO application_history;
CREATE INDEX application_history_reg ON application_history (registration_id);
CREATE INDEX application_history_done ON application_history (at) WHERE to_status = 'selesai';

-- ticket_history keeps its rowid: the queue and the reports order a ticket's rows by it.
