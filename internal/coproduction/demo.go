package coproduction

import (
	"context"
	"time"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/ids"
)

// The demo borough's co-production: the council's criteria, five projects at different stages
// with measurements and reflections, two boards with meetings, decisions and actions, and three
// engagement activities assessed against the National Standards. Accounts and organisations are
// identity's demo ones, looked up by email and name.

type demoProject struct {
	title, problem, affected, area, lead, org string
	stages                                    [][3]string // stage, level, note; each entered 40 days after the last
	decision, reasons                         string
	published                                 bool
	caseStudy                                 string
	budget                                    [2]int64
	staff, volunteer                          [2]int
	recognition                               string
	participants                              [][3]string // kind, email or name, organisation
	outcome                                   [6]string   // name, indicator, unit, baseline, target, direction
	values                                    []float64   // one a month from the start
	reflections                               [][4]string // perspective, worked, did not, change
}

var demoProjects = []demoProject{
	{title: "Warm welcome spaces", problem: "Older people in Nant and Harbourside sit in cold homes all winter and see nobody for days.",
		affected: "Older residents living alone, carers, people on low incomes.", area: "Adult social care", lead: "officer@aberhaven.example", org: "Aberhaven Borough Council",
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "consult", ""}, {"co-design", "collaborate", "Three workshops in the village hall"}, {"delivery", "collaborate", "Six warm spaces open"}},
		decision: "go", reasons: "Real room to change how the service works, and residents ready to lead.", published: true,
		budget: [2]int64{1500000, 620000}, staff: [2]int{240, 130}, volunteer: [2]int{600, 410}, recognition: "time_credits,expenses",
		participants: [][3]string{{"resident", "resident@aberhaven.example", ""}, {"partner", "member@aberhaven.example", "Nant Village Hall Committee"}, {"partner", "Harbourside Food Bank volunteers", "Harbourside Food Bank"}},
		outcome:      [6]string{"Fewer people alone through the winter", "Residents who say they went a week without seeing anyone", "%", "38", "15", "down"},
		values:       []float64{36, 31, 27, 22},
		reflections: [][4]string{{"together", "Meeting in the hall people already use.", "Online sign-up put people off.", "Start in September, not November."},
			{"resident", "Being asked what we wanted before anything was decided.", "", "Pay for taxis on the coldest days."}}},
	{title: "Youth voice in the Greenfields park redesign", problem: "The park was redesigned twice without young people, and both times the new equipment went unused.",
		affected: "Young people aged 11 to 18 in Greenfields and Station wards.", area: "Parks and open spaces", lead: "officer@aberhaven.example", org: "Friends of Greenfields Park",
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "involve", ""}, {"co-design", "empower", "Young people's panel holds the design budget"}},
		decision: "go", reasons: "Young people can decide how the budget is spent.", published: true,
		budget: [2]int64{4000000, 350000}, staff: [2]int{120, 45}, volunteer: [2]int{200, 90}, recognition: "vouchers",
		participants: [][3]string{{"resident", "Greenfields youth panel", ""}, {"partner", "Friends of Greenfields Park", "Friends of Greenfields Park"}},
		outcome:      [6]string{"Young people use the park", "Visits by young people on a survey weekend", "visits", "40", "120", "up"},
		values:       []float64{44, 61},
		reflections:  [][4]string{{"staff", "Letting the panel set the agenda.", "Our first meeting was in school hours.", "Meet after school from the start."}}},
	{title: "Home care visit scheduling", problem: "Home care visits are booked around rotas, not around the people receiving care.",
		affected: "People receiving home care and their families.", area: "Adult social care", lead: "officer@aberhaven.example", org: "Aberhaven Borough Council",
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "consult", ""}},
		decision: "not_yet", reasons: "The new contract is not let until next year; there is no room to change the schedule before then.",
		participants: [][3]string{{"staff", "Home care team", "Aberhaven Borough Council"}}},
	{title: "Food bank referral pathway", problem: "People were sent between agencies three or four times before reaching the food bank.",
		affected: "People in crisis needing emergency food.", area: "Financial inclusion", lead: "officer@aberhaven.example", org: "Harbourside Food Bank",
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "consult", ""}, {"co-design", "collaborate", ""}, {"delivery", "collaborate", ""}, {"review", "involve", ""}, {"closed", "involve", ""}},
		decision: "go", reasons: "All the agencies and people with lived experience ready to redesign the route together.", published: true,
		caseStudy: "People who had used the food bank mapped every step of getting a referral, with staff from the council, the health board and the credit union.\n\nTogether they cut the route to one conversation: any of the partners can now refer directly. The average number of contacts before help fell from four to just over one.",
		budget:    [2]int64{800000, 760000}, staff: [2]int{160, 170}, volunteer: [2]int{300, 340}, recognition: "vouchers,expenses",
		participants: [][3]string{{"resident", "Food bank users' group", ""}, {"partner", "Aberhaven Credit Union", "Aberhaven Credit Union"}, {"staff", "Advice team", "Aberhaven Borough Council"}},
		outcome:      [6]string{"Help at the first contact", "Contacts before reaching the food bank", "contacts", "4", "1", "down"},
		values:       []float64{4, 3.2, 2.1, 1.6, 1.3, 1.2},
		reflections:  [][4]string{{"together", "The journey map: everyone could see the same problem.", "Data sharing took months to agree.", "Bring information governance in at the start."}}},
	{title: "Library opening hours", problem: "The Nant library closes before people get home from work.",
		affected: "Working families and students in Nant.", area: "Libraries", lead: "member@aberhaven.example", org: "Nant Village Hall Committee",
		stages: [][3]string{{"proposed", "inform", ""}}},
}

