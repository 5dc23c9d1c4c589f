-- Schema v12: what the Beranda (the event at a glance) needs.
--
-- The agency profile: who the organizer is, for the first-run guide, the readiness
-- checklist and the letterhead (kop surat) of documents. One row.
CREATE TABLE agency_profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    -- "Dinas Komunikasi dan Informatika"
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- "Pemerintah Kabupaten Grobogan"
    parent      TEXT,
    address     TEXT,
    phone       TEXT,
    email       TEXT,
    website     TEXT,
    -- the logo on the kop surat: a PNG or JPEG checked when it is set (1 MB at most)
    logo        BLOB CHECK (logo IS NULL OR length(logo) <= 1048576),
    logo_type   TEXT CHECK (logo_type IS NULL OR logo_type IN ('image/png', 'image/jpeg')),
    updated_at  TEXT NOT NULL,
    CHECK ((logo IS NULL) = (logo_type IS NULL))
) STRICT;

-- When the participant card (with the check-in QR code) of a registration was last
-- printed: the checklist counts who still has none, whether the cards were printed all
-- at once, per OPD or one lost card at a time.
ALTER TABLE registration ADD COLUMN badge_printed_at TEXT;

-- The desks' activity per session (count and last check-in per desk) read from the
-- index alone: the Beranda asks it every few seconds during the event.
CREATE INDEX attendance_by_session_desk ON attendance (session_id, undone_at, desk, at);
-- It serves every use of the narrower index, which would only cost every check-in a
-- second index write.
DROP INDEX attendance_by_session;
