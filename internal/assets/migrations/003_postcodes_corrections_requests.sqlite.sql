-- SQLite cannot alter a CHECK: asset_changes is rebuilt with the wider one.
-- A history line for an accepted correction.
CREATE TABLE asset_changes_new (
    id         TEXT PRIMARY KEY,
    asset_id   TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    action     TEXT NOT NULL CHECK (action IN ('suggested', 'created', 'edited', 'verified', 'checked', 'imported', 'corrected')),
    fields     TEXT NOT NULL DEFAULT '',
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO asset_changes_new (id, asset_id, account_id, action, fields, changed_at)
    SELECT id, asset_id, account_id, action, fields, changed_at FROM asset_changes;
DROP TABLE asset_changes;
ALTER TABLE asset_changes_new RENAME TO asset_changes;
CREATE INDEX asset_changes_asset ON asset_changes (asset_id, changed_at);
