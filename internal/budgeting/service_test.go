package budgeting_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/budgeting"
	"commons/internal/budgeting/tallycmd"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/audit"
	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/outbox"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
)

var sets = []db.Migrations{web.Migrations, ratelimit.Migrations, audit.Migrations, outbox.Migrations, identity.Migrations, budgeting.Migrations}

type fixture struct {
	d       *db.DB
	svc     *budgeting.Service
	officer *actor.Actor
}

// inVoting is a clock in the middle of processInput's voting dates (1–31 March 2026).
func inVoting() *clock.Fixed { return clock.NewFixed(time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)) }

func t2(lang, key string, args ...any) string { return key + fmt.Sprint(args...) }

func newFixture(t *testing.T, d *db.DB) *fixture {
	ob := outbox.New(d, func(ctx context.Context, m mail.Message) error { return nil }, nil)
	f := &fixture{d: d, svc: budgeting.NewService(budgeting.Deps{DB: d, Outbox: ob, T: t2, BaseURL: "http://x"})}
	f.officer = f.account(t, "Olwen Officer", identity.RoleOfficer)
	return f
}

// account inserts an account straight into the table and returns it as a signed-in user.
func (f *fixture) account(t testing.TB, name string, roles ...string) *actor.Actor {
	t.Helper()
	id := ids.New()
	email := strings.ReplaceAll(strings.ToLower(name), " ", ".") + "-" + id[:8] + "@example.org"
	if _, err := f.d.Exec(context.Background(), `INSERT INTO accounts (id, name, email, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`,
		id, name, email, f.d.Now(context.Background())); err != nil {
		t.Fatal(err)
	}
	return &actor.Actor{ID: id, Name: name, Email: email, Roles: append([]string{identity.RoleResident}, roles...)}
}

func processInput(format, rule string) budgeting.ProcessInput {
	return budgeting.ProcessInput{Title: "Greener streets", Description: "Spend **£10,000** on the streets.", Total: "£10,000",
		Phase: "ideas", IdeasFrom: "2026-01-01", ReviewFrom: "2026-02-01", VotingFrom: "2026-03-01", VotingUntil: "2026-03-31",
		ResultsFrom: "2026-04-01", Format: format, MinChoices: "1", MaxChoices: "2", Points: "10", Rule: rule, MinAge: "16", VoterAccess: "either"}
}

// setup makes a process with accepted projects costing the given pounds, in voting.
func (f *fixture) setup(t *testing.T, in budgeting.ProcessInput, costs ...string) (budgeting.Process, []budgeting.Idea) {
	t.Helper()
	ctx := context.Background()
	p, err := f.svc.SaveProcess(ctx, f.officer, "", in)
	if err != nil {
		t.Fatal(err)
	}
	resident := f.account(t, "Rhian Resident")
	var ideas []budgeting.Idea
	for n, c := range costs {
		i, err := f.svc.SubmitIdea(ctx, resident, p.ID, budgeting.IdeaInput{Title: fmt.Sprintf("Idea %d", n+1), Description: "Plant trees", Estimate: c})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Review(ctx, f.officer, i.ID, budgeting.ReviewInput{Decision: "accepted", Feasibility: "Can be done", Cost: c}); err != nil {
			t.Fatal(err)
		}
		ideas = append(ideas, i)
	}
	in.Phase = "voting"
	if p, err = f.svc.SaveProcess(ctx, f.officer, p.ID, in); err != nil {
		t.Fatal(err)
	}
	return p, ideas
}

func approve(ideas ...budgeting.Idea) []budgeting.Choice {
	var cs []budgeting.Choice
	for _, i := range ideas {
		cs = append(cs, budgeting.Choice{IdeaID: i.ID, Points: 1})
	}
	return cs
}

