-- Content in English and Welsh: lang is the language of each record's main text columns and the
-- *_alt columns hold the same texts in the other language ('' when the council wrote one only).
ALTER TABLE coproduction_projects ADD COLUMN lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'cy'));
ALTER TABLE coproduction_projects ADD COLUMN title_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_projects ADD COLUMN problem_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_projects ADD COLUMN affected_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_projects ADD COLUMN service_area_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_projects ADD COLUMN case_study_alt TEXT NOT NULL DEFAULT '';
-- A case study is a draft until it is published; whoever wrote it may be credited by name.
ALTER TABLE coproduction_projects ADD COLUMN case_study_state TEXT NOT NULL DEFAULT 'none' CHECK (case_study_state IN ('none', 'draft', 'published'));
ALTER TABLE coproduction_projects ADD COLUMN case_study_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE coproduction_projects ADD COLUMN case_study_named INTEGER NOT NULL DEFAULT 0 CHECK (case_study_named IN (0, 1));
ALTER TABLE coproduction_projects ADD COLUMN lead_named INTEGER NOT NULL DEFAULT 0 CHECK (lead_named IN (0, 1));
UPDATE coproduction_projects SET case_study_state = 'published' WHERE case_study <> '';
-- Hours are kept in minutes, so part hours (a 7.5 hour day) are kept exactly.
ALTER TABLE coproduction_projects ADD COLUMN staff_minutes_planned INTEGER NOT NULL DEFAULT 0 CHECK (staff_minutes_planned >= 0);
ALTER TABLE coproduction_projects ADD COLUMN staff_minutes_spent INTEGER NOT NULL DEFAULT 0 CHECK (staff_minutes_spent >= 0);
ALTER TABLE coproduction_projects ADD COLUMN volunteer_minutes_planned INTEGER NOT NULL DEFAULT 0 CHECK (volunteer_minutes_planned >= 0);
ALTER TABLE coproduction_projects ADD COLUMN volunteer_minutes_spent INTEGER NOT NULL DEFAULT 0 CHECK (volunteer_minutes_spent >= 0);
UPDATE coproduction_projects SET staff_minutes_planned = staff_hours_planned * 60, staff_minutes_spent = staff_hours_spent * 60,
    volunteer_minutes_planned = volunteer_hours_planned * 60, volunteer_minutes_spent = volunteer_hours_spent * 60;
ALTER TABLE coproduction_projects DROP COLUMN staff_hours_planned;
ALTER TABLE coproduction_projects DROP COLUMN staff_hours_spent;
ALTER TABLE coproduction_projects DROP COLUMN volunteer_hours_planned;
ALTER TABLE coproduction_projects DROP COLUMN volunteer_hours_spent;

-- A name appears on public pages only where its person agreed.
ALTER TABLE coproduction_participants ADD COLUMN named INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0, 1));
ALTER TABLE coproduction_reflections ADD COLUMN named INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0, 1));

ALTER TABLE coproduction_criteria ADD COLUMN lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'cy'));
ALTER TABLE coproduction_criteria ADD COLUMN name_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_criteria ADD COLUMN description_alt TEXT NOT NULL DEFAULT '';

ALTER TABLE coproduction_boards ADD COLUMN lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'cy'));
ALTER TABLE coproduction_boards ADD COLUMN name_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_boards ADD COLUMN purpose_alt TEXT NOT NULL DEFAULT '';

-- Seats may be held by a person without an account, named by an officer with how to reach them.
CREATE TABLE coproduction_board_seats (
    id              TEXT PRIMARY KEY,
    board_id        TEXT NOT NULL REFERENCES coproduction_boards (id) ON DELETE CASCADE,
    account_id      TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    person_name     TEXT NOT NULL DEFAULT '' CHECK (length(person_name) <= 200),
    contact_email   TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    contact_note    TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
    role            TEXT NOT NULL,
    role_alt        TEXT NOT NULL DEFAULT '',
    role_lang       TEXT NOT NULL DEFAULT 'en' CHECK (role_lang IN ('en', 'cy')),
    named           INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0, 1)),
    consent_note    TEXT NOT NULL DEFAULT '',
    added_by        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    joined_at       TIMESTAMPTZ NOT NULL,
    CHECK (account_id IS NOT NULL OR organisation_id IS NOT NULL OR person_name <> '')
);
INSERT INTO coproduction_board_seats (id, board_id, account_id, organisation_id, role, joined_at)
    SELECT id, board_id, account_id, organisation_id, role, joined_at FROM coproduction_board_members;
DROP TABLE coproduction_board_members;
ALTER TABLE coproduction_board_seats RENAME TO coproduction_board_members;
CREATE INDEX coproduction_board_members_board ON coproduction_board_members (board_id);
CREATE INDEX coproduction_board_members_account ON coproduction_board_members (account_id);
CREATE INDEX coproduction_board_members_org ON coproduction_board_members (organisation_id);

-- Meetings with a time, a place and an online link; notices sent to members; minutes drafted,
-- then approved at a later meeting.
ALTER TABLE coproduction_meetings ADD COLUMN starts_at TIMESTAMPTZ;
ALTER TABLE coproduction_meetings ADD COLUMN ends_at TIMESTAMPTZ;
ALTER TABLE coproduction_meetings ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_meetings ADD COLUMN online_url TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_meetings ADD COLUMN minutes_state TEXT NOT NULL DEFAULT 'none' CHECK (minutes_state IN ('none', 'draft', 'approved'));
ALTER TABLE coproduction_meetings ADD COLUMN minutes_approved_at TIMESTAMPTZ;
ALTER TABLE coproduction_meetings ADD COLUMN minutes_approved_in TEXT REFERENCES coproduction_meetings (id) ON DELETE SET NULL;
ALTER TABLE coproduction_meetings ADD COLUMN notice_sent_at TIMESTAMPTZ;
ALTER TABLE coproduction_meetings ADD COLUMN notice_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coproduction_meetings ADD COLUMN notice_sequence INTEGER NOT NULL DEFAULT 0;
UPDATE coproduction_meetings SET minutes_state = 'draft' WHERE minutes <> '';

CREATE TABLE coproduction_papers (
    id           TEXT PRIMARY KEY,
    meeting_id   TEXT NOT NULL REFERENCES coproduction_meetings (id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    data         BYTEA NOT NULL,
    uploaded_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX coproduction_papers_meeting ON coproduction_papers (meeting_id, created_at);

-- Actions owned by a seat (or a name), done by the owner or recorded for them by an officer.
ALTER TABLE coproduction_actions ADD COLUMN owner_member_id TEXT REFERENCES coproduction_board_members (id) ON DELETE SET NULL;
ALTER TABLE coproduction_actions ADD COLUMN done_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE coproduction_actions ADD COLUMN done_how TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_actions ADD COLUMN done_note TEXT NOT NULL DEFAULT '';
ALTER TABLE coproduction_actions ADD COLUMN overdue_mailed_at TIMESTAMPTZ;
CREATE INDEX coproduction_actions_owner ON coproduction_actions (owner_id);
CREATE INDEX coproduction_actions_owner_member ON coproduction_actions (owner_member_id);
CREATE INDEX coproduction_actions_due ON coproduction_actions (due_on) WHERE done_at IS NULL;
