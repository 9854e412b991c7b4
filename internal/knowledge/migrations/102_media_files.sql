-- A recording may be an uploaded audio file instead of a link: the link becomes optional
-- (knowledge_media's CHECK on url is widened, in 102_media_files.sqlite.sql and
-- 102_media_files.postgres.sql), and the file sits beside it.

CREATE TABLE knowledge_media_files (
    media_id     TEXT PRIMARY KEY REFERENCES knowledge_media (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
