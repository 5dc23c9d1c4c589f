-- A revoked certificate can be replaced by a new one for the same registration (a new
-- number and code; the revoked one keeps its number and stays revoked): a registration
-- may now have several certificates, of which at most one stands (is issued).
-- SQLite cannot drop a UNIQUE constraint, so the table is rebuilt.

CREATE TABLE certificate_next (
    id               TEXT PRIMARY KEY NOT NULL,
    event_id         TEXT NOT NULL REFERENCES event (id),
    registration_id  TEXT NOT NULL REFERENCES registration (id),
    role             TEXT NOT NULL,
    seq_scope        TEXT NOT NULL,
    seq              INTEGER NOT NULL CHECK (seq > 0),
    number           TEXT NOT NULL UNIQUE,
    -- verification code, unambiguous alphabet
    code             TEXT NOT NULL UNIQUE,
    -- the name as printed on the current revision
    name             TEXT NOT NULL,
    revision         INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),
    status           TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'revoked')),
    revoke_reason    TEXT,
    revoked_at       TEXT,
    issued_at        TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- the revoked certificate (id) this one replaces
    replaces         TEXT,
    UNIQUE (seq_scope, seq)
) STRICT;

INSERT INTO certificate_next (id, event_id, registration_id, role, seq_scope, seq, number,
    code, name, revision, status, revoke_reason, revoked_at, issued_at, updated_at)
SELECT id, event_id, registration_id, role, seq_scope, seq, number, code, name, revision,
    status, revoke_reason, revoked_at, issued_at, updated_at
FROM certificate;

DROP TABLE certificate;
ALTER TABLE certificate_next RENAME TO certificate;

CREATE INDEX certificate_by_event ON certificate (event_id, role);
CREATE INDEX certificate_by_registration ON certificate (registration_id);
-- At most one standing certificate per registration.
CREATE UNIQUE INDEX certificate_standing ON certificate (registration_id) WHERE status = 'issued';
