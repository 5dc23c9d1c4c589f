-- Schema v6: registration desks paired with the host in LAN mode. Only a hash of each
-- desk's token is kept; a revoked desk stays listed with its check-ins.

CREATE TABLE desk (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    paired_at     TEXT NOT NULL,
    last_seen_at  TEXT,
    revoked_at    TEXT
) STRICT;
