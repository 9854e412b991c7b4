-- What a personal API token may do, chosen when it is made: space-separated scopes from
-- read, write and admin. Tokens made before scopes existed keep reading and nothing more.
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read';
