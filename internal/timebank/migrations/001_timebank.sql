-- Time banks: banks with their brokers and members, one account per member in each bank, a pool
-- account per bank and a clearing account per agreement with another bank; exchanges (recorded,
-- requested, confirmed) and the append-only ledger they are posted to.

CREATE TABLE timebank_banks (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    name_cy            TEXT NOT NULL DEFAULT '',
    summary            TEXT NOT NULL,
    summary_cy         TEXT NOT NULL DEFAULT '',
    rules              TEXT NOT NULL,
    rules_cy           TEXT NOT NULL DEFAULT '',
    area_id            TEXT REFERENCES areas (id) ON DELETE SET NULL,
    contact_email      TEXT NOT NULL DEFAULT '',
    contact_phone      TEXT NOT NULL DEFAULT '',
    join_mode          TEXT NOT NULL CHECK (join_mode IN ('open', 'approval')),
    must_confirm       INTEGER NOT NULL DEFAULT 1,
    person_limit       BIGINT NOT NULL CHECK (person_limit <= 0),
    organisation_limit BIGINT NOT NULL CHECK (organisation_limit <= 0),
    pool_limit         BIGINT NOT NULL CHECK (pool_limit <= 0),
    joining_credit     BIGINT NOT NULL CHECK (joining_credit >= 0),
    listing_days       INTEGER NOT NULL CHECK (listing_days BETWEEN 7 AND 365),
    created_by         TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE timebank_members (
    id              TEXT PRIMARY KEY,
    bank_id         TEXT NOT NULL REFERENCES timebank_banks (id),
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'organisation', 'offline')),
    account_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    contact         TEXT NOT NULL DEFAULT '',
    about           TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('member', 'broker')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'active', 'left', 'removed')),
    area_id         TEXT REFERENCES areas (id) ON DELETE SET NULL,
    share_email     INTEGER NOT NULL DEFAULT 0,
    public_name     INTEGER NOT NULL DEFAULT 0,
    limit_override  BIGINT CHECK (limit_override <= 0),
    added_by        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    added_how       TEXT NOT NULL DEFAULT '',
    imported_ref    TEXT NOT NULL DEFAULT '',
    joined_at       TIMESTAMPTZ NOT NULL,
    anonymised_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX timebank_members_account ON timebank_members (bank_id, account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX timebank_members_organisation ON timebank_members (bank_id, organisation_id) WHERE organisation_id IS NOT NULL;
CREATE INDEX timebank_members_bank ON timebank_members (bank_id, status);
CREATE INDEX timebank_members_by_account ON timebank_members (account_id);
CREATE INDEX timebank_members_by_organisation ON timebank_members (organisation_id);

CREATE TABLE timebank_accounts (
    id              TEXT PRIMARY KEY,
    bank_id         TEXT NOT NULL REFERENCES timebank_banks (id),
    kind            TEXT NOT NULL CHECK (kind IN ('member', 'pool', 'clearing')),
    member_id       TEXT UNIQUE REFERENCES timebank_members (id),
    partner_bank_id TEXT REFERENCES timebank_banks (id),
    balance         BIGINT NOT NULL DEFAULT 0,
    floor           BIGINT NOT NULL CHECK (floor <= 0),
    postings        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'member') = (member_id IS NOT NULL)),
    CHECK ((kind = 'clearing') = (partner_bank_id IS NOT NULL))
);
CREATE UNIQUE INDEX timebank_accounts_pool ON timebank_accounts (bank_id) WHERE kind = 'pool';
CREATE UNIQUE INDEX timebank_accounts_clearing ON timebank_accounts (bank_id, partner_bank_id) WHERE kind = 'clearing';

CREATE TABLE timebank_agreements (
    id          TEXT PRIMARY KEY,
    bank_low    TEXT NOT NULL REFERENCES timebank_banks (id),
    bank_high   TEXT NOT NULL REFERENCES timebank_banks (id),
    proposer    TEXT NOT NULL REFERENCES timebank_banks (id),
    limit_minutes BIGINT NOT NULL CHECK (limit_minutes > 0),
    status      TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'declined', 'ended')),
    note        TEXT NOT NULL DEFAULT '',
    proposed_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    proposed_at TIMESTAMPTZ NOT NULL,
    decided_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at  TIMESTAMPTZ,
    CHECK (bank_low < bank_high),
    UNIQUE (bank_low, bank_high)
);

CREATE TABLE timebank_exchanges (
    id               TEXT PRIMARY KEY,
    bank_id          TEXT NOT NULL REFERENCES timebank_banks (id),
    kind             TEXT NOT NULL CHECK (kind IN ('single', 'group')),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'cancelled', 'reversed')),
    category         TEXT NOT NULL,
    note             TEXT NOT NULL,
    minutes          BIGINT NOT NULL CHECK (minutes > 0),
    happened_on      TEXT NOT NULL,
    recorded_as      TEXT NOT NULL CHECK (recorded_as IN ('giver', 'receiver', 'broker')),
    recorded_member  TEXT REFERENCES timebank_members (id),
    awaiting_member  TEXT REFERENCES timebank_members (id),
    created_by       TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    assisted_channel TEXT NOT NULL DEFAULT '',
    assisted_note    TEXT NOT NULL DEFAULT '',
    listing_id       TEXT,
    idem_key         TEXT UNIQUE,
    created_at       TIMESTAMPTZ NOT NULL,
    decided_by       TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at       TIMESTAMPTZ,
    decided_channel  TEXT NOT NULL DEFAULT '',
    decline_reason   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX timebank_exchanges_bank ON timebank_exchanges (bank_id, created_at);
