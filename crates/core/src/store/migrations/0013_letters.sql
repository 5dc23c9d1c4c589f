-- Schema v13: official letters (naskah dinas) of an event: the invitation to every OPD
-- (undangan), the request to each narasumber (permohonan narasumber) and the committee's
-- assignment (surat tugas).
--
-- What the organizer set for one kind of letter of one event. NULL means the default:
-- the shipped text, the event's city, the date each letter was numbered.
CREATE TABLE letter_settings (
    event_id        TEXT NOT NULL REFERENCES event (id),
    kind            TEXT NOT NULL CHECK (kind IN ('undangan', 'narasumber', 'tugas')),
    -- "{seq:3}/UND/{org}/{roman_month}/{year}"
    number_pattern  TEXT,
    org_code        TEXT,
    place           TEXT,
    -- YYYY-MM-DD printed on every letter of this kind
    letter_date     TEXT,
    sifat           TEXT,
    perihal         TEXT,
    -- the undangan's lampiran: nothing, the quota of every OPD, or the OPD's names
    attachment      TEXT CHECK (attachment IS NULL OR attachment IN ('none', 'quota', 'names')),
    dress_code      TEXT,
    time_zone       TEXT CHECK (time_zone IS NULL OR time_zone IN ('WIB', 'WITA', 'WIT')),
    -- the letter's text with named fields ({nama_kegiatan}); checked when saved
    body            TEXT,
    -- which of the event's signatories signs
    signatory_ord   INTEGER CHECK (signatory_ord IS NULL OR signatory_ord IN (1, 2)),
    -- the next number of the agency's register (agenda surat keluar), when it is ahead
    next_seq        INTEGER CHECK (next_seq IS NULL OR next_seq > 0),
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (event_id, kind)
) STRICT;

-- A number given to a letter. A number is never given twice in its scope (the kind and
-- the year) and never taken back: printing again prints the same number and date.
CREATE TABLE letter (
    id              TEXT PRIMARY KEY NOT NULL,
    event_id        TEXT NOT NULL REFERENCES event (id),
    kind            TEXT NOT NULL CHECK (kind IN ('undangan', 'narasumber', 'tugas')),
    -- the OPD's id (undangan), the registration's id (narasumber), '' (tugas: one letter)
    addressee_key   TEXT NOT NULL,
    -- the addressee's name when the number was given
    addressee       TEXT NOT NULL,
    -- "undangan:2026"
    seq_scope       TEXT NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq > 0),
    number          TEXT NOT NULL CHECK (length(trim(number)) > 0),
    -- YYYY-MM-DD, the letter's date unless the settings fix one
    letter_date     TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    UNIQUE (seq_scope, seq),
    UNIQUE (event_id, kind, addressee_key)
) STRICT;
