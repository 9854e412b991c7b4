package budgeting

import (
	"context"
	"strings"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// Reviewer is a member of a process's review panel: residents (or anyone with an account) an
// officer asked to review ideas beside the officers.
type Reviewer struct {
	AccountID string
	Name      string
}

// AddReviewer puts the account with the email address on the process's review panel; officers only.
func (s *Service) AddReviewer(ctx context.Context, actor *web.User, processID, email string) error {
	if !isOfficer(actor) {
		return forbidden
	}
	email = strings.ToLower(strings.TrimSpace(email))
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		var id string
		err := s.DB.QueryRow(ctx, `SELECT id FROM identity_people WHERE email = $1 AND email <> ''`, email).Scan(&id) // '': the former member
		if db.IsNoRows(err) {
			return errs.FieldErrors(map[string]string{"reviewer": "budgeting.err.reviewer_unknown"})
		}
		if err != nil {
			return err
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO budget_reviewers (process_id, account_id, added_at) VALUES ($1, $2, $3)
			ON CONFLICT (process_id, account_id) DO NOTHING`, processID, id, s.DB.Now(ctx)); err != nil {
			return s.DB.Err(err, "budgeting.not_found")
		}
		return record(ctx, s.DB, actor, "budget.reviewer.add", "budget", processID, id)
	})
}

// Reviewers lists a process's review panel.
func (s *Service) Reviewers(ctx context.Context, processID string) ([]Reviewer, error) {
	rows, err := s.DB.Query(ctx, `SELECT a.id, a.name FROM budget_reviewers r JOIN identity_people a ON a.id = r.account_id
		WHERE r.process_id = $1 ORDER BY a.name`, processID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reviewer
	for rows.Next() {
		var r Reviewer
		if err := rows.Scan(&r.AccountID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CanReview reports whether the person may record reviews in the process: officers, and the
// members of its review panel.
func (s *Service) CanReview(ctx context.Context, u *web.User, processID string) (bool, error) {
	if isOfficer(u) {
		return true, nil
	}
	if u == nil {
		return false, nil
	}
	var n int
	err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM budget_reviewers WHERE process_id = $1 AND account_id = $2`, processID, u.ID).Scan(&n)
	return n > 0, err
}
