-- Films and recordings: a link to where each is hosted (Commons hosts no video), published
-- only with captions at the host or a transcript, which the page shows in full.

CREATE TABLE knowledge_media (
    id             TEXT PRIMARY KEY,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    kind           TEXT NOT NULL CHECK (kind IN ('film', 'audio')),
    title_en       TEXT NOT NULL DEFAULT '',
    title_cy       TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_cy TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL CHECK (length(url) BETWEEN 12 AND 500),
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    captions       BOOLEAN NOT NULL DEFAULT FALSE,
    transcript_en  TEXT NOT NULL DEFAULT '',
    transcript_cy  TEXT NOT NULL DEFAULT '',
    author_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    published_at   TIMESTAMPTZ
);
CREATE INDEX knowledge_media_status ON knowledge_media (status, published_at);
