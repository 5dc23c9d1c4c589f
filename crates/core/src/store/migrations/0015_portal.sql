-- Schema v15: the participants' own page (self-service on their phones over the LAN host).
--
-- Per event, whether participants may sign in with the check-in code of their badge.
CREATE TABLE portal (
    event_id    TEXT PRIMARY KEY NOT NULL REFERENCES event (id),
    open        INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;

-- A participant signed in on a phone. Only a hash of the token is kept; closing the
-- event's page or cancelling the registration ends it.
CREATE TABLE participant_session (
    token_hash       TEXT PRIMARY KEY NOT NULL,
    registration_id  TEXT NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    last_seen_at     TEXT
) STRICT;

CREATE INDEX participant_session_by_registration ON participant_session (registration_id);
