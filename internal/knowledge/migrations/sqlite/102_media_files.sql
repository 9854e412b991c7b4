-- A recording may be an uploaded audio file instead of a link: the link becomes optional
-- (SQLite cannot change a CHECK, so the table is rebuilt), and the file sits beside it.

CREATE TABLE knowledge_media_new (
    id             TEXT PRIMARY KEY,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    kind           TEXT NOT NULL CHECK (kind IN ('film', 'audio')),
    title_en       TEXT NOT NULL DEFAULT '',
    title_cy       TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_cy TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL CHECK (url = '' OR length(url) BETWEEN 12 AND 500),
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    captions       BOOLEAN NOT NULL DEFAULT FALSE,
    transcript_en  TEXT NOT NULL DEFAULT '',
    transcript_cy  TEXT NOT NULL DEFAULT '',
    author_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    published_at   TIMESTAMP
);
INSERT INTO knowledge_media_new SELECT id, status, kind, title_en, title_cy, description_en, description_cy, url, minutes, captions,
    transcript_en, transcript_cy, author_id, created_at, updated_at, published_at FROM knowledge_media;
DROP TABLE knowledge_media;
ALTER TABLE knowledge_media_new RENAME TO knowledge_media;
CREATE INDEX knowledge_media_status ON knowledge_media (status, published_at);

CREATE TABLE knowledge_media_files (
    media_id     TEXT PRIMARY KEY REFERENCES knowledge_media (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL
);
