-- A site hub enrolled as a relay may push the events of its site's other devices (it carries
-- the hall's events up while the counters have no internet of their own). Chains, schemas
-- and site isolation are checked for every relayed event as for a device's own.
ALTER TABLE devices ADD COLUMN relay INTEGER NOT NULL DEFAULT 0;
