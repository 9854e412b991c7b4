-- Community organising: campaigns with their team, supporters (confirmed by a link), actions,
-- one-to-one conversations (seen by the team only), erasure requests; petitions with their
-- signatures (in the campaign's area, one per email, confirmed by a link) and running count;
-- and place-based social action applications through a form the coordinators keep as data,
-- versioned so old answers keep their questions.

CREATE TABLE camp_campaigns (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    aim             TEXT NOT NULL,
    issue           TEXT NOT NULL,
    area_id         TEXT REFERENCES areas (id) ON DELETE SET NULL,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    stage           TEXT NOT NULL DEFAULT 'starting' CHECK (stage IN ('starting', 'building', 'acting', 'won', 'ended')),
    published       INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX camp_campaigns_published ON camp_campaigns (published, updated_at);

CREATE TABLE camp_team (
    campaign_id TEXT NOT NULL REFERENCES camp_campaigns (id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('lead', 'member')),
    added_by    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    added_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (campaign_id, account_id)
);
CREATE INDEX camp_team_account ON camp_team (account_id);

CREATE TABLE camp_supporters (
    id           TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL REFERENCES camp_campaigns (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    email        TEXT,
    postcode     TEXT NOT NULL DEFAULT '',
    district     TEXT NOT NULL DEFAULT '',
    contact_ok   INTEGER NOT NULL DEFAULT 0,
    account_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    lang         TEXT NOT NULL DEFAULT 'en',
    token_hash   TEXT,
    confirmed_at TIMESTAMPTZ,
    channel      TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper', 'phone', 'in_person')),
    added_by     TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (campaign_id, email)
);
CREATE INDEX camp_supporters_token ON camp_supporters (token_hash);
CREATE INDEX camp_supporters_account ON camp_supporters (account_id);

CREATE TABLE camp_petitions (
    id              TEXT PRIMARY KEY,
    campaign_id     TEXT NOT NULL REFERENCES camp_campaigns (id) ON DELETE CASCADE,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    ask             TEXT NOT NULL,
    target          TEXT NOT NULL,
    closes_on       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'delivered', 'answered')),
    signatures      INTEGER NOT NULL DEFAULT 0 CHECK (signatures >= 0),
    delivered_on    TEXT NOT NULL DEFAULT '',
    delivered_to    TEXT NOT NULL DEFAULT '',
    delivered_count INTEGER NOT NULL DEFAULT 0,
    answer          TEXT NOT NULL DEFAULT '',
    answered_on     TEXT NOT NULL DEFAULT '',
    created_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX camp_petitions_campaign ON camp_petitions (campaign_id);

CREATE TABLE camp_signatures (
    id           TEXT PRIMARY KEY,
    petition_id  TEXT NOT NULL REFERENCES camp_petitions (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    email        TEXT,
    postcode     TEXT NOT NULL DEFAULT '',
    district     TEXT NOT NULL DEFAULT '',
    account_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    lang         TEXT NOT NULL DEFAULT 'en',
    token_hash   TEXT,
    confirmed_at TIMESTAMPTZ,
    channel      TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper', 'phone', 'in_person')),
    added_by     TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (petition_id, email)
);
CREATE INDEX camp_signatures_token ON camp_signatures (token_hash);
CREATE INDEX camp_signatures_account ON camp_signatures (account_id);

CREATE TABLE camp_actions (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES camp_campaigns (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'petition', 'letter', 'event', 'deputation', 'other')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    happens_on  TEXT NOT NULL,
    event_id    TEXT NOT NULL DEFAULT '',
    petition_id TEXT REFERENCES camp_petitions (id) ON DELETE SET NULL,
    target      TEXT NOT NULL DEFAULT '',
    turnout     INTEGER CHECK (turnout IS NULL OR turnout >= 0),
    outcome     TEXT NOT NULL DEFAULT '',
    created_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX camp_actions_campaign ON camp_actions (campaign_id, happens_on);

CREATE TABLE camp_conversations (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES camp_campaigns (id) ON DELETE CASCADE,
    person_name TEXT NOT NULL,
    contact     TEXT NOT NULL DEFAULT '',
    held_on     TEXT NOT NULL,
    cares_about TEXT NOT NULL,
    next_step   TEXT NOT NULL DEFAULT '',
    logged_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX camp_conversations_campaign ON camp_conversations (campaign_id, held_on);

CREATE TABLE camp_erasures (
    id           TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL REFERENCES camp_campaigns (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ,
    erased       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX camp_erasures_token ON camp_erasures (token_hash);

CREATE TABLE camp_coordinators (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    added_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    added_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE camp_forms (
    id           TEXT PRIMARY KEY,
    version      INTEGER NOT NULL UNIQUE,
    intro_en     TEXT NOT NULL DEFAULT '',
    intro_cy     TEXT NOT NULL DEFAULT '',
    questions    TEXT NOT NULL DEFAULT '[]',
    created_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);

CREATE TABLE camp_applications (
    id                TEXT PRIMARY KEY,
    form_id           TEXT NOT NULL REFERENCES camp_forms (id),
    group_name        TEXT NOT NULL CHECK (length(group_name) BETWEEN 1 AND 200),
    organisation_id   TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    contact_id        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    area_id           TEXT REFERENCES areas (id) ON DELETE SET NULL,
    place             TEXT NOT NULL,
    wants_development INTEGER NOT NULL DEFAULT 0,
    answers           TEXT NOT NULL DEFAULT '{}',
    status            TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'questions', 'approved', 'declined')),
    development       INTEGER NOT NULL DEFAULT 0,
    decision_note     TEXT NOT NULL DEFAULT '',
    decided_by        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at        TIMESTAMPTZ,
    submitted_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted          INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX camp_applications_status ON camp_applications (status, updated_at);
CREATE INDEX camp_applications_contact ON camp_applications (contact_id);

CREATE TABLE camp_app_messages (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES camp_applications (id) ON DELETE CASCADE,
    side           TEXT NOT NULL CHECK (side IN ('coordinator', 'group')),
    account_id     TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    body           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX camp_app_messages_application ON camp_app_messages (application_id, created_at);

CREATE TABLE camp_app_links (
    application_id TEXT NOT NULL REFERENCES camp_applications (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('place', 'area', 'campaign')),
    ref_id         TEXT NOT NULL,
    label          TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, kind, ref_id)
);
