-- Last-writer-wins by event order (hybrid clock, then event id) for the site and its
-- settings, so devices that receive the same events in different orders converge.
ALTER TABLE site ADD COLUMN order_key TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN order_key TEXT NOT NULL DEFAULT '';

-- A paper form is transcribed once: look its number up without scanning a year of rows.
CREATE INDEX registrations_paper_form ON registrations (paper_form_no) WHERE paper_form_no IS NOT NULL;
CREATE INDEX skm_responses_paper_form ON skm_responses (paper_form_no) WHERE paper_form_no IS NOT NULL;
