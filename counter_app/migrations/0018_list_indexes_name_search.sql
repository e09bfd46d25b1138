-- Lists the UI sorts read in index order, and the name search reads an index (issue 14):
-- costs that follow the size of the answer, not the age of the file.

-- The status bar reads the newest print job: ORDER BY reserved_at DESC, rowid DESC.
CREATE INDEX print_jobs_reserved ON print_jobs (reserved_at);

-- Complaints, oldest deadline first (ORDER BY deadline, tracking_number).
CREATE INDEX complaints_deadline ON complaints (deadline, tracking_number);

-- Applications, earliest deadline first then by number: the same index serves the reports'
-- deadline ranges, so it replaces the one on the deadline alone (no extra page per save).
DROP INDEX registrations_deadline;
CREATE INDEX registrations_deadline ON registrations (deadline, id);

-- Name search: an FTS5 index over registrations.name (external content: the names are not
-- stored twice), case- and accent-insensitive, with prefix indexes so the first letters typed
-- are answered from the index. Triggers keep it in step with every write; 'loket db rebuild'
-- rebuilds it.
CREATE VIRTUAL TABLE registrations_fts USING fts5(
    name, content = 'registrations', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', columnsize = 0
);
CREATE TRIGGER registrations_fts_insert AFTER INSERT ON registrations BEGIN
    INSERT INTO registrations_fts (rowid, name) VALUES (new.rowid, new.name);
END;
CREATE TRIGGER registrations_fts_delete AFTER DELETE ON registrations BEGIN
    INSERT INTO registrations_fts (registrations_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
CREATE TRIGGER registrations_fts_update AFTER UPDATE OF name ON registrations BEGIN
    INSERT INTO registrations_fts (registrations_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
    INSERT INTO registrations_fts (rowid, name) VALUES (new.rowid, new.name);
END;
INSERT INTO registrations_fts (registrations_fts) VALUES ('rebuild');
