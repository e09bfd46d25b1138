-- Push refuses a change to an entity the site does not hold, and the portal's clock reads an
-- entity's newest event: both look events up by (site, entity). IF NOT EXISTS: a database
-- opened by the portal just before migrations may already have it.
CREATE INDEX IF NOT EXISTS events_site_entity ON events (site_code, entity_id);
