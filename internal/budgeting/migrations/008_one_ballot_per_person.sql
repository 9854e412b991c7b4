-- Who has voted in a process as a signed-in person, and how (with their account, or with a
-- one-time code they entered while signed in), so one person cannot cast one ballot with their
-- account and another with a code. The primary key decides, on both databases, even when both
-- ballots are sent at the same moment. (A code used by someone not signed in is anonymous and
-- is not recorded here.)
CREATE TABLE budget_voters (
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('account', 'code')),
    PRIMARY KEY (process_id, account_id)
);
INSERT INTO budget_voters (process_id, account_id, kind)
    SELECT b.process_id, a.id, 'account' FROM budget_ballots b JOIN accounts a ON b.voter_key = 'account:' || a.id;
