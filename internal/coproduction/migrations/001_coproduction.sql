CREATE TABLE coproduction_criteria (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 5),
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE coproduction_projects (
    id                      TEXT PRIMARY KEY,
    title                   TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    problem                 TEXT NOT NULL,
    affected                TEXT NOT NULL,
    service_area            TEXT NOT NULL,
    lead_id                 TEXT NOT NULL REFERENCES accounts (id),
    organisation_id         TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    stage                   TEXT NOT NULL CHECK (stage IN ('proposed', 'assessed', 'co-design', 'delivery', 'review', 'closed')),
    level                   TEXT NOT NULL CHECK (level IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
    suitability             INTEGER,
    decision                TEXT NOT NULL CHECK (decision IN ('', 'go', 'not_yet', 'not_suitable')),
    decision_reasons        TEXT NOT NULL,
    decided_at              TIMESTAMPTZ,
    published               INTEGER NOT NULL CHECK (published IN (0, 1)),
    case_study              TEXT NOT NULL,
    budget_planned_pence    BIGINT NOT NULL CHECK (budget_planned_pence >= 0),
    budget_spent_pence      BIGINT NOT NULL CHECK (budget_spent_pence >= 0),
    staff_hours_planned     INTEGER NOT NULL CHECK (staff_hours_planned >= 0),
    staff_hours_spent       INTEGER NOT NULL CHECK (staff_hours_spent >= 0),
    volunteer_hours_planned INTEGER NOT NULL CHECK (volunteer_hours_planned >= 0),
    volunteer_hours_spent   INTEGER NOT NULL CHECK (volunteer_hours_spent >= 0),
    recognition             TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_projects_lead ON coproduction_projects (lead_id);

CREATE TABLE coproduction_participants (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES coproduction_projects (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('resident', 'staff', 'partner')),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    account_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    added_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_participants_project ON coproduction_participants (project_id);
CREATE INDEX coproduction_participants_account ON coproduction_participants (account_id);

CREATE TABLE coproduction_scores (
    project_id   TEXT NOT NULL REFERENCES coproduction_projects (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES coproduction_criteria (id) ON DELETE CASCADE,
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 3),
    note         TEXT NOT NULL,
    scored_by    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    scored_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, criterion_id)
);

CREATE TABLE coproduction_stage_log (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES coproduction_projects (id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    level      TEXT NOT NULL,
    note       TEXT NOT NULL,
    entered_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    entered_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_stage_log_project ON coproduction_stage_log (project_id, entered_at);

CREATE TABLE coproduction_outcomes (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES coproduction_projects (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    indicator  TEXT NOT NULL,
    unit       TEXT NOT NULL,
    baseline   DOUBLE PRECISION NOT NULL,
    target     DOUBLE PRECISION NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('up', 'down')),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_outcomes_project ON coproduction_outcomes (project_id);

CREATE TABLE coproduction_measurements (
    id          TEXT PRIMARY KEY,
    outcome_id  TEXT NOT NULL REFERENCES coproduction_outcomes (id) ON DELETE CASCADE,
    measured_on TEXT NOT NULL CHECK (length(measured_on) = 10),
    value       DOUBLE PRECISION NOT NULL,
    note        TEXT NOT NULL,
    recorded_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_measurements_outcome ON coproduction_measurements (outcome_id, measured_on);

CREATE TABLE coproduction_reflections (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES coproduction_projects (id) ON DELETE CASCADE,
    author_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    perspective TEXT NOT NULL CHECK (perspective IN ('staff', 'resident', 'together')),
    worked      TEXT NOT NULL,
    did_not     TEXT NOT NULL,
    change      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_reflections_project ON coproduction_reflections (project_id, created_at);

CREATE TABLE coproduction_boards (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    kind       TEXT NOT NULL CHECK (kind IN ('stakeholder', 'partnership', 'steering')),
    purpose    TEXT NOT NULL,
    chair_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE coproduction_board_members (
    id              TEXT PRIMARY KEY,
    board_id        TEXT NOT NULL REFERENCES coproduction_boards (id) ON DELETE CASCADE,
    account_id      TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    joined_at       TIMESTAMPTZ NOT NULL,
    CHECK (account_id IS NOT NULL OR organisation_id IS NOT NULL)
);
CREATE INDEX coproduction_board_members_board ON coproduction_board_members (board_id);
CREATE INDEX coproduction_board_members_account ON coproduction_board_members (account_id);
CREATE INDEX coproduction_board_members_org ON coproduction_board_members (organisation_id);

CREATE TABLE coproduction_meetings (
    id         TEXT PRIMARY KEY,
    board_id   TEXT NOT NULL REFERENCES coproduction_boards (id) ON DELETE CASCADE,
    held_on    TEXT NOT NULL CHECK (length(held_on) = 10),
    agenda     TEXT NOT NULL,
    minutes    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_meetings_board ON coproduction_meetings (board_id, held_on);

CREATE TABLE coproduction_decisions (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES coproduction_meetings (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_decisions_meeting ON coproduction_decisions (meeting_id);

CREATE TABLE coproduction_actions (
    id         TEXT PRIMARY KEY,
    board_id   TEXT NOT NULL REFERENCES coproduction_boards (id) ON DELETE CASCADE,
    meeting_id TEXT REFERENCES coproduction_meetings (id) ON DELETE SET NULL,
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    owner_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    owner_name TEXT NOT NULL,
    due_on     TEXT NOT NULL CHECK (length(due_on) = 10),
    done_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_actions_board ON coproduction_actions (board_id, due_on);

CREATE TABLE coproduction_engagements (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    project_id TEXT REFERENCES coproduction_projects (id) ON DELETE SET NULL,
    phase      TEXT NOT NULL CHECK (phase IN ('planned', 'evaluated')),
    held_on    TEXT NOT NULL,
    owner_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE coproduction_standard_scores (
    engagement_id TEXT NOT NULL REFERENCES coproduction_engagements (id) ON DELETE CASCADE,
    standard      TEXT NOT NULL CHECK (standard IN ('inclusion', 'support', 'planning', 'working_together', 'methods', 'communication', 'impact')),
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 4),
    evidence      TEXT NOT NULL,
    PRIMARY KEY (engagement_id, standard)
);
