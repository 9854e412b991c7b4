package assets

import (
	"context"

	"commons/internal/platform/db"
)

// What the asset map holds about a person, for their data download ($1 is the account).
var accountExports = []struct{ kind, query string }{
	{"skills", `SELECT s.id, s.kind, s.title, s.description, s.visibility, COALESCE(a.name, '') AS area, s.created_at, s.updated_at
		FROM person_skills s LEFT JOIN areas a ON a.id = s.area_id WHERE s.account_id = $1 ORDER BY s.created_at, s.id`},
	{"assets_added", `SELECT id, name, category, status, contact_name, contact_email, created_at FROM assets
		WHERE created_by = $1 ORDER BY created_at, id`},
	{"assets_verified", `SELECT id, name, verified_at AS at FROM assets WHERE verified_by = $1 ORDER BY verified_at, id`},
	{"changes", `SELECT c.id, a.name, c.action, c.fields, c.changed_at AS at FROM asset_changes c JOIN assets a ON a.id = c.asset_id
		WHERE c.account_id = $1 ORDER BY c.changed_at, c.id`},
}

func exportAccount(ctx context.Context, d *db.DB, accountID string) (map[string]any, error) {
	out := map[string]any{}
	for _, e := range accountExports {
		rows, err := d.QueryMaps(ctx, e.query, accountID)
		if err != nil {
			return nil, err
		}
		out[e.kind] = rows
	}
	return out, nil
}

// forgetAccount is the asset map's part of deleting an account, in the deletion's transaction.
// Their skills go (ON DELETE CASCADE); assets and their history stay, no longer naming them
// (ON DELETE SET NULL), and an asset they added with themselves as its contact loses that
// contact's name and address.
func forgetAccount(ctx context.Context, d *db.DB, accountID string) error {
	_, err := d.Exec(ctx, `UPDATE assets SET contact_name = '', contact_email = ''
		WHERE created_by = $1 AND contact_email <> '' AND contact_email = (SELECT email FROM accounts WHERE id = $1)`, accountID)
	if err != nil {
		return err
	}
	_, err = d.Exec(ctx, `UPDATE assets SET contact_name = '' WHERE created_by = $1
		AND contact_name = (SELECT name FROM accounts WHERE id = $1)`, accountID)
	return err
}
