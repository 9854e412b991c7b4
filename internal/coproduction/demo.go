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
	// Welsh texts, where the council wrote both.
	titleCy, problemCy, affectedCy, areaCy string
	leadNamed                              bool
	stages                                 [][3]string // stage, level, note; each entered 40 days after the last
	decision, reasons                      string
	published                              bool
	caseStudy                              string
	budget                                 [2]int64
	staff, volunteer                       [2]int // minutes
	recognition                            string
	participants                           [][3]string // kind, email or name, organisation
	outcome                                [6]string   // name, indicator, unit, baseline, target, direction
	values                                 []float64   // one a month from the start
	reflections                            [][4]string // perspective, worked, did not, change
}

var demoProjects = []demoProject{
	{title: "Warm welcome spaces", problem: "Older people in Nant and Harbourside sit in cold homes all winter and see nobody for days.",
		affected: "Older residents living alone, carers, people on low incomes.", area: "Adult social care", lead: "officer@aberhaven.example", org: "Aberhaven Borough Council",
		titleCy: "Mannau croeso cynnes", problemCy: "Mae pobl hŷn yn Nant a Glan yr Harbwr yn eistedd mewn cartrefi oer drwy'r gaeaf heb weld neb am ddyddiau.",
		affectedCy: "Preswylwyr hŷn sy'n byw ar eu pen eu hunain, gofalwyr, pobl ar incwm isel.", areaCy: "Gofal cymdeithasol i oedolion", leadNamed: true,
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "consult", ""}, {"co-design", "collaborate", "Three workshops in the village hall"}, {"delivery", "collaborate", "Six warm spaces open"}},
		decision: "go", reasons: "Real room to change how the service works, and residents ready to lead.", published: true,
		budget: [2]int64{1500000, 620000}, staff: [2]int{240 * 60, 130*60 + 30}, volunteer: [2]int{600 * 60, 410*60 + 15}, recognition: "time_credits,expenses",
		participants: [][3]string{{"resident", "resident@aberhaven.example", ""}, {"partner", "member@aberhaven.example", "Nant Village Hall Committee"}, {"partner", "Harbourside Food Bank volunteers", "Harbourside Food Bank"}},
		outcome:      [6]string{"Fewer people alone through the winter", "Residents who say they went a week without seeing anyone", "%", "38", "15", "down"},
		values:       []float64{36, 31, 27, 22},
		reflections: [][4]string{{"together", "Meeting in the hall people already use.", "Online sign-up put people off.", "Start in September, not November."},
			{"resident", "Being asked what we wanted before anything was decided.", "", "Pay for taxis on the coldest days."}}},
	{title: "Youth voice in the Greenfields park redesign", problem: "The park was redesigned twice without young people, and both times the new equipment went unused.",
		affected: "Young people aged 11 to 18 in Greenfields and Station wards.", area: "Parks and open spaces", lead: "officer@aberhaven.example", org: "Friends of Greenfields Park",
		titleCy: "Llais ieuenctid yn ailgynllunio parc Greenfields", problemCy: "Cafodd y parc ei ailgynllunio ddwywaith heb bobl ifanc, a'r ddau dro ni ddefnyddiwyd yr offer newydd.",
		affectedCy: "Pobl ifanc 11 i 18 oed yn wardiau Greenfields a'r Orsaf.", areaCy: "Parciau a mannau agored", leadNamed: true,
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "involve", ""}, {"co-design", "empower", "Young people's panel holds the design budget"}},
		decision: "go", reasons: "Young people can decide how the budget is spent.", published: true,
		budget: [2]int64{4000000, 350000}, staff: [2]int{120 * 60, 45 * 60}, volunteer: [2]int{200 * 60, 90 * 60}, recognition: "vouchers",
		participants: [][3]string{{"resident", "Greenfields youth panel", ""}, {"partner", "Friends of Greenfields Park", "Friends of Greenfields Park"}},
		outcome:      [6]string{"Young people use the park", "Visits by young people on a survey weekend", "visits", "40", "120", "up"},
		values:       []float64{44, 61},
		reflections:  [][4]string{{"staff", "Letting the panel set the agenda.", "Our first meeting was in school hours.", "Meet after school from the start."}}},
	{title: "Home care visit scheduling", problem: "Home care visits are booked around rotas, not around the people receiving care.",
		affected: "People receiving home care and their families.", area: "Adult social care", lead: "officer@aberhaven.example", org: "Aberhaven Borough Council",
		titleCy: "Amserlennu ymweliadau gofal cartref", areaCy: "Gofal cymdeithasol i oedolion", leadNamed: true,
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "consult", ""}},
		decision: "not_yet", reasons: "The new contract is not let until next year; there is no room to change the schedule before then.",
		participants: [][3]string{{"staff", "Home care team", "Aberhaven Borough Council"}}},
	{title: "Food bank referral pathway", problem: "People were sent between agencies three or four times before reaching the food bank.",
		affected: "People in crisis needing emergency food.", area: "Financial inclusion", lead: "officer@aberhaven.example", org: "Harbourside Food Bank",
		titleCy: "Llwybr atgyfeirio'r banc bwyd", problemCy: "Roedd pobl yn cael eu hanfon rhwng asiantaethau dair neu bedair gwaith cyn cyrraedd y banc bwyd.",
		affectedCy: "Pobl mewn argyfwng sydd angen bwyd brys.", areaCy: "Cynhwysiant ariannol", leadNamed: true,
		stages:   [][3]string{{"proposed", "inform", ""}, {"assessed", "consult", ""}, {"co-design", "collaborate", ""}, {"delivery", "collaborate", ""}, {"review", "involve", ""}, {"closed", "involve", ""}},
		decision: "go", reasons: "All the agencies and people with lived experience ready to redesign the route together.", published: true,
		caseStudy: "People who had used the food bank mapped every step of getting a referral, with staff from the council, the health board and the credit union.\n\nTogether they cut the route to one conversation: any of the partners can now refer directly. The average number of contacts before help fell from four to just over one.",
		budget:    [2]int64{800000, 760000}, staff: [2]int{160 * 60, 170 * 60}, volunteer: [2]int{300 * 60, 340 * 60}, recognition: "vouchers,expenses",
		participants: [][3]string{{"resident", "Food bank users' group", ""}, {"partner", "Aberhaven Credit Union", "Aberhaven Credit Union"}, {"staff", "Advice team", "Aberhaven Borough Council"}},
		outcome:      [6]string{"Help at the first contact", "Contacts before reaching the food bank", "contacts", "4", "1", "down"},
		values:       []float64{4, 3.2, 2.1, 1.6, 1.3, 1.2},
		reflections:  [][4]string{{"together", "The journey map: everyone could see the same problem.", "Data sharing took months to agree.", "Bring information governance in at the start."}}},
	{title: "Library opening hours", problem: "The Nant library closes before people get home from work.",
		affected: "Working families and students in Nant.", area: "Libraries", lead: "member@aberhaven.example", org: "Nant Village Hall Committee",
		stages: [][3]string{{"proposed", "inform", ""}}},
}

