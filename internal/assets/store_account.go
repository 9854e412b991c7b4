package assets

import (
	"context"

	"commons/internal/platform/db"
)

// What the asset map holds about a person, for their data download ($1 is the account).
var accountExports = map[string]string{
	"skills": `SELECT s.id, s.kind, s.title, s.description, s.visibility, COALESCE(a.name, '') AS area, s.created_at, s.updated_at
		FROM person_skills s LEFT JOIN identity_areas a ON a.id = s.area_id WHERE s.account_id = $1 ORDER BY s.created_at, s.id`,
	"assets_added": `SELECT id, name, category, status, contact_name, contact_email, created_at FROM assets
		WHERE created_by = $1 ORDER BY created_at, id`,
	"assets_verified": `SELECT id, name, verified_at AS at FROM assets WHERE verified_by = $1 ORDER BY verified_at, id`,
	"changes": `SELECT c.id, a.name, c.action, c.fields, c.changed_at AS at FROM asset_changes c JOIN assets a ON a.id = c.asset_id
		WHERE c.account_id = $1 ORDER BY c.changed_at, c.id`,
	"corrections_suggested": `SELECT c.id, a.name AS asset, c.proposed, c.note, c.on_behalf_of, c.channel, c.status, c.reply, c.created_at, c.reviewed_at
		FROM asset_corrections c JOIN assets a ON a.id = c.asset_id WHERE c.account_id = $1 ORDER BY c.created_at, c.id`,
	"corrections_decided": `SELECT c.id, a.name AS asset, c.status, c.reply, c.reviewed_at FROM asset_corrections c JOIN assets a ON a.id = c.asset_id
		WHERE c.reviewed_by = $1 ORDER BY c.reviewed_at, c.id`,
	"skill_requests_sent": `SELECT r.id, r.skill_title, t.name AS to_person, r.message, r.status, r.reply, r.created_at, r.answered_at
		FROM skill_requests r JOIN identity_people t ON t.id = r.to_id WHERE r.from_id = $1 ORDER BY r.created_at, r.id`,
	"skill_requests_received": `SELECT r.id, r.skill_title, f.name AS from_person, r.message, r.status, r.reply, r.shared_email, r.created_at, r.answered_at
		FROM skill_requests r JOIN identity_people f ON f.id = r.from_id WHERE r.to_id = $1 ORDER BY r.created_at, r.id`,
}

// forgetAccount is the asset map's part of deleting an account, in the deletion's transaction.
// Their skills and the requests they sent or received go (ON DELETE CASCADE); assets, their
// history and corrections stay, no longer naming them (ON DELETE SET NULL), and an asset they
// added with themselves as its contact loses that contact's name and address.
func forgetAccount(ctx context.Context, d *db.DB, accountID string) error {
	_, err := d.Exec(ctx, `UPDATE assets SET contact_name = '', contact_email = ''
		WHERE created_by = $1 AND contact_email <> '' AND contact_email = (SELECT email FROM identity_people WHERE id = $1)`, accountID)
	if err != nil {
		return err
	}
	_, err = d.Exec(ctx, `UPDATE assets SET contact_name = '' WHERE created_by = $1
		AND contact_name = (SELECT name FROM identity_people WHERE id = $1)`, accountID)
	return err
}
