-- Reports: indexes so a day's or a period's figures read only that day's or period's rows,
-- not the whole history (see counter_app/reports/applications.py and accountability.py).

-- Completion within the standard time: the 'selesai' changes of a date range.
CREATE INDEX application_history_done ON application_history (at) WHERE to_status = 'selesai';
-- Deadline watch: applications due in the next working days (a narrow range of deadlines).
CREATE INDEX registrations_deadline ON registrations (deadline);
-- Deadline watch for a past day: applications whose last change came after their deadline
-- day (the only closed ones that can have been open and overdue at the end of an earlier
-- day). 'Z' sorts after the 'T' of any time on the deadline day itself. (SQLite matches a
-- partial index only with this plain comparison, not with substr().)
CREATE INDEX registrations_closed_late ON registrations (status_at) WHERE status_at > deadline || 'Z';
-- Complaints: first answers in a date range, and complaints closed after their deadline.
CREATE INDEX complaint_history_action ON complaint_history (action, at);
CREATE INDEX complaints_closed_late ON complaints (status_at) WHERE status_at > deadline || 'Z';
