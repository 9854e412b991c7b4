-- Written per database: the counts already made are turned into JSON with each database's own
-- functions (json_object and json_group_array; json_build_object and json_agg), and the
-- outcome is set with each one's form of UPDATE from another table.
-- A count is kept whole: the rule it used, who counted and whether voting was closed early, its
-- publication, and everything the results page and the downloads show (result: the projects
-- with votes, reasons and funding, turnout by area and channel, spend per area, as JSON), with
-- the Pabulib file of each election it counted (budget_count_files). Pages and downloads read
-- the stored count, never the live settings, so they cannot disagree with each other. A
-- re-count adds a new count; publishing it marks the one it replaces.
CREATE TABLE budget_counts (
    id             TEXT PRIMARY KEY,
    process_id     TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL CHECK (seq > 0),
    state          TEXT NOT NULL CHECK (state IN ('checking', 'published', 'replaced', 'withdrawn')),
    rule           TEXT NOT NULL,
    counted_at     TIMESTAMP NOT NULL,
    counted_by     TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    closed_early   BOOLEAN NOT NULL,
    recount_reason TEXT NOT NULL,
    published_at   TIMESTAMP,
    published_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    replaced_at    TIMESTAMP,
    ballots        INTEGER NOT NULL,
    spent_pence    BIGINT NOT NULL,
    budget_pence   BIGINT NOT NULL,
    result         TEXT NOT NULL,
    UNIQUE (process_id, seq)
);

CREATE TABLE budget_count_files (
    count_id TEXT NOT NULL REFERENCES budget_counts (id) ON DELETE CASCADE,
    area_id  TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (count_id, area_id)
);

-- An officer reopens a counted process to correct it (with a reason, audited); the next count
-- closes it again.
ALTER TABLE budget_processes ADD COLUMN reopened_at TIMESTAMP;
ALTER TABLE budget_processes ADD COLUMN reopen_reason TEXT NOT NULL DEFAULT '';
-- What the published count did for a project: 'funded', 'not_funded', or '' before publication.
ALTER TABLE budget_ideas ADD COLUMN outcome TEXT NOT NULL DEFAULT '';

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