var demoCriteria = [][3]any{
	{"Real room to change the service", "The decision is not already made; what people say can change how the service works.", 3},
	{"People with lived experience can take part", "Those affected can be reached and supported to take part as equals.", 3},
	{"Time and resources exist", "There is budget, staff time and enough months to do it properly.", 2},
	{"Decision makers are committed", "A named senior decision maker will act on what is co-produced.", 2},
}

// LoadDemo fills the demo borough's co-production once; it does nothing when projects exist.
func (s *Service) LoadDemo(ctx context.Context) error {
	var n int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM coproduction_projects`).Scan(&n); err != nil || n > 0 {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		account := func(email string) (string, string) {
			var id, name string
			_ = s.DB.QueryRow(ctx, `SELECT id, name FROM accounts WHERE email = $1`, email).Scan(&id, &name)
			return id, name
		}
		org := func(name string) any {
			var id string
			if err := s.DB.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, name).Scan(&id); err != nil {
				return nil
			}
			return id
		}
		officer, _ := account("officer@aberhaven.example")
		if officer == "" {
			return nil // identity's demo is not there
		}
		var criteria []string
		for i, c := range demoCriteria {
			id := ids.New()
			criteria = append(criteria, id)
			if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_criteria (id, name, description, weight, position, active, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6)`,
				id, c[0], c[1], c[2], i+1, now); err != nil {
				return err
			}
		}
		projectIDs := map[string]string{}
		for pi, d := range demoProjects {
			id := ids.New()
			projectIDs[d.title] = id
			lead, _ := account(d.lead)
			start := now.AddDate(0, 0, -40*len(d.stages)-pi)
			var suit any
			scores := make([]int, len(demoCriteria))
			if len(d.stages) > 1 {
				var scored []progress.Scored
				for ci, c := range demoCriteria {
					scores[ci] = 3 - (pi+ci)%3
					if d.decision == "not_yet" && ci == 0 {
						scores[ci] = 0
					}
					scored = append(scored, progress.Scored{Weight: c[2].(int), Score: scores[ci]})
				}
				suit = progress.Suitability(scored)
			}
			if err := s.demoProjectRow(ctx, id, d, lead, org(d.org), suit, start); err != nil {
				return err
			}
			if suit != nil {
				for ci := range demoCriteria {
					if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_scores (project_id, criterion_id, score, note, scored_by, scored_at) VALUES ($1, $2, $3, '', $4, $5)`,
						id, criteria[ci], scores[ci], officer, start.AddDate(0, 0, 40)); err != nil {
						return err
					}
				}
			}
			for si, st := range d.stages {
				if err := insertStage(ctx, s.DB, ids.New(), id, st[0], st[1], st[2], lead, start.AddDate(0, 0, 40*si)); err != nil {
					return err
				}
			}
			for _, p := range d.participants {
				var acc any
				name := p[1]
				if aid, aname := account(p[1]); aid != "" {
					acc, name = aid, aname
				}
				if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_participants (id, project_id, kind, name, account_id, organisation_id, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
					ids.New(), id, p[0], name, acc, org(p[2]), start); err != nil {
					return err
				}
			}
			if d.outcome[0] != "" {
				oid := ids.New()
				base, _ := progress.ParseNumber(d.outcome[3])
				target, _ := progress.ParseNumber(d.outcome[4])
				if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_outcomes (id, project_id, name, indicator, unit, baseline, target, direction, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
					oid, id, d.outcome[0], d.outcome[1], d.outcome[2], base, target, d.outcome[5], start); err != nil {
					return err
				}
				for vi, v := range d.values {
					on := start.AddDate(0, 1+vi, 0)
					if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_measurements (id, outcome_id, measured_on, value, note, recorded_by, created_at) VALUES ($1, $2, $3, $4, '', $5, $6)`,
						ids.New(), oid, on.Format("2006-01-02"), v, lead, on); err != nil {
						return err
					}
				}
			}
			for ri, r := range d.reflections {
				author, name := account("resident@aberhaven.example")
				if r[0] == "staff" {
					author, name = account(d.lead)
				}
				if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_reflections (id, project_id, author_id, author_name, perspective, worked, did_not, change, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
					ids.New(), id, author, name, r[0], r[1], r[2], r[3], now.AddDate(0, 0, -10*ri-1)); err != nil {
					return err
				}
			}
		}
		if err := s.demoBoards(ctx, now, account, org); err != nil {
			return err
		}
		return s.demoEngagements(ctx, now, officer, projectIDs)
	})
}

