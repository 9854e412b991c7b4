package campaigns

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
)

// Every SQL statement of application forms, applications, their messages and links, and
// coordinators.

const formCols = `id, version, intro_en, intro_cy, questions, created_at, published_at`

func scanForm(s db.Scanner) (Form, error) {
	var f Form
	var qs string
	var published sql.NullTime
	err := s.Scan(&f.ID, &f.Version, &f.IntroEN, &f.IntroCY, &qs, &f.CreatedAt, &published)
	if err == nil {
		err = json.Unmarshal([]byte(qs), &f.Questions)
	}
	f.PublishedAt = db.TimeOf(published)
	return f, err
}

func currentForm(ctx context.Context, d *db.DB) (Form, error) {
	return scanForm(d.QueryRow(ctx, `SELECT `+formCols+` FROM camp_forms WHERE published_at IS NOT NULL ORDER BY version DESC LIMIT 1`))
}

func draftForm(ctx context.Context, d *db.DB) (Form, error) {
	return scanForm(d.QueryRow(ctx, `SELECT `+formCols+` FROM camp_forms WHERE published_at IS NULL ORDER BY version DESC LIMIT 1`))
}

func formByID(ctx context.Context, d *db.DB, id string) (Form, error) {
	return scanForm(d.QueryRow(ctx, `SELECT `+formCols+` FROM camp_forms WHERE id = $1`, id))
}

func insertForm(ctx context.Context, d *db.DB, f Form, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_forms (id, version, intro_en, intro_cy, questions, created_by, created_at)
		VALUES ($1, (SELECT COALESCE(max(version), 0) + 1 FROM camp_forms), $2, $3, $4, $5, $6)`,
		f.ID, f.IntroEN, f.IntroCY, marshalQuestions(f.Questions), nullString(by), f.CreatedAt)
	return err
}

func saveDraft(ctx context.Context, d *db.DB, f Form) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_forms SET intro_en = $2, intro_cy = $3, questions = $4 WHERE id = $1 AND published_at IS NULL`,
		f.ID, f.IntroEN, f.IntroCY, marshalQuestions(f.Questions)))
}

func publishForm(ctx context.Context, d *db.DB, id string, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_forms SET published_at = $2 WHERE id = $1 AND published_at IS NULL`, id, now))
}

// Applications.

const appCols = `a.id, a.form_id, a.group_name, COALESCE(a.organisation_id, ''), COALESCE(a.contact_id, ''), COALESCE(a.area_id, ''), a.place,
	a.wants_development, a.answers, a.status, a.development, a.decision_note, a.decided_at, a.assisted, a.created_at, a.updated_at`

func scanApplication(s db.Scanner) (Application, error) {
	var a Application
	var wants, dev, assisted int
	var answers string
	var decided sql.NullTime
	err := s.Scan(&a.ID, &a.FormID, &a.GroupName, &a.OrganisationID, &a.ContactID, &a.AreaID, &a.Place, &wants, &answers, &a.Status, &dev,
		&a.DecisionNote, &decided, &assisted, &a.CreatedAt, &a.UpdatedAt)
	if err == nil {
		err = json.Unmarshal([]byte(answers), &a.Answers)
	}
	a.WantsDevelopment, a.Development, a.Assisted, a.DecidedAt = wants == 1, dev == 1, assisted == 1, db.TimeOf(decided)
	return a, err
}

func queryApplications(ctx context.Context, d *db.DB, where string, args ...any) ([]Application, error) {
	return db.List(ctx, d, scanApplication, `SELECT `+appCols+` FROM camp_applications a `+where, args...)
}

func applicationByID(ctx context.Context, d *db.DB, id string) (Application, error) {
	return scanApplication(d.QueryRow(ctx, `SELECT `+appCols+` FROM camp_applications a WHERE a.id = $1`, id))
}

func insertApplication(ctx context.Context, d *db.DB, a Application, by string) error {
	answers, _ := json.Marshal(a.Answers)
	_, err := d.Exec(ctx, `INSERT INTO camp_applications (id, form_id, group_name, organisation_id, contact_id, area_id, place, wants_development,
		answers, status, submitted_by, assisted, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $11, $12, $12)`,
		a.ID, a.FormID, a.GroupName, nullString(a.OrganisationID), nullString(a.ContactID), nullString(a.AreaID), a.Place, b2i(a.WantsDevelopment),
		string(answers), nullString(by), b2i(a.Assisted), a.CreatedAt)
	return err
}

func setApplicationStatus(ctx context.Context, d *db.DB, id, from, to string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE camp_applications SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`, id, from, to, now)
	return err
}

func decideApplication(ctx context.Context, d *db.DB, id, status string, development bool, note, by string, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_applications SET status = $2, development = $3, decision_note = $4, decided_by = $5,
		decided_at = $6, updated_at = $6 WHERE id = $1 AND status IN ('submitted', 'questions')`, id, status, b2i(development), note, nullString(by), now))
}

func insertAppMessage(ctx context.Context, d *db.DB, id, appID, side, accountID, body string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_app_messages (id, application_id, side, account_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, appID, side, nullString(accountID), body, now)
	return err
}

func appMessages(ctx context.Context, d *db.DB, appID string) ([]AppMessage, error) {
	return db.List(ctx, d, func(r db.Scanner) (AppMessage, error) {
		var m AppMessage
		err := r.Scan(&m.Side, &m.Body, &m.CreatedAt)
		return m, err
	}, `SELECT side, body, created_at FROM camp_app_messages WHERE application_id = $1 ORDER BY created_at, id`, appID)
}

func insertLink(ctx context.Context, d *db.DB, appID string, l Link, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_app_links (application_id, kind, ref_id, label, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (application_id, kind, ref_id) DO UPDATE SET label = $4`, appID, l.Kind, l.RefID, l.Label, now)
	return err
}

func deleteLink(ctx context.Context, d *db.DB, appID, kind, ref string) error {
	_, err := d.Exec(ctx, `DELETE FROM camp_app_links WHERE application_id = $1 AND kind = $2 AND ref_id = $3`, appID, kind, ref)
	return err
}

func linksOf(ctx context.Context, d *db.DB, appID string) ([]Link, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (Link, error) {
		var l Link
		err := r.Scan(&l.Kind, &l.RefID, &l.Label)
		return l, err
	}, `SELECT kind, ref_id, label FROM camp_app_links WHERE application_id = $1 ORDER BY kind, label`, appID)
	if out == nil {
		out = []Link{}
	}
	return out, err
}

// Coordinators.

func isCoordinator(ctx context.Context, d *db.DB, accountID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM camp_coordinators WHERE account_id = $1`, accountID).Scan(&n)
	return n > 0, err
}

func coordinatorIDs(ctx context.Context, d *db.DB) ([]string, error) {
	return db.List(ctx, d, func(r db.Scanner) (string, error) {
		var id string
		err := r.Scan(&id)
		return id, err
	}, `SELECT account_id FROM camp_coordinators ORDER BY added_at`)
}

func addCoordinator(ctx context.Context, d *db.DB, accountID, by string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_coordinators (account_id, added_by, added_at) VALUES ($1, $2, $3) ON CONFLICT (account_id) DO NOTHING`,
		accountID, nullString(by), at)
	return err
}

// removeCoordinator removes a coordinator; one who is not there is not found.
func removeCoordinator(ctx context.Context, d *db.DB, accountID string) error {
	res, err := d.Exec(ctx, `DELETE FROM camp_coordinators WHERE account_id = $1`, accountID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return nil
}
