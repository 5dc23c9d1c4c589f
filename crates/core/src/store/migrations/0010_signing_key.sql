-- The certificate signing key lives in the database (before: only in a file beside it),
-- so every backup, copy and restore carries it. One row. `secret` is NULL where only
-- verifying is allowed (an offline desk package) or the key went missing (a database of
-- an older version moved without its key file): then nothing signs until the organizer
-- imports the key whose public half is recorded here.
CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    secret      BLOB CHECK (secret IS NULL OR length(secret) = 32),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
