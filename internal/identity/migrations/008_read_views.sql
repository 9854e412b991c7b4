-- What other capabilities may read of people, organisations and areas (the house issue): they
-- join these views, never identity's tables, so identity can change its tables and keep the
-- views' columns (identity's TestReadViewsKeepTheirColumns holds them). Nothing secret is in
-- them: no password hash, no tokens, no roles.
CREATE VIEW identity_people AS SELECT id, name, email, language, created_at FROM accounts;

CREATE VIEW identity_areas AS SELECT id, name, kind, postcode_districts FROM areas;

CREATE VIEW identity_organisations AS SELECT id, name, sector, description, website, area_id FROM organisations;

CREATE VIEW identity_members AS SELECT organisation_id, account_id FROM organisation_members;
