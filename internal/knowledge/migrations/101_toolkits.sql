-- Toolkits and documents: a toolkit (the co-production toolkit a framework promises) groups
-- documents in order; each document is a file (PDF, Word, spreadsheet, ...) in versions, with
-- a description and, where the file itself is not accessible, an accessible alternative.

CREATE TABLE knowledge_toolkits (
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    title_en     TEXT NOT NULL DEFAULT '',
    title_cy     TEXT NOT NULL DEFAULT '',
    intro_en     TEXT NOT NULL DEFAULT '',
    intro_cy     TEXT NOT NULL DEFAULT '',
    author_id    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX knowledge_toolkits_status ON knowledge_toolkits (status, published_at);

CREATE TABLE knowledge_documents (
    id              TEXT PRIMARY KEY,
    toolkit_id      TEXT NOT NULL REFERENCES knowledge_toolkits (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title_en        TEXT NOT NULL DEFAULT '',
    title_cy        TEXT NOT NULL DEFAULT '',
    description_en  TEXT NOT NULL DEFAULT '',
    description_cy  TEXT NOT NULL DEFAULT '',
    accessible      BOOLEAN NOT NULL DEFAULT FALSE,
    alternative_en  TEXT NOT NULL DEFAULT '',
    alternative_cy  TEXT NOT NULL DEFAULT '',
    alternative_url TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_documents_toolkit ON knowledge_documents (toolkit_id, position);

-- Each upload is a new version; the newest is the one offered, the older ones stay listed.
CREATE TABLE knowledge_document_versions (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number >= 1),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    uploaded_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (document_id, number)
);
