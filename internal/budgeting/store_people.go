package budgeting

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// personByEmail is the id of the person with the email address, through identity's read view;

// sql.ErrNoRows when none (never the former member, whose address is empty).

func personByEmail(ctx context.Context, d *db.DB, email string) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM identity_people WHERE email = $1 AND email <> ''`, email).Scan(&id) // '': the former member
	return id, err
}

// personIDByEmail is personByEmail for the demo's accounts.

func personIDByEmail(ctx context.Context, d *db.DB, email string) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM identity_people WHERE email = $1`, email).Scan(&id)
	return id, err
}

// areaIDsByName is every area's id by its name.

func areaIDsByName(ctx context.Context, d *db.DB) (map[string]string, error) {
	areas := map[string]string{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id, name string
		err := r.Scan(&id, &name)
		areas[name] = id
		return err
	}, `SELECT id, name FROM identity_areas`)
	if err != nil {
		return nil, err
	}
	return areas, nil
}

// processesTitled counts the processes with the title.

func processesTitled(ctx context.Context, d *db.DB, title string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM budget_processes WHERE title = $1`, title).Scan(&n)
	return n, err
}

func insertReviewer(ctx context.Context, d *db.DB, processID, accountID string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_reviewers (process_id, account_id, added_at) VALUES ($1, $2, $3)
			ON CONFLICT (process_id, account_id) DO NOTHING`, processID, accountID, at)
	return err
}

// listReviewers is a process's review panel by name.

func listReviewers(ctx context.Context, d *db.DB, processID string) ([]Reviewer, error) {
	return db.List(ctx, d, func(row db.Scanner) (Reviewer, error) {
		var r Reviewer
		err := row.Scan(&r.AccountID, &r.Name)
		return r, err
	}, `SELECT a.id, a.name FROM budget_reviewers r JOIN identity_people a ON a.id = r.account_id
		WHERE r.process_id = $1 ORDER BY a.name`, processID)
}

// isReviewer reports whether the account is on the process's review panel.

func isReviewer(ctx context.Context, d *db.DB, processID, accountID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM budget_reviewers WHERE process_id = $1 AND account_id = $2`, processID, accountID).Scan(&n)
	return n > 0, err
}
