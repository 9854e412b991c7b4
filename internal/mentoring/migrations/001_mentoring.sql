-- Peer support between organisations: the shared topic list a coordinator keeps, each taking
-- part organisation's profile (its place, how far it travels, when it can meet, how many it will
-- mentor), what it offers and needs, the mentoring relationships with their check-ins and
-- reminders, and a log of what happened in each relationship (with who acted, and whether for
-- the organisation on its behalf).

CREATE TABLE men_topics (
    id         TEXT PRIMARY KEY,
    name_en    TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    name_cy    TEXT NOT NULL CHECK (length(name_cy) BETWEEN 1 AND 100),
    position   INTEGER NOT NULL DEFAULT 0,
    retired    INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL
);

INSERT INTO men_topics (id, name_en, name_cy, position, created_at) VALUES
    ('6670f6de-410d-4fe5-b173-84645f0d5342', 'Governance', 'Llywodraethu', 1, '2026-01-01 00:00:00+00'),
    ('102e0fa0-9d0c-44c9-b03c-a5779a2b8dea', 'Funding bids', 'Ceisiadau am gyllid', 2, '2026-01-01 00:00:00+00'),
    ('b8077879-1582-4f6e-a803-bfa14a589db1', 'Running a hall', 'Rhedeg neuadd', 3, '2026-01-01 00:00:00+00'),
    ('d6391542-6c5d-4e11-8b94-bb1667cda494', 'Bookings and lettings', 'Archebion a llogi', 4, '2026-01-01 00:00:00+00'),
    ('08362270-e747-487e-bd6f-30550ae8a227', 'Safeguarding', 'Diogelu', 5, '2026-01-01 00:00:00+00'),
    ('a5cd51f4-0ccb-4291-bdfb-a8f01ec9118a', 'Volunteers', 'Gwirfoddolwyr', 6, '2026-01-01 00:00:00+00'),
    ('a4846f67-84f6-40e4-9d70-6969b704086f', 'Energy and buildings', 'Ynni ac adeiladau', 7, '2026-01-01 00:00:00+00'),
    ('2f995298-83ad-45e8-a247-b047ee89bd3e', 'Insurance', 'Yswiriant', 8, '2026-01-01 00:00:00+00'),
    ('fb5ddad4-47d1-4a65-8381-026e9bb0d3c5', 'Accessibility', 'Hygyrchedd', 9, '2026-01-01 00:00:00+00'),
    ('3b33b88a-3b3b-4cca-853e-b9e76d96d499', 'Events and activities', 'Digwyddiadau a gweithgareddau', 10, '2026-01-01 00:00:00+00');

CREATE TABLE men_coordinators (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    added_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    added_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE men_profiles (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    place_id        TEXT NOT NULL DEFAULT '',
    place_name      TEXT NOT NULL DEFAULT '',
    place_kind      TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    travel_km       INTEGER NOT NULL DEFAULT 10 CHECK (travel_km BETWEEN 0 AND 500),
    online          INTEGER NOT NULL DEFAULT 0,
    slots           TEXT NOT NULL DEFAULT '',
    availability    TEXT NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 0 AND 10),
    about           TEXT NOT NULL DEFAULT '',
    updated_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE men_offers (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES men_profiles (organisation_id) ON DELETE CASCADE,
    topic_id        TEXT NOT NULL REFERENCES men_topics (id),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    detail          TEXT NOT NULL DEFAULT '',
    created_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (organisation_id, topic_id)
);
CREATE INDEX men_offers_topic ON men_offers (topic_id);

CREATE TABLE men_needs (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES men_profiles (organisation_id) ON DELETE CASCADE,
    topic_id        TEXT NOT NULL REFERENCES men_topics (id),
    detail          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paired', 'closed')),
    created_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX men_needs_one_open ON men_needs (organisation_id, topic_id) WHERE status <> 'closed';
CREATE INDEX men_needs_status ON men_needs (status);

CREATE TABLE men_relationships (
    id                 TEXT PRIMARY KEY,
    need_id            TEXT REFERENCES men_needs (id) ON DELETE SET NULL,
    topic_id           TEXT NOT NULL REFERENCES men_topics (id),
    mentor_org_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    mentee_org_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    stage              TEXT NOT NULL CHECK (stage IN ('proposed', 'agreed', 'underway', 'closed', 'ended', 'declined')),
    score              DOUBLE PRECISION NOT NULL DEFAULT 0,
    reasons            TEXT NOT NULL DEFAULT '[]',
    proposed_by        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    proposed_side      TEXT NOT NULL CHECK (proposed_side IN ('mentor', 'mentee', 'coordinator')),
    mentor_accepted_at TIMESTAMPTZ,
    mentee_accepted_at TIMESTAMPTZ,
    first_meeting_on   TEXT NOT NULL DEFAULT '',
    checkin3_due       TEXT NOT NULL DEFAULT '',
    checkin6_due       TEXT NOT NULL DEFAULT '',
    outcome            TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'met', 'partly', 'not_met')),
    helped             TEXT NOT NULL DEFAULT '',
    ended_by_org       TEXT NOT NULL DEFAULT '',
    ended_note         TEXT NOT NULL DEFAULT '',
    finished_at        TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    CHECK (mentor_org_id <> mentee_org_id)
);
CREATE INDEX men_relationships_mentor ON men_relationships (mentor_org_id, stage);
CREATE INDEX men_relationships_mentee ON men_relationships (mentee_org_id, stage);
CREATE INDEX men_relationships_stage ON men_relationships (stage, checkin3_due, checkin6_due);
CREATE UNIQUE INDEX men_relationships_one_live ON men_relationships (need_id, mentor_org_id) WHERE stage IN ('proposed', 'agreed', 'underway');

CREATE TABLE men_checkins (
    id              TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES men_relationships (id) ON DELETE CASCADE,
    milestone       INTEGER NOT NULL CHECK (milestone IN (3, 6)),
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    account_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted        INTEGER NOT NULL DEFAULT 0,
    going           TEXT NOT NULL CHECK (going IN ('well', 'mixed', 'struggling')),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (relationship_id, milestone, organisation_id)
);

-- One row per reminder sent: the worker claims a reminder by inserting its row, so several
-- servers send each once.
CREATE TABLE men_reminders (
    relationship_id TEXT NOT NULL REFERENCES men_relationships (id) ON DELETE CASCADE,
    milestone       INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('due', 'overdue')),
    sent_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (relationship_id, milestone, kind)
);

CREATE TABLE men_log (
    id              TEXT PRIMARY KEY,
    relationship_id TEXT NOT NULL REFERENCES men_relationships (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    organisation_id TEXT NOT NULL DEFAULT '',
    account_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX men_log_relationship ON men_log (relationship_id, created_at);
