-- Schema v5: attendance (one row per registration and session; an undo is kept and
-- marked, never deleted) and the log of every scan, failed ones included.

CREATE TABLE attendance (
    id               TEXT PRIMARY KEY NOT NULL,
    registration_id  TEXT NOT NULL REFERENCES registration (id),
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    at               TEXT NOT NULL,
    desk             TEXT,
    method           TEXT NOT NULL CHECK (method IN ('scan', 'search', 'manual', 'walkin')),
    -- the desk's id for one Enter: a retried request finds its first answer
    nonce            TEXT UNIQUE,
    undone_at        TEXT,
    undone_by        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (registration_id, session_id)
) STRICT;

CREATE INDEX attendance_by_session ON attendance (session_id, undone_at);

CREATE TABLE scan_log (
    id               TEXT PRIMARY KEY NOT NULL,
    at               TEXT NOT NULL,
    desk             TEXT,
    event_id         TEXT,
    session_id       TEXT,
    input            TEXT NOT NULL,
    result           TEXT NOT NULL,
    registration_id  TEXT,
    message          TEXT
) STRICT;

CREATE INDEX scan_log_by_event ON scan_log (event_id, at);
