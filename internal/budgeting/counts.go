package budgeting

import (
	"bytes"
	"commons/internal/platform/actor"
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/budgeting/tally"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// A process's results never contradict themselves. Counting closes voting (before the published
// closing day only when the officer says so, which the count records) and stores the count whole:
// the rule it used, the Pabulib file of every election it counted, and everything the results
// page shows. The count waits, visible to officers only, until an officer has checked it and
// publishes it. From the count on, the rule, budgets, projects and ballots are frozen; to change
// them an officer reopens the process with a reason (audited), and the next count, once
// published, replaces the one before and says why. The results page, the CSV, the Pabulib and
// the 360Giving files are all read from the one stored count.

// Count states.
const (
	CountChecking  = "checking"  // counted, waiting for an officer to check and publish it
	CountPublished = "published" // the results the public sees
	CountReplaced  = "replaced"  // published once, replaced by a re-count
	CountWithdrawn = "withdrawn" // never published: reopened and counted again before that
)

// CountInput is the officer's confirmation of a count.
type CountInput struct {
	Confirm    bool // "I want to count the votes now"
	CloseEarly bool // "close voting before its published closing day"
}

// AreaResult is the count's summary for one area: its budget (0 when the process has a single
// budget), what was spent on its projects and how many were funded, and its ballots.
type AreaResult struct {
	AreaID   string `json:"area_id,omitempty"`
	AreaName string `json:"area_name"`
	Budget   int64  `json:"budget_pence"`
	Spent    int64  `json:"spent_pence"`
	Funded   int    `json:"funded"`
	Projects int    `json:"projects"`
	Ballots  int    `json:"ballots"`
}

// countDoc is the stored part of a count that pages show (budget_counts.result, JSON).
type countDoc struct {
	Format   string          `json:"format"`
	Projects []ProjectResult `json:"projects"`
	Turnout  []Turnout       `json:"turnout"`
	Areas    []AreaResult    `json:"areas"`
}

// storedCount is one row of budget_counts.
type storedCount struct {
	ID, ProcessID  string
	Seq            int
	State, Rule    string
	CountedAt      time.Time
	CountedBy      string
	ClosedEarly    bool
	RecountReason  string
	PublishedAt    *time.Time
	ReplacedAt     *time.Time
	Ballots        int
	Spent, Budget  int64
	Doc            countDoc
	ReplacesPublic *time.Time // when the count this one replaced was published (nil: none)
}

// Count closes voting, counts every election of the process with its rule and stores the count
// for an officer to check; officers only. It is refused once a count stands, until an officer
// reopens the process (Reopen).
func (s *Service) Count(ctx context.Context, actor *actor.Actor, processID string, in CountInput) error {
	defer s.snaps.forget() // ballots are checked against the process and its projects
	if !isOfficer(actor) {
		return forbidden
	}
	p, err := getProcess(ctx, s.DB, processID)
	if err != nil {
		return err
	}
	if p.Frozen() {
		return errs.E(errs.Conflict, "budgeting.err.count_frozen")
	}
	if p.Phase != "voting" && p.Phase != "results" {
		return errs.E(errs.Conflict, "budgeting.err.count_phase")
	}
	early := p.Phase == "voting" && p.Today(s.DB.Now(ctx)) <= p.VotingUntil
	f := map[string]string{}
	if early && !in.CloseEarly {
		f["close_early"] = "budgeting.err.count_early"
	}
	if !in.Confirm {
		f["confirm"] = "budgeting.err.count_confirm"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	// 1. Close voting. A ballot being cast holds the process row (see Vote), so once this
	// commits no ballot can come in that the count does not read.
	var lastSeq int
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if err := closeVoting(ctx, s.DB, p.ID, now); err != nil {
			return err
		}
		var err error
		if lastSeq, err = lastCountSeq(ctx, s.DB, p.ID); err != nil {
			return err
		}
		if early {
			return record(ctx, s.DB, actor, "budget.voting.close_early", "budget", p.ID, "published closing day "+p.VotingUntil)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// 2. Count the closed ballots, outside a transaction: a large count takes seconds.
	rule := p.TallyRule()
	c := storedCount{ID: ids.New(), ProcessID: p.ID, Seq: lastSeq + 1, State: CountChecking, Rule: string(rule),
		CountedBy: actor.ID, ClosedEarly: early, RecountReason: p.ReopenReason, Budget: p.TotalPence, Doc: countDoc{Format: p.Format}}
	files := map[string][]byte{}
	for _, area := range p.Elections() {
		pb, projects, err := s.electionFile(ctx, &p, area, rule)
		if err != nil {
			return err
		}
		files[area] = pb
		e, _, err := tally.Read(bytes.NewReader(pb))
		if err != nil {
			return errs.Wrap(err, "budgeting: read own ballots")
		}
		res, err := tally.Count(e, rule, tally.Options{})
		if err != nil {
			return errs.Wrap(err, "budgeting: count")
		}
		byID := map[string]Idea{}
		for _, pr := range projects {
			byID[pr.ID] = pr
		}
		for _, o := range res.Projects {
			i := byID[o.ID]
			why := o.Why
			en, cy := i.titles()
			c.Doc.Projects = append(c.Doc.Projects, ProjectResult{IdeaID: o.ID, Title: en, TitleCy: cy, AreaID: i.AreaID, AreaName: i.AreaName,
				CostPence: i.CostPence, Votes: o.Votes, Score: o.Score, Funded: o.Selected, Position: o.Order, Reason: o.Reason, Why: &why})
		}
	}
	if c.Doc.Turnout, _, err = s.Turnout(ctx, p.ID); err != nil {
		return err
	}
	sortProjects(c.Doc.Projects)
	c.Doc.Areas = areaResults(&p, c.Doc.Projects, c.Doc.Turnout)
	for _, pr := range c.Doc.Projects {
		if pr.Funded {
			c.Spent += pr.CostPence
		}
	}
	for _, t := range c.Doc.Turnout {
		c.Ballots += t.Ballots
	}
	// 3. Store it, unless another count was stored meanwhile.
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		c.CountedAt = now
		seq, err := lastCountSeq(ctx, s.DB, p.ID)
		if err != nil {
			return err
		}
		if seq != lastSeq {
			return errs.E(errs.Conflict, "budgeting.err.count_twice")
		}
		if err := withdrawCheckingCounts(ctx, s.DB, p.ID); err != nil {
			return err
		}
		if err := insertCount(ctx, s.DB, c, files); err != nil {
			return s.DB.Err(err, "budgeting.err.count_twice")
		}
		if err := markCounted(ctx, s.DB, p.ID, now); err != nil {
			return err
		}
		return record(ctx, s.DB, actor, "budget.count", "budget", p.ID, "count "+strconv.Itoa(c.Seq)+" by "+c.Rule)
	})
}

// sortProjects puts results in the order pages show them: funded first, then by area, funding
// order, score (highest first) and title.
func sortProjects(ps []ProjectResult) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Funded != b.Funded {
			return a.Funded
		}
		if a.AreaName != b.AreaName {
			return a.AreaName < b.AreaName
		}
		if (a.Position == 0) != (b.Position == 0) {
			return a.Position != 0
		}
		if a.Position != b.Position {
			return a.Position < b.Position
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Title < b.Title
	})
}

