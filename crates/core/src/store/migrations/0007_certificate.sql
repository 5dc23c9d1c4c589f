-- Schema v7: certificates. A certificate, once numbered, keeps its number: a name
-- correction raises its revision; a revocation keeps the row with its reason. Numbers come
-- from a gapless sequence per scope (`event:<id>` or `year:2019`).

CREATE TABLE certificate_settings (
    event_id         TEXT PRIMARY KEY NOT NULL REFERENCES event (id),
    -- participants need at least this share of the attendance-taking sessions
    min_attendance   INTEGER NOT NULL DEFAULT 80 CHECK (min_attendance BETWEEN 0 AND 100),
    number_pattern   TEXT NOT NULL DEFAULT '{seq:3}/BIMTEK/{org}/{roman_month}/{year}',
    -- the {org} token, e.g. "DISKOMINFO"
    org_code         TEXT,
    sequence_scope   TEXT NOT NULL DEFAULT 'event' CHECK (sequence_scope IN ('event', 'year')),
    -- place and date of issue; the event's city and last day when unset
    issue_place      TEXT,
    issue_date       TEXT,
    -- the QR is a URL on the agency's site when set
    verify_base_url  TEXT,
    -- JSON: role → wording ("sebagai Peserta") and role → template id
    role_texts       TEXT,
    role_templates   TEXT,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE certificate_override (
    registration_id  TEXT PRIMARY KEY NOT NULL REFERENCES registration (id),
    eligible         INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    reason           TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    actor            TEXT NOT NULL,
    at               TEXT NOT NULL
) STRICT;

CREATE TABLE certificate (
    id               TEXT PRIMARY KEY NOT NULL,
    event_id         TEXT NOT NULL REFERENCES event (id),
    registration_id  TEXT NOT NULL UNIQUE REFERENCES registration (id),
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
    UNIQUE (seq_scope, seq)
) STRICT;

CREATE INDEX certificate_by_event ON certificate (event_id, role);

CREATE TABLE certificate_template (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- the template as JSON (bintek_docs::certificate::Template), background included
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
