CREATE TABLE events (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description          TEXT NOT NULL,
    description_html     TEXT NOT NULL,
    organisation_id      TEXT NOT NULL REFERENCES organisations (id),
    venue                TEXT NOT NULL,
    address              TEXT NOT NULL,
    latitude             DOUBLE PRECISION,
    longitude            DOUBLE PRECISION,
    access_info          TEXT NOT NULL,
    online_url           TEXT NOT NULL,
    starts_at            TIMESTAMPTZ NOT NULL,
    ends_at              TIMESTAMPTZ NOT NULL,
    capacity             INTEGER NOT NULL CHECK (capacity >= 1),
    registered           INTEGER NOT NULL DEFAULT 0 CHECK (registered >= 0),
    invitation_only      INTEGER NOT NULL DEFAULT 0,
    summary_published_at TIMESTAMPTZ,
    created_by           TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    sequence             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_organisation ON events (organisation_id);

CREATE TABLE event_sessions (
    id           TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('plenary', 'workshop', 'fishbowl', 'panel')),
    track        TEXT NOT NULL,
    room         TEXT NOT NULL,
    facilitators TEXT NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    ends_at      TIMESTAMPTZ NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity >= 0),
    taken        INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0)
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

CREATE TABLE event_registrations (
    id                TEXT PRIMARY KEY,
    event_id          TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    organisation_name TEXT NOT NULL,
    sector            TEXT NOT NULL CHECK (sector IN ('public', 'vcf', 'private', 'resident')),
    area_id           TEXT REFERENCES areas (id) ON DELETE SET NULL,
    access_needs      TEXT NOT NULL,
    dietary_needs     TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    walk_in           INTEGER NOT NULL DEFAULT 0,
    cancel_hash       TEXT NOT NULL UNIQUE,
    created_at        TIMESTAMPTZ NOT NULL,
    checked_in_at     TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ,
    UNIQUE (event_id, email)
);
CREATE INDEX event_registrations_queue ON event_registrations (event_id, status, created_at);

CREATE TABLE event_registration_sessions (
    registration_id TEXT NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    session_id      TEXT NOT NULL REFERENCES event_sessions (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, session_id)
);
CREATE INDEX event_registration_sessions_session ON event_registration_sessions (session_id);

CREATE TABLE event_invitations (
    token_hash TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, email)
);

CREATE TABLE event_groups (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    facilitator TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, name)
);

CREATE TABLE event_notes (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES event_groups (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_notes_event ON event_notes (event_id, created_at);

CREATE TABLE event_themes (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    phrases    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_themes_event ON event_themes (event_id, position);

CREATE TABLE event_theme_notes (
    theme_id TEXT NOT NULL REFERENCES event_themes (id) ON DELETE CASCADE,
    note_id  TEXT NOT NULL REFERENCES event_notes (id) ON DELETE CASCADE,
    PRIMARY KEY (theme_id, note_id)
);
CREATE INDEX event_theme_notes_note ON event_theme_notes (note_id);

CREATE TABLE event_feedback (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_feedback_event ON event_feedback (event_id);
