-- Volunteering: opportunities (the standard's activities) with roles, shifts and sign-ups,
-- applications, checks (criminal-offence data: seen only by the organisation's coordinators),
-- hours, employers' pledges, and the change counter of the sessions feed.

CREATE TABLE vol_settings (
    organisation_id      TEXT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    check_retention_days INTEGER NOT NULL DEFAULT 180 CHECK (check_retention_days BETWEEN 0 AND 3650),
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE vol_opportunities (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('one_off', 'regular', 'micro', 'team')),
    causes           TEXT NOT NULL DEFAULT '',
    place_id         TEXT NOT NULL DEFAULT '',
    venue            TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    postcode         TEXT NOT NULL DEFAULT '',
    latitude         DOUBLE PRECISION,
    longitude        DOUBLE PRECISION,
    area_id          TEXT REFERENCES areas (id) ON DELETE SET NULL,
    from_home        INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    slots            TEXT NOT NULL DEFAULT '',
    usual_slots      TEXT NOT NULL DEFAULT '',
    team_min         INTEGER NOT NULL DEFAULT 0 CHECK (team_min >= 0),
    team_max         INTEGER NOT NULL DEFAULT 0 CHECK (team_max >= 0),
    created_by       TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX vol_opportunities_org ON vol_opportunities (organisation_id);
CREATE INDEX vol_opportunities_status ON vol_opportunities (status, updated_at);

CREATE TABLE vol_roles (
    id                 TEXT PRIMARY KEY,
    opportunity_id     TEXT NOT NULL REFERENCES vol_opportunities (id) ON DELETE CASCADE,
    title              TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description        TEXT NOT NULL,
    commitment         TEXT NOT NULL DEFAULT '',
    skills             TEXT NOT NULL DEFAULT '',
    accessibility      TEXT NOT NULL DEFAULT '',
    accessibility_note TEXT NOT NULL DEFAULT '',
    min_age            INTEGER NOT NULL DEFAULT 0 CHECK (min_age BETWEEN 0 AND 99),
    check_needed       TEXT NOT NULL DEFAULT 'none' CHECK (check_needed IN ('none', 'dbs_basic', 'dbs_standard', 'dbs_enhanced', 'pvg')),
    rewards            TEXT NOT NULL DEFAULT '',
    auto_accept        INTEGER NOT NULL DEFAULT 0,
    minutes            INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX vol_roles_opportunity ON vol_roles (opportunity_id);

CREATE TABLE vol_people (
    id              TEXT PRIMARY KEY,
    account_id      TEXT UNIQUE REFERENCES accounts (id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX vol_people_email ON vol_people (email);

CREATE TABLE vol_applications (
    id               TEXT PRIMARY KEY,
    role_id          TEXT NOT NULL REFERENCES vol_roles (id) ON DELETE CASCADE,
    person_id        TEXT NOT NULL REFERENCES vol_people (id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('applied', 'accepted', 'declined', 'withdrawn')),
    message          TEXT NOT NULL DEFAULT '',
    age_confirmed    INTEGER NOT NULL DEFAULT 0,
    assisted_by_name TEXT NOT NULL DEFAULT '',
    decided_by_name  TEXT NOT NULL DEFAULT '',
    decided_at       TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (role_id, person_id)
);
CREATE INDEX vol_applications_person ON vol_applications (person_id);

CREATE TABLE vol_pledges (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    people          INTEGER NOT NULL CHECK (people BETWEEN 1 AND 1000),
    days            INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
    causes          TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE vol_shifts (
    id             TEXT PRIMARY KEY,
    role_id        TEXT NOT NULL REFERENCES vol_roles (id) ON DELETE CASCADE,
    opportunity_id TEXT NOT NULL REFERENCES vol_opportunities (id) ON DELETE CASCADE,
    starts_at      TIMESTAMPTZ NOT NULL,
    ends_at        TIMESTAMPTZ NOT NULL,
    min_volunteers INTEGER NOT NULL CHECK (min_volunteers >= 0),
    max_volunteers INTEGER NOT NULL CHECK (max_volunteers >= 1),
    taken          INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    lead_name      TEXT NOT NULL DEFAULT '',
    team_name      TEXT NOT NULL DEFAULT '',
    pledge_id      TEXT REFERENCES vol_pledges (id) ON DELETE SET NULL,
    status         TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    checkin_token  TEXT NOT NULL UNIQUE,
    flagged_at     TIMESTAMPTZ,
    modified       BIGINT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (max_volunteers >= min_volunteers),
    CHECK (taken <= max_volunteers)
);
CREATE INDEX vol_shifts_role ON vol_shifts (role_id, starts_at);
CREATE INDEX vol_shifts_starts ON vol_shifts (starts_at);
CREATE INDEX vol_shifts_feed ON vol_shifts (modified, id);

CREATE TABLE vol_signups (
    id               TEXT PRIMARY KEY,
    shift_id         TEXT NOT NULL REFERENCES vol_shifts (id) ON DELETE CASCADE,
    person_id        TEXT NOT NULL REFERENCES vol_people (id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    cant_hash        TEXT NOT NULL UNIQUE,
    reminded_at      TIMESTAMPTZ,
    checked_in_at    TIMESTAMPTZ,
    assisted_by_name TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    cancelled_at     TIMESTAMPTZ
);
CREATE UNIQUE INDEX vol_signups_one ON vol_signups (shift_id, person_id) WHERE status <> 'cancelled';
CREATE INDEX vol_signups_person ON vol_signups (person_id);

CREATE TABLE vol_checks (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    person_id        TEXT NOT NULL REFERENCES vol_people (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('dbs_basic', 'dbs_standard', 'dbs_enhanced', 'pvg')),
    workforce        TEXT NOT NULL DEFAULT '' CHECK (workforce IN ('', 'children', 'adults', 'both')),
    reference        TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    expires_on       TEXT NOT NULL,
    update_service   INTEGER NOT NULL DEFAULT 0,
    recorded_by_name TEXT NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    reminded_days    INTEGER NOT NULL DEFAULT 0,
    CHECK (expires_on > issued_on)
);
CREATE INDEX vol_checks_person ON vol_checks (organisation_id, person_id);
CREATE INDEX vol_checks_expiry ON vol_checks (expires_on);

CREATE TABLE vol_hours (
    id                TEXT PRIMARY KEY,
    person_id         TEXT REFERENCES vol_people (id) ON DELETE CASCADE,
    organisation_id   TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    opportunity_id    TEXT REFERENCES vol_opportunities (id) ON DELETE SET NULL,
    role_id           TEXT REFERENCES vol_roles (id) ON DELETE SET NULL,
    shift_id          TEXT REFERENCES vol_shifts (id) ON DELETE SET NULL,
    pledge_id         TEXT REFERENCES vol_pledges (id) ON DELETE SET NULL,
    day               TEXT NOT NULL,
    minutes           INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    people            INTEGER NOT NULL DEFAULT 1 CHECK (people BETWEEN 1 AND 1000),
    note              TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL CHECK (source IN ('volunteer', 'coordinator', 'checkin', 'register', 'team')),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    logged_by_name    TEXT NOT NULL DEFAULT '',
    assisted          INTEGER NOT NULL DEFAULT 0,
    confirmed_by_name TEXT NOT NULL DEFAULT '',
    confirmed_at      TIMESTAMPTZ,
    credited          INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX vol_hours_shift_person ON vol_hours (shift_id, person_id) WHERE shift_id IS NOT NULL AND person_id IS NOT NULL;
CREATE INDEX vol_hours_person ON vol_hours (person_id, day);
CREATE INDEX vol_hours_org ON vol_hours (organisation_id, status, day);

CREATE TABLE vol_pledge_matches (
    id             TEXT PRIMARY KEY,
    pledge_id      TEXT NOT NULL REFERENCES vol_pledges (id) ON DELETE CASCADE,
    opportunity_id TEXT NOT NULL REFERENCES vol_opportunities (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('offered', 'booked', 'declined')),
    shift_id       TEXT REFERENCES vol_shifts (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (pledge_id, opportunity_id)
);

CREATE TABLE vol_counters (
    name TEXT PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO vol_counters (name, n) VALUES ('sessions', 0);
