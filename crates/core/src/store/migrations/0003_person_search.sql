-- Schema v3: why a registration was cancelled (kept apart from its note), and a trigram full-text index over people's names and NIPs, so "part of a
-- name" and "some NIP digits" searches stay fast on tens of thousands of people.
-- External content on person's rowid; triggers keep it in step. (person's rowid is
-- stable because the database is never VACUUMed; if it ever is, run
-- INSERT INTO person_fts(person_fts) VALUES ('rebuild') afterwards.)
-- An import preview, which is rolled back anyway, pauses the index by inserting the
-- settings row 'search_index_paused' inside its transaction.

CREATE VIRTUAL TABLE person_fts USING fts5 (
    name_key,
    nip,
    content = 'person',
    tokenize = 'trigram'
);

CREATE TRIGGER person_fts_insert AFTER INSERT ON person
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index_paused') BEGIN
    INSERT INTO person_fts (rowid, name_key, nip) VALUES (new.rowid, new.name_key, new.nip);
END;

CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
    INSERT INTO person_fts (person_fts, rowid, name_key, nip)
    VALUES ('delete', old.rowid, old.name_key, old.nip);
END;

CREATE TRIGGER person_fts_update AFTER UPDATE OF name_key, nip ON person
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index_paused') BEGIN
    INSERT INTO person_fts (person_fts, rowid, name_key, nip)
    VALUES ('delete', old.rowid, old.name_key, old.nip);
    INSERT INTO person_fts (rowid, name_key, nip) VALUES (new.rowid, new.name_key, new.nip);
END;

INSERT INTO person_fts (person_fts) VALUES ('rebuild');

ALTER TABLE registration ADD COLUMN cancel_reason TEXT;
