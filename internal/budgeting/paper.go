package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"strings"
	"time"

	"commons/internal/platform/errs"
)

// PaperBallot is a paper ballot as entered, for the officer's list.
type PaperBallot struct {
	ID        string
	Ref       string
	AreaID    string
	AreaName  string
	Choices   int
	CreatedAt time.Time
}

// PaperBallots lists a process's paper ballots, the latest entered first; officers only.
func (s *Service) PaperBallots(ctx context.Context, actor *actor.Actor, processID string) ([]PaperBallot, error) {
	if !isOfficer(actor) {
		return nil, forbidden
	}
	return paperBallots(ctx, s.DB, processID)
}

// WithdrawPaper takes back a paper ballot entered by mistake, while voting is open; officers
// only, audited with its reference.
func (s *Service) WithdrawPaper(ctx context.Context, actor *actor.Actor, processID, ballotID string) error {
	defer s.snaps.forget()
	if !isOfficer(actor) {
		return forbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		key, area, err := deletePaperBallot(ctx, s.DB, processID, ballotID)
		if err != nil {
			err = s.DB.Err(err, "budgeting.err.paper_gone")
			if errs.Is(err, errs.NotFound) {
				return errs.E(errs.Conflict, "budgeting.err.paper_gone")
			}
			return err
		}
		if err := bumpTurnout(ctx, s.DB, processID, area, "paper", -1); err != nil {
			return err
		}
		return record(ctx, s.DB, actor, "budget.paper.withdraw", "budget", processID, strings.TrimPrefix(key, "paper:"))
	})
}
