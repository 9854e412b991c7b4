CREATE TABLE budget_photos (
    id           TEXT PRIMARY KEY,
    idea_id      TEXT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
    update_id    TEXT REFERENCES budget_updates (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    alt          TEXT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX budget_photos_idea ON budget_photos (idea_id);
