package budgeting

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/web"
)

const (
	demoVoting   = "Aberhaven Community Fund 2026"
	demoFinished = "Greener Aberhaven 2025"
)

type demoIdea struct {
	title, desc, area, address string
	pounds                     string
}

// LoadDemo adds two processes to the demo borough of Aberhaven: one in voting with budgets for
// two wards, and one finished, counted, with delivery milestones and updates. It does nothing
// when they exist (or when identity's demo has not been loaded).
func (s *Service) LoadDemo(ctx context.Context) error {
	var n int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM budget_processes WHERE title = $1`, demoFinished).Scan(&n); err != nil || n > 0 {
		return err
	}
	people := map[string]*web.User{}
	for _, d := range identity.DemoAccounts {
		u := &web.User{Email: d.Email, Name: d.Name, Roles: []string{identity.RoleResident, d.Role}}
		err := s.DB.QueryRow(ctx, `SELECT id FROM accounts WHERE email = $1`, d.Email).Scan(&u.ID)
		if db.IsNoRows(err) {
			return nil // no demo borough to add to
		}
		if err != nil {
			return err
		}
		people[d.Role] = u
	}
	areas := map[string]string{}
	rows, err := s.DB.Query(ctx, `SELECT id, name FROM areas`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return err
		}
		areas[name] = id
	}
	rows.Close()
	officer, resident := people[identity.RoleOfficer], people[identity.RoleResident]

	// A finished process: counted, with delivery under way.
	in := ProcessInput{Title: demoFinished, Description: "Residents chose how to spend **£20,000** on greener streets, parks and paths across the borough.",
		Total: "20000", Phase: "ideas", IdeasFrom: "2025-03-01", ReviewFrom: "2025-04-15", VotingFrom: "2025-05-15", VotingUntil: "2025-06-15",
		ResultsFrom: "2025-06-20", Format: FormatRange, MinChoices: "1", MaxChoices: "3", Rule: "greedy", MinAge: "11", VoterAccess: "either"}
	p, err := s.SaveProcess(ctx, officer, "", in)
	if err != nil {
		return fmt.Errorf("demo process: %w", err)
	}
	finished := []demoIdea{
		{"Wildflower verges on Station Road", "Sow native wildflowers on the grass verges and mow them twice a year.", "Station", "Station Road", "4500"},
		{"Benches and shade in Greenfields Park", "Six new benches and four trees by the play area.", "Greenfields", "Greenfields Park", "8000"},
		{"Repair the riverside path", "Resurface the muddy stretch of the riverside path so wheelchairs and buggies can use it.", "Riverside", "Riverside Walk", "9500"},
		{"Community orchard in Nant", "Twenty fruit trees on the village green, looked after by the village hall.", "Nant", "Nant village green", "3000"},
		{"Water refill points in town", "Three drinking-water refill points in the town centre.", "Castle", "High Street", "6000"},
	}
	ideas, err := s.demoIdeas(ctx, officer, resident, p, areas, finished)
	if err != nil {
		return err
	}
	// Online ballots count only within the voting dates: the demo opens voting until today to
	// cast them, then puts the published dates back (as an officer extending and then closing).
	published := in
	in.Phase, in.VotingUntil = "voting", p.Today(s.DB.Now(ctx))
	in.ResultsFrom = in.VotingUntil
	if _, err := s.SaveProcess(ctx, officer, p.ID, in); err != nil {
		return err
	}
	// Online ballots from the demo accounts and paper ballots from the library.
	patterns := [][]int{{1, 2}, {2, 3}, {0, 1, 2}, {2}, {1, 3, 4}, {0, 2}, {1, 2, 4}, {3}, {2, 4}, {0, 1}, {1}, {2, 3, 4}}
	k := 0
	for _, role := range []string{identity.RoleAdmin, identity.RoleMember, identity.RoleResident, identity.RoleModerator} {
		if _, err := s.Vote(ctx, Voter{Account: people[role], NoMail: true}, p.ID, BallotInput{Eligible: true, Choices: choicesOf(ideas, patterns[k%len(patterns)])}); err != nil {
			return fmt.Errorf("demo vote: %w", err)
		}
		k++
	}
	for i := 1; i <= 36; i++ {
		ward := areas[finished[i%len(finished)].area] // where the voter wrote they live, for turnout
		if _, err := s.Vote(ctx, Voter{Account: officer, PaperRef: fmt.Sprintf("LIB-%03d", i)}, p.ID, BallotInput{AreaID: ward, Choices: choicesOf(ideas, patterns[k%len(patterns)])}); err != nil {
			return fmt.Errorf("demo paper vote: %w", err)
		}
		k++
	}
	// Voting ended on its published day: put the published dates back, count, check, publish.
	published.Phase = "voting"
	if _, err := s.SaveProcess(ctx, officer, p.ID, published); err != nil {
		return err
	}
	if err := s.Count(ctx, officer, p.ID, CountInput{Confirm: true}); err != nil {
		return err
	}
	if err := s.Publish(ctx, officer, p.ID, true); err != nil {
		return err
	}
	in = published
	in.Phase = "delivery"
	if _, err := s.SaveProcess(ctx, officer, p.ID, in); err != nil {
		return err
	}
	res, err := s.Results(ctx, nil, p.ID)
	if err != nil {
		return err
	}
	for _, pr := range res.Projects {
		if !pr.Funded {
			continue
		}
		for _, m := range []MilestoneInput{{"Design agreed with residents", "done", "100"}, {"Work on site", "in_progress", "60"}, {"Finished and opened", "planned", "0"}} {
			if err := s.SaveMilestone(ctx, officer, pr.IdeaID, "", m); err != nil {
				return err
			}
		}
		if err := s.AddUpdate(ctx, officer, pr.IdeaID, "You said, we did: work on **"+pr.Title+"** started this month. Thank you to everyone who voted.", PhotoInput{Data: demoPicture(len(pr.Title)), Alt: demoPictureAlt}); err != nil {
			return err
		}
	}

	// A process in voting, with budgets for two wards: open until the end of 2026, or for two
	// months from the day the demo is loaded if that is later.
	voteUntil, resultsFrom := "2026-12-31", "2027-01-08"
	if now := s.DB.Now(ctx).In(London); now.AddDate(0, 2, 0).Format(time.DateOnly) > voteUntil {
		voteUntil, resultsFrom = now.AddDate(0, 2, 0).Format(time.DateOnly), now.AddDate(0, 2, 8).Format(time.DateOnly)
	}
	in = ProcessInput{Title: demoVoting, Description: "Decide how **£30,000** is spent in Castle and Harbourside wards. Each ward has its own budget.",
		Total: "30000", Phase: "ideas", IdeasFrom: "2026-01-05", ReviewFrom: "2026-02-09", VotingFrom: "2026-03-02", VotingUntil: voteUntil,
		ResultsFrom: resultsFrom, Format: FormatBudget, Rule: "mes", MinAge: "16", VoterAccess: "either",
		AreaBudgets: map[string]string{areas["Castle"]: "15000", areas["Harbourside"]: "15000"}}
	if p, err = s.SaveProcess(ctx, officer, "", in); err != nil {
		return err
	}
	voting := []demoIdea{
		{"Castle play area refresh", "New swings and safer surfacing at the Castle Street play area.", "Castle", "Castle Street", "9000"},
		{"Lunch club kitchen", "A new cooker and fridge for the lunch club at the community centre.", "Castle", "Castle Community Centre", "4000"},
		{"Castle walking trail signs", "Heritage signs along a circular walk around the castle.", "Castle", "", "3500"},
		{"Harbour youth sailing taster days", "Free sailing taster days for young people over the summer.", "Harbourside", "The Harbour", "6000"},
		{"Food bank cold store", "A walk-in cold store so the food bank can take fresh food.", "Harbourside", "Harbourside Food Bank", "7500"},
		{"Harbour wall murals", "Local artists and schools paint murals on the harbour wall.", "Harbourside", "Harbour wall", "5000"},
	}
	if _, err := s.demoIdeas(ctx, officer, resident, p, areas, voting); err != nil {
		return err
	}
	in.Phase = "voting"
	if _, err := s.SaveProcess(ctx, officer, p.ID, in); err != nil {
		return err
	}
	return s.GenerateCodes(ctx, officer, p.ID, 20)
}

func (s *Service) demoIdeas(ctx context.Context, officer, author *web.User, p Process, areas map[string]string, list []demoIdea) ([]Idea, error) {
	var out []Idea
	for n, d := range list {
		in := IdeaInput{Title: d.title, Description: d.desc, AreaID: areas[d.area], Address: d.address, Estimate: d.pounds,
			Photo: PhotoInput{Data: demoPicture(n), Alt: demoPictureAlt}}
		if d.address != "" { // a place on the map too, scattered over the demo borough
			in.Lat, in.Lng = fmt.Sprintf("%.4f", 51.612+0.005*float64(n%4)), fmt.Sprintf("%.4f", -3.958+0.007*float64(n%5))
		}
		i, err := s.SubmitIdea(ctx, author, p.ID, in)
		if err != nil {
			return nil, fmt.Errorf("demo idea %q: %w", d.title, err)
		}
		if err := s.Review(ctx, officer, i.ID, ReviewInput{Decision: "accepted", Feasibility: "The council's parks and highways teams checked this can be done within a year.", Cost: d.pounds}); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, nil
}

func choicesOf(ideas []Idea, idx []int) []Choice {
	var cs []Choice
	for _, i := range idx {
		cs = append(cs, Choice{IdeaID: ideas[i].ID, Points: 1})
	}
	return cs
}

const demoPictureAlt = "A simple drawing of a green park under a blue sky with a yellow sun"

// demoPicture draws the demo's small illustration (240×160 PNG): sky, grass and a sun whose place
// depends on n. The same n always gives the same bytes.
func demoPicture(n int) []byte {
	const w, h = 240, 160
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sunX, sunY, r := 40+(n*37)%160, 35+(n*13)%30, 18
	for y := range h {
		for x := range w {
			c := color.RGBA{R: 120, G: uint8(180 + y/4), B: 235, A: 255} // sky
			if y > 100+(x/12)%6 {
				c = color.RGBA{R: 46, G: uint8(125 + (x+y)%20), B: 50, A: 255} // grass
			} else if (x-sunX)*(x-sunX)+(y-sunY)*(y-sunY) <= r*r {
				c = color.RGBA{R: 255, G: 215, B: 0, A: 255} // sun
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory image cannot fail
	}
	return buf.Bytes()
}
