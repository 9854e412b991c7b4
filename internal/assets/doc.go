// Package assets is the community asset map: the places, groups, institutions, economic and
// cultural assets of a borough, and the skills, gifts and time its people choose to share.
// Entries are suggested by anyone signed in, maintained by the members of the organisation
// that owns them and verified by officers; every change is kept in a history. Assets can be
// searched, filtered, ordered by distance and shown on a map; they go out as CSV, GeoJSON,
// JSON (/api/v1/assets) and Open Referral UK 3.0 (/openreferral/), and come in by CSV import.
//
// Tables: assets, asset_changes, person_skills. People's skills never leave through the open
// feeds: only the skills pages show them, to whom their owner chose.
//
// Pure helpers: hours (opening times), geo (distance, postcodes, boxes), record (field rules
// and CSV reading).
package assets
