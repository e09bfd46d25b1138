-- The site hub (docs/site-hub.md). Device-local: this installation's hub role, the hub it
-- joined and how far it has read and been read; on a hub, the tokens of its members.
CREATE TABLE hub_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    role TEXT NOT NULL DEFAULT 'none' CHECK (role IN ('none', 'member', 'hub')),
    url TEXT,                        -- the hub a member joined
    token TEXT,                      -- this member's token for it
    hub_device_id TEXT,              -- the hub's device id, as it said at join
    cursor INTEGER NOT NULL DEFAULT 0,     -- the hub's local seq this member has applied
    acked_seq INTEGER NOT NULL DEFAULT 0,  -- own device_seq the hub holds (push mark)
    last_contact TEXT,               -- last answer from the hub
    last_error TEXT
);
INSERT INTO hub_state (singleton) VALUES (1);

CREATE TABLE hub_devices (
    token_hash TEXT PRIMARY KEY,     -- SHA-256 of the token; the token is shown once
    name TEXT NOT NULL,
    device_id TEXT,                  -- bound at the device's first hello
    enrolled_at TEXT NOT NULL,
    last_seen TEXT,
    revoked_at TEXT
);
CREATE UNIQUE INDEX hub_devices_device ON hub_devices (device_id) WHERE device_id IS NOT NULL AND revoked_at IS NULL;

-- Projections. Service leases: in mode mandiri a counter calls only the waiting tickets of
-- services it holds (and those its own device issued of services nobody holds).
CREATE TABLE service_leases (
    entity_id TEXT PRIMARY KEY,      -- 'lease:' || service code (the events' entity)
    service_code TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    counter TEXT,
    granted_at TEXT NOT NULL,
    event_id TEXT NOT NULL
);

-- The hub's authority: the highest epoch wins (fencing; never two hubs deciding at once).
CREATE TABLE hub_epochs (
    epoch INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    order_key TEXT NOT NULL,         -- two claims of one epoch: the earlier (hlc, id) stands
    at TEXT NOT NULL
);

-- On the hub: the answer to each member request, by the member's request id, so a request
-- resent after a timeout (its outcome unknown to the member) gets the same answer instead of
-- a second decision. Kept for a day.
CREATE TABLE hub_requests (
    request_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    response TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX hub_requests_at ON hub_requests (at);

-- Call next reads only the first waiting ticket in queue order (normal, then priority): an
-- index in that order, so the hub's call does not sort a busy hall's whole queue.
CREATE INDEX tickets_waiting_order ON tickets (day, status, queued_at, issued_at, number);
