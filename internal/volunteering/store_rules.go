package volunteering

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// The statements the rules in service*.go and worker.go run, by name.

func shiftUseCount(ctx context.Context, d *db.DB, shiftID string, n *int) error {
	return d.QueryRow(ctx, `SELECT (SELECT count(*) FROM vol_signups WHERE shift_id = $1) + (SELECT count(*) FROM vol_hours WHERE shift_id = $1)`, shiftID).Scan(n)
}

// setShiftGone calls a shift off; deleted also removes it (it stays in the feed as deleted).
func setShiftGone(ctx context.Context, d *db.DB, shiftID string, deleted bool) (sql.Result, error) {
	if deleted {
		return d.Exec(ctx, `UPDATE vol_shifts SET deleted = 1, status = 'cancelled' WHERE id = $1`, shiftID)
	}
	return d.Exec(ctx, `UPDATE vol_shifts SET status = 'cancelled' WHERE id = $1`, shiftID)
}

func renewApplication(ctx context.Context, d *db.DB, id, status, message string, ageConfirmed bool, at time.Time, decidedBy string) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_applications SET status = $2, message = $3, age_confirmed = $4, created_at = $5,
		decided_at = NULL, decided_by_name = $6 WHERE id = $1`, id, status, message, b2i(ageConfirmed), at, decidedBy)
}

func insertApplication(ctx context.Context, d *db.DB, id, roleID, personID, status, message string, ageConfirmed bool, assisted, decidedBy string, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `INSERT INTO vol_applications (id, role_id, person_id, status, message, age_confirmed,
		assisted_by_name, decided_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (role_id, person_id) DO NOTHING`, id, roleID, personID, status, message, b2i(ageConfirmed), assisted, decidedBy, at)
}

func markDecided(ctx context.Context, d *db.DB, roleID, personID string, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_applications SET decided_at = $3 WHERE role_id = $1 AND person_id = $2 AND decided_at IS NULL`, roleID, personID, at)
}

// decideApplication is conditional on the status changing, so a decision is told once.
func decideApplication(ctx context.Context, d *db.DB, id, status, by string, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_applications SET status = $2, decided_by_name = $3, decided_at = $4 WHERE id = $1 AND status <> $2`, id, status, by, at)
}

// activeSignupWhere reads the id and status of the active sign-up matching cond (on $1).
func activeSignupWhere(ctx context.Context, d *db.DB, cond string, arg any, id, status *string) error {
	return d.QueryRow(ctx, `SELECT id, status FROM vol_signups WHERE `+cond+` AND status <> 'cancelled'`, arg).Scan(id, status)
}

// cancelSignupRow is conditional on the status just read: two clicks cannot both cancel.
func cancelSignupRow(ctx context.Context, d *db.DB, id, was string, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_signups SET status = 'cancelled', cancelled_at = $3 WHERE id = $1 AND status = $2`, id, was, at)
}

func confirmWaiting(ctx context.Context, d *db.DB, id string) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_signups SET status = 'confirmed' WHERE id = $1 AND status = 'waiting'`, id)
}

// claimReminder marks a sign-up reminded with a fresh "I can't make it" token; of several
// servers only one changes the row.
func claimReminder(ctx context.Context, d *db.DB, id string, at time.Time, cantHash string) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_signups SET reminded_at = $2, cant_hash = $3 WHERE id = $1 AND reminded_at IS NULL
		AND status = 'confirmed'`, id, at, cantHash)
}

func claimShortShift(ctx context.Context, d *db.DB, id string, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_shifts SET flagged_at = $2 WHERE id = $1 AND flagged_at IS NULL AND taken < min_volunteers`, id, at)
}

func claimCheckReminder(ctx context.Context, d *db.DB, id string, days int) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_checks SET reminded_days = $2 WHERE id = $1 AND (reminded_days = 0 OR reminded_days > $2)`, id, days)
}

