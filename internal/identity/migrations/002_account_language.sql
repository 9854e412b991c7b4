-- The language a person reads Commons in, so mail sent later by background workers (digests,
-- reminders) is written in it too.
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
