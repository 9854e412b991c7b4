-- One place per time slot, and a waiting list per session: a chosen session either holds one
-- of its places (confirmed) or waits for one (waitlisted, first queued first served). A person
-- waiting for the event itself keeps their choices as waitlisted until the event place comes.
ALTER TABLE event_registration_sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'waitlisted'));
ALTER TABLE event_registration_sessions ADD COLUMN queued_at TIMESTAMPTZ;
CREATE INDEX event_registration_sessions_queue ON event_registration_sessions (session_id, status, queued_at);

-- Organisers reach their people: mail goes out in the language the person registered in; an
-- organiser can remove a place (with the reason the person is told) and cancel the event.
ALTER TABLE event_registrations ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE event_registrations ADD COLUMN removed_reason TEXT NOT NULL DEFAULT '';
-- Feedback once per attendee: each place has a code (walk-ins get theirs at the door).
ALTER TABLE event_registrations ADD COLUMN feedback_code TEXT;
CREATE UNIQUE INDEX event_registrations_feedback_code ON event_registrations (event_id, feedback_code);

ALTER TABLE events ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE events ADD COLUMN cancel_message TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN feedback_asked_at TIMESTAMPTZ;

ALTER TABLE event_feedback ADD COLUMN registration_id TEXT REFERENCES event_registrations (id) ON DELETE SET NULL;
ALTER TABLE event_feedback ADD COLUMN updated_at TIMESTAMPTZ;
CREATE UNIQUE INDEX event_feedback_registration ON event_feedback (registration_id);

-- Notes keep the order they were typed in.
ALTER TABLE event_notes ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