// areaResults sums a count by area: each area budget of the process, or (with one budget) each
// area its projects are in.
func areaResults(p *Process, projects []ProjectResult, turnout []Turnout) []AreaResult {
	out := []AreaResult{}
	index := map[string]int{}
	add := func(id, name string, budget int64) int {
		if k, ok := index[id]; ok {
			return k
		}
		index[id] = len(out)
		out = append(out, AreaResult{AreaID: id, AreaName: name, Budget: budget})
		return len(out) - 1
	}
	for _, a := range p.AreaBudgets {
		add(a.AreaID, a.AreaName, a.Pence)
	}
	for _, pr := range projects {
		if pr.AreaID == "" && !p.Districts() {
			continue
		}
		k := add(pr.AreaID, pr.AreaName, 0)
		out[k].Projects++
		if pr.Funded {
			out[k].Funded++
			out[k].Spent += pr.CostPence
		}
	}
	for _, t := range turnout {
		if k, ok := index[t.AreaID]; ok && t.AreaID != "" {
			out[k].Ballots += t.Ballots
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AreaName < out[j].AreaName })
	return out
}

// Reopen lets an officer correct a counted process: its settings, projects and ballots may
// change again, and the next count replaces the current one once published. The reason is kept
// with that count and shown with its results; officers only.
func (s *Service) Reopen(ctx context.Context, actor *actor.Actor, processID, reason string) error {
	defer s.snaps.forget()
	if !isOfficer(actor) {
		return forbidden
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return errs.FieldErrors(map[string]string{"reopen_reason": "budgeting.err.reopen_reason"})
	case utf8.RuneCountInString(reason) > 1000:
		return errs.FieldErrors(map[string]string{"reopen_reason": "budgeting.err.description_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := getProcess(ctx, s.DB, processID)
		if err != nil {
			return err
		}
		if !p.Frozen() {
			return errs.E(errs.Conflict, "budgeting.err.not_frozen")
		}
		now := s.DB.Now(ctx)
		if err := markReopened(ctx, s.DB, p.ID, reason, now); err != nil {
			return err
		}
		return record(ctx, s.DB, actor, "budget.reopen", "budget", p.ID, reason)
	})
}

// Publish makes the count an officer has checked the public results, replacing any published
// before; funded and unfunded projects are marked so, and their authors told by mail. Officers
// only, and only with confirm set.
func (s *Service) Publish(ctx context.Context, actor *actor.Actor, processID string, confirm bool) error {
	if !isOfficer(actor) {
		return forbidden
	}
	if !confirm {
		return errs.FieldErrors(map[string]string{"publish_confirm": "budgeting.err.publish_confirm"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := getProcess(ctx, s.DB, processID)
		if err != nil {
			return err
		}
		c, err := latestCount(ctx, s.DB, p.ID, false)
		if err != nil || c.State != CountChecking || p.ReopenedAt != nil {
			if err == nil || errs.Is(err, errs.NotFound) {
				err = errs.E(errs.Conflict, "budgeting.err.nothing_to_publish")
			}
			return err
		}
		now := s.DB.Now(ctx)
		if err := replacePublishedCount(ctx, s.DB, p.ID, now); err != nil {
			return err
		}
		n, err := publishCount(ctx, s.DB, c.ID, actor.ID, now)
		if err != nil {
			return err
		}
		if n != 1 {
			return errs.E(errs.Conflict, "budgeting.err.nothing_to_publish")
		}
		if err := clearOutcomes(ctx, s.DB, p.ID); err != nil {
			return err
		}
		for _, pr := range c.Doc.Projects {
			outcome := "not_funded"
			if pr.Funded {
				outcome = "funded"
			}
			if err := setOutcome(ctx, s.DB, pr.IdeaID, outcome); err != nil {
				return err
			}
		}
		if err := record(ctx, s.DB, actor, "budget.publish", "budget", p.ID, "count "+strconv.Itoa(c.Seq)); err != nil {
			return err
		}
		return s.tellOutcomes(ctx, &p, c)
	})
}

// Results are a process's results as viewer may see them: the published count, or for officers
// the latest count (which may be waiting to be checked and published).
func (s *Service) Results(ctx context.Context, viewer *actor.Actor, processID string) (Results, error) {
	p, err := getProcess(ctx, s.DB, processID)
	if err != nil {
		return Results{}, err
	}
	c, err := latestCount(ctx, s.DB, p.ID, !isOfficer(viewer))
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			key := "budgeting.not_counted"
			if p.CountState != "" {
				key = "budgeting.not_published"
			}
			return Results{Process: &p}, errs.E(errs.NotFound, key)
		}
		return Results{}, err
	}
	return c.results(&p), nil
}

