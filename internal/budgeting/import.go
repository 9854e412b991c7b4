package budgeting

import (
	"commons/internal/platform/actor"
	"context"

	"commons/internal/platform/errs"
)

// ImportedBallot is a ballot cast outside Commons (another system's export, a Pabulib file of a
// real election): the area the voter gave ("" for none), its channel and its choices.
type ImportedBallot struct {
	AreaID  string
	Channel string // online, code or paper
	Choices []Choice
}

// importBatch is how many ballots go in one transaction; each statement carries a few hundred.
const importBatch = 5000

// ImportBallots adds ballots cast elsewhere to a process in voting, many at a time, with its live
// turnout; officers only. The ballots are taken as given (their ballot rules were another
// system's): only their channel and that they choose projects of this process are checked, and
// each is stored with a receipt number like any other. Each batch is one transaction, so a
// failure leaves whole batches, never half of one.
func (s *Service) ImportBallots(ctx context.Context, actor *actor.Actor, processID string, bs []ImportedBallot) error {
	defer s.snaps.forget()
	if !isOfficer(actor) {
		return forbidden
	}
	p, err := getProcess(ctx, s.DB, processID)
	if err != nil {
		return err
	}
	if p.Phase != "voting" || p.Frozen() {
		return errs.E(errs.Conflict, "budgeting.err.not_voting")
	}
	projects, err := s.Projects(ctx, p.ID, "")
	if err != nil {
		return err
	}
	onBallot := map[string]bool{}
	for _, pr := range projects {
		onBallot[pr.ID] = true
	}
	for _, b := range bs {
		if !oneOf(b.Channel, []string{"online", "code", "paper"}) {
			return errs.FieldErrors(map[string]string{"channel": "budgeting.err.import_ballot"})
		}
		for _, c := range b.Choices {
			if !onBallot[c.IdeaID] || c.Points <= 0 {
				return errs.FieldErrors(map[string]string{"choices": "budgeting.err.import_ballot"})
			}
		}
	}
	for start := 0; start < len(bs); start += importBatch {
		batch := bs[start:min(start+importBatch, len(bs))]
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			rows := make([]ballotRow, len(batch))
			turnout := map[[2]string]int{}
			now := s.DB.Now(ctx)
			for i, b := range batch {
				rows[i] = ballotRow{channel: b.Channel, area: b.AreaID, choices: encodeChoices(b.Choices)}
				turnout[[2]string{b.AreaID, b.Channel}]++
			}
			if err := insertBallots(ctx, s.DB, p.ID, now, rows); err != nil {
				return s.DB.Err(err, "budgeting.err.area_unknown")
			}
			for k, n := range turnout {
				if err := bumpTurnout(ctx, s.DB, p.ID, k[0], k[1], n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
