-- Training: courses made of short modules (a text, a film from the hub's media, a quiz, a
-- reflection question), written and published by editors; people enrol and their progress is
-- saved per module. A reflection is private to the person who wrote it.

CREATE TABLE knowledge_courses (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    title_en     TEXT NOT NULL DEFAULT '',
    title_cy     TEXT NOT NULL DEFAULT '',
    summary_en   TEXT NOT NULL DEFAULT '',
    summary_cy   TEXT NOT NULL DEFAULT '',
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 6000),
    event_id     TEXT NOT NULL DEFAULT '',
    author_id    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX knowledge_courses_status ON knowledge_courses (status, published_at);

CREATE TABLE knowledge_course_modules (
    id         TEXT PRIMARY KEY,
    course_id  TEXT NOT NULL REFERENCES knowledge_courses (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('text', 'film', 'quiz', 'reflection')),
    title_en   TEXT NOT NULL DEFAULT '',
    title_cy   TEXT NOT NULL DEFAULT '',
    body_en    TEXT NOT NULL DEFAULT '',
    body_cy    TEXT NOT NULL DEFAULT '',
    media_id   TEXT REFERENCES knowledge_media (id) ON DELETE SET NULL,
    choices    TEXT NOT NULL DEFAULT '[]',
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (course_id, position)
);

-- One enrolment a person a course: enrolling twice at once makes one. completed_at is set once.
CREATE TABLE knowledge_enrolments (
    id           TEXT PRIMARY KEY,
    course_id    TEXT NOT NULL REFERENCES knowledge_courses (id) ON DELETE CASCADE,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    enrolled_at  TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ,
    helped_by    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    helped_how   TEXT NOT NULL DEFAULT '',
    helped_note  TEXT NOT NULL DEFAULT '',
    UNIQUE (course_id, account_id)
);
CREATE INDEX knowledge_enrolments_account ON knowledge_enrolments (account_id);

-- One row a module an enrolment: a module done twice at once is done once.
CREATE TABLE knowledge_module_progress (
    enrolment_id TEXT NOT NULL REFERENCES knowledge_enrolments (id) ON DELETE CASCADE,
    module_id    TEXT NOT NULL REFERENCES knowledge_course_modules (id) ON DELETE CASCADE,
    attempts     INTEGER NOT NULL DEFAULT 0,
    answer       TEXT NOT NULL DEFAULT '',
    done_at      TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (enrolment_id, module_id)
);
