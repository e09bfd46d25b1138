-- Five b-trees fewer on every ticket issue (issue 14 item 6; docs/performance.md): a durable
-- commit costs about one page per b-tree it writes, and an issue wrote 16.

-- The issue is the ticket's row (issued_at, its service, its device; the actor is on the
-- event), so the history keeps what happened to a ticket after it: calls, recalls, closes,
-- transfers, restores. The 'issued' row and its three indexes were four b-trees of every
-- issue. Nothing reads those rows: the reports read calls and closes, the queue finds a
-- ticket's issuing event in the log (counter_app/queue.py). The rows go; the pages they free
-- are overwritten (secure_delete) and used again by the history that follows.
DELETE FROM ticket_history WHERE migration_progress('ticket_history') AND action = 'issued';

-- The log's type index without the bulk of the log: the queue's, the registrations', the
-- surveys' and the prints' events (counter_app.events.BULK_TYPES). Those are found newest
-- first without it; the rare ones (accounts, hub epochs, erasures, complaints...) keep an
-- index for the audit log's filter and the checks that look for one. The list is the one
-- counter_app.events.INDEXED_TYPES spells: tests/test_write_path_0024.py holds them equal.
DROP INDEX events_type;
CREATE INDEX events_type ON events (type) WHERE type NOT IN (
    'ticket_issued', 'ticket_called', 'ticket_recalled', 'ticket_skipped', 'ticket_noshow',
    'ticket_finished', 'ticket_cancelled', 'ticket_restored', 'ticket_transferred', 'registration_created',
    'application_status_changed', 'skm_recorded', 'print_reserved', 'print_confirmed', 'print_failed'
);