func TestProcessIdeasReviewVoteCount(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "6000", "5000", "3000")
		if !strings.Contains(p.DescriptionHTML, "<strong>£10,000</strong>") {
			t.Errorf("description not rendered: %q", p.DescriptionHTML)
		}
		voter := f.account(t, "Val Voter")
		// Over budget: 6000+5000 > 10000.
		_, err := f.svc.Vote(ctx, budgeting.Voter{Account: voter}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[0], ideas[1])})
		if e := errs.As(err); e.Fields["choices"] != "budgeting.err.ballot_over_budget" {
			t.Fatalf("over budget: %v", err)
		}
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: voter}, p.ID, budgeting.BallotInput{Choices: approve(ideas[0])}); errs.As(err).Fields["eligible"] == "" {
			t.Fatalf("no declaration: %v", err)
		}
		r1, err := f.svc.Vote(ctx, budgeting.Voter{Account: voter}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[0])})
		if err != nil {
			t.Fatal(err)
		}
		// Re-submission replaces.
		r2, err := f.svc.Vote(ctx, budgeting.Voter{Account: voter}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[1], ideas[2])})
		if err != nil {
			t.Fatal(err)
		}
		if r1 != r2 {
			t.Errorf("receipt changed on re-submission: %s then %s", r1, r2)
		}
		_, mine, _ := f.svc.MyBallot(ctx, voter.ID, p.ID)
		if len(mine) != 2 {
			t.Errorf("after replacing: %v", mine)
		}
		// Paper ballots count once.
		paper := budgeting.Voter{Account: f.officer, PaperRef: "LIB-001"}
		if _, err := f.svc.Vote(ctx, paper, p.ID, budgeting.BallotInput{Choices: approve(ideas[1])}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Vote(ctx, paper, p.ID, budgeting.BallotInput{Choices: approve(ideas[0])}); errs.As(err).Fields["paper_ref"] != "budgeting.err.paper_ref_taken" {
			t.Fatalf("paper twice: %v", err)
		}
		// One-time codes vote once.
		if err := f.svc.GenerateCodes(ctx, f.officer, p.ID, 3); err != nil {
			t.Fatal(err)
		}
		codes, _ := f.svc.Codes(ctx, p.ID)
		code := strings.ToLower(strings.ReplaceAll(codes[0].Code, "-", " "))
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Code: code}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[1])}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Code: codes[0].Code}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[0])}); errs.As(err).Fields["code"] != "budgeting.err.code_used" {
			t.Fatalf("code twice: %v", err)
		}
		changed := processInput(budgeting.FormatCumulative, "greedy")
		changed.Phase = "voting"
		if _, err := f.svc.SaveProcess(ctx, f.officer, p.ID, changed); errs.As(err).Fields["format"] != "budgeting.err.format_locked" {
			t.Errorf("format changed under cast ballots: %v", err)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Results(ctx, f.officer, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Idea 2 (£5,000) has 3 votes, idea 3 (£3,000) 1, idea 1 none: greedy funds 2 then 3.
		funded := map[string]bool{}
		for _, pr := range res.Projects {
			funded[pr.Title] = pr.Funded
			if pr.Reason == "" {
				t.Errorf("%s has no reason", pr.Title)
			}
		}
		if !funded["Idea 2"] || !funded["Idea 3"] || funded["Idea 1"] {
			t.Errorf("funded: %v", funded)
		}
		if res.Ballots != 3 || res.Spent != 800000 {
			t.Errorf("ballots %d spent %d", res.Ballots, res.Spent)
		}
		channels := map[string]int{}
		for _, tu := range res.Turnout {
			channels[tu.Channel] += tu.Ballots
		}
		if channels["online"] != 1 || channels["paper"] != 1 || channels["code"] != 1 {
			t.Errorf("turnout: %v", res.Turnout)
		}
		// Delivery on a funded project once the results are published; none on one that was
		// not funded.
		if err := f.svc.SaveMilestone(ctx, f.officer, ideas[1].ID, "", budgeting.MilestoneInput{Title: "Order trees", Status: "in_progress", Percent: "40"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("milestone before publication: %v", err)
		}
		if err := f.svc.Publish(ctx, f.officer, p.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveMilestone(ctx, f.officer, ideas[1].ID, "", budgeting.MilestoneInput{Title: "Order trees", Status: "in_progress", Percent: "40"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveMilestone(ctx, f.officer, ideas[0].ID, "", budgeting.MilestoneInput{Title: "x", Status: "planned", Percent: "0"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("milestone on unfunded project: %v", err)
		}
		if err := f.svc.AddUpdate(ctx, f.officer, ideas[1].ID, "Trees **ordered**.", budgeting.PhotoInput{}); err != nil {
			t.Fatal(err)
		}
		ups, _ := f.svc.Updates(ctx, ideas[1].ID)
		if len(ups) != 1 || !strings.Contains(ups[0].BodyHTML, "<strong>ordered</strong>") {
			t.Errorf("updates: %+v", ups)
		}
	})
}

// The anonymised .pb download re-counts to the same winners with `commons tally`.
func TestBallotsPBRoundTrip(t *testing.T) {
	for _, rule := range []string{"greedy", "mes"} {
		for _, format := range budgeting.Formats {
			t.Run(rule+"/"+format, func(t *testing.T) {
				ctx := context.Background()
				f := newFixture(t, dbtest.Open(t, "sqlite", inVoting(), sets...))
				in := processInput(format, rule)
				in.MaxChoices = "3"
				p, ideas := f.setup(t, in, "4000", "3000", "2500", "2000", "1500")
				for n := 0; n < 30; n++ {
					v := f.account(t, fmt.Sprint("Voter ", n))
					var cs []budgeting.Choice
					for k, i := range ideas {
						if (n+k)%3 == 0 || (n*k)%5 == 1 {
							cs = append(cs, budgeting.Choice{IdeaID: i.ID, Points: 1 + (n+k)%3})
						}
					}
					if format != budgeting.FormatCumulative {
						for k := range cs {
							cs[k].Points = 1
						}
					}
					if len(cs) > 3 {
						cs = cs[:3]
					}
					if len(cs) == 0 {
						cs = approve(ideas[n%5])
					}
					if format == budgeting.FormatBudget {
						cs = cs[:1]
					}
					if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: v}, p.ID, budgeting.BallotInput{Eligible: true, Choices: cs}); err != nil {
						t.Fatalf("voter %d %v: %v", n, cs, err)
					}
				}
				if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
					t.Fatal(err)
				}
				res, _ := f.svc.Results(ctx, f.officer, p.ID)
				var want []string
				for _, pr := range res.Projects {
					if pr.Funded {
						want = append(want, pr.IdeaID)
					}
				}
				pb, err := f.svc.CountFile(ctx, &p, res, "")
				if err != nil {
					t.Fatal(err)
				}
				file := t.TempDir() + "/ballots.pb"
				if err := writeFile(file, pb); err != nil {
					t.Fatal(err)
				}
				var out, stderr bytes.Buffer
				if code := tallycmd.Run([]string{"--file", file}, &out, &stderr); code != 0 {
					t.Fatalf("tally: %d %s\n%s", code, stderr.String(), pb)
				}
				got := strings.Fields(out.String())
				if strings.Join(got, " ") != strings.Join(want, " ") || len(want) == 0 {
					t.Errorf("tally re-count %v, app %v", got, want)
				}
				for _, v := range [][]byte{[]byte("Voter "), []byte("@example.org")} {
					if bytes.Contains(pb, v) {
						t.Errorf("ballots.pb names a voter: %s", pb)
					}
				}
			})
		}
	}
}

// 200 voters at once: every acknowledged ballot is counted exactly once, and a voter who submits
// twice at the same moment has one ballot.
func TestConcurrentVoters(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000")
		const n = 200
		voters := make([]*actor.Actor, n)
		for i := range voters {
			voters[i] = f.account(t, fmt.Sprint("Voter ", i))
		}
		var wg sync.WaitGroup
		acked := make([]int, n) // which idea index the last acknowledged ballot chose, per voter
		var mu sync.Mutex
		failures := 0
		for i := range n {
			for attempt := range 2 { // every voter submits twice at the same moment
				wg.Add(1)
				go func() {
					defer wg.Done()
					choice := (i + attempt) % 2
					_, err := f.svc.Vote(ctx, budgeting.Voter{Account: voters[i]}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[choice])})
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						failures++
						t.Errorf("voter %d: %v", i, err)
						return
					}
					acked[i]++
				}()
			}
		}
		wg.Wait()
		if failures > 0 {
			t.Fatalf("%d ballots failed", failures)
		}
		var ballots, choices int
		stored, err := db.Strings(ctx, d, `SELECT choices FROM budget_ballots WHERE process_id = $1`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stored {
			ballots++
			choices += len(strings.Split(s, ","))
		}
		if ballots != n || choices != n {
			t.Fatalf("%d ballots with %d choices for %d voters", ballots, choices, n)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		res, _ := f.svc.Results(ctx, f.officer, p.ID)
		var votes int64
		for _, pr := range res.Projects {
			votes += pr.Votes
		}
		if votes != n || res.Ballots != n {
			t.Errorf("counted %d votes over %d ballots, want %d", votes, res.Ballots, n)
		}
	})
}