func (s *Service) demoProjectRow(ctx context.Context, id string, d demoProject, lead string, org, suit any, start time.Time) error {
	last := d.stages[len(d.stages)-1]
	var decided any
	if d.decision != "" {
		decided = start.AddDate(0, 0, 41)
	}
	_, err := s.DB.Exec(ctx, `INSERT INTO coproduction_projects (id, title, problem, affected, service_area, lead_id, organisation_id,
		stage, level, suitability, decision, decision_reasons, decided_at, published, case_study, budget_planned_pence,
		budget_spent_pence, staff_hours_planned, staff_hours_spent, volunteer_hours_planned, volunteer_hours_spent, recognition,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)`,
		id, d.title, d.problem, d.affected, d.area, lead, org, last[0], last[1], suit, d.decision, d.reasons, decided, boolInt(d.published),
		d.caseStudy, d.budget[0], d.budget[1], d.staff[0], d.staff[1], d.volunteer[0], d.volunteer[1], d.recognition, start)
	return err
}

func (s *Service) demoBoards(ctx context.Context, now time.Time, account func(string) (string, string), org func(string) any) error {
	type seat struct{ email, org, role string }
	type meeting struct {
		daysAgo         int
		agenda, minutes string
		decisions       []string
		actions         [][3]string // text, owner email or name, due in days from the meeting
		done            []bool
	}
	boards := []struct {
		name, kind, purpose, chair string
		seats                      []seat
		meetings                   []meeting
	}{
		{"Aberhaven Health and Wellbeing Partnership", "partnership", "The council, the health board and the voluntary sector plan community wellbeing together.", "officer@aberhaven.example",
			[]seat{{"", "Aberhaven Health Board Community Team", "Health board lead"}, {"", "Harbourside Food Bank", "Voluntary sector member"},
				{"", "Aberhaven Credit Union", "Voluntary sector member"}, {"member@aberhaven.example", "Nant Village Hall Committee", "Community representative"},
				{"resident@aberhaven.example", "", "Resident with lived experience"}},
			[]meeting{
				{70, "Welcome and apologies\nWinter plan\nWarm welcome spaces: first results\nAny other business",
					"Eight members attended.\n\nThe partnership agreed the winter plan and heard the first results of the warm welcome spaces.",
					[]string{"Adopt the winter wellbeing plan", "Extend the warm welcome spaces to Harbourside"},
					[][3]string{{"Find a Harbourside venue", "member@aberhaven.example", "30"}, {"Share referral data with the food bank", "officer@aberhaven.example", "45"}},
					[]bool{true, false}},
				{14, "Welcome and apologies\nFood bank referral pathway: case study\nBudget for next year", "",
					[]string{"Publish the referral pathway case study"},
					[][3]string{{"Draft next year's budget bid", "Health board lead", "21"}}, []bool{false}},
			}},
		{"Harbourside Regeneration Steering Group", "steering", "Steers the Harbourside regeneration with residents and local businesses.", "member@aberhaven.example",
			[]seat{{"", "Harbour Café", "Business member"}, {"", "Valley Builders Ltd", "Business member"}, {"officer@aberhaven.example", "Aberhaven Borough Council", "Council officer"},
				{"", "Y Rhos Tenants' Association", "Tenants' representative"}, {"", "Harbourside Food Bank", "Voluntary sector member"}},
			[]meeting{
				{35, "Welcome\nQuayside designs\nConsultation or co-design?", "The group asked for the quayside to be co-designed with residents rather than consulted on.",
					[]string{"Co-design the quayside with residents"}, [][3]string{{"Propose a co-production project for the quayside", "officer@aberhaven.example", "28"}}, []bool{false}},
			}},
	}
	for _, b := range boards {
		id := ids.New()
		chair, _ := account(b.chair)
		created := now.AddDate(0, -6, 0)
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_boards (id, name, kind, purpose, chair_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, b.name, b.kind, b.purpose, chair, created); err != nil {
			return err
		}
		seats := append([]seat{{b.chair, "", "Chair"}}, b.seats...)
		for _, st := range seats {
			var acc any
			if st.email != "" {
				a, _ := account(st.email)
				acc = a
			}
			if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_board_members (id, board_id, account_id, organisation_id, role, joined_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				ids.New(), id, acc, org(st.org), st.role, created); err != nil {
				return err
			}
		}
		for _, m := range b.meetings {
			mid := ids.New()
			held := now.AddDate(0, 0, -m.daysAgo)
			if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_meetings (id, board_id, held_on, agenda, minutes, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				mid, id, held.Format("2006-01-02"), m.agenda, m.minutes, held); err != nil {
				return err
			}
			for _, d := range m.decisions {
				if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_decisions (id, meeting_id, text, created_at) VALUES ($1, $2, $3, $4)`, ids.New(), mid, d, held); err != nil {
					return err
				}
			}
			for ai, a := range m.actions {
				var owner any
				name := a[1]
				if oid, oname := account(a[1]); oid != "" {
					owner, name = oid, oname
				}
				days, _ := progress.ParseHours(a[2])
				var done any
				if m.done[ai] {
					done = held.AddDate(0, 0, days-3)
				}
				if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_actions (id, board_id, meeting_id, text, owner_id, owner_name, due_on, done_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
					ids.New(), id, mid, a[0], owner, name, held.AddDate(0, 0, days).Format("2006-01-02"), done, held); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *Service) demoEngagements(ctx context.Context, now time.Time, officer string, projects map[string]string) error {
	es := []struct {
		title, project, phase string
		daysAgo               int
		scores                [7]int
		evidence              string
	}{
		{"Warm spaces design workshops", "Warm welcome spaces", "evaluated", 100, [7]int{4, 3, 3, 4, 3, 3, 2}, "Workshops held in the village hall with transport and carers' cover paid."},
		{"Park redesign online survey", "Youth voice in the Greenfields park redesign", "evaluated", 60, [7]int{1, 2, 2, 1, 2, 3, 1}, "Only 12 responses from young people; the survey ran in the exam season."},
		{"Quayside design drop-in", "", "planned", -14, [7]int{3, 2, 3, 2, 3, 2, 0}, "Planned with the steering group; impact to be measured afterwards."},
	}
	for _, e := range es {
		id := ids.New()
		var project any
		if p, ok := projects[e.project]; ok {
			project = p
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_engagements (id, title, project_id, phase, held_on, owner_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, e.title, project, e.phase, now.AddDate(0, 0, -e.daysAgo).Format("2006-01-02"), officer, now); err != nil {
			return err
		}
		for i, std := range progress.Standards {
			evidence := ""
			if i == 0 {
				evidence = e.evidence
			}
			if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_standard_scores (engagement_id, standard, score, evidence) VALUES ($1, $2, $3, $4)`,
				id, std, e.scores[i], evidence); err != nil {
				return err
			}
		}
	}
	return nil
}
