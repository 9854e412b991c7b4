-- A participatory budget can be a draft that only council officers see until one publishes it
-- (one started from a method's template in the knowledge hub starts as one).
ALTER TABLE budget_processes ADD COLUMN draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1));