// With budgets per area, each area is its own election: its .pb download re-counts to the
// winners the app found in that area, and a project hidden after votes were cast drops out of
// the count without breaking it.
func TestDistrictBudgets(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		areas := map[string]string{}
		for _, name := range []string{"North", "South"} {
			id := ids.New()
			if _, err := d.Exec(ctx, `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ($1, $2, 'ward', '', $3)`, id, name, d.Now(ctx)); err != nil {
				t.Fatal(err)
			}
			areas[name] = id
		}
		in := processInput(budgeting.FormatBudget, "mes")
		in.AreaBudgets = map[string]string{areas["North"]: "5000", areas["South"]: "4000"}
		p, err := f.svc.SaveProcess(ctx, f.officer, "", in)
		if err != nil {
			t.Fatal(err)
		}
		author := f.account(t, "Ann Author")
		ideas := map[string]budgeting.Idea{}
		for _, c := range []struct{ title, area, cost string }{{"N1", "North", "3000"}, {"N2", "North", "2500"}, {"N3", "North", "2000"}, {"S1", "South", "4000"}, {"S2", "South", "1500"}} {
			i, err := f.svc.SubmitIdea(ctx, author, p.ID, budgeting.IdeaInput{Title: c.title, Description: "x", AreaID: areas[c.area], Estimate: c.cost})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.svc.Review(ctx, f.officer, i.ID, budgeting.ReviewInput{Decision: "accepted", Feasibility: "ok", Cost: c.cost}); err != nil {
				t.Fatal(err)
			}
			ideas[c.title] = i
		}
		in.Phase = "voting"
		if p, err = f.svc.SaveProcess(ctx, f.officer, p.ID, in); err != nil {
			t.Fatal(err)
		}
		// A North ballot may not choose a South project, nor go over North's budget.
		v := f.account(t, "V")
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: v}, p.ID, budgeting.BallotInput{AreaID: areas["North"], Eligible: true, Choices: approve(ideas["S2"])}); errs.As(err).Fields["choices"] != "budgeting.err.ballot_unknown" {
			t.Fatalf("South project on a North ballot: %v", err)
		}
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: v}, p.ID, budgeting.BallotInput{AreaID: areas["North"], Eligible: true, Choices: approve(ideas["N1"], ideas["N2"], ideas["N3"])}); errs.As(err).Fields["choices"] != "budgeting.err.ballot_over_budget" {
			t.Fatalf("over North's budget: %v", err)
		}
		north := [][]string{{"N1", "N3"}, {"N2"}, {"N2", "N3"}, {"N1"}, {"N3"}, {"N1", "N3"}, {"N2", "N3"}}
		south := [][]string{{"S1"}, {"S2"}, {"S2"}, {"S1"}, {"S2"}}
		for area, ballots := range map[string][][]string{"North": north, "South": south} {
			for n, b := range ballots {
				var cs []budgeting.Idea
				for _, title := range b {
					cs = append(cs, ideas[title])
				}
				if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.account(t, fmt.Sprint(area, n))}, p.ID, budgeting.BallotInput{AreaID: areas[area], Eligible: true, Choices: approve(cs...)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		moderator := f.account(t, "Mod", identity.RoleModerator)
		if err := f.svc.Hide(ctx, moderator, ideas["S1"].ID, "Withdrawn by its author"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		res, _ := f.svc.Results(ctx, f.officer, p.ID)
		funded := map[string][]string{}
		for _, pr := range res.Projects {
			if pr.Funded {
				funded[pr.AreaID] = append(funded[pr.AreaID], pr.IdeaID)
			}
		}
		for name, area := range areas {
			pb, err := f.svc.CountFile(ctx, &p, res, area)
			if err != nil {
				t.Fatal(err)
			}
			file := t.TempDir() + "/" + name + ".pb"
			if err := writeFile(file, pb); err != nil {
				t.Fatal(err)
			}
			var out, stderr bytes.Buffer
			if code := tallycmd.Run([]string{"--file", file}, &out, &stderr); code != 0 {
				t.Fatalf("%s: %s\n%s", name, stderr.String(), pb)
			}
			got, want := strings.Fields(out.String()), funded[area]
			if len(want) == 0 || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s: tally %v, app %v", name, got, want)
			}
		}
		if strings.Contains(strings.Join(funded[areas["South"]], " "), ideas["S1"].ID) {
			t.Error("a hidden project was funded")
		}
	})
}

