-- SQLite's full-text index over search_docs.terms: an FTS5 table without content of its own.
CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
