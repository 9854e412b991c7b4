-- The link becomes optional: PostgreSQL drops the CHECK and adds the wider one.
ALTER TABLE knowledge_media DROP CONSTRAINT knowledge_media_url_check;
ALTER TABLE knowledge_media ADD CONSTRAINT knowledge_media_url_check CHECK (url = '' OR length(url) BETWEEN 12 AND 500);
