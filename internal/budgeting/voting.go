package budgeting

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/web"
)

// Voter is who casts a ballot: a signed-in account, a one-time code, or an officer entering a
// paper ballot with its reference.
type Voter struct {
	Account  *web.User // online with an account, or the officer entering paper
	Code     string    // a one-time code (online without an account)
	PaperRef string    // set when an officer enters a paper ballot
	Lang     string    // for the confirmation mail
	NoMail   bool      // no confirmation mail (the demo's voters)
}

// BallotInput is a ballot as filled in.
type BallotInput struct {
	AreaID   string
	Choices  []Choice
	Eligible bool // the voter declared they live in the area and are old enough
}

// Ballot is a cast ballot as its voter may see it on the receipt.
type Ballot struct {
	ID        string
	Channel   string
	Receipt   string
	AreaName  string
	Choices   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NeedsDeclaration reports whether voters must declare they are eligible.
func (p *Process) NeedsDeclaration() bool { return p.MinAge > 0 || p.Districts() }

// Vote casts (or, for the same account, replaces) a ballot and returns its receipt number. One
// ballot per voter is the database's UNIQUE (process_id, voter_key): two submissions at the same
// moment leave one ballot, the later one.
func (s *Service) Vote(ctx context.Context, v Voter, processID string, in BallotInput) (string, error) {
	p, areas, areaBudget, err := ballotProcess(ctx, s.DB, processID, in.AreaID)
	if err != nil {
		return "", err
	}
	if p.Phase != "voting" {
		return "", errs.E(errs.Conflict, "budgeting.err.not_voting")
	}
	f := map[string]string{}
	var key, channel string
	code := NormaliseCode(v.Code)
	switch {
	case v.PaperRef != "":
		if !isOfficer(v.Account) {
			return "", forbidden
		}
		ref := strings.ToUpper(strings.TrimSpace(v.PaperRef))
		if utf8.RuneCountInString(ref) > 60 {
			f["paper_ref"] = "budgeting.err.paper_ref"
		}
		key, channel = "paper:"+ref, "paper"
	case v.Code != "":
		if p.VoterAccess == "account" {
			f["code"] = "budgeting.err.code_not_accepted"
		}
		channel = "code"
	case v.Account != nil:
		if p.VoterAccess == "code" {
			f["code"] = "budgeting.err.code_missing"
		}
		key, channel = "account:"+v.Account.ID, "online"
	default:
		if p.VoterAccess == "account" {
			return "", errs.E(errs.Unauthenticated, "error.unauthenticated")
		}
		f["code"] = "budgeting.err.code_missing"
	}
	// area picks the ballot's projects and budget (area budgets only); voterArea is recorded
	// for turnout, also when a voter of a whole-place process says where they live.
	area, voterArea, budget := "", in.AreaID, p.TotalPence
	if areas > 0 {
		area, budget = in.AreaID, areaBudget
		if areaBudget == 0 {
			f["area_id"] = "budgeting.err.area_missing"
		}
	} else if voterArea != "" && !ids.Valid(voterArea) {
		f["area_id"] = "budgeting.err.area_unknown"
	}
	if (p.MinAge > 0 || areas > 0) && !in.Eligible && channel != "paper" {
		f["eligible"] = "budgeting.err.eligible"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	costs, err := projectCosts(ctx, s.DB, p.ID, area)
	if err != nil {
		return "", err
	}
	if err := CheckBallot(&p, costs, budget, in.Choices); err != nil {
		return "", err
	}
	var receipt string
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if channel == "code" {
			var codeID string
			err := s.DB.QueryRow(ctx, `UPDATE budget_codes SET used_at = $1 WHERE process_id = $2 AND code = $3 AND used_at IS NULL RETURNING id`,
				now, p.ID, code).Scan(&codeID)
			if db.IsNoRows(err) {
				return errs.FieldErrors(map[string]string{"code": "budgeting.err.code_used"})
			}
			if err != nil {
				return err
			}
			key = "code:" + codeID
		}
		var ballotID string
		fresh := ids.New()
		q := `INSERT INTO budget_ballots (id, process_id, voter_key, channel, area_id, receipt, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`
		if channel == "online" {
			q += ` ON CONFLICT (process_id, voter_key) DO UPDATE SET area_id = excluded.area_id, updated_at = excluded.updated_at`
		}
		err := s.DB.QueryRow(ctx, q+` RETURNING id, receipt`, ids.New(), p.ID, key, channel, nullable(voterArea), fresh, now).Scan(&ballotID, &receipt)
		if err != nil {
			err = s.DB.Err(err, "budgeting.err.paper_ref_taken")
			if errs.Is(err, errs.Invalid) {
				return errs.FieldErrors(map[string]string{"area_id": "budgeting.err.area_unknown"})
			}
			if errs.Is(err, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"paper_ref": "budgeting.err.paper_ref_taken"})
			}
			return err
		}
		// A replaced ballot keeps its receipt: only then are there earlier choices to remove.
		if receipt != fresh {
			if _, err := s.DB.Exec(ctx, `DELETE FROM budget_choices WHERE ballot_id = $1`, ballotID); err != nil {
				return err
			}
		}
		// All the choices in one statement.
		var sb strings.Builder
		args := make([]any, 0, 1+2*len(in.Choices))
		args = append(args, ballotID)
		sb.WriteString(`INSERT INTO budget_choices (ballot_id, idea_id, points) VALUES `)
		for i, c := range in.Choices {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "($1, $%d, $%d)", 2+2*i, 3+2*i)
			args = append(args, c.IdeaID, c.Points)
		}
		if _, err := s.DB.Exec(ctx, sb.String(), args...); err != nil {
			return err
		}
		if channel == "online" && v.Account.Email != "" && s.Outbox != nil && !v.NoMail {
			lang := v.Lang
			if lang == "" {
				lang = "en"
			}
			link := s.BaseURL + "/budgets/" + p.ID + "/receipts/" + receipt
			return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{v.Account.Email},
				Subject: s.T(lang, "budgeting.mail.vote.subject", "title", p.Title),
				Text:    s.T(lang, "budgeting.mail.vote.body", "name", v.Account.Name, "title", p.Title, "receipt", receipt, "link", link, "until", p.VotingUntil)})
		}
		return nil
	})
	return receipt, err
}