CREATE INDEX timebank_exchanges_awaiting ON timebank_exchanges (awaiting_member, status);

CREATE TABLE timebank_exchange_lines (
    exchange_id TEXT NOT NULL REFERENCES timebank_exchanges (id),
    line_no     INTEGER NOT NULL,
    payer       TEXT NOT NULL REFERENCES timebank_accounts (id),
    payee       TEXT NOT NULL REFERENCES timebank_accounts (id),
    minutes     BIGINT NOT NULL CHECK (minutes > 0),
    PRIMARY KEY (exchange_id, line_no)
);
CREATE INDEX timebank_exchange_lines_payer ON timebank_exchange_lines (payer);
CREATE INDEX timebank_exchange_lines_payee ON timebank_exchange_lines (payee);

-- The ledger: append-only. Nothing here is ever updated or deleted (a test reads the store's
-- SQL to hold it so); a mistake is put right by a reversal, which names what it reverses, once.
CREATE TABLE timebank_transactions (
    id          TEXT PRIMARY KEY,
    bank_id     TEXT NOT NULL REFERENCES timebank_banks (id),
    kind        TEXT NOT NULL CHECK (kind IN ('exchange', 'reversal', 'joining', 'volunteering', 'import', 'gift')),
    exchange_id TEXT REFERENCES timebank_exchanges (id),
    reverses_id TEXT UNIQUE REFERENCES timebank_transactions (id),
    ref         TEXT UNIQUE,
    category    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    created_by  TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX timebank_transactions_exchange ON timebank_transactions (exchange_id) WHERE kind = 'exchange';
CREATE INDEX timebank_transactions_bank ON timebank_transactions (bank_id, created_at);

CREATE TABLE timebank_postings (
    transaction_id TEXT NOT NULL REFERENCES timebank_transactions (id),
    account_id     TEXT NOT NULL REFERENCES timebank_accounts (id),
    bank_id        TEXT NOT NULL REFERENCES timebank_banks (id),
    amount         BIGINT NOT NULL CHECK (amount <> 0),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    balance_after  BIGINT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (transaction_id, account_id),
    UNIQUE (account_id, seq)
);
CREATE INDEX timebank_postings_bank ON timebank_postings (bank_id);

-- Offers and requests, with an optional photo (stored here, re-encoded without its metadata).
CREATE TABLE timebank_photos (
    id           TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES timebank_members (id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    data         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE timebank_listings (
    id          TEXT PRIMARY KEY,
    bank_id     TEXT NOT NULL REFERENCES timebank_banks (id),
    member_id   TEXT NOT NULL REFERENCES timebank_members (id),
    kind        TEXT NOT NULL CHECK (kind IN ('offer', 'request')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    description TEXT NOT NULL,
    category    TEXT NOT NULL,
    area_id     TEXT REFERENCES areas (id) ON DELETE SET NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('in_person', 'from_home', 'either')),
    postcode    TEXT NOT NULL DEFAULT '',
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    estimate    BIGINT,
    photo_id    TEXT REFERENCES timebank_photos (id),
    photo_alt   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    expires_at  TIMESTAMPTZ NOT NULL,
    reminded_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX timebank_listings_bank ON timebank_listings (bank_id, status, expires_at);
CREATE INDEX timebank_listings_member ON timebank_listings (member_id);

-- Messages members send each other through Commons (relayed by mail; neither sees the other's
-- address unless they chose to share it).
CREATE TABLE timebank_messages (
    id           TEXT PRIMARY KEY,
    bank_id      TEXT NOT NULL REFERENCES timebank_banks (id),
    listing_id   TEXT REFERENCES timebank_listings (id),
    from_member  TEXT NOT NULL REFERENCES timebank_members (id),
    to_member    TEXT NOT NULL REFERENCES timebank_members (id),
    body         TEXT NOT NULL,
    shared_email INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX timebank_messages_from ON timebank_messages (from_member);
CREATE INDEX timebank_messages_to ON timebank_messages (to_member);

-- Files brought over from another time-banking system: kept between the check (reported row
-- by row) and the broker's decision to import them, then marked applied, once.
CREATE TABLE timebank_imports (
    id         TEXT PRIMARY KEY,
    bank_id    TEXT NOT NULL REFERENCES timebank_banks (id),
    kind       TEXT NOT NULL CHECK (kind IN ('members', 'transfers')),
    filename   TEXT NOT NULL,
    data       BYTEA NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('checked', 'applied')),
    rows_total INTEGER NOT NULL,
    problems   INTEGER NOT NULL,
    created_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    applied_at TIMESTAMPTZ
);
CREATE INDEX timebank_imports_bank ON timebank_imports (bank_id, created_at);