// demoCriteria: name, meaning, weight, and the name and meaning in Welsh.
var demoCriteria = [][5]any{
	{"Real room to change the service", "The decision is not already made; what people say can change how the service works.", 3,
		"Lle go iawn i newid y gwasanaeth", "Nid yw'r penderfyniad wedi'i wneud eisoes; gall yr hyn y mae pobl yn ei ddweud newid sut mae'r gwasanaeth yn gweithio."},
	{"People with lived experience can take part", "Those affected can be reached and supported to take part as equals.", 3,
		"Gall pobl â phrofiad bywyd gymryd rhan", "Gellir cyrraedd y rhai yr effeithir arnynt a'u cefnogi i gymryd rhan fel partneriaid cyfartal."},
	{"Time and resources exist", "There is budget, staff time and enough months to do it properly.", 2,
		"Mae amser ac adnoddau", "Mae cyllideb, amser staff a digon o fisoedd i'w wneud yn iawn."},
	{"Decision makers are committed", "A named senior decision maker will act on what is co-produced.", 2,
		"Mae'r rhai sy'n penderfynu wedi ymrwymo", "Bydd uwch benderfynwr a enwir yn gweithredu ar yr hyn a gyd-gynhyrchir."},
}

// LoadDemo fills the demo borough's co-production once; it does nothing when projects exist.
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := queryProjectCount(ctx, s.DB); err != nil || n > 0 {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		account := func(email string) (string, string) {
			id, name, _ := queryPersonWithEmail(ctx, s.DB, email)
			return id, name
		}
		org := func(name string) any {
			id, err := queryOrganisationIDByName(ctx, s.DB, name)
			if err != nil {
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
			if err := insertDemoCriterion(ctx, s.DB, id, c[0], c[3], c[1], c[4], c[2], i+1, now); err != nil {
				return err
			}
		}
		projectIDs := map[string]string{}
		for pi, d := range demoProjects {
			id := ids.New()
			projectIDs[d.title] = id
			lead, _ := account(d.lead)
			start := now.AddDate(0, 0, -40*len(d.stages)-pi)
			var suit *int
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
				v := progress.Suitability(scored)
				suit = &v
			}
			if err := s.demoProjectRow(ctx, id, d, lead, org(d.org), suit, start); err != nil {
				return err
			}
			if err := s.consent(ctx, lead, "coproduction_project_lead:"+id, d.leadNamed); err != nil {
				return err
			}
			if err := s.consent(ctx, lead, "coproduction_case_study:"+id, d.leadNamed && d.caseStudy != ""); err != nil {
				return err
			}
			if suit != nil {
				for ci := range demoCriteria {
					if err := insertDemoScore(ctx, s.DB, id, criteria[ci], scores[ci], officer, start.AddDate(0, 0, 40)); err != nil {
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
				// Residents and partners in the demo did not ask to be named on public pages.
				if err := insertDemoParticipant(ctx, s.DB, ids.New(), id, p[0], name, acc, org(p[2]), start); err != nil {
					return err
				}
			}
			if d.outcome[0] != "" {
				oid := ids.New()
				base, _ := progress.ParseNumber(d.outcome[3])
				target, _ := progress.ParseNumber(d.outcome[4])
				if err := insertOutcome(ctx, s.DB, oid, id, d.outcome[0], d.outcome[1], d.outcome[2], base, target, d.outcome[5], start); err != nil {
					return err
				}
				for vi, v := range d.values {
					on := start.AddDate(0, 1+vi, 0)
					if err := insertDemoMeasurement(ctx, s.DB, ids.New(), oid, on.Format("2006-01-02"), v, lead, on); err != nil {
						return err
					}
				}
			}
			for ri, r := range d.reflections {
				author, name := account("resident@aberhaven.example")
				named := 0 // the resident did not ask to be named
				if r[0] == "staff" {
					author, name = account(d.lead)
					named = boolInt(d.leadNamed)
				}
				rid := ids.New()
				if err := insertDemoReflection(ctx, s.DB, rid, id, author, name, named, r[0], r[1], r[2], r[3], now.AddDate(0, 0, -10*ri-1)); err != nil {
					return err
				}
				if err := s.consent(ctx, author, "coproduction_reflection:"+rid, named == 1); err != nil {
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

func (s *Service) demoProjectRow(ctx context.Context, id string, d demoProject, lead string, org any, suit *int, start time.Time) error {
	last := d.stages[len(d.stages)-1]
	orgID, _ := org.(string)
	p := Project{ID: id, Title: Text{Main: d.title, Alt: d.titleCy}, Problem: Text{Main: d.problem, Alt: d.problemCy},
		Affected: Text{Main: d.affected, Alt: d.affectedCy}, ServiceArea: Text{Main: d.area, Alt: d.areaCy},
		LeadID: lead, LeadNamed: d.leadNamed, OrganisationID: orgID, Stage: last[0], Level: last[1], Suitability: suit,
		Decision: d.decision, DecisionReasons: d.reasons, Published: d.published,
		CaseStudy: Text{Main: d.caseStudy, Alt: demoCaseStudyCy(d)}, CaseStudyState: "none", CaseStudyNamed: d.leadNamed,
		BudgetPlanned: d.budget[0], BudgetSpent: d.budget[1], StaffPlanned: d.staff[0], StaffSpent: d.staff[1],
		VolunteerPlanned: d.volunteer[0], VolunteerSpent: d.volunteer[1], Recognition: splitSet(d.recognition), CreatedAt: start}
	if d.decision != "" {
		decided := start.AddDate(0, 0, 41)
		p.DecidedAt = &decided
	}
	if d.caseStudy != "" {
		p.CaseStudyState, p.CaseStudyByID = "published", lead
	}
	return insertDemoProject(ctx, s.DB, p)
}

func demoCaseStudyCy(d demoProject) string {
	if d.caseStudy == "" {
		return ""
	}
	return "Mapiodd pobl a oedd wedi defnyddio'r banc bwyd bob cam o gael atgyfeiriad, gyda staff o'r cyngor, y bwrdd iechyd a'r undeb credyd.\n\n" +
		"Gyda'i gilydd fe wnaethon nhw dorri'r llwybr i un sgwrs: gall unrhyw un o'r partneriaid atgyfeirio'n uniongyrchol nawr."
}

// demoPaper is a small, valid PDF: the demo's meeting papers.
const demoPaper = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func (s *Service) demoBoards(ctx context.Context, now time.Time, account func(string) (string, string), org func(string) any) error {
	// A seat: who (an account's email, or a person without one), organisation, role in both
	// languages, and whether the person agreed to be named on public pages.
	type seat struct {
		email, person, phone, note, org, role, roleCy string
		named                                         bool
	}
	type meeting struct {
		days            int // from today: negative for past meetings
		start, end      string
		place, online   string
		agenda, minutes string
		approvedAtNext  bool
		decisions       []string
		actions         [][3]string // text, owner (a seat's role, an email or a name), due in days from the meeting
		done            []bool
		paper           string
	}
	boards := []struct {
		name, nameCy, kind, purpose, purposeCy, chair string
		seats                                         []seat
		meetings                                      []meeting
	}{
		{"Aberhaven Health and Wellbeing Partnership", "Partneriaeth Iechyd a Lles Aberhaven", "partnership",
			"The council, the health board and the voluntary sector plan community wellbeing together.",
			"Mae'r cyngor, y bwrdd iechyd a'r sector gwirfoddol yn cynllunio lles cymunedol gyda'i gilydd.", "officer@aberhaven.example",
			[]seat{{org: "Aberhaven Health Board Community Team", role: "Health board lead", roleCy: "Arweinydd y bwrdd iechyd"},
				{org: "Harbourside Food Bank", role: "Voluntary sector member", roleCy: "Aelod o'r sector gwirfoddol"},
				{org: "Aberhaven Credit Union", role: "Voluntary sector member", roleCy: "Aelod o'r sector gwirfoddol"},
				{email: "member@aberhaven.example", org: "Nant Village Hall Committee", role: "Community representative", roleCy: "Cynrychiolydd cymunedol", named: true},
				{email: "resident@aberhaven.example", role: "Resident with lived experience", roleCy: "Preswylydd â phrofiad bywyd"},
				{person: "Siân Jones", phone: "01632 960123", note: "No email: ring in the afternoon, or post via Nant Village Hall.", role: "Carers' representative", roleCy: "Cynrychiolydd gofalwyr"}},
			[]meeting{
				{days: -70, start: "18:00", end: "19:30", place: "Nant Village Hall, Heol y Nant", agenda: "Welcome and apologies\nWinter plan\nWarm welcome spaces: first results\nAny other business",
					minutes:   "Eight members attended.\n\nThe partnership agreed the winter plan and heard the first results of the warm welcome spaces.",
					decisions: []string{"Adopt the winter wellbeing plan", "Extend the warm welcome spaces to Harbourside"}, approvedAtNext: true,
					actions: [][3]string{{"Find a Harbourside venue", "Community representative", "30"}, {"Share referral data with the food bank", "officer@aberhaven.example", "45"}},
					done:    []bool{true, false}, paper: "Winter wellbeing plan"},
				{days: -14, start: "18:00", end: "19:30", place: "Harbourside Library", online: "https://meet.example.org/aberhaven-partnership",
					agenda:    "Welcome and apologies\nMinutes of the last meeting\nFood bank referral pathway: case study\nBudget for next year",
					minutes:   "Seven members attended, two online.\n\nThe partnership agreed to publish the referral pathway case study.",
					decisions: []string{"Publish the referral pathway case study"},
					actions: [][3]string{{"Draft next year's budget bid", "Health board lead", "21"}, {"Ask carers what the budget should cover", "Carers' representative", "10"},
						{"Book Nant Village Hall for the carers' workshop", "Community representative", "7"}}, done: []bool{false, false, false}},
				{days: 10, start: "18:00", end: "19:30", place: "Nant Village Hall, Heol y Nant", online: "https://meet.example.org/aberhaven-partnership",
					agenda: "Welcome and apologies\nMinutes of the last meeting\nNext year's budget bid\nAny other business", paper: "Budget bid: first draft"},
			}},
		{"Harbourside Regeneration Steering Group", "Grŵp Llywio Adfywio Glan yr Harbwr", "steering",
			"Steers the Harbourside regeneration with residents and local businesses.",
			"Yn llywio adfywio Glan yr Harbwr gyda phreswylwyr a busnesau lleol.", "member@aberhaven.example",
			[]seat{{org: "Harbour Café", role: "Business member", roleCy: "Aelod busnes"}, {org: "Valley Builders Ltd", role: "Business member", roleCy: "Aelod busnes"},
				{email: "officer@aberhaven.example", org: "Aberhaven Borough Council", role: "Council officer", roleCy: "Swyddog y cyngor", named: true},
				{org: "Y Rhos Tenants' Association", role: "Tenants' representative", roleCy: "Cynrychiolydd y tenantiaid"},
				{org: "Harbourside Food Bank", role: "Voluntary sector member", roleCy: "Aelod o'r sector gwirfoddol"}},
			[]meeting{
				{days: -35, start: "10:00", end: "11:30", place: "Harbour Café, Quay Street", agenda: "Welcome\nQuayside designs\nConsultation or co-design?",
					minutes:   "The group asked for the quayside to be co-designed with residents rather than consulted on.",
					decisions: []string{"Co-design the quayside with residents"}, actions: [][3]string{{"Propose a co-production project for the quayside", "Council officer", "28"}}, done: []bool{false}},
			}},
	}
	for _, b := range boards {
		id := ids.New()
		chair, _ := account(b.chair)
		created := now.AddDate(0, -6, 0)
		if err := insertBoard(ctx, s.DB, id, Text{Lang: "en", Main: b.name, Alt: b.nameCy}, b.kind, Text{Lang: "en", Main: b.purpose, Alt: b.purposeCy}, chair, created); err != nil {
			return err
		}
		seatIDs := map[string]string{}
		var allSeats []seatInsert
		seats := append([]seat{{email: b.chair, role: chairRoleText.Main, roleCy: chairRoleText.Alt, named: true}}, b.seats...)
		for _, st := range seats {
			in := seatInsert{ID: ids.New(), BoardID: id, PersonName: st.person, ContactPhone: st.phone, ContactNote: st.note, Language: "cy",
				Role: Text{Lang: "en", Main: st.role, Alt: st.roleCy}, Named: st.named, AddedBy: chair, At: created}
			if st.email != "" {
				in.AccountID, _ = account(st.email)
				in.Language = "en"
			}
			if o, ok := org(st.org).(string); ok {
				in.OrganisationID = o
			}
			if st.named {
				in.ConsentNote = "self"
			}
			if err := insertSeat(ctx, s.DB, in); err != nil {
				return err
			}
			if err := s.consent(ctx, in.AccountID, "coproduction_seat:"+in.ID, in.Named); err != nil {
				return err
			}
			if _, taken := seatIDs[st.role]; !taken {
				seatIDs[st.role] = in.ID
			}
			allSeats = append(allSeats, in)
		}
		var meetingIDs []string
		for range b.meetings {
			meetingIDs = append(meetingIDs, ids.New())
		}
		approvals := map[string]string{} // meeting → the later meeting that approved its minutes
		for mi, m := range b.meetings {
			mid := meetingIDs[mi]
			day := now.In(london).AddDate(0, 0, m.days)
			at := func(clock string) time.Time {
				h, min, _ := progress.ParseClock(clock)
				return time.Date(day.Year(), day.Month(), day.Day(), h, min, 0, 0, london).UTC()
			}
			starts, ends := at(m.start), at(m.end)
			state := "none"
			var approvedAt, approvedIn any
			if m.minutes != "" {
				state = "draft"
			}
			if m.approvedAtNext && mi+1 < len(b.meetings) {
				state, approvedAt, approvedIn = "approved", at(m.end).AddDate(0, 0, b.meetings[mi+1].days-m.days), meetingIDs[mi+1]
			}
			var notice any
			if m.days > 0 {
				notice = now.AddDate(0, 0, -1)
			}
			if err := insertDemoMeeting(ctx, s.DB, mid, id, day.Format(time.DateOnly), starts, ends, m.place, m.online, m.agenda, m.minutes, state, approvedAt, notice, map[bool]int{true: len(seats) - 4, false: 0}[notice != nil], map[bool]int{true: 1, false: 0}[notice != nil], starts.AddDate(0, 0, -21)); err != nil {
				return err
			}
			if approvedIn != nil {
				approvals[mid] = approvedIn.(string)
			}
			// Who came to past meetings (a carer's apologies taken by phone), and a resident's
			// apologies, sent by themselves, for the next one.
			for si, seat := range allSeats {
				a := Attendance{MeetingID: mid, MemberID: seat.ID, Status: "present", RecordedBy: chair, RecordedHow: "meeting"}
				switch {
				case m.days > 0 && seat.Role.Main == "Resident with lived experience":
					a.Status, a.Note, a.RecordedBy, a.RecordedHow = "apologies", "I work late on Thursdays.", seat.AccountID, "self"
				case m.days > 0:
					continue
				case seat.PersonName != "" && seat.AccountID == "":
					a.Status, a.RecordedHow = "apologies", "phone"
				case si%3 == 2:
					a.Status = "online"
				}
				if err := setAttendance(ctx, s.DB, a, starts); err != nil {
					return err
				}
			}
			if m.paper != "" {
				if err := insertDemoPaper(ctx, s.DB, ids.New(), mid, m.paper, SafeFilename(m.paper+".pdf"), len(demoPaper), []byte(demoPaper), chair, starts.AddDate(0, 0, -14)); err != nil {
					return err
				}
			}
			for _, d := range m.decisions {
				if err := insertDecision(ctx, s.DB, ids.New(), mid, d, ends); err != nil {
					return err
				}
			}
			for ai, a := range m.actions {
				var owner, seatID any
				name := a[1]
				if sid, ok := seatIDs[a[1]]; ok {
					seatID = sid
					ms, err := queryMembers(ctx, s.DB, "m.id = $1", sid)
					if err != nil {
						return err
					}
					if len(ms) == 1 {
						name = ms[0].AccountName
						if ms[0].AccountID != "" {
							owner = ms[0].AccountID
						}
						if name == "" {
							name = ms[0].PersonName
						}
						if name == "" {
							name = ms[0].OrganisationName
						}
					}
				} else if oid, oname := account(a[1]); oid != "" {
					owner, name = oid, oname
				}
				days, _ := progress.ParseHours(a[2])
				var done any
				if m.done[ai] {
					done = ends.AddDate(0, 0, days-3)
				}
				if err := insertDemoAction(ctx, s.DB, ids.New(), id, mid, a[0], owner, seatID, name, day.AddDate(0, 0, days).Format(time.DateOnly), done, map[bool]any{true: owner, false: nil}[done != nil], ends); err != nil {
					return err
				}
			}
		}
		for mid, in := range approvals {
			if err := setMinutesApprovedIn(ctx, s.DB, in, mid); err != nil {
				return err
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
		if err := insertEngagement(ctx, s.DB, id, e.title, project, e.phase, now.AddDate(0, 0, -e.daysAgo).Format("2006-01-02"), officer, now); err != nil {
			return err
		}
		for i, std := range progress.Standards {
			evidence := ""
			if i == 0 {
				evidence = e.evidence
			}
			if err := insertDemoStandardScore(ctx, s.DB, id, std, e.scores[i], evidence); err != nil {
				return err
			}
		}
	}
	return nil
}
