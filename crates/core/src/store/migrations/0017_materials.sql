-- Schema v17: the materials (bahan tayang) each narasumber hands over, uploaded by the
-- organizer per session and downloaded by participants on their phones once the
-- session has started.
CREATE TABLE material (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES event (id),
    session_id  TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    -- the name it is downloaded under (Windows-safe)
    file_name   TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    -- what its bytes were checked to be
    kind        TEXT NOT NULL
                CHECK (kind IN ('pdf', 'pptx', 'ppsx', 'docx', 'xlsx', 'ppt', 'doc', 'xls', 'odp', 'odt', 'ods')),
    size        INTEGER NOT NULL CHECK (size > 0 AND size <= 31457280),
    sha256      TEXT NOT NULL,
    data        BLOB NOT NULL CHECK (length(data) = size),
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX material_by_event ON material (event_id, session_id);

-- Who downloaded a material, and how often.
CREATE TABLE material_download (
    material_id      TEXT NOT NULL REFERENCES material (id) ON DELETE CASCADE,
    registration_id  TEXT NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    first_at         TEXT NOT NULL,
    last_at          TEXT NOT NULL,
    times            INTEGER NOT NULL DEFAULT 1 CHECK (times > 0),
    PRIMARY KEY (material_id, registration_id)
) STRICT, WITHOUT ROWID;
