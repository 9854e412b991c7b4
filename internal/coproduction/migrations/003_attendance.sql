-- Who came to a board's meeting and who sent apologies: one row a seat. A seat's holder sends
-- apologies before the meeting; the chair or an officer records attendance at or after it, or
-- apologies given to them (by phone, in person), with who recorded it and how.
CREATE TABLE coproduction_attendance (
    meeting_id   TEXT NOT NULL REFERENCES coproduction_meetings (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES coproduction_board_members (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('present', 'online', 'apologies', 'absent')),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    recorded_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    recorded_how TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX coproduction_attendance_member ON coproduction_attendance (member_id);
