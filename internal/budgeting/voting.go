package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // voting dates are days in Europe/London wherever the server runs
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
)

// Voter is who casts a ballot: a signed-in account, a one-time code, or an officer entering a
// paper ballot with its reference.
type Voter struct {
	Account  *actor.Actor // online with an account, or the officer entering paper
	Code     string       // a one-time code (online without an account)
	PaperRef string       // set when an officer enters a paper ballot
	Lang     string       // for the confirmation mail
	NoMail   bool         // no confirmation mail (the demo's voters)
	// AssistedBy is the officer who recorded the ballot for the resident (Account) and
	// AssistedHow how they helped (AssistHows): assisted digital.
	AssistedBy  *actor.Actor
	AssistedHow string
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
// moment leave one ballot, the later one. The ballot is checked (process, dates, format, budget)
// before the write transaction against a snapshot kept for a moment; the write itself is one
// statement that inserts or replaces the ballot with its choices only while the process is still
// in voting and, online, within its voting dates, so a stale snapshot cannot let a late ballot in.
func (s *Service) Vote(ctx context.Context, v Voter, processID string, in BallotInput) (string, error) {
	snap, err := s.snapshot(ctx, processID, in.AreaID)
	if err != nil {
		return "", err
	}
	p, areas, areaBudget := &snap.p, snap.areas, snap.areaBudget
	if p.Draft {
		return "", errs.E(errs.NotFound, "budgeting.not_found")
	}
	if p.Phase != "voting" {
		return "", errs.E(errs.Conflict, "budgeting.err.not_voting")
	}
	today := p.Today(s.DB.Now(ctx))
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
	// Paper ballots were filled in before the close and may be entered until the count; a ballot
	// cast online or with a code counts only within the published voting dates.
	if channel != "paper" {
		if err := p.VotingOpenOn(today); err != nil {
			return "", err
		}
	}
	// area picks the ballot's projects and budget (area budgets only); voterArea is recorded
	// for turnout, also when a voter of a whole-place process says where they live.
	voterArea, budget := in.AreaID, p.TotalPence
	if areas > 0 {
		budget = areaBudget
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
	if err := CheckBallot(p, snap.costs, budget, in.Choices); err != nil {
		return "", err
	}
	choices := encodeChoices(in.Choices)
	// The statement: insert (online: or replace) the ballot, but only while the process is in
	// voting and, except on paper, today is within its voting dates.
	q := castStatement(s.DB, channel)
	assistedBy := ""
	if v.AssistedBy != nil {
		if !isOfficer(v.AssistedBy) || v.Account == nil || channel != "online" {
			return "", forbidden
		}
		if !oneOf(v.AssistedHow, AssistHows) {
			return "", errs.FieldErrors(map[string]string{"assisted_how": "budgeting.err.assisted_how"})
		}
		assistedBy = v.AssistedBy.ID
	}
	var receipt string
	for attempt := 0; ; attempt++ {
		err = s.castOnce(ctx, v, p, q, key, channel, code, voterArea, choices, today, assistedBy, &receipt)
		if err != errReceiptTaken || attempt == 2 {
			break
		}
	}
	if err == errReceiptTaken {
		err = errs.Wrap(err, "budgeting: vote")
	}
	return receipt, err
}

// errReceiptTaken: the new receipt number was one already given (a rare collision); the ballot
// is cast again with another.
var errReceiptTaken = errors.New("budgeting: receipt number taken")

func (s *Service) castOnce(ctx context.Context, v Voter, p *Process, q, key, channel, code, voterArea, choices, today, assistedBy string, receipt *string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		retryOnly := false
		// One person, one ballot: a signed-in person votes either with their account or with a
		// code they enter, not both (the primary key of budget_voters decides, also for two
		// ballots sent at once). A code entered by someone not signed in is anonymous.
		if (channel == "online" || channel == "code") && v.Account != nil && v.Account.ID != "" {
			kind := map[string]string{"online": "account", "code": "code"}[channel]
			n, err := insertVoter(ctx, s.DB, p.ID, v.Account.ID, kind)
			if err != nil {
				return err
			}
			if n == 0 {
				had, err := voterKind(ctx, s.DB, p.ID, v.Account.ID)
				if err != nil {
					return err
				}
				switch {
				case had == "code" && kind == "account":
					return errs.FieldErrors(map[string]string{"code": "budgeting.err.voted_with_code"})
				case had == "account" && kind == "code":
					return errs.FieldErrors(map[string]string{"code": "budgeting.err.voted_with_account"})
				case kind == "code":
					retryOnly = true // their code ballot sent again, not a second code
				}
				// An account changing its own ballot: allowed, the ballot is replaced below.
			}
		}
		if channel == "code" {
			codeID, err := useCode(ctx, s.DB, p.ID, code, now)
			if db.IsNoRows(err) {
				// Used already. If by this very ballot (saved, but the answer never reached the
				// voter: a dropped connection, a crash), the voter sending it again gets its
				// receipt (V8); anything else is refused.
				if r, ok, err := s.sameCodeBallot(ctx, p.ID, code, db.NullString(voterArea), choices); err != nil || ok {
					*receipt = r
					return err
				}
				return errs.FieldErrors(map[string]string{"code": "budgeting.err.code_used"})
			}
			if err != nil {
				return err
			}
			if retryOnly {
				return errs.FieldErrors(map[string]string{"code": "budgeting.err.voted_with_code"})
			}
			key = "code:" + codeID
		}
		// An account changing its ballot may change its area: the turnout moves with it. Its
		// earlier ballot is read here, after its budget_voters row (above) has made this
		// account's ballots wait for each other.
		var before sql.NullString
		replacing := false
		if channel == "online" {
			var err error
			before, err = ballotArea(ctx, s.DB, p.ID, key)
			if err != nil && !db.IsNoRows(err) {
				return err
			}
			replacing = err == nil
		}
		newID := ids.New()
		gotID, err := castBallotRow(ctx, s.DB, q, newID, p.ID, key, channel, voterArea, newReceipt(), choices, now, today, assistedBy, v.AssistedHow, receipt)
		if err == nil {
			// The live turnout, in the ballot's own transaction.
			switch {
			case gotID == newID:
				err = bumpTurnout(ctx, s.DB, p.ID, voterArea, channel, 1)
			case replacing && before.String != voterArea:
				if err = bumpTurnout(ctx, s.DB, p.ID, before.String, channel, -1); err == nil {
					err = bumpTurnout(ctx, s.DB, p.ID, voterArea, channel, 1)
				}
			}
			if err != nil {
				return err
			}
		}
		if db.IsNoRows(err) {
			return errs.E(errs.Conflict, "budgeting.err.voting_closed")
		}
		if err != nil {
			err = s.DB.Err(err, "budgeting.err.paper_ref_taken")
			if errs.Is(err, errs.Invalid) {
				return errs.FieldErrors(map[string]string{"area_id": "budgeting.err.area_unknown"})
			}
			if errs.Is(err, errs.Conflict) {
				if channel != "paper" {
					return errReceiptTaken
				}
				return errs.FieldErrors(map[string]string{"paper_ref": "budgeting.err.paper_ref_taken"})
			}
			return err
		}
		if assistedBy != "" {
			if err := record(ctx, s.DB, v.AssistedBy, "budget.vote.assisted", "budget", p.ID, v.AssistedHow); err != nil {
				return err
			}
		}
		if channel == "online" && v.Account.Email != "" && s.Outbox != nil && !v.NoMail {
			lang := v.Lang
			if v.AssistedBy != nil || lang == "" {
				lang = identity.LanguageOf(v.Account.Language)
			}
			link := s.BaseURL + "/budgets/" + p.ID + "/receipts/" + *receipt
			body := s.T(lang, "budgeting.mail.vote.body", "name", v.Account.Name, "title", p.TitleIn(lang), "receipt", *receipt, "link", link,
				"until", i18n.DayOf(lang, p.VotingUntil))
			if v.AssistedBy != nil {
				body = s.T(lang, "budgeting.mail.vote.assisted."+v.AssistedHow) + "\n\n" + body
			}
			return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{v.Account.Email},
				Subject: s.T(lang, "budgeting.mail.vote.subject", "title", p.TitleIn(lang)), Text: body})
		}
		return nil
	})
}