func insertCheck(ctx context.Context, d *db.DB, c Check) (sql.Result, error) {
	return d.Exec(ctx, `INSERT INTO vol_checks (id, organisation_id, person_id, kind, workforce, reference, issued_on,
		expires_on, update_service, recorded_by_name, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		c.ID, c.OrganisationID, c.PersonID, c.Kind, c.Workforce, c.Reference, c.IssuedOn, c.ExpiresOn, b2i(c.UpdateService), c.RecordedBy, c.RecordedAt)
}

func deleteCheck(ctx context.Context, d *db.DB, id, orgID string) (sql.Result, error) {
	return d.Exec(ctx, `DELETE FROM vol_checks WHERE id = $1 AND organisation_id = $2`, id, orgID)
}

func deleteCheckByID(ctx context.Context, d *db.DB, id string) (sql.Result, error) {
	return d.Exec(ctx, `DELETE FROM vol_checks WHERE id = $1`, id)
}

// checksPastRetention lists checks whose expiry is further back than their organisation's
// retention (180 days unless it set another) on a UK day.
func checksPastRetention(ctx context.Context, d *db.DB, today time.Time) ([]string, error) {
	var gone []string
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id, exp string
		var keep int
		if err := r.Scan(&id, &exp, &keep); err != nil {
			return err
		}
		if exp < today.AddDate(0, 0, -keep).Format("2006-01-02") {
			gone = append(gone, id)
		}
		return nil
	}, `SELECT c.id, c.expires_on, COALESCE(st.check_retention_days, 180) FROM vol_checks c
		LEFT JOIN vol_settings st ON st.organisation_id = c.organisation_id WHERE c.expires_on < $1`, today.Format("2006-01-02"))
	return gone, err
}

func retentionOf(ctx context.Context, d *db.DB, orgID string, days *int) error {
	return d.QueryRow(ctx, `SELECT check_retention_days FROM vol_settings WHERE organisation_id = $1`, orgID).Scan(days)
}

func saveRetention(ctx context.Context, d *db.DB, orgID string, days int, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `INSERT INTO vol_settings (organisation_id, check_retention_days, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (organisation_id) DO UPDATE SET check_retention_days = $2, updated_at = $3`, orgID, days, at)
}

func touchOpportunity(ctx context.Context, d *db.DB, id string, at time.Time) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE vol_opportunities SET updated_at = $2 WHERE id = $1`, id, at)
}

func personByEmail(ctx context.Context, d *db.DB, email string) (Person, error) {
	return scanPerson(d.QueryRow(ctx, `SELECT `+personCols+` FROM vol_people WHERE email = $1 ORDER BY created_at LIMIT 1`, email))
}

func countTitled(ctx context.Context, d *db.DB, title string, n *int) error {
	return d.QueryRow(ctx, `SELECT count(*) FROM vol_opportunities WHERE title = $1`, title).Scan(n)
}

// forgetPerson deletes a person's checks, sign-ups, applications and record; their hours stay
// as anonymous numbers in the organisations' totals.
func forgetPerson(ctx context.Context, d *db.DB, personID string) error {
	for _, q := range []string{
		`DELETE FROM vol_checks WHERE person_id = $1`,
		`DELETE FROM vol_signups WHERE person_id = $1`,
		`DELETE FROM vol_applications WHERE person_id = $1`,
		`UPDATE vol_hours SET person_id = NULL, note = '', logged_by_name = '' WHERE person_id = $1`,
		`DELETE FROM vol_people WHERE id = $1`,
	} {
		if _, err := d.Exec(ctx, q, personID); err != nil {
			return err
		}
	}
	return nil
}

// forgetActor replaces a deleted account's name where it is kept as who acted for others.
func forgetActor(ctx context.Context, d *db.DB, name, former string) error {
	if name == "" {
		return nil
	}
	for _, c := range [][2]string{{"vol_people", "created_by_name"}, {"vol_applications", "assisted_by_name"},
		{"vol_applications", "decided_by_name"}, {"vol_signups", "assisted_by_name"}, {"vol_checks", "recorded_by_name"},
		{"vol_hours", "logged_by_name"}, {"vol_hours", "confirmed_by_name"}, {"vol_shifts", "lead_name"}, {"vol_pledges", "created_by_name"}} {
		if _, err := d.Exec(ctx, `UPDATE `+c[0]+` SET `+c[1]+` = $2 WHERE `+c[1]+` = $1`, name, former); err != nil {
			return err
		}
	}
	return nil
}

// postedBy lists the opportunities an account posted, for its data download.
func postedBy(ctx context.Context, d *db.DB, accountID string) ([]PostedOpportunity, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (PostedOpportunity, error) {
		var o PostedOpportunity
		err := r.Scan(&o.ID, &o.OrganisationID, &o.Title, &o.Status, &o.PostedAt)
		return o, err
	}, `SELECT id, organisation_id, title, status, created_at FROM vol_opportunities WHERE created_by = $1
		ORDER BY created_at, id`, accountID)
	if out == nil {
		out = []PostedOpportunity{}
	}
	return out, err
}

// PostedOpportunity is an opportunity a person posted, for their data download.
type PostedOpportunity struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	Title          string    `json:"title"`
	Status         string    `json:"status"`
	PostedAt       time.Time `json:"posted_at"`
}
