-- Last-writer-wins by event order (hybrid clock, then event id) for the site and its
-- settings, so devices that receive the same events in different orders converge.
ALTER TABLE site ADD COLUMN order_key TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN order_key TEXT NOT NULL DEFAULT '';
