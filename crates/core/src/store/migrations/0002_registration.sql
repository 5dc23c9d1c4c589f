-- Schema v2: OPD registry, people, registrations (with substitution) and quotas.

CREATE TABLE opd (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    short_name  TEXT,
    -- lower-cased, whitespace-collapsed name: the matching key
    name_key    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Other spellings of an OPD (its short name included), matched like names.
CREATE TABLE opd_alias (
    id          TEXT PRIMARY KEY NOT NULL,
    opd_id      TEXT NOT NULL REFERENCES opd (id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    alias_key   TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX opd_alias_by_opd ON opd_alias (opd_id);

CREATE TABLE person (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key    TEXT NOT NULL,
    nip         TEXT UNIQUE CHECK (nip IS NULL OR length(nip) = 18),
    nik         TEXT UNIQUE CHECK (nik IS NULL OR length(nik) = 16),
    gender      TEXT CHECK (gender IS NULL OR gender IN ('L', 'P')),
    rank        TEXT,
    position    TEXT,
    opd_id      TEXT REFERENCES opd (id),
    phone       TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX person_by_name_opd ON person (name_key, opd_id);
CREATE INDEX person_by_opd ON person (opd_id);

CREATE TABLE registration (
    id              TEXT PRIMARY KEY NOT NULL,
    event_id        TEXT NOT NULL REFERENCES event (id),
    person_id       TEXT NOT NULL REFERENCES person (id),
    role            TEXT NOT NULL CHECK (role IN ('participant', 'speaker', 'moderator', 'committee')),
    -- short check-in code, unambiguous alphabet (no 0/O/1/I/L)
    code            TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'registered'
                    CHECK (status IN ('registered', 'cancelled', 'replaced')),
    -- substitution: the registration whose seat this one took, and the reverse link
    replaces_id     TEXT REFERENCES registration (id),
    replaced_by_id  TEXT REFERENCES registration (id),
    note            TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (event_id, person_id)
) STRICT;

CREATE INDEX registration_by_event ON registration (event_id, status);
CREATE INDEX registration_by_person ON registration (person_id);

CREATE TABLE opd_quota (
    event_id    TEXT NOT NULL REFERENCES event (id),
    opd_id      TEXT NOT NULL REFERENCES opd (id) ON DELETE CASCADE,
    quota       INTEGER NOT NULL CHECK (quota >= 0),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (event_id, opd_id)
) STRICT;
