-- Schema v1: events, settings and the audit log.
-- Ids are UUIDv7 text made by the app; timestamps are RFC 3339 UTC text.

CREATE TABLE event (
    id           TEXT PRIMARY KEY NOT NULL,
    title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
    theme        TEXT,
    organizer    TEXT,
    venue        TEXT,
    city         TEXT,
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    legal_basis  TEXT,
    total_jp     INTEGER CHECK (total_jp IS NULL OR total_jp >= 0),
    notes        TEXT,
    archived_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (end_date >= start_date)
) STRICT;

CREATE INDEX event_by_start ON event (start_date);

CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT,
    detail     TEXT
) STRICT;

CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
