package assets

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/db"
)

const correctionCols = `c.id, c.asset_id, a.name, COALESCE(c.account_id, ''), COALESCE(ac.name, ''), c.proposed, c.note, c.on_behalf_of, c.channel,
	c.status, c.reply, COALESCE(rv.name, ''), c.created_at, c.reviewed_at`

const correctionFrom = ` FROM asset_corrections c JOIN assets a ON a.id = c.asset_id LEFT JOIN identity_people ac ON ac.id = c.account_id
	LEFT JOIN identity_people rv ON rv.id = c.reviewed_by`

func scanCorrection(row db.Scanner) (Correction, error) {
	var c Correction
	var proposed string
	var reviewed sql.NullTime
	if err := row.Scan(&c.ID, &c.AssetID, &c.AssetName, &c.AccountID, &c.By, &proposed, &c.Note, &c.OnBehalfOf, &c.Channel,
		&c.Status, &c.Reply, &c.ReviewedBy, &c.CreatedAt, &reviewed); err != nil {
		return c, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	if reviewed.Valid {
		t := reviewed.Time.UTC()
		c.ReviewedAt = &t
	}
	c.Proposed = map[string]string{}
	if err := json.Unmarshal([]byte(proposed), &c.Proposed); err != nil {
		return c, err
	}
	return c, nil
}

func queryCorrections(ctx context.Context, d *db.DB, where string, args ...any) ([]Correction, error) {
	return db.List(ctx, d, scanCorrection, `SELECT `+correctionCols+correctionFrom+` `+where, args...)
}

func insertCorrection(ctx context.Context, d *db.DB, c Correction, proposed string) error {
	_, err := d.Exec(ctx, `INSERT INTO asset_corrections (id, asset_id, account_id, proposed, note, on_behalf_of, channel, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, c.AssetID, db.NullString(c.AccountID), proposed, c.Note, c.OnBehalfOf, c.Channel, c.Status, c.CreatedAt)
	return err
}

func correctionByID(ctx context.Context, d *db.DB, id string) (Correction, error) {
	return scanCorrection(d.QueryRow(ctx, `SELECT `+correctionCols+correctionFrom+` WHERE c.id = $1`, id))
}

// reviewCorrection records the outcome, only while the correction is pending.
func reviewCorrection(ctx context.Context, d *db.DB, id, status, reply, by string, at time.Time) error {
	res, err := d.Exec(ctx, `UPDATE asset_corrections SET status = $2, reply = $3, reviewed_by = $4, reviewed_at = $5 WHERE id = $1 AND status = 'pending'`,
		id, status, reply, by, at)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return sql.ErrNoRows
	}
	return nil
}

func pendingCorrections(ctx context.Context, d *db.DB, assetID string) ([]Correction, error) {
	if assetID != "" {
		return queryCorrections(ctx, d, `WHERE c.status = 'pending' AND c.asset_id = $1 ORDER BY c.created_at, c.id`, assetID)
	}
	return queryCorrections(ctx, d, `WHERE c.status = 'pending' ORDER BY c.created_at, c.id LIMIT 500`)
}

// correctionsOf are an asset's corrections: pending first, oldest first, then the latest 50
// decided.
func correctionsOf(ctx context.Context, d *db.DB, assetID string) ([]Correction, error) {
	pending, err := queryCorrections(ctx, d, `WHERE c.asset_id = $1 AND c.status = 'pending' ORDER BY c.created_at, c.id`, assetID)
	if err != nil {
		return nil, err
	}
	decided, err := queryCorrections(ctx, d, `WHERE c.asset_id = $1 AND c.status <> 'pending' ORDER BY c.reviewed_at DESC, c.id LIMIT 50`, assetID)
	return append(pending, decided...), err
}

// suggestedBy is whoever suggested the asset ("" when it was added, not suggested).
func suggestedBy(ctx context.Context, d *db.DB, assetID string) (string, error) {
	var id sql.NullString
	err := d.QueryRow(ctx, `SELECT account_id FROM asset_changes WHERE asset_id = $1 AND action = 'suggested' ORDER BY changed_at LIMIT 1`, assetID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id.String, err
}

func correctionsBy(ctx context.Context, d *db.DB, accountID string) ([]Correction, error) {
	return queryCorrections(ctx, d, `WHERE c.account_id = $1 ORDER BY c.created_at DESC, c.id LIMIT 500`, accountID)
}

func assetsAddedBy(ctx context.Context, d *db.DB, accountID string) ([]Asset, error) {
	return db.List(ctx, d, scanAsset, `SELECT `+assetCols+assetFrom+` WHERE a.created_by = $1 ORDER BY a.created_at DESC, a.id LIMIT 500`, accountID)
}

// assetsNamed are the entries with exactly these names, by name, a query per 500 names.
func assetsNamed(ctx context.Context, d *db.DB, names []string) (map[string][]Asset, error) {
	out := map[string][]Asset{}
	for len(names) > 0 {
		n := min(len(names), 500)
		var ph []string
		var args []any
		for _, name := range names[:n] {
			args = append(args, name)
			ph = append(ph, "$"+strconv.Itoa(len(args)))
		}
		names = names[n:]
		err := db.Each(ctx, d, func(r db.Scanner) error {
			a, err := scanAsset(r)
			out[a.Name] = append(out[a.Name], a)
			return err
		}, `SELECT `+assetCols+assetFrom+` WHERE a.name IN (`+strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
