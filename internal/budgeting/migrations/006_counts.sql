-- A count is kept whole: the rule it used, who counted and whether voting was closed early, its
-- publication, and everything the results page and the downloads show (result: the projects
-- with votes, reasons and funding, turnout by area and channel, spend per area, as JSON), with
-- the Pabulib file of each election it counted (budget_count_files). Pages and downloads read
-- the stored count, never the live settings, so they cannot disagree with each other. A
-- re-count adds a new count; publishing it marks the one it replaces.
CREATE TABLE budget_counts (
    id             TEXT PRIMARY KEY,
    process_id     TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL CHECK (seq > 0),
    state          TEXT NOT NULL CHECK (state IN ('checking', 'published', 'replaced', 'withdrawn')),
    rule           TEXT NOT NULL,
    counted_at     TIMESTAMPTZ NOT NULL,
    counted_by     TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    closed_early   BOOLEAN NOT NULL,
    recount_reason TEXT NOT NULL,
    published_at   TIMESTAMPTZ,
    published_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    replaced_at    TIMESTAMPTZ,
    ballots        INTEGER NOT NULL,
    spent_pence    BIGINT NOT NULL,
    budget_pence   BIGINT NOT NULL,
    result         TEXT NOT NULL,
    UNIQUE (process_id, seq)
);

CREATE TABLE budget_count_files (
    count_id TEXT NOT NULL REFERENCES budget_counts (id) ON DELETE CASCADE,
    area_id  TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (count_id, area_id)
);

-- An officer reopens a counted process to correct it (with a reason, audited); the next count
-- closes it again.
ALTER TABLE budget_processes ADD COLUMN reopened_at TIMESTAMPTZ;
ALTER TABLE budget_processes ADD COLUMN reopen_reason TEXT NOT NULL DEFAULT '';
-- What the published count did for a project: 'funded', 'not_funded', or '' before publication.
ALTER TABLE budget_ideas ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
