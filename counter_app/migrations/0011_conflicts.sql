-- Convergence: clashing facts found while folding an entity's events, their resolution by a
-- supervisor, and this device's quarantine of events it could not apply.

-- A projection: which event lost to which, and why (a deterministic function of the log, so
-- every device lists the same conflicts). The losing event stays in the log.
CREATE TABLE conflicts (
    event_id TEXT PRIMARY KEY,      -- the event the rule set aside (or applied with a warning)
    entity_id TEXT NOT NULL,        -- the entity both facts are about
    kind TEXT NOT NULL,             -- double_call, foreign_close, username_clash, ...
    winner_event_id TEXT,           -- the event whose fact stands, when there is one
    hlc TEXT NOT NULL,              -- the losing event's clock (listing order)
    detail TEXT NOT NULL            -- canonical JSON, built only from the events
);
CREATE INDEX conflicts_entity ON conflicts (entity_id);

-- A projection of conflict_resolved events: a supervisor has seen the conflict and says how
-- it was settled.
CREATE TABLE conflict_resolutions (
    conflict_event_id TEXT PRIMARY KEY,
    resolution_event_id TEXT NOT NULL,
    resolved_by TEXT NOT NULL,
    resolved_at TEXT NOT NULL,
    note TEXT NOT NULL
);

-- Device-local: events this device holds (or was sent) but could not apply: a newer app's
-- event type, a payload that fails its schema, a reference to an entity not here yet, a bug.
-- Not a projection: it depends on this installation's version. Retried when the entity's
-- missing events arrive and by 'loket sync retry-quarantine' after an upgrade.
CREATE TABLE quarantine (
    event_id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    type TEXT NOT NULL,
    error TEXT NOT NULL,
    in_log INTEGER NOT NULL,        -- 0: refused before it reached the log (bad hash); raw kept
    raw TEXT,                       -- the event as received when it is not in the log
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX quarantine_entity ON quarantine (entity_id);