// results turns a stored count into Results.
func (c *storedCount) results(p *Process) Results {
	r := Results{Process: p, CountID: c.ID, Seq: c.Seq, State: c.State, Rule: c.Rule, Format: c.Doc.Format,
		CountedAt: c.CountedAt, PublishedAt: c.PublishedAt, ClosedEarly: c.ClosedEarly, RecountReason: c.RecountReason,
		Replaces: c.ReplacesPublic, Projects: c.Doc.Projects, Turnout: c.Doc.Turnout, Areas: c.Doc.Areas,
		Ballots: c.Ballots, Spent: c.Spent, Budget: c.Budget}
	if r.Format == "" {
		r.Format = p.Format
	}
	if r.Projects == nil {
		r.Projects = []ProjectResult{}
	}
	sortProjects(r.Projects)
	if r.Turnout == nil {
		r.Turnout = []Turnout{}
	}
	if r.Areas == nil { // counted before areas were kept
		r.Areas = areaResults(p, r.Projects, r.Turnout)
	}
	return r
}

// CountFile is a stored count's Pabulib file for one election (area "" for a process with one
// budget); for a count stored before files were kept it is written from the ballots now.
func (s *Service) CountFile(ctx context.Context, p *Process, res Results, area string) ([]byte, error) {
	body, err := countFile(ctx, s.DB, res.CountID, area)
	if errs.Is(err, errs.NotFound) {
		rule, ok := tally.RuleFromMeta(metaRule(tally.Rule(res.Rule)))
		if !ok {
			rule = p.TallyRule()
		}
		body, _, err = s.electionFile(ctx, p, area, rule)
	}
	return body, err
}

// Turnout is a process's turnout so far by area and channel, from the counters kept as ballots
// arrive (never a count of its ballots), with the total. The count stores it with its results.
func (s *Service) Turnout(ctx context.Context, processID string) ([]Turnout, int, error) {
	ts, err := readTurnout(ctx, s.DB, processID)
	total := 0
	for _, t := range ts {
		total += t.Ballots
	}
	return ts, total, err
}