// Voting opens and closes by the published voting dates, days in Europe/London: a ballot after
// the end of the last day is refused (also when a cached check still thinks voting is open), an
// officer extends by editing the dates, and paper ballots may still be entered until the count.
func TestVotingDates(t *testing.T) {
	clk := inVoting()
	dbtest.Each(t, clk, sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := func(utc time.Time) { clk.Advance(utc.Sub(clk.Now())) }
		at(time.Date(2026, 2, 28, 12, 0, 0, 0, time.UTC))
		f := newFixture(t, d)
		in := processInput(budgeting.FormatBudget, "greedy")
		p, ideas := f.setup(t, in, "3000", "2000")
		voter, late := f.account(t, "Early Voter"), f.account(t, "Late Voter")
		vote := func(u *actor.Actor, choice budgeting.Idea) error {
			_, err := f.svc.Vote(ctx, budgeting.Voter{Account: u}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(choice)})
			return err
		}
		mustKey := func(err error, key string) {
			t.Helper()
			if e := errs.As(err); e == nil || e.Key != key {
				t.Fatalf("got %v, want %s", err, key)
			}
		}
		// In the voting phase but before the first voting day.
		mustKey(vote(voter, ideas[0]), "budgeting.err.voting_not_open")
		// 23:30 on the last day in London (BST from 29 March): still open.
		at(time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC))
		if err := vote(voter, ideas[0]); err != nil {
			t.Fatal(err)
		}
		// 00:30 the next day in London (23:30 UTC on the last day): closed, and the ballot stays.
		at(time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC))
		mustKey(vote(voter, ideas[1]), "budgeting.err.voting_closed")
		mustKey(vote(late, ideas[1]), "budgeting.err.voting_closed")
		if _, cs, _ := f.svc.MyBallot(ctx, voter.ID, p.ID); len(cs) != 1 || cs[0].IdeaID != ideas[0].ID {
			t.Fatalf("ballot after a refused change: %+v", cs)
		}
		// Paper ballots collected before the close may be entered until the count.
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.officer, PaperRef: "LIB-1"}, p.ID, budgeting.BallotInput{Choices: approve(ideas[1])}); err != nil {
			t.Fatalf("paper after the close: %v", err)
		}
		// The officer extends voting by a day.
		in.Phase, in.VotingUntil, in.ResultsFrom = "voting", "2026-04-01", "2026-04-02"
		if _, err := f.svc.SaveProcess(ctx, f.officer, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if err := vote(late, ideas[1]); err != nil {
			t.Fatalf("after the extension: %v", err)
		}
		// Closing early behind the service's back (another server, say): the write itself refuses.
		if _, err := d.Exec(ctx, `UPDATE budget_processes SET voting_until = '2026-03-30' WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		mustKey(vote(late, ideas[0]), "budgeting.err.voting_closed")
		if _, cs, _ := f.svc.MyBallot(ctx, late.ID, p.ID); len(cs) != 1 || cs[0].IdeaID != ideas[1].ID {
			t.Fatalf("late voter's ballot: %+v", cs)
		}
		// The process page's words for the voting window.
		got, err := f.svc.Process(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.VotingClosed(d.Now(ctx)) {
			t.Error("the process does not say voting has closed")
		}
	})
}
