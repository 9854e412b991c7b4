package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"strings"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
)

// Reviewer is a member of a process's review panel: residents (or anyone with an account) an
// officer asked to review ideas beside the officers.
type Reviewer struct {
	AccountID string
	Name      string
}

// AddReviewer puts the account with the email address on the process's review panel; officers only.
func (s *Service) AddReviewer(ctx context.Context, actor *actor.Actor, processID, email string) error {
	if !isOfficer(actor) {
		return forbidden
	}
	email = strings.ToLower(strings.TrimSpace(email))
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		id, err := personByEmail(ctx, s.DB, email)
		if db.IsNoRows(err) {
			return errs.FieldErrors(map[string]string{"reviewer": "budgeting.err.reviewer_unknown"})
		}
		if err != nil {
			return err
		}
		if err := insertReviewer(ctx, s.DB, processID, id, s.DB.Now(ctx)); err != nil {
			return s.DB.Err(err, "budgeting.not_found")
		}
		return record(ctx, s.DB, actor, "budget.reviewer.add", "budget", processID, id)
	})
}

// Reviewers lists a process's review panel.
func (s *Service) Reviewers(ctx context.Context, processID string) ([]Reviewer, error) {
	return listReviewers(ctx, s.DB, processID)
}

// CanReview reports whether the person may record reviews in the process: officers, and the
// members of its review panel.
func (s *Service) CanReview(ctx context.Context, u *actor.Actor, processID string) (bool, error) {
	if isOfficer(u) {
		return true, nil
	}
	if u == nil {
		return false, nil
	}
	return isReviewer(ctx, s.DB, processID, u.ID)
}
