-- The outbox and the pending count follow what is pending, not the age of the log
-- (issue 14): an acknowledged-through mark per device. ``through`` is the longest run of a
-- device's events, from device_seq 1 with no gap on this file, each acknowledged by the
-- portal or rejected by it. Only events past the mark (read by the (device_id, device_seq)
-- index) and the rejected ones before it can still be unacknowledged.
CREATE TABLE ack_marks (
    device_id TEXT PRIMARY KEY,
    through INTEGER NOT NULL CHECK (through >= 0)
);

-- The marks of an existing file: one pass over the log, once.
INSERT INTO ack_marks (device_id, through)
SELECT h.device_id, coalesce(
    (SELECT min(x.n) - 1 FROM (
        SELECT e.device_seq AS device_seq, row_number() OVER (ORDER BY e.device_seq) AS n,
               (EXISTS (SELECT 1 FROM event_acks a WHERE a.event_id = e.id)
                OR EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id)) AS done
        FROM events e WHERE e.device_id = h.device_id) x
     WHERE x.device_seq != x.n OR NOT x.done),
    (SELECT count(*) FROM events e WHERE e.device_id = h.device_id))
FROM chain_heads h;
DELETE FROM ack_marks WHERE through = 0;
