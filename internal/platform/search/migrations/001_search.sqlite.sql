-- Written per database: the full-text index is an FTS5 table on SQLite and a GIN index over
-- to_tsvector on PostgreSQL.
-- The search index across Commons: one row per searchable document (a method, an asset, an
-- event, a discussion, ...) with who may see it, and its stemmed words in a full-text index
-- (FTS5 here, a GIN index over to_tsvector('simple', terms) on PostgreSQL). The words are
-- stemmed in Go (package stem), so both databases find exactly the same.

CREATE TABLE search_docs (
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    seq        BIGINT NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    title_en   TEXT NOT NULL DEFAULT '',
    title_cy   TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    summary_cy TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL,
    area_id    TEXT NOT NULL DEFAULT '',
    audience   TEXT NOT NULL,
    terms      TEXT NOT NULL,
    hash       TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    indexed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX search_docs_source ON search_docs (source);

-- Who is refreshing the index, until when: a server claims the refresh with one conditional
-- UPDATE, so several servers do not all do the same work.
CREATE TABLE search_refresh (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    held_until TIMESTAMP NOT NULL,
    done_at    TIMESTAMP
);

CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
