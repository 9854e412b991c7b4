-- Single-use sign-in links, mailed when an account or a network address has had too many failed
-- sign-ins: the owner, who has the mailbox, still gets in; a stranger guessing passwords does not.
CREATE TABLE account_sign_in_links (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX account_sign_in_links_account ON account_sign_in_links (account_id);
