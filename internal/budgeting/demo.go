package budgeting

import (
	"bytes"
	"commons/internal/platform/actor"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/db"
)

const (
	demoVoting   = "Aberhaven Community Fund 2026"
	demoFinished = "Greener Aberhaven 2025"
	demoIdeas    = "Aberhaven Small Grants 2027"
)

type demoIdea struct {
	title, desc, area, address string
	pounds                     string
}

// LoadDemo adds three processes to the demo borough of Aberhaven: one finished, counted and
// published, with delivery milestones and updates; one in voting with budgets for two wards and
// its projects' titles in Welsh too; and one taking ideas, with an idea on the ballot, one not
// going forward and one waiting for review. It does nothing when they exist (or when identity's
// demo has not been loaded).
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := processesTitled(ctx, s.DB, demoFinished); err != nil || n > 0 {
		return err
	}
	people := map[string]*actor.Actor{}
	for _, d := range identity.DemoAccounts {
		u := &actor.Actor{Email: d.Email, Name: d.Name, Roles: []string{identity.RoleResident, d.Role}}
		var err error
		u.ID, err = personIDByEmail(ctx, s.DB, d.Email)
		if db.IsNoRows(err) {
			return nil // no demo borough to add to
		}
		if err != nil {
			return err
		}
		people[d.Role] = u
	}
	areas, err := areaIDsByName(ctx, s.DB)
	if err != nil {
		return err
	}
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
	// One funded project is finished and delivered: the knowledge hub's demo drafts a case study
	// from it. The riverside path stays under way, for an officer to mark delivered (the
	// budgeting journey in e2e/budgeting.test.mjs does).
	deliver := ""
	for _, pr := range res.Projects {
		if pr.Funded && deliver == "" && pr.Title != finished[2].title {
			deliver = pr.IdeaID
		}
	}
	for _, pr := range res.Projects {
		if !pr.Funded {
			continue
		}
		milestones := []MilestoneInput{{"Design agreed with residents", "done", "100"}, {"Work on site", "in_progress", "60"}, {"Finished and opened", "planned", "0"}}
		if pr.IdeaID == deliver {
			milestones = []MilestoneInput{{"Design agreed with residents", "done", "100"}, {"Work on site", "done", "100"}, {"Finished and opened", "done", "100"}}
		}
		for _, m := range milestones {
			if err := s.SaveMilestone(ctx, officer, pr.IdeaID, "", m); err != nil {
				return err
			}
		}
		if err := s.AddUpdate(ctx, officer, pr.IdeaID, "You said, we did: work on **"+pr.Title+"** started this month. Thank you to everyone who voted.", PhotoInput{Data: demoPicture(len(pr.Title)), Alt: demoPictureAlt}); err != nil {
			return err
		}
		if pr.IdeaID == deliver {
			if err := s.AddUpdate(ctx, officer, pr.IdeaID, "Finished and opened: residents helped choose where it went, and it was used the first week.", PhotoInput{}); err != nil {
				return err
			}
			if err := s.MarkDelivered(ctx, officer, pr.IdeaID, true); err != nil {
				return err
			}
		}
	}

	// A process in voting, with budgets for two wards: open until the end of 2026, or for two
	// months from the day the demo is loaded if that is later.
	voteUntil, resultsFrom := "2026-12-31", "2027-01-08"
	if now := s.DB.Now(ctx).In(London); now.AddDate(0, 2, 0).Format(time.DateOnly) > voteUntil {
		voteUntil, resultsFrom = now.AddDate(0, 2, 0).Format(time.DateOnly), now.AddDate(0, 2, 8).Format(time.DateOnly)
	}
	in = ProcessInput{Title: demoVoting, Description: "Decide how **£30,000** is spent in Castle and Harbourside wards. Each ward has its own budget.",
		TitleCy: "Cronfa Gymunedol Aberhaven 2026", DescriptionCy: "Penderfynwch sut mae **£30,000** yn cael ei wario yn wardiau Castle a Harbourside. Mae gan bob ward ei chyllideb ei hun.",
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
	votingIdeas, err := s.demoIdeas(ctx, officer, resident, p, areas, voting)
	if err != nil {
		return err
	}
	// The council wrote the projects' titles on the ballot in Welsh too.
	welsh := []string{"Adnewyddu ardal chwarae Castle Street", "Cegin y clwb cinio", "Arwyddion llwybr cerdded y castell",
		"Diwrnodau blasu hwylio i bobl ifanc yn yr harbwr", "Storfa oer i'r banc bwyd", "Murluniau ar wal yr harbwr"}
	for n, i := range votingIdeas {
		if err := s.Review(ctx, officer, i.ID, ReviewInput{Decision: "accepted", Feasibility: "The council's parks and highways teams checked this can be done within a year.",
			Cost: voting[n].pounds, TitleCy: welsh[n]}); err != nil {
			return err
		}
	}
	in.Phase = "voting"
	if _, err := s.SaveProcess(ctx, officer, p.ID, in); err != nil {
		return err
	}
	if err := s.GenerateCodes(ctx, officer, p.ID, 20); err != nil {
		return err
	}
	return s.demoIdeasPhase(ctx, officer, resident, people[identity.RoleMember], areas)
}

