-- Printing: the complainant's slip (tanda terima pengaduan) is a print job like a ticket or a
-- receipt (reserved, then confirmed or failed). SQLite cannot widen a CHECK in place, so the
-- projection table is rebuilt with the same rows.

CREATE TABLE print_jobs_new (
    id TEXT PRIMARY KEY,              -- the job's event entity id
    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'receipt', 'form', 'complaint')),
    ref TEXT NOT NULL,                -- ticket id, registration id, form number or tracking number
    label TEXT NOT NULL,              -- what a person reads: A-001, MPP-...-0001
    reprint INTEGER NOT NULL DEFAULT 0,
    target TEXT NOT NULL,             -- printer spec or 'pdf:<file>'
    status TEXT NOT NULL CHECK (status IN ('reserved', 'printed', 'failed')),
    error TEXT,
    reserved_at TEXT NOT NULL,
    finished_at TEXT,
    device_id TEXT NOT NULL,
    actor TEXT NOT NULL
);
INSERT INTO print_jobs_new (id, kind, ref, label, reprint, target, status, error, reserved_at, finished_at,
                            device_id, actor)
    SELECT id, kind, ref, label, reprint, target, status, error, reserved_at, finished_at, device_id, actor
    FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_new RENAME TO print_jobs;
CREATE INDEX print_jobs_ref ON print_jobs (kind, ref);
CREATE INDEX print_jobs_status ON print_jobs (status);
