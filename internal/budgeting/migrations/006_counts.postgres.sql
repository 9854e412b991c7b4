-- With PostgreSQL's JSON functions (json_build_object, json_agg) and its UPDATE ... FROM;
-- SQLite's are in 006_counts.sqlite.sql.
-- Processes counted before: their stored results become their first, published count.
INSERT INTO budget_counts (id, process_id, seq, state, rule, counted_at, counted_by, closed_early, recount_reason,
    published_at, published_by, replaced_at, ballots, spent_pence, budget_pence, result)
SELECT p.id, p.id, 1, 'published', CASE p.rule WHEN 'mes' THEN 'mes-add1' ELSE 'greedy' END, p.counted_at, NULL, FALSE, '',
    p.counted_at, NULL, NULL,
    (SELECT COUNT(*) FROM budget_ballots b WHERE b.process_id = p.id),
    COALESCE((SELECT SUM(i.cost_pence) FROM budget_results r JOIN budget_ideas i ON i.id = r.idea_id WHERE r.process_id = p.id AND r.funded), 0),
    p.total_pence,
    json_build_object(
        'format', p.format,
        'projects', COALESCE((SELECT json_agg(json_build_object('project_id', r.idea_id, 'title', i.title, 'area_id', COALESCE(i.area_id, ''),
                'area_name', COALESCE(a.name, ''), 'cost_pence', i.cost_pence, 'votes', r.votes, 'score', r.score,
                'funded', r.funded, 'position', r.position, 'reason', r.reason,
                'why', CASE WHEN r.why = '' THEN NULL ELSE r.why::json END))
            FROM budget_results r JOIN budget_ideas i ON i.id = r.idea_id LEFT JOIN areas a ON a.id = i.area_id
            WHERE r.process_id = p.id), '[]'::json),
        'turnout', COALESCE((SELECT json_agg(json_build_object('area_id', t.area_id, 'area_name', t.area_name, 'channel', t.channel, 'ballots', t.n))
            FROM (SELECT COALESCE(b.area_id, '') AS area_id, COALESCE(a.name, '') AS area_name, b.channel, COUNT(*) AS n
                FROM budget_ballots b LEFT JOIN areas a ON a.id = b.area_id WHERE b.process_id = p.id
                GROUP BY b.area_id, a.name, b.channel) t), '[]'::json))::text
FROM budget_processes p WHERE p.counted_at IS NOT NULL;

UPDATE budget_ideas i SET outcome = CASE WHEN r.funded THEN 'funded' ELSE 'not_funded' END
FROM budget_results r WHERE r.idea_id = i.id;

DROP TABLE budget_results;
