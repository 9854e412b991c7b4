-- The search index across Commons: one row per searchable document (a method, an asset, an
-- event, a discussion, ...) with who may see it, and its stemmed words in a full-text index
-- (FTS5 on SQLite, a GIN index over to_tsvector('simple', terms) on PostgreSQL: in
-- 001_search.sqlite.sql and 001_search.postgres.sql). The words are stemmed in
-- Go (package stem), so both databases find exactly the same.

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
    changed_at TIMESTAMPTZ NOT NULL,
    indexed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX search_docs_source ON search_docs (source);

-- Who is refreshing the index, until when: a server claims the refresh with one conditional
-- UPDATE, so several servers do not all do the same work.
CREATE TABLE search_refresh (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    held_until TIMESTAMPTZ NOT NULL,
    done_at    TIMESTAMPTZ
);
