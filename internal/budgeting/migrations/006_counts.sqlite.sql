-- With SQLite's JSON functions (json_object, json_group_array) and its UPDATE; PostgreSQL's
-- are in 006_counts.postgres.sql.
-- Processes counted before: their stored results become their first, published count.
INSERT INTO budget_counts (id, process_id, seq, state, rule, counted_at, counted_by, closed_early, recount_reason,
    published_at, published_by, replaced_at, ballots, spent_pence, budget_pence, result)
SELECT p.id, p.id, 1, 'published', CASE p.rule WHEN 'mes' THEN 'mes-add1' ELSE 'greedy' END, p.counted_at, NULL, FALSE, '',
    p.counted_at, NULL, NULL,
    (SELECT COUNT(*) FROM budget_ballots b WHERE b.process_id = p.id),
    COALESCE((SELECT SUM(i.cost_pence) FROM budget_results r JOIN budget_ideas i ON i.id = r.idea_id WHERE r.process_id = p.id AND r.funded), 0),
    p.total_pence,
    json_object(
        'format', p.format,
        'projects', json((SELECT json_group_array(json_object('project_id', r.idea_id, 'title', i.title, 'area_id', COALESCE(i.area_id, ''),
                'area_name', COALESCE(a.name, ''), 'cost_pence', i.cost_pence, 'votes', r.votes, 'score', r.score,
                'funded', json(CASE WHEN r.funded THEN 'true' ELSE 'false' END), 'position', r.position, 'reason', r.reason,
                'why', json(CASE WHEN r.why = '' THEN 'null' ELSE r.why END)))
            FROM budget_results r JOIN budget_ideas i ON i.id = r.idea_id LEFT JOIN areas a ON a.id = i.area_id
            WHERE r.process_id = p.id)),
        'turnout', json((SELECT json_group_array(json_object('area_id', t.area_id, 'area_name', t.area_name, 'channel', t.channel, 'ballots', t.n))
            FROM (SELECT COALESCE(b.area_id, '') AS area_id, COALESCE(a.name, '') AS area_name, b.channel, COUNT(*) AS n
                FROM budget_ballots b LEFT JOIN areas a ON a.id = b.area_id WHERE b.process_id = p.id
                GROUP BY b.area_id, a.name, b.channel) t)))
FROM budget_processes p WHERE p.counted_at IS NOT NULL;

UPDATE budget_ideas SET outcome = CASE WHEN (SELECT r.funded FROM budget_results r WHERE r.idea_id = budget_ideas.id) THEN 'funded' ELSE 'not_funded' END
WHERE id IN (SELECT idea_id FROM budget_results);

DROP TABLE budget_results;
