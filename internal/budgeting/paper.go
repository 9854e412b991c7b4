package budgeting

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
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
func (s *Service) PaperBallots(ctx context.Context, actor *web.User, processID string) ([]PaperBallot, error) {
	if !isOfficer(actor) {
		return nil, forbidden
	}
	rows, err := s.DB.Query(ctx, `SELECT b.id, b.voter_key, COALESCE(b.area_id, ''), COALESCE(a.name, ''), b.choices, b.created_at
		FROM budget_ballots b LEFT JOIN identity_areas a ON a.id = b.area_id WHERE b.process_id = $1 AND b.channel = 'paper'
		ORDER BY b.created_at DESC, b.id`, processID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PaperBallot
	for rows.Next() {
		var b PaperBallot
		var key, stored string
		if err := rows.Scan(&b.ID, &key, &b.AreaID, &b.AreaName, &stored, &b.CreatedAt); err != nil {
			return nil, err
		}
		b.Ref = strings.TrimPrefix(key, "paper:")
		b.Choices = len(decodeChoices(stored))
		out = append(out, b)
	}
	return out, rows.Err()
}

// WithdrawPaper takes back a paper ballot entered by mistake, while voting is open; officers
// only, audited with its reference.
func (s *Service) WithdrawPaper(ctx context.Context, actor *web.User, processID, ballotID string) error {
	defer s.snaps.forget()
	if !isOfficer(actor) {
		return forbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		var key, area string
		err := s.DB.QueryRow(ctx, `DELETE FROM budget_ballots WHERE id = $1 AND process_id = $2 AND channel = 'paper'
			AND EXISTS (SELECT 1 FROM budget_processes p WHERE p.id = $2 AND p.phase = 'voting') RETURNING voter_key, COALESCE(area_id, '')`, ballotID, processID).Scan(&key, &area)
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
