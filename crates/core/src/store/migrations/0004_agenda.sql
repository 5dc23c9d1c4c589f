-- Schema v4: the agenda (sessions and who speaks or moderates in each), committee duties
-- and the event's signatories.

CREATE TABLE session (
    id                TEXT PRIMARY KEY NOT NULL,
    event_id          TEXT NOT NULL REFERENCES event (id),
    date              TEXT NOT NULL,
    start_time        TEXT NOT NULL,
    end_time          TEXT NOT NULL,
    title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
    room              TEXT,
    -- lower-cased, whitespace-collapsed room: overlap checks
    room_key          TEXT,
    jp                INTEGER CHECK (jp IS NULL OR jp >= 0),
    kind              TEXT NOT NULL DEFAULT 'material'
                      CHECK (kind IN ('opening', 'material', 'break', 'closing')),
    takes_attendance  INTEGER NOT NULL DEFAULT 1 CHECK (takes_attendance IN (0, 1)),
    notes             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (end_time > start_time)
) STRICT;

CREATE INDEX session_by_event ON session (event_id, date, start_time);

CREATE TABLE session_staff (
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    registration_id  TEXT NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    role             TEXT NOT NULL CHECK (role IN ('speaker', 'moderator')),
    created_at       TEXT NOT NULL,
    PRIMARY KEY (session_id, registration_id, role)
) STRICT;

CREATE INDEX session_staff_by_registration ON session_staff (registration_id);

-- A committee member's duty (Ketua, Sekretaris, Seksi Acara, …).
ALTER TABLE registration ADD COLUMN duty TEXT;

CREATE TABLE signatory (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES event (id),
    ord         INTEGER NOT NULL CHECK (ord IN (1, 2)),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    nip         TEXT,
    rank        TEXT,
    position    TEXT NOT NULL CHECK (length(trim(position)) > 0),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (event_id, ord)
) STRICT;
