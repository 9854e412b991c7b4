-- The knowledge hub's methods library: a method is a row that points at its published version;
-- every edit is a version (draft, submitted for review, published, superseded or returned),
-- each holding the whole method in English and Welsh.

CREATE TABLE knowledge_methods (
    id                   TEXT PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80),
    published_version_id TEXT,
    published_at         TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE knowledge_method_versions (
    id               TEXT PRIMARY KEY,
    method_id        TEXT NOT NULL REFERENCES knowledge_methods (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number >= 1),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'published', 'superseded', 'returned')),
    iap2             TEXT NOT NULL CHECK (iap2 IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
    duration         TEXT NOT NULL CHECK (duration IN ('hours', 'days', 'weeks', 'months')),
    cost             TEXT NOT NULL CHECK (cost IN ('none', 'low', 'medium', 'high')),
    people_min       INTEGER NOT NULL CHECK (people_min >= 1),
    people_max       INTEGER NOT NULL CHECK (people_max >= people_min),
    setting          TEXT NOT NULL CHECK (setting IN ('in_person', 'online', 'blended')),
    purposes         TEXT NOT NULL DEFAULT '',
    templates        TEXT NOT NULL DEFAULT '',
    title_en         TEXT NOT NULL DEFAULT '',
    title_cy         TEXT NOT NULL DEFAULT '',
    summary_en       TEXT NOT NULL DEFAULT '',
    summary_cy       TEXT NOT NULL DEFAULT '',
    when_en          TEXT NOT NULL DEFAULT '',
    when_cy          TEXT NOT NULL DEFAULT '',
    when_not_en      TEXT NOT NULL DEFAULT '',
    when_not_cy      TEXT NOT NULL DEFAULT '',
    needs_en         TEXT NOT NULL DEFAULT '',
    needs_cy         TEXT NOT NULL DEFAULT '',
    steps_en         TEXT NOT NULL DEFAULT '',
    steps_cy         TEXT NOT NULL DEFAULT '',
    resources_en     TEXT NOT NULL DEFAULT '',
    resources_cy     TEXT NOT NULL DEFAULT '',
    accessibility_en TEXT NOT NULL DEFAULT '',
    accessibility_cy TEXT NOT NULL DEFAULT '',
    change_note      TEXT NOT NULL DEFAULT '',
    author_id        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    reviewer_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    review_note      TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    submitted_at     TIMESTAMPTZ,
    reviewed_at      TIMESTAMPTZ,
    UNIQUE (method_id, number)
);
CREATE INDEX knowledge_method_versions_status ON knowledge_method_versions (status, updated_at);
