-- PostgreSQL's full-text index over search_docs.terms.
CREATE INDEX search_docs_terms ON search_docs USING gin (to_tsvector('simple', terms));
