-- The choices joined in idea order: string_agg on PostgreSQL (group_concat on SQLite).
UPDATE budget_ballots b SET choices = COALESCE((
    SELECT string_agg(c.idea_id || ':' || c.points::text, ',' ORDER BY c.idea_id)
    FROM budget_choices c WHERE c.ballot_id = b.id), '');

DROP TABLE budget_choices;
