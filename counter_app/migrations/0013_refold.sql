-- Work a migration leaves for the code to finish right after it (the schema alone cannot do
-- it). 'rebuild_projections': projections of a multi-device site were built in arrival
-- order before 0011; the fold in clock order may give different tickets, accounts and
-- bookings, so they are rebuilt once. A single-device database holds only its own events,
-- in order, and needs nothing.
CREATE TABLE pending_maintenance (
    task TEXT PRIMARY KEY,
    reason TEXT NOT NULL
);
INSERT INTO pending_maintenance (task, reason)
SELECT 'rebuild_projections', 'proyeksi dibangun ulang dengan aturan urutan jam hibrida (migrasi 0011)'
WHERE (SELECT count(DISTINCT device_id) FROM events) > 1;