// sameCodeBallot is the receipt of the ballot cast with this code, when it has exactly these
// choices and area: the voter's own ballot, sent again.
func (s *Service) sameCodeBallot(ctx context.Context, processID, code string, area any, choices string) (string, bool, error) {
	receipt, stored, storedArea, err := codeBallot(ctx, s.DB, processID, code)
	if db.IsNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	wantArea, _ := area.(string)
	if stored != choices || storedArea.String != wantArea {
		return "", false, nil
	}
	return receipt, true, nil
}

// encodeChoices writes a ballot's choices as stored: "idea:points,idea:points", by idea id.
func encodeChoices(cs []Choice) string {
	cs = append([]Choice(nil), cs...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].IdeaID < cs[j].IdeaID })
	var sb strings.Builder
	for i, c := range cs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(c.IdeaID)
		sb.WriteByte(':')
		sb.WriteString(strconv.Itoa(c.Points))
	}
	return sb.String()
}

// decodeChoices reads the stored form back (skipping anything malformed).
func decodeChoices(s string) []Choice {
	var cs []Choice
	for _, part := range strings.Split(s, ",") {
		id, pts, ok := strings.Cut(part, ":")
		n, err := strconv.Atoi(pts)
		if !ok || err != nil || id == "" {
			continue
		}
		cs = append(cs, Choice{IdeaID: id, Points: n})
	}
	return cs
}

// newReceipt is a receipt number a voter can read out or copy: ten letters and digits in two
// groups ("K7QMX-D4P2R"), without the ones people confuse (0/O, 1/I).
func newReceipt() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	s := codeEncoding.EncodeToString(b)[:10]
	return s[:5] + "-" + s[5:]
}

