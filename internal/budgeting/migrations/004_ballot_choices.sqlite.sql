-- The choices joined in idea order: group_concat on SQLite (string_agg on PostgreSQL).
UPDATE budget_ballots SET choices = COALESCE((
    SELECT group_concat(c.idea_id || ':' || c.points, ',')
    FROM (SELECT idea_id, points FROM budget_choices WHERE ballot_id = budget_ballots.id ORDER BY idea_id) c), '');

DROP TABLE budget_choices;
