CREATE TABLE budget_processes (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    total_pence      BIGINT NOT NULL CHECK (total_pence > 0),
    phase            TEXT NOT NULL CHECK (phase IN ('ideas', 'review', 'voting', 'results', 'delivery')),
    ideas_from       TEXT NOT NULL,
    review_from      TEXT NOT NULL,
    voting_from      TEXT NOT NULL,
    voting_until     TEXT NOT NULL,
    results_from     TEXT NOT NULL,
    format           TEXT NOT NULL CHECK (format IN ('approval_budget', 'approval_range', 'cumulative')),
    min_choices      INTEGER NOT NULL,
    max_choices      INTEGER NOT NULL,
    points           INTEGER NOT NULL,
    rule             TEXT NOT NULL CHECK (rule IN ('greedy', 'mes')),
    min_age          INTEGER NOT NULL,
    voter_access     TEXT NOT NULL CHECK (voter_access IN ('account', 'code', 'either')),
    counted_at       TIMESTAMPTZ,
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE budget_area_budgets (
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    area_id    TEXT NOT NULL REFERENCES areas (id),
    pence      BIGINT NOT NULL CHECK (pence > 0),
    PRIMARY KEY (process_id, area_id)
);

CREATE TABLE budget_ideas (
    id              TEXT PRIMARY KEY,
    process_id      TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    author_id       TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     TEXT NOT NULL,
    area_id         TEXT REFERENCES areas (id),
    address         TEXT NOT NULL,
    lat             DOUBLE PRECISION,
    lng             DOUBLE PRECISION,
    estimate_pence  BIGINT NOT NULL CHECK (estimate_pence >= 0),
    status          TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected')),
    feasibility     TEXT NOT NULL,
    cost_pence      BIGINT NOT NULL CHECK (cost_pence >= 0),
    review_reason   TEXT NOT NULL,
    reviewed_at     TIMESTAMPTZ,
    hidden_reason   TEXT NOT NULL,
    hidden_at       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX budget_ideas_process ON budget_ideas (process_id, status);

CREATE TABLE budget_supports (
    idea_id    TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (idea_id, account_id)
);

CREATE TABLE budget_comments (
    id         TEXT PRIMARY KEY,
    idea_id    TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    author_id  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX budget_comments_idea ON budget_comments (idea_id, created_at);

CREATE TABLE budget_codes (
    id         TEXT PRIMARY KEY,
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    code       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX budget_codes_process ON budget_codes (process_id);

CREATE TABLE budget_ballots (
    id         TEXT PRIMARY KEY,
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    voter_key  TEXT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('online', 'code', 'paper')),
    area_id    TEXT REFERENCES areas (id),
    receipt    TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (process_id, voter_key)
);

CREATE TABLE budget_choices (
    ballot_id TEXT NOT NULL REFERENCES budget_ballots (id) ON DELETE CASCADE,
    idea_id   TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    points    INTEGER NOT NULL CHECK (points > 0),
    PRIMARY KEY (ballot_id, idea_id)
);

CREATE TABLE budget_results (
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    idea_id    TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    area_id    TEXT NOT NULL,
    votes      BIGINT NOT NULL,
    score      BIGINT NOT NULL,
    funded     BOOLEAN NOT NULL,
    position   INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    PRIMARY KEY (process_id, idea_id)
);

CREATE TABLE budget_milestones (
    id         TEXT PRIMARY KEY,
    idea_id    TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done')),
    percent    INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX budget_milestones_idea ON budget_milestones (idea_id);

CREATE TABLE budget_updates (
    id         TEXT PRIMARY KEY,
    idea_id    TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX budget_updates_idea ON budget_updates (idea_id, created_at);
