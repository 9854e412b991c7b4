CREATE TABLE budget_reviewers (
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (process_id, account_id)
);
