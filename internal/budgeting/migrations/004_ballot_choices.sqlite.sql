-- Written per database: the choices are joined in order with group_concat on SQLite and
-- string_agg on PostgreSQL.
-- A ballot's choices move into one column of the ballot ("idea:points,idea:points", ordered by
-- idea id), so casting or replacing a ballot is one statement.
ALTER TABLE budget_ballots ADD COLUMN choices TEXT NOT NULL DEFAULT '';

UPDATE budget_ballots SET choices = COALESCE((
    SELECT group_concat(c.idea_id || ':' || c.points, ',')
    FROM (SELECT idea_id, points FROM budget_choices WHERE ballot_id = budget_ballots.id ORDER BY idea_id) c), '');

DROP TABLE budget_choices;