// NormaliseReceipt reads a receipt number as typed or linked: case, spaces and the dash do not
// matter. Receipts from before short numbers (UUIDs) are kept as they are.
func NormaliseReceipt(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if ids.Valid(s) {
		return strings.ToLower(s), true
	}
	t := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s))
	if len(t) != 10 {
		return "", false
	}
	for _, r := range t {
		if !strings.ContainsRune("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", r) {
			return "", false
		}
	}
	return t[:5] + "-" + t[5:], true
}

// Cast is an account's current ballot in a process, as its voter sees it.
type Cast struct {
	Area, AreaName string
	Receipt        string
	Choices        []Choice
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// MyCast is the account's current ballot in a process, or nil when it has not voted.
func (s *Service) MyCast(ctx context.Context, accountID, processID string) (*Cast, error) {
	c, stored, err := voterCast(ctx, s.DB, processID, "account:"+accountID)
	if db.IsNoRows(err) {
		return nil, nil
	}
	c.Choices = decodeChoices(stored)
	return &c, err
}

// MyBallot returns the account's current choices in a process (nil when it has not voted).
func (s *Service) MyBallot(ctx context.Context, accountID, processID string) (area string, choices []Choice, err error) {
	area, stored, err := voterChoices(ctx, s.DB, processID, "account:"+accountID)
	if db.IsNoRows(err) {
		return "", nil, nil
	}
	return area, decodeChoices(stored), err
}

// Receipt is the ballot with a receipt number in a process.
func (s *Service) Receipt(ctx context.Context, processID, receipt string) (Ballot, error) {
	b, stored, err := ballotByReceipt(ctx, s.DB, processID, receipt)
	b.Choices = len(decodeChoices(stored))
	return b, s.DB.Err(err, "budgeting.receipt_not_found")
}

// A ballot snapshot is what ballots are checked against: the process, its area budgets and the
// costs of the projects on the ballot. Casting a ballot reads it from a small cache kept for
// snapshotTTL and emptied whenever this service changes a process or its ideas, so a burst of
// voters costs no reads; the write statement re-checks phase and dates itself.
type ballotSnapshot struct {
	p          Process
	areas      int
	areaBudget int64
	costs      map[string]int64
	projects   []Idea // for BallotProjects (ballot_cache.go)
	at         time.Time
}

const snapshotTTL = 2 * time.Second

type snapshotCache struct {
	mu sync.Mutex
	m  map[string]*ballotSnapshot
}

func (c *snapshotCache) get(key string) *ballotSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.m[key]; s != nil && time.Since(s.at) < snapshotTTL {
		return s
	}
	return nil
}

func (c *snapshotCache) put(key string, s *ballotSnapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 1000 {
		c.m = map[string]*ballotSnapshot{}
	}
	c.m[key] = s
}

// forget empties the cache; every change to a process or its ideas calls it.
func (c *snapshotCache) forget() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

func (s *Service) snapshot(ctx context.Context, processID, area string) (*ballotSnapshot, error) {
	key := processID + "/" + area
	if snap := s.snaps.get(key); snap != nil {
		return snap, nil
	}
	p, areas, areaBudget, err := ballotProcess(ctx, s.DB, processID, area)
	if err != nil {
		return nil, err
	}
	ballotArea := ""
	if areas > 0 {
		ballotArea = area
	}
	costs, err := projectCosts(ctx, s.DB, p.ID, ballotArea)
	if err != nil {
		return nil, err
	}
	snap := &ballotSnapshot{p: p, areas: areas, areaBudget: areaBudget, costs: costs, at: time.Now()}
	s.snaps.put(key, snap)
	return snap, nil
}

// London is where a process's dates are days.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Today is the date (YYYY-MM-DD) at t in Europe/London, the day the public sees.
func (p *Process) Today(t time.Time) string { return t.In(London).Format(time.DateOnly) }

// VotingOpenOn says whether a ballot may be cast on the given day: the process must be in its
// voting phase (the officer's control) and the day within its published voting dates, both
// included. An officer closes early or extends by editing the dates, or ends voting by moving
// the phase on.
func (p *Process) VotingOpenOn(today string) error {
	switch {
	case p.Phase != "voting":
		return errs.E(errs.Conflict, "budgeting.err.not_voting")
	case today < p.VotingFrom:
		return errs.E(errs.Conflict, "budgeting.err.voting_not_open")
	case today > p.VotingUntil:
		return errs.E(errs.Conflict, "budgeting.err.voting_closed")
	}
	return nil
}

// VotingState is where the voting window stands at t, as the process page shows it: "" outside
// the voting phase, else "before", "open" or "closed" by the published dates.
func (p *Process) VotingState(t time.Time) string {
	if p.Phase != "voting" {
		return ""
	}
	switch today := p.Today(t); {
	case today < p.VotingFrom:
		return "before"
	case today > p.VotingUntil:
		return "closed"
	}
	return "open"
}

// VotingClosed says whether the published voting end has passed at t.
func (p *Process) VotingClosed(t time.Time) bool { return p.Today(t) > p.VotingUntil }
