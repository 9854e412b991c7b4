-- Browsers an account has signed in from. A stranger's failed guesses stop sign-ins to the
-- account from strangers' browsers, not from the owner's own, which keep a limit of their own
-- (V5: anyone who knew an address could keep its owner signed out).
CREATE TABLE account_devices (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_devices_account ON account_devices (account_id, last_used_at);
