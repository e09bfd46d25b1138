-- The portal's Ed25519 key that countersigns each device's newest event it holds (issue 15
-- item 6; counter_app/receipts.py): made on first use, kept in the portal's database (its
-- backups carry it), never sent; counters pin its verify key.
CREATE TABLE portal_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