// demoIdeasPhase adds a process taking ideas: one idea on the ballot already, one not going
// forward (with the public reason), one waiting for review with a comment.
func (s *Service) demoIdeasPhase(ctx context.Context, officer, resident, member *actor.Actor, areas map[string]string) error {
	now := s.DB.Now(ctx).In(London)
	day := func(months int) string { return now.AddDate(0, months, 0).Format(time.DateOnly) }
	p, err := s.SaveProcess(ctx, officer, "", ProcessInput{Title: demoIdeas, TitleCy: "Grantiau Bach Aberhaven 2027",
		Description:   "Suggest a small project for your street or village: up to **£2,500** each, **£12,000** in all.",
		DescriptionCy: "Awgrymwch brosiect bach ar gyfer eich stryd neu'ch pentref: hyd at **£2,500** yr un, **£12,000** i gyd.",
		Total:         "12000", Phase: "ideas", IdeasFrom: day(-1), ReviewFrom: day(1), VotingFrom: day(2), VotingUntil: day(3), ResultsFrom: day(4),
		Format: FormatRange, MinChoices: "1", MaxChoices: "3", Rule: "mes", MinAge: "11", VoterAccess: "either"})
	if err != nil {
		return fmt.Errorf("demo ideas process: %w", err)
	}
	ideas := []IdeaInput{
		{Title: "Planters on Nant High Street", Description: "Six big planters with flowers bees like, looked after by the village hall.", AreaID: areas["Nant"], Estimate: "1800"},
		{Title: "A new bus shelter", Description: "A shelter at the Station Road stop.", AreaID: areas["Station"], Estimate: "9000"},
		{Title: "Repair café tools", Description: "Tools for a monthly repair café in the library.", AreaID: areas["Castle"]},
	}
	var made []Idea
	for _, in := range ideas {
		i, err := s.SubmitIdea(ctx, resident, p.ID, in)
		if err != nil {
			return fmt.Errorf("demo idea %q: %w", in.Title, err)
		}
		made = append(made, i)
	}
	if err := s.Review(ctx, officer, made[0].ID, ReviewInput{Decision: "accepted", Feasibility: "The highways team agreed the places on the pavement.",
		Cost: "2000", TitleCy: "Planwyr ar Stryd Fawr Nant", Summary: "Six planters on the high street, cared for by Nant Village Hall.",
		SummaryCy: "Chwe phlanwr ar y stryd fawr, yng ngofal Neuadd Bentref Nant."}); err != nil {
		return err
	}
	if err := s.Review(ctx, officer, made[1].ID, ReviewInput{Decision: "rejected", Feasibility: "Bus shelters belong to the transport authority.",
		Reason: "Bus shelters are paid for by the regional transport authority, not this fund; we have passed the idea on to them."}); err != nil {
		return err
	}
	return s.AddComment(ctx, member, made[2].ID, "Our hall would host it on Saturday mornings.")
}

func (s *Service) demoIdeas(ctx context.Context, officer, author *actor.Actor, p Process, areas map[string]string, list []demoIdea) ([]Idea, error) {
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
