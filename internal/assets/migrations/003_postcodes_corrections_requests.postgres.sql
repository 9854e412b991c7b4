-- PostgreSQL drops the CHECK and adds the wider one (SQLite rebuilds the table).
-- A history line for an accepted correction.
ALTER TABLE asset_changes DROP CONSTRAINT asset_changes_action_check;
ALTER TABLE asset_changes ADD CONSTRAINT asset_changes_action_check
    CHECK (action IN ('suggested', 'created', 'edited', 'verified', 'checked', 'imported', 'corrected'));
