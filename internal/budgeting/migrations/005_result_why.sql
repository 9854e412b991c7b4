-- Each project's reason in parts (package tally's Why as JSON: a code and the values its sentence
-- uses), worded at display time in the reader's language. Results counted before have '' and
-- show the English reason kept beside it.
ALTER TABLE budget_results ADD COLUMN why TEXT NOT NULL DEFAULT '';
