-- The count printed on a new ticket's slip ("Antrean sebelum Anda") reads one service's
-- waiting tickets queued before it (issue 14). With tickets_queue on (day, status,
-- service_code) the planner preferred tickets_waiting_order (day, status, queued_at) and
-- walked every service's waiting tickets queued earlier, reading each row for its service:
-- 400 waiting in a hall cost a ticket issue 0.2 ms, 3,000 cost 1.3 ms. With the queue time
-- in tickets_queue the count is one range of one service's entries, answered from the index
-- alone (tickets is WITHOUT ROWID, so its entries carry the ticket id). Same number of
-- b-trees: the index is replaced, not added.
DROP INDEX IF EXISTS tickets_queue;
CREATE INDEX tickets_queue ON tickets (day, status, service_code, queued_at);
