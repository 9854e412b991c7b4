package timebank

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// importRow is a stored file waiting to be imported (or imported).
type importRow struct {
	ID, BankID, Kind, Filename, Status string
	Data                               []byte
	Rows, Problems                     int
	CreatedAt                          time.Time
	AppliedAt                          *time.Time
}

func insertImport(ctx context.Context, d *db.DB, im importRow, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_imports (id, bank_id, kind, filename, data, status, rows_total, problems, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, 'checked', $6, $7, $8, $9)`, im.ID, im.BankID, im.Kind, im.Filename, im.Data, im.Rows, im.Problems, nullStr(by), im.CreatedAt)
	return err
}

func importByID(ctx context.Context, d *db.DB, id string) (importRow, error) {
	var im importRow
	var applied sql.NullTime
	err := d.QueryRow(ctx, `SELECT id, bank_id, kind, filename, data, status, rows_total, problems, created_at, applied_at
		FROM timebank_imports WHERE id = $1`, id).Scan(&im.ID, &im.BankID, &im.Kind, &im.Filename, &im.Data, &im.Status, &im.Rows,
		&im.Problems, &im.CreatedAt, &applied)
	if applied.Valid {
		im.AppliedAt = &applied.Time
	}
	return im, err
}

func importsOf(ctx context.Context, d *db.DB, bankID string) ([]importRow, error) {
	return db.List(ctx, d, func(r db.Scanner) (importRow, error) {
		var im importRow
		var applied sql.NullTime
		if err := r.Scan(&im.ID, &im.BankID, &im.Kind, &im.Filename, &im.Status, &im.Rows, &im.Problems, &im.CreatedAt, &applied); err != nil {
			return im, err
		}
		if applied.Valid {
			im.AppliedAt = &applied.Time
		}
		return im, nil
	}, `SELECT id, bank_id, kind, filename, status, rows_total, problems, created_at, applied_at
		FROM timebank_imports WHERE bank_id = $1 ORDER BY created_at DESC LIMIT 50`, bankID)
}

// markApplied marks a checked import applied; false when it already was.
func markApplied(ctx context.Context, d *db.DB, id string, at time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE timebank_imports SET status = 'applied', applied_at = $2 WHERE id = $1 AND status = 'checked'`, id, at)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// refsTaken lists which of the refs already name a ledger transaction.
func refsTaken(ctx context.Context, d *db.DB, refs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(refs); start += 500 {
		chunk := refs[start:min(start+500, len(refs))]
		in, args := placeholders(chunk, 0)
		taken, err := db.Strings(ctx, d, `SELECT ref FROM timebank_transactions WHERE ref IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, r := range taken {
			out[r] = true
		}
	}
	return out, nil
}
