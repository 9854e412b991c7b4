-- The link becomes optional. SQLite cannot alter a CHECK; rebuilding the table would drop it
-- first, and with foreign keys on that empties the links other tables hold to it (a course's
-- film). So the CHECK is changed in the stored schema, as SQLite's ALTER TABLE documentation
-- describes for changes that leave the stored rows valid (every existing url passes the wider
-- check), and the schema version is changed so every connection reads it again.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (length(url) BETWEEN 12 AND 500)', 'CHECK (url = '''' OR length(url) BETWEEN 12 AND 500)')
    WHERE type = 'table' AND name = 'knowledge_media';
-- Any value other than the current one makes every connection read the schema again; later
-- changes count on from it.
PRAGMA schema_version = 1020001;
PRAGMA writable_schema = OFF;
