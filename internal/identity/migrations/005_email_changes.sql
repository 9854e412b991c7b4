-- A change of email address waits here until the person follows the link sent to the new
-- address; the account keeps its old address until then.
CREATE TABLE account_email_changes (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    new_email  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX account_email_changes_account ON account_email_changes (account_id);
