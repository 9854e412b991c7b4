-- Written per database: SQLite cannot alter a CHECK (below, it changes the stored schema);
-- PostgreSQL drops the constraint and adds the wider one.
-- A recording may be an uploaded audio file instead of a link: the link becomes optional, and
-- the file sits beside it.

ALTER TABLE knowledge_media DROP CONSTRAINT knowledge_media_url_check;
ALTER TABLE knowledge_media ADD CONSTRAINT knowledge_media_url_check CHECK (url = '' OR length(url) BETWEEN 12 AND 500);

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
