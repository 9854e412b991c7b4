package assets

import (
	"context"

	"commons/internal/platform/db"
)

// orgRow is an organisation as Open Referral UK shows it.
type orgRow struct {
	ID, Name, Description, Website string
}

// organisationsPage is one page of organisations (or the one with id, or those whose name
// matches search), by name, with how many there are in all.
func organisationsPage(ctx context.Context, d *db.DB, id, search string, limit, offset int) ([]orgRow, int, error) {
	where, args := "1 = 1", []any{}
	if id != "" {
		where, args = "id = $1", append(args, id)
	} else if search != "" {
		where, args = d.Dialect().ILike("name", "$1"), append(args, search)
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM identity_organisations WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := db.List(ctx, d, func(r db.Scanner) (orgRow, error) {
		var o orgRow
		err := r.Scan(&o.ID, &o.Name, &o.Description, &o.Website)
		return o, err
	}, `SELECT id, name, description, website FROM identity_organisations WHERE `+where+
		` ORDER BY name, id LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
