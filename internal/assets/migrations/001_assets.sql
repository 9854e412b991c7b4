CREATE TABLE assets (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description     TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL CHECK (category IN ('individuals', 'associations', 'institutions', 'spaces', 'economic', 'cultural')),
    tags            TEXT NOT NULL DEFAULT '',
    area_id         TEXT REFERENCES areas (id) ON DELETE SET NULL,
    address         TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    opening_hours   TEXT NOT NULL DEFAULT '',
    contact_name    TEXT NOT NULL DEFAULT '',
    contact_email   TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    accessibility   TEXT NOT NULL DEFAULT '',
    step_free       INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
    ownership       TEXT NOT NULL CHECK (ownership IN ('council', 'community', 'private', 'other')),
    facilities      TEXT NOT NULL DEFAULT '',
    capacity        INTEGER,
    services        TEXT NOT NULL DEFAULT '',
    organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('suggested', 'published')),
    search_text     TEXT NOT NULL,
    created_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    last_checked_at TIMESTAMPTZ NOT NULL,
    verified_by     TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    verified_at     TIMESTAMPTZ,
    reminded_at     TIMESTAMPTZ
);
CREATE INDEX assets_status_name ON assets (status, name);
CREATE INDEX assets_status_lat_lon ON assets (status, lat, lon);
CREATE INDEX assets_category ON assets (category, name);
CREATE INDEX assets_area ON assets (area_id);
CREATE INDEX assets_organisation ON assets (organisation_id);
CREATE INDEX assets_last_checked ON assets (last_checked_at);

CREATE TABLE asset_changes (
    id         TEXT PRIMARY KEY,
    asset_id   TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    action     TEXT NOT NULL CHECK (action IN ('suggested', 'created', 'edited', 'verified', 'checked', 'imported')),
    fields     TEXT NOT NULL DEFAULT '',
    changed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX asset_changes_asset ON asset_changes (asset_id, changed_at);

CREATE TABLE person_skills (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('skill', 'gift', 'time')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '',
    area_id     TEXT REFERENCES areas (id) ON DELETE SET NULL,
    visibility  TEXT NOT NULL CHECK (visibility IN ('everyone', 'members', 'officers')),
    search_text TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX person_skills_account ON person_skills (account_id);
CREATE INDEX person_skills_visibility ON person_skills (visibility, title);

-- The words of each asset's folded search text, for word-prefix search through an index. The
-- "C" collation compares bytes, as SQLite's BINARY does, so prefix ranges agree on both.
CREATE TABLE asset_words (
    word     TEXT COLLATE "C" NOT NULL,
    asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    PRIMARY KEY (word, asset_id)
) WITHOUT ROWID;
CREATE INDEX asset_words_asset ON asset_words (asset_id);
