-- An event can be a draft: only its organisers see it until they publish it (an event started
-- from a method's template in the knowledge hub starts as one, for the organiser to adjust).
ALTER TABLE events ADD COLUMN draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1));
CREATE INDEX events_draft ON events (draft) WHERE draft = 1;
