-- Community ownership casework: assets of community value (England), asset transfer requests
-- (Scotland) and community asset transfer by policy, each a case about one piece of land with
-- its steps (own_events), statutory clocks (own_clocks) and documents.
CREATE TABLE own_cases (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('acv', 'atr', 'cat')),
    status           TEXT NOT NULL,
    timetable        TEXT NOT NULL,
    asset_id         TEXT,
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description      TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    postcode         TEXT NOT NULL DEFAULT '',
    uprn             TEXT NOT NULL DEFAULT '',
    boundary         TEXT NOT NULL DEFAULT '',
    lat              DOUBLE PRECISION,
    lng              DOUBLE PRECISION,
    reasons          TEXT NOT NULL DEFAULT '',
    group_name       TEXT NOT NULL,
    group_type       TEXT NOT NULL,
    group_number     TEXT NOT NULL DEFAULT '',
    group_members    INTEGER NOT NULL DEFAULT 0,
    group_connection TEXT NOT NULL DEFAULT '',
    group_no_profit  INTEGER NOT NULL DEFAULT 0,
    group_org_id     TEXT,
    contact_account  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    contact_name     TEXT NOT NULL DEFAULT '',
    contact_email    TEXT NOT NULL DEFAULT '',
    contact_phone    TEXT NOT NULL DEFAULT '',
    owner_name       TEXT NOT NULL DEFAULT '',
    owner_address    TEXT NOT NULL DEFAULT '',
    owner_email      TEXT NOT NULL DEFAULT '',
    occupier_name    TEXT NOT NULL DEFAULT '',
    occupier_address TEXT NOT NULL DEFAULT '',
    occupier_email   TEXT NOT NULL DEFAULT '',
    lang             TEXT NOT NULL DEFAULT 'en',
    channel          TEXT NOT NULL,
    recorded_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    recorded_by_name TEXT NOT NULL DEFAULT '',
    helped_how       TEXT NOT NULL DEFAULT '',
    assigned_to      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    received_on      TEXT NOT NULL,
    validated_on     TEXT NOT NULL DEFAULT '',
    decision         TEXT NOT NULL DEFAULT '',
    decided_on       TEXT NOT NULL DEFAULT '',
    decision_reasons TEXT NOT NULL DEFAULT '',
    listed_on        TEXT NOT NULL DEFAULT '',
    removed_on       TEXT NOT NULL DEFAULT '',
    removed_reason   TEXT NOT NULL DEFAULT '',
    request_type     TEXT NOT NULL DEFAULT '',
    terms            TEXT NOT NULL DEFAULT '',
    price            TEXT NOT NULL DEFAULT '',
    notice_on        TEXT NOT NULL DEFAULT '',
    interested       TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '',
    public_summary   TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX own_cases_asset ON own_cases (asset_id);
CREATE INDEX own_cases_kind ON own_cases (kind, status);
CREATE INDEX own_cases_contact ON own_cases (contact_account);

-- Each step of a case's journey: who did what, on which day, and how (online, on paper, by
-- email, by phone, in person; and who helped).
CREATE TABLE own_events (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES own_cases (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    public_note TEXT NOT NULL DEFAULT '',
    party       TEXT NOT NULL DEFAULT '',
    actor_id    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name  TEXT NOT NULL DEFAULT '',
    actor_role  TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT 'online',
    helped_how  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX own_events_case ON own_events (case_id, on_date);

-- Statutory and policy clocks: a rule of the case's timetable running from a start date. due_on
-- is recomputed whenever the clock changes, so "due this week" is one query; reminded lists the
-- reminders already sent ("7,1"), claimed with one conditional UPDATE.
CREATE TABLE own_clocks (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES own_cases (id) ON DELETE CASCADE,
    rule          TEXT NOT NULL,
    start_on      TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    set_due       TEXT NOT NULL DEFAULT '',
    extended_to   TEXT NOT NULL DEFAULT '',
    extend_reason TEXT NOT NULL DEFAULT '',
    met_on        TEXT NOT NULL DEFAULT '',
    stopped_on    TEXT NOT NULL DEFAULT '',
    reminded      TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, rule, start_on)
);
CREATE INDEX own_clocks_due ON own_clocks (due_on);

CREATE TABLE own_pauses (
    id       TEXT PRIMARY KEY,
    clock_id TEXT NOT NULL REFERENCES own_clocks (id) ON DELETE CASCADE,
    from_on  TEXT NOT NULL,
    to_on    TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL
);

-- Evidence and papers: private unless an officer publishes a (redacted) copy.
CREATE TABLE own_documents (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES own_cases (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BYTEA NOT NULL,
    public       INTEGER NOT NULL DEFAULT 0,
    uploaded_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX own_documents_case ON own_documents (case_id);

-- The council's community asset transfer policy: its criteria (with weights) and each
-- application's scores against them.
CREATE TABLE own_criteria (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_cy  TEXT NOT NULL DEFAULT '',
    weight   INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 10),
    position INTEGER NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE own_scores (
    case_id      TEXT NOT NULL REFERENCES own_cases (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES own_criteria (id) ON DELETE CASCADE,
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
    note         TEXT NOT NULL DEFAULT '',
    scored_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, criterion_id)
);

CREATE TABLE own_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Scotland's register of land the authority owns or leases (Community Empowerment (Scotland)
-- Act 2015 s.94).
CREATE TABLE own_land (
    id          TEXT PRIMARY KEY,
    asset_id    TEXT,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    uprn        TEXT NOT NULL DEFAULT '',
    boundary    TEXT NOT NULL DEFAULT '',
    lat         DOUBLE PRECISION,
    lng         DOUBLE PRECISION,
    tenure      TEXT NOT NULL CHECK (tenure IN ('owned', 'leased')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Reference numbers (ACV/2026/0001): one counter per kind and year.
CREATE TABLE own_counters (
    prefix TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
);
