-- What happened to what a person did, or what waits for them to act on: a request to join a
-- group they host, a comment on a guide chapter they drafted, a moderator's decision about their
-- post (with the reason), the outcome of a post they reported. Shown in their notifications and
-- counted in the menu; mailed at once unless they turned a group's mail off. actor_id is who did
-- it, named from accounts when shown, so a deleted account's name goes with it.
CREATE TABLE network_notices (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('join_request', 'guide_comment', 'post_hidden', 'post_restored', 'post_approved', 'report_outcome')),
    group_id   TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    actor_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    subject    TEXT NOT NULL,
    link       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ
);
CREATE INDEX network_notices_account ON network_notices (account_id, created_at);

-- An invitation by email to someone who has no account yet: the link in the mail lets them
-- register (or sign in) and join.
CREATE TABLE network_invitations (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    group_id    TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    invited_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    UNIQUE (group_id, email)
);

-- Images attached to posts are shown in the post; alt describes each for people who cannot see it.
ALTER TABLE network_attachments ADD COLUMN alt TEXT NOT NULL DEFAULT '';
