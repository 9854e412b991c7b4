-- Council-written text in English and in Welsh: a process's title and description, and a
-- project's title and summary on the ballot (written at review). The English columns are the
-- ones there before; the Welsh ones are empty until written, when pages show the English marked
-- as such. An idea records the language its author wrote in (en or cy; '' before this).
ALTER TABLE budget_processes ADD COLUMN title_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_processes ADD COLUMN description_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_processes ADD COLUMN description_cy_html TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_ideas ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_ideas ADD COLUMN official_title TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_ideas ADD COLUMN official_title_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_ideas ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_ideas ADD COLUMN summary_cy TEXT NOT NULL DEFAULT '';
-- When an officer marked a funded project delivered (its author is told).
ALTER TABLE budget_ideas ADD COLUMN delivered_at TIMESTAMPTZ;
-- Who helped when an officer submitted an idea or entered a vote for a resident, and how
-- (assisted digital): the officer's account and the channel ('phone', 'in_person', 'letter',
-- 'email'); NULL and '' when the resident did it themselves.
ALTER TABLE budget_ideas ADD COLUMN assisted_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE budget_ideas ADD COLUMN assisted_how TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_ballots ADD COLUMN assisted_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE budget_ballots ADD COLUMN assisted_how TEXT NOT NULL DEFAULT '';
-- What a comment's author was when they wrote it ('resident' or 'officer'): public pages name the
-- role unless the author agreed to be named with the comment.
ALTER TABLE budget_comments ADD COLUMN author_role TEXT NOT NULL DEFAULT 'resident';
