-- Written per database: the choices are joined in order with group_concat on SQLite and
-- string_agg on PostgreSQL.
-- A ballot's choices move into one column of the ballot ("idea:points,idea:points", ordered by
-- idea id), so casting or replacing a ballot is one statement.
ALTER TABLE budget_ballots ADD COLUMN choices TEXT NOT NULL DEFAULT '';

UPDATE budget_ballots b SET choices = COALESCE((
    SELECT string_agg(c.idea_id || ':' || c.points::text, ',' ORDER BY c.idea_id)
    FROM budget_choices c WHERE c.ballot_id = b.id), '');

DROP TABLE budget_choices;