// MyBallot returns the account's current choices in a process (nil when it has not voted).
func (s *Service) MyBallot(ctx context.Context, accountID, processID string) (area string, choices []Choice, err error) {
	rows, err := s.DB.Query(ctx, `SELECT COALESCE(b.area_id, ''), c.idea_id, c.points FROM budget_ballots b JOIN budget_choices c ON c.ballot_id = b.id
		WHERE b.process_id = $1 AND b.voter_key = $2`, processID, "account:"+accountID)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&area, &c.IdeaID, &c.Points); err != nil {
			return "", nil, err
		}
		choices = append(choices, c)
	}
	return area, choices, rows.Err()
}

// Receipt is the ballot with a receipt number in a process.
func (s *Service) Receipt(ctx context.Context, processID, receipt string) (Ballot, error) {
	var b Ballot
	err := s.DB.QueryRow(ctx, `SELECT b.id, b.channel, b.receipt, COALESCE(a.name, ''), b.created_at, b.updated_at,
		(SELECT COUNT(*) FROM budget_choices c WHERE c.ballot_id = b.id)
		FROM budget_ballots b LEFT JOIN areas a ON a.id = b.area_id WHERE b.process_id = $1 AND b.receipt = $2`, processID, receipt).
		Scan(&b.ID, &b.Channel, &b.Receipt, &b.AreaName, &b.CreatedAt, &b.UpdatedAt, &b.Choices)
	return b, s.DB.Err(err, "budgeting.receipt_not_found")
}

// ballotProcess reads what a ballot is checked against in one query: the process, how many area
// budgets it has, and the budget of the voter's area (0 when it has none).
func ballotProcess(ctx context.Context, d *db.DB, processID, area string) (p Process, areas int, areaBudget int64, err error) {
	var counted sql.NullTime
	err = d.QueryRow(ctx, `SELECT p.id, p.title, p.total_pence, p.phase, p.voting_until, p.format, p.min_choices, p.max_choices,
		p.points, p.min_age, p.voter_access, p.counted_at,
		(SELECT COUNT(*) FROM budget_area_budgets b WHERE b.process_id = p.id),
		COALESCE((SELECT b.pence FROM budget_area_budgets b WHERE b.process_id = p.id AND b.area_id = $2), 0)
		FROM budget_processes p WHERE p.id = $1`, processID, area).
		Scan(&p.ID, &p.Title, &p.TotalPence, &p.Phase, &p.VotingUntil, &p.Format, &p.MinChoices, &p.MaxChoices,
			&p.Points, &p.MinAge, &p.VoterAccess, &counted, &areas, &areaBudget)
	return p, areas, areaBudget, d.Err(err, "budgeting.not_found")
}

// projectCosts are the costs of the projects on a ballot (one area's, or all when area is "").
func projectCosts(ctx context.Context, d *db.DB, processID, area string) (map[string]int64, error) {
	rows, err := d.Query(ctx, `SELECT id, cost_pence FROM budget_ideas WHERE process_id = $1 AND status = 'accepted'
		AND hidden_at IS NULL AND ($2 = '' OR area_id = $2)`, processID, area)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	costs := map[string]int64{}
	for rows.Next() {
		var id string
		var cost int64
		if err := rows.Scan(&id, &cost); err != nil {
			return nil, err
		}
		costs[id] = cost
	}
	return costs, rows.Err()
}
