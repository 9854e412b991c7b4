-- A person's name appears on a public page only where they chose it: one row per thing they
-- agreed to be named with (subject, like "budget_idea:ID"), written by the capability that shows
-- it. Pages without a row show a role ("a resident") instead. Deleting the account deletes them.
CREATE TABLE name_consents (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    subject    TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    given_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, subject)
);
CREATE INDEX name_consents_subject ON name_consents (subject);
