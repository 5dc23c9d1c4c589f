-- Schema v9: a person's attendance history. Every check-in and undo of a desk is already
-- a row of scan_log (an undo names its desk in `desk`); a check-in now also keeps its
-- method there, since the attendance row keeps only the standing check-in's. Rows written
-- before v9 take the method of their attendance row.

ALTER TABLE scan_log ADD COLUMN method TEXT;

UPDATE scan_log SET method = (
    SELECT a.method FROM attendance a
    WHERE a.registration_id = scan_log.registration_id AND a.session_id = scan_log.session_id)
WHERE result = 'checked_in';

CREATE INDEX scan_log_by_registration ON scan_log (registration_id, at);
