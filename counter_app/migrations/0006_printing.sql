-- Printing: every print job (reserved before the printer is touched, then confirmed or
-- failed) and every numbered blank paper form, so a transcription links back to its copy.

CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY,              -- the job's event entity id
    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'receipt', 'form')),
    ref TEXT NOT NULL,                -- ticket id, registration id or form number
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
CREATE INDEX print_jobs_ref ON print_jobs (kind, ref);
CREATE INDEX print_jobs_status ON print_jobs (status);

CREATE TABLE paper_forms (
    form_no TEXT PRIMARY KEY,         -- F-REG-<SITE>-<YYMMDD>-<DEVICE>-<NNNN>
    kind TEXT NOT NULL CHECK (kind IN ('registration', 'skm', 'complaint')),
    day TEXT NOT NULL,
    seq_no INTEGER NOT NULL,
    service_code TEXT,
    issued_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX paper_forms_day ON paper_forms (kind, day, device_id);
