-- loket: foreign_keys off
-- Two b-trees fewer on the write path (issue 14 item 6; docs/performance.md): a durable commit
-- costs about one page per b-tree it writes, and on a fast disk the flush of those pages is
-- most of a ticket issue's time. The store turns foreign keys off around this transaction
-- (ticket_history refers to tickets, which is rebuilt) and runs a foreign_key_check before the
-- commit. Both copies report their rows as they go ('loket db migrate' shows a bar).

-- The newest clock of the file in the chain heads. Every event (this device's own and those
-- from elsewhere) updates its device's head in the same statement that stores it, so the
-- newest clock of each device costs nothing more to keep there; the log's clock index was one
-- more b-tree on every event, read only for max(hlc) and by the full replay (which now sorts
-- the events' keys once: counter_app/events.py rebuild_projections).
ALTER TABLE chain_heads ADD COLUMN hlc TEXT;
UPDATE chain_heads SET hlc = newest.hlc
FROM (SELECT device_id, max(hlc) AS hlc FROM events WHERE migration_progress('events') GROUP BY device_id) AS newest
WHERE newest.device_id = chain_heads.device_id;
DROP INDEX events_hlc;

-- A ticket's number found through its parts. The number is made of its prefix, series and
-- sequence (counter_app.queue.format_number; a clash adds a device mark after a '*'), so the
-- numbering index that answers "the last number of this series today" can also hold the
-- number and keep it unique: the separate unique index on (day, number) was a fifth b-tree
-- on the ticket. A number is looked up by its parts (counter_app.queue.number_parts).
CREATE TABLE tickets_v25 (
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
    UNIQUE (day, prefix, series, seq_no, number)
) WITHOUT ROWID;
INSERT INTO tickets_v25 SELECT * FROM tickets WHERE migration_progress('tickets');
DROP TABLE tickets;
ALTER TABLE tickets_v25 RENAME TO tickets;
CREATE INDEX tickets_called ON tickets (counter) WHERE status = 'called';
CREATE INDEX tickets_waiting_order ON tickets (day, status, queued_at, issued_at, number);
CREATE INDEX tickets_queue ON tickets (day, status, service_code, queued_at);
