-- Schema v16: forms participants fill in on their phones (or a desk enters from paper):
-- the pre-test and post-test, the evaluation of the organizing, of each session's
-- narasumber, and free questions.
CREATE TABLE form (
    id              TEXT PRIMARY KEY NOT NULL,
    event_id        TEXT NOT NULL REFERENCES event (id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('pretest', 'posttest', 'penyelenggaraan', 'narasumber', 'umum')),
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    -- the session a narasumber evaluation is about
    session_id      TEXT REFERENCES session (id) ON DELETE CASCADE,
    -- a post-test asks the questions of this form (the pre-test)
    bank_form_id    TEXT REFERENCES form (id),
    -- no answer keeps a link to its person; who answered is still counted
    anonymous       INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    -- a second submission of one person: refused, or it replaces the first
    resubmit        TEXT NOT NULL DEFAULT 'refuse' CHECK (resubmit IN ('refuse', 'replace')),
    time_limit_min  INTEGER CHECK (time_limit_min IS NULL OR time_limit_min BETWEEN 1 AND 600),
    -- the Likert scale: 1–4 or 1–5
    scale           INTEGER NOT NULL DEFAULT 4 CHECK (scale IN (4, 5)),
    -- local time 'YYYY-MM-DDTHH:MM'; open while opens_at <= now < closes_at
    opens_at        TEXT,
    closes_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE INDEX form_by_event ON form (event_id);

CREATE TABLE form_question (
    id        TEXT PRIMARY KEY NOT NULL,
    form_id   TEXT NOT NULL REFERENCES form (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('choice', 'likert', 'text')),
    -- the aspect a Likert item belongs to (Persiapan, Fasilitas …)
    aspect    TEXT,
    text      TEXT NOT NULL CHECK (length(trim(text)) > 0),
    -- a choice question's options, a JSON array of strings
    options   TEXT,
    -- the index of the right option of a test question
    answer    INTEGER,
    UNIQUE (form_id, ord)
) STRICT;

-- One submission. `registration_id` is NULL on an anonymous form.
CREATE TABLE form_response (
    id               TEXT PRIMARY KEY NOT NULL,
    form_id          TEXT NOT NULL REFERENCES form (id) ON DELETE CASCADE,
    registration_id  TEXT REFERENCES registration (id) ON DELETE CASCADE,
    -- chosen by the phone for one submission: sent again, it answers the same
    submission_id    TEXT NOT NULL UNIQUE,
    submitted_at     TEXT NOT NULL,
    -- a paper form entered at a desk or by the organizer: who entered it
    entered_by       TEXT,
    -- a test's right answers out of its questions
    correct          INTEGER,
    total            INTEGER
) STRICT;

CREATE UNIQUE INDEX form_response_once ON form_response (form_id, registration_id)
    WHERE registration_id IS NOT NULL;

CREATE TABLE form_answer (
    response_id  TEXT NOT NULL REFERENCES form_response (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL REFERENCES form_question (id) ON DELETE CASCADE,
    choice       INTEGER,
    value        INTEGER,
    text         TEXT,
    PRIMARY KEY (response_id, question_id)
) STRICT;

-- Who has answered a form (anonymous ones too) and when a timed test was started.
CREATE TABLE form_respondent (
    form_id          TEXT NOT NULL REFERENCES form (id) ON DELETE CASCADE,
    registration_id  TEXT NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    started_at       TEXT,
    submitted_at     TEXT,
    PRIMARY KEY (form_id, registration_id)
) STRICT;

-- Optional conditions of a participant's certificate besides attendance: every opened
-- evaluation filled in, and a post-test score of at least this much (0–100).
ALTER TABLE certificate_settings ADD COLUMN require_evaluation INTEGER NOT NULL DEFAULT 0
    CHECK (require_evaluation IN (0, 1));
ALTER TABLE certificate_settings ADD COLUMN min_posttest INTEGER
    CHECK (min_posttest IS NULL OR min_posttest BETWEEN 1 AND 100);
