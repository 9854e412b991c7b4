CREATE TABLE network_groups (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    visibility       TEXT NOT NULL CHECK (visibility IN ('open', 'closed', 'private')),
    created_by       TEXT NOT NULL REFERENCES accounts (id),
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE network_members (
    group_id   TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('host', 'editor', 'member')),
    state      TEXT NOT NULL CHECK (state IN ('member', 'requested', 'invited')),
    show_org   BOOLEAN NOT NULL,
    joined_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, account_id)
);
CREATE INDEX network_members_account ON network_members (account_id);

CREATE TABLE network_threads (
    id           TEXT PRIMARY KEY,
    group_id     TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    author_id    TEXT NOT NULL REFERENCES accounts (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_post_at TIMESTAMPTZ NOT NULL,
    summary      TEXT NOT NULL,
    summary_html TEXT NOT NULL,
    summary_at   TIMESTAMPTZ
);
CREATE INDEX network_threads_group ON network_threads (group_id, last_post_at);

CREATE TABLE network_posts (
    id            TEXT PRIMARY KEY,
    thread_id     TEXT NOT NULL REFERENCES network_threads (id) ON DELETE CASCADE,
    group_id      TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    parent_id     TEXT REFERENCES network_posts (id) ON DELETE CASCADE,
    quote_id      TEXT,
    author_id     TEXT NOT NULL REFERENCES accounts (id),
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('visible', 'held', 'hidden')),
    hidden_reason TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    edited_at     TIMESTAMPTZ,
    UNIQUE (author_id, idem_key)
);
CREATE INDEX network_posts_thread ON network_posts (thread_id, created_at);

CREATE TABLE network_post_edits (
    id        TEXT PRIMARY KEY,
    post_id   TEXT NOT NULL REFERENCES network_posts (id) ON DELETE CASCADE,
    body      TEXT NOT NULL,
    body_html TEXT NOT NULL,
    edited_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX network_post_edits_post ON network_post_edits (post_id);

CREATE TABLE network_attachments (
    id           TEXT PRIMARY KEY,
    post_id      TEXT NOT NULL REFERENCES network_posts (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'application/pdf')),
    size         INTEGER NOT NULL,
    data         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX network_attachments_post ON network_attachments (post_id);

CREATE TABLE network_follows (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    thread_id  TEXT NOT NULL REFERENCES network_threads (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, thread_id)
);

CREATE TABLE network_guides (
    id           TEXT PRIMARY KEY,
    group_id     TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);

CREATE TABLE network_chapters (
    id         TEXT PRIMARY KEY,
    guide_id   TEXT NOT NULL REFERENCES network_guides (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX network_chapters_guide ON network_chapters (guide_id, position);

CREATE TABLE network_versions (
    id         TEXT PRIMARY KEY,
    chapter_id TEXT NOT NULL REFERENCES network_chapters (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (chapter_id, number)
);

CREATE TABLE network_comments (
    id              TEXT PRIMARY KEY,
    chapter_id      TEXT NOT NULL REFERENCES network_chapters (id) ON DELETE CASCADE,
    version_number  INTEGER NOT NULL,
    paragraph_hash  TEXT NOT NULL,
    paragraph_index INTEGER NOT NULL,
    paragraph_text  TEXT NOT NULL,
    author_id       TEXT NOT NULL REFERENCES accounts (id),
    body            TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'taken_in', 'answered')),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX network_comments_chapter ON network_comments (chapter_id);

CREATE TABLE network_reads (
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    chapter_id     TEXT NOT NULL REFERENCES network_chapters (id) ON DELETE CASCADE,
    version_number INTEGER NOT NULL,
    read_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, chapter_id)
);

CREATE TABLE network_reports (
    id          TEXT PRIMARY KEY,
    post_id     TEXT NOT NULL REFERENCES network_posts (id) ON DELETE CASCADE,
    reporter_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    resolved_by TEXT
);
CREATE INDEX network_reports_open ON network_reports (resolved_at);

CREATE TABLE network_blocks (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    blocked_by TEXT NOT NULL,
    blocked_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE network_spam_log (
    id         TEXT PRIMARY KEY,
    account_id TEXT,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE network_notifications (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    thread_id  TEXT NOT NULL REFERENCES network_threads (id) ON DELETE CASCADE,
    post_id    TEXT NOT NULL REFERENCES network_posts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'post')),
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    mailed_at  TIMESTAMPTZ,
    UNIQUE (account_id, post_id)
);
CREATE INDEX network_notifications_account ON network_notifications (account_id, created_at);
CREATE INDEX network_notifications_unmailed ON network_notifications (mailed_at);

CREATE TABLE network_prefs (
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_id       TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    frequency      TEXT NOT NULL CHECK (frequency IN ('immediate', 'daily', 'weekly', 'off')),
    next_digest_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, group_id)
);
CREATE INDEX network_prefs_due ON network_prefs (next_digest_at);

CREATE TABLE network_unsubscribe (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);
