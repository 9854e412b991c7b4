-- The key of the form a comment came from: the same form sent twice (a double click, a
-- resend after a dropped connection) makes one comment.
ALTER TABLE budget_comments ADD COLUMN idem_key TEXT;
CREATE UNIQUE INDEX budget_comments_idem ON budget_comments (author_id, idem_key);
