package assets

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// Identity's read views of areas and organisations (see identity's migration 008).
const (
	areasView         = "identity_areas"
	organisationsView = "identity_organisations"
)

// namedByIDOrName finds a row of view (areasView or organisationsView) by its id, or else by
// its name whatever the case.
func namedByIDOrName(ctx context.Context, d *db.DB, view, v string, byID bool) (id, name string, err error) {
	q := `SELECT id, name FROM ` + view + ` WHERE lower(name) = lower($1) ORDER BY id LIMIT 1`
	if byID {
		q = `SELECT id, name FROM ` + view + ` WHERE id = $1`
	}
	err = d.QueryRow(ctx, q, v).Scan(&id, &name)
	return id, name, err
}

// areaChoices are every area, by name.
func areaChoices(ctx context.Context, d *db.DB) ([]Choice, error) {
	return choices(ctx, d, `SELECT id, name FROM identity_areas ORDER BY name`)
}

// organisationChoices are every organisation, or with memberOf those the account belongs to.
func organisationChoices(ctx context.Context, d *db.DB, memberOf string) ([]Choice, error) {
	if memberOf == "" {
		return choices(ctx, d, `SELECT id, name FROM identity_organisations ORDER BY name`)
	}
	return choices(ctx, d, `SELECT o.id, o.name FROM identity_organisations o JOIN identity_members m ON m.organisation_id = o.id
		WHERE m.account_id = $1 ORDER BY o.name`, memberOf)
}

func choices(ctx context.Context, d *db.DB, q string, args ...any) ([]Choice, error) {
	return db.List(ctx, d, func(r db.Scanner) (Choice, error) {
		var c Choice
		err := r.Scan(&c.ID, &c.Name)
		return c, err
	}, q, args...)
}

// markVerified publishes an asset as verified by an officer (and, with checked, as checked
// then too).
func markVerified(ctx context.Context, d *db.DB, id, by string, at time.Time, checked bool) error {
	q := `UPDATE assets SET status = 'published', verified_by = $2, verified_at = $3 WHERE id = $1`
	if checked {
		q = `UPDATE assets SET status = 'published', verified_by = $2, verified_at = $3, last_checked_at = $3 WHERE id = $1`
	}
	_, err := d.Exec(ctx, q, id, by, at)
	return err
}

// markChecked records when an asset was last checked.
func markChecked(ctx context.Context, d *db.DB, id string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE assets SET last_checked_at = $2 WHERE id = $1`, id, at)
	return err
}

// claimReminder marks the asset reminded at now unless it was reminded since the cutoff: with
// several servers on one database, the one whose update still finds it unreminded writes to
// its owners; the others skip it.
func claimReminder(ctx context.Context, d *db.DB, id string, now, cutoff time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE assets SET reminded_at = $2 WHERE id = $1 AND (reminded_at IS NULL OR reminded_at < $3)`, id, now, cutoff)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// reviewer is someone asked to check an asset is still right.
type reviewer struct{ email, name, lang string }

// reviewers are the members of the asset's organisation, or else whoever added it.
func reviewers(ctx context.Context, d *db.DB, a Asset) ([]reviewer, error) {
	q, arg := `SELECT email, name, language FROM identity_people WHERE id = $1`, a.createdBy
	if a.OrganisationID != "" {
		q, arg = `SELECT ac.email, ac.name, ac.language FROM identity_members m JOIN identity_people ac ON ac.id = m.account_id
			WHERE m.organisation_id = $1 ORDER BY ac.email`, a.OrganisationID
	}
	return db.List(ctx, d, func(r db.Scanner) (reviewer, error) {
		var p reviewer
		err := r.Scan(&p.email, &p.name, &p.lang)
		return p, err
	}, q, arg)
}
