-- Live turnout: ballots by process, area ('' when the voter gave none) and channel, kept as
-- ballots arrive (in the ballot's own transaction, so it always equals a recount), so pages read
-- a handful of rows instead of counting every ballot. Each (process, area, channel) is spread over
-- a few slots, so voters casting at once do not all wait on one row; a reader sums the slots.
CREATE TABLE budget_turnout (
    process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
    area_id    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    slot       INTEGER NOT NULL,
    ballots    BIGINT NOT NULL,
    PRIMARY KEY (process_id, area_id, channel, slot)
);

-- Ballots cast before: counted once, here.
INSERT INTO budget_turnout (process_id, area_id, channel, slot, ballots)
SELECT process_id, COALESCE(area_id, ''), channel, 0, COUNT(*) FROM budget_ballots
GROUP BY process_id, COALESCE(area_id, ''), channel;
