package budgeting

import (
	"context"

	"commons/internal/platform/db"
)

// eachBallotChoices calls fn with the stored choices of every ballot of a process (of one area
// when area is not ""), in ballot id order, streaming them rather than holding them all.
func eachBallotChoices(ctx context.Context, d *db.DB, processID, area string, fn func(stored string)) error {
	return db.Each(ctx, d, func(r db.Scanner) error {
		var stored string
		if err := r.Scan(&stored); err != nil {
			return err
		}
		fn(stored)
		return nil
	}, `SELECT choices FROM budget_ballots
		WHERE process_id = $1 AND ($2 = '' OR area_id = $2) ORDER BY id`, processID, area)
}

// ideasByAuthor is an account's ideas, newest first.
func ideasByAuthor(ctx context.Context, d *db.DB, accountID string) ([]Idea, error) {
	return db.List(ctx, d, scanIdea, `SELECT `+ideaCols+ideaFrom+`WHERE i.author_id = $1 ORDER BY i.created_at DESC, i.id`, accountID)
}

// voterBallot is one of a voter's ballots with its process's id (the process itself not read).
type voterBallot struct {
	pid string
	v   MyVote
}

// ballotsOfVoter is a voter's ballots, the latest changed first.
func ballotsOfVoter(ctx context.Context, d *db.DB, voterKey string) ([]voterBallot, error) {
	return db.List(ctx, d, func(row db.Scanner) (voterBallot, error) {
		var r voterBallot
		var stored string
		if err := row.Scan(&r.pid, &r.v.AreaName, &r.v.Receipt, &stored, &r.v.Updated, &r.v.Assisted); err != nil {
			return r, err
		}
		r.v.Choices = len(decodeChoices(stored))
		return r, nil
	}, `SELECT b.process_id, COALESCE(a.name, ''), b.receipt, b.choices, b.updated_at, b.assisted_how
		FROM budget_ballots b LEFT JOIN identity_areas a ON a.id = b.area_id WHERE b.voter_key = $1 ORDER BY b.updated_at DESC`, voterKey)
}
