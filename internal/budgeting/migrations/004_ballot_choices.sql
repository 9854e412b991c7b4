-- A ballot's choices move into one column of the ballot ("idea:points,idea:points", ordered by
-- idea id), so casting or replacing a ballot is one statement.
ALTER TABLE budget_ballots ADD COLUMN choices TEXT NOT NULL DEFAULT '';
