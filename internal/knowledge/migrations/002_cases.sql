-- Case studies: what was done locally, what came of it and what was learned, in English and
-- Welsh, linked to the methods used. A case is written by an editor as a draft and published
-- for everyone; unpublishing takes it back to a draft.

CREATE TABLE knowledge_cases (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    title_en     TEXT NOT NULL DEFAULT '',
    title_cy     TEXT NOT NULL DEFAULT '',
    summary_en   TEXT NOT NULL DEFAULT '',
    summary_cy   TEXT NOT NULL DEFAULT '',
    story_en     TEXT NOT NULL DEFAULT '',
    story_cy     TEXT NOT NULL DEFAULT '',
    outcomes_en  TEXT NOT NULL DEFAULT '',
    outcomes_cy  TEXT NOT NULL DEFAULT '',
    learning_en  TEXT NOT NULL DEFAULT '',
    learning_cy  TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL DEFAULT '',
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    author_id    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX knowledge_cases_status ON knowledge_cases (status, published_at);

-- The methods a case used.
CREATE TABLE knowledge_case_methods (
    case_id   TEXT NOT NULL REFERENCES knowledge_cases (id) ON DELETE CASCADE,
    method_id TEXT NOT NULL REFERENCES knowledge_methods (id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, method_id)
);
CREATE INDEX knowledge_case_methods_method ON knowledge_case_methods (method_id);
