-- "A former member": when an account is deleted, what its person wrote that others rely on (a
-- post others replied to, a chapter a group drafted) stays, and points here instead. Nobody can
-- sign in as it: it has no email address, and its password hash matches no password.
INSERT INTO accounts (id, name, email, password_hash, email_confirmed_at, created_at, language)
VALUES ('ffffffff-ffff-4fff-bfff-ffffffffffff', 'A former member', '', '!', NULL,
        '2000-01-01 00:00:00+00:00', 'en')
ON CONFLICT (id) DO NOTHING;
