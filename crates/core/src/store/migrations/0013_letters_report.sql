-- Schema v13: official letters (naskah dinas) of an event: the invitation to every OPD
-- (undangan), the request to each narasumber (permohonan narasumber) and the committee's
-- assignment (surat tugas); and the report after it (laporan pelaksanaan kegiatan): its
-- narrative, its photos and the minutes of each session.
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

-- A certificate may carry a back page: the list of materi with their JP and the total.
ALTER TABLE certificate_settings ADD COLUMN back_page INTEGER NOT NULL DEFAULT 0
    CHECK (back_page IN (0, 1));

-- The report's narrative as typed (kept between visits; empty means the default text
-- printed from the event's data), where and when it is signed, and what it attaches.
CREATE TABLE report (
    event_id           TEXT PRIMARY KEY NOT NULL REFERENCES event (id),
    latar_belakang     TEXT,
    maksud_tujuan      TEXT,
    ruang_lingkup      TEXT,
    hambatan           TEXT,
    kesimpulan         TEXT,
    saran              TEXT,
    penutup            TEXT,
    place              TEXT,
    -- YYYY-MM-DD; the event's last day when unset
    report_date        TEXT,
    -- who signs "Mengetahui" (the event's signatory of this order)
    signatory_ord      INTEGER CHECK (signatory_ord IS NULL OR signatory_ord IN (1, 2)),
    attach_agenda      INTEGER NOT NULL DEFAULT 1 CHECK (attach_agenda IN (0, 1)),
    attach_recap       INTEGER NOT NULL DEFAULT 1 CHECK (attach_recap IN (0, 1)),
    attach_attendance  INTEGER NOT NULL DEFAULT 0 CHECK (attach_attendance IN (0, 1)),
    updated_at         TEXT NOT NULL
) STRICT;

-- The report's photos (dokumentasi), downscaled on import and stored as JPEG.
CREATE TABLE report_photo (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES event (id),
    ord         INTEGER NOT NULL,
    caption     TEXT NOT NULL CHECK (length(trim(caption)) > 0),
    jpeg        BLOB NOT NULL CHECK (length(jpeg) <= 2097152),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX report_photo_by_event ON report_photo (event_id, ord);

-- The minutes (notulen) of a session: who chaired, what was discussed, the questions and
-- answers, what was concluded.
CREATE TABLE session_minutes (
    session_id   TEXT PRIMARY KEY NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    chair        TEXT,
    topics       TEXT,
    qa           TEXT,
    conclusions  TEXT,
    updated_at   TEXT NOT NULL
) STRICT;
