-- Postcode points from the open data file the council loads (commons postcodes import): a new
-- asset with a full postcode is placed on the map, and distance search starts from a full
-- postcode's own point.
CREATE TABLE asset_postcodes (
    postcode  TEXT PRIMARY KEY,
    district  TEXT NOT NULL,
    lat       DOUBLE PRECISION NOT NULL,
    lon       DOUBLE PRECISION NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX asset_postcodes_district ON asset_postcodes (district);

-- Corrections anyone signed in suggests to an asset, reviewed by its owners or an officer. The
-- proposed values are a JSON object of the form's field names; note is what the person says is
-- wrong. An officer may record a correction someone gave them (on_behalf_of, channel).
CREATE TABLE asset_corrections (
    id           TEXT PRIMARY KEY,
    asset_id     TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    account_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    proposed     TEXT NOT NULL,
    note         TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    reply        TEXT NOT NULL DEFAULT '',
    reviewed_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    reviewed_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX asset_corrections_asset ON asset_corrections (asset_id, status, created_at);
CREATE INDEX asset_corrections_account ON asset_corrections (account_id, created_at);
CREATE INDEX asset_corrections_status ON asset_corrections (status, created_at);

-- Requests to a person for a skill they share, sent through Commons: neither side sees the
-- other's address unless the person chooses to share theirs in a reply.
CREATE TABLE skill_requests (
    id           TEXT PRIMARY KEY,
    skill_id     TEXT REFERENCES person_skills (id) ON DELETE SET NULL,
    skill_title  TEXT NOT NULL,
    from_id      TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    to_id        TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'withdrawn')),
    reply        TEXT NOT NULL DEFAULT '',
    shared_email INTEGER NOT NULL DEFAULT 0 CHECK (shared_email IN (0, 1)),
    created_at   TIMESTAMPTZ NOT NULL,
    answered_at  TIMESTAMPTZ
);
CREATE INDEX skill_requests_to ON skill_requests (to_id, created_at);
CREATE INDEX skill_requests_from ON skill_requests (from_id, created_at);
CREATE INDEX skill_requests_skill ON skill_requests (skill_id, status);
