package events

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"commons/internal/events/themes"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
	"commons/internal/platform/secret"
)

// Demo event titles; LoadDemo does nothing when the first exists.
const (
	DemoPopUp    = "Aberhaven Pop-up Day: advice, inspiration and connections"
	DemoTogether = "Aberhaven Together: a borough-wide conversation"
)

// demoNotes are what the past event's tables wrote down, six themes a reader can see.
var demoNotes = [][]string{
	{"The evening bus service to the hospital stops too early.", "Bus services in the Upper Valley are too infrequent for shift workers.",
		"Older people miss appointments without a reliable bus service.", "Cut bus routes leave Nant and Trefelin isolated.",
		"Cheaper bus fares would help young people reach college.", "A community bus service could fill gaps the commercial routes left.",
		"The bus timetable changes without anyone telling residents.", "Bus stops need shelters and seats for older people."},
	{"Loneliness among older people living alone is getting worse.", "Lunch clubs tackle loneliness and get older people out of the house.",
		"Befriending phone calls help with loneliness over the winter.", "Carers feel loneliness too and need time for themselves.",
		"Loneliness after bereavement is hidden; people do not ask for help.", "Men's sheds reduce loneliness for older men.",
		"Young parents also feel loneliness and isolation.", "Warm spaces in libraries eased loneliness last winter."},
	{"Damp and mould in council housing is not fixed quickly enough.", "Housing repairs take months after they are reported.",
		"Private rented housing is unaffordable for families on low incomes.", "Waiting lists for social housing are years long.",
		"Tenants should check housing repairs before they are signed off.", "Young people leave Aberhaven because housing costs too much.",
		"Housing officers should visit estates in person.", "Empty shops could become housing above the high street."},
	{"Food bank demand doubled this year with the cost of living.", "The food bank needs more volunteers on Saturdays.",
		"Community fridges cut food waste and help families.", "Food bank parcels should include fresh food, not only tins.",
		"Schools could host a food pantry in the holidays.", "Surplus food from supermarkets should reach the food bank faster.",
		"Cooking on a budget classes at the food bank are popular.", "The food bank could offer debt advice alongside parcels."},
	{"Youth club closures left young people with nowhere to go.", "Young people want a youth club open on Friday evenings.",
		"Youth workers build trust that schools cannot.", "Youth sport sessions keep young people off the streets.",
		"Young people should help plan what the youth club offers.", "The youth club in Y Rhos needs a safe building.",
		"Holiday youth activities are oversubscribed.", "Young people feel nobody listens to them; a youth forum would help."},
	{"Mental health waiting lists are too long for counselling.", "Mental health support should be available in GP surgeries.",
		"Peer support groups help people with mental health problems.", "Mental health first aid training for volunteers would help.",
		"Young people's mental health got worse after the pandemic.", "Walking groups help mental health and make friends.",
		"Mental health crisis support is hard to reach at night.", "Employers should take staff mental health seriously."},
}

// LoadDemo adds the demo borough's events: an upcoming pop-up day with a programme and some
// registrations, and a past borough-wide event with 117 registrations across sectors,
// attendance, 18 discussion groups' notes, published themes and feedback. It runs once.
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := countEventsTitled(ctx, s.DB, DemoPopUp); err != nil || n > 0 {
		return err
	}
	orgs, err := s.Identity.Organisations(ctx, "", 1000, 0)
	if err != nil {
		return err
	}
	areas, err := s.Identity.Areas(ctx, 1000, 0)
	if err != nil {
		return err
	}
	if len(orgs) == 0 || len(areas) == 0 {
		return nil // identity's demo is not loaded
	}
	council := orgs[0].ID
	for _, o := range orgs {
		if o.Name == "Aberhaven Borough Council" {
			council = o.ID
		}
	}
	r := rand.New(rand.NewPCG(2026, 7))
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		today := Local(now)
		at := func(days, hour, min int) time.Time {
			d := today.AddDate(0, 0, days)
			return time.Date(d.Year(), d.Month(), d.Day(), hour, min, 0, 0, London).UTC()
		}
		lat, lon := 51.6201, -3.9436
		popUp := Event{ID: ids.New(), Title: DemoPopUp, OrganisationID: council, Venue: "Harbourside Community Centre",
			Address: "1 Quay Street, Aberhaven AH1 2QS", Latitude: &lat, Longitude: &lon,
			AccessInfo: "Step-free entrance on Quay Street, hearing loop in the main hall, quiet room on the first floor (lift).",
			StartsAt:   at(21, 10, 0), EndsAt: at(21, 15, 30), Capacity: 120, CreatedAt: now, UpdatedAt: now,
			Description: "A day of **advice, inspiration and connections** for everyone who works with Aberhaven's communities.\n\n" +
				"- Learn & Share workshops run by local groups\n- A fishbowl conversation on working together\n- Stalls, lunch and time to meet people"}
		tgt := Event{ID: ids.New(), Title: DemoTogether, OrganisationID: council, Venue: "Aberhaven Leisure Centre, Main Hall",
			Address: "Park Road, Aberhaven AH12 4PR", AccessInfo: "Step-free throughout; accessible toilets; British Sign Language interpreter on request.",
			StartsAt: at(-30, 9, 30), EndsAt: at(-30, 13, 0), Capacity: 150, CreatedAt: now.AddDate(0, 0, -60), UpdatedAt: now.AddDate(0, 0, -60),
			Description: "The borough-wide conversation on what matters most: 18 tables, each with a facilitator, and a panel to close."}
		for _, e := range []*Event{&popUp, &tgt} {
			html, err := markdown.Render(e.Description)
			if err != nil {
				return err
			}
			e.DescriptionHTML = string(html)
			if err := insertEvent(ctx, s.DB, *e, ""); err != nil {
				return err
			}
		}
		sess := func(e *Event, title, kind, track, room, who string, h1, m1, h2, m2, capacity int) (Session, error) {
			start := time.Date(Local(e.StartsAt).Year(), Local(e.StartsAt).Month(), Local(e.StartsAt).Day(), h1, m1, 0, 0, London).UTC()
			end := time.Date(Local(e.StartsAt).Year(), Local(e.StartsAt).Month(), Local(e.StartsAt).Day(), h2, m2, 0, 0, London).UTC()
			ss := Session{ID: ids.New(), EventID: e.ID, Title: title, Kind: kind, Track: track, Room: room, Facilitators: who, StartsAt: start, EndsAt: end, Capacity: capacity}
			e.Sessions = append(e.Sessions, ss)
			return ss, insertSession(ctx, s.DB, ss)
		}
		for _, x := range []struct {
			title, kind, track, room, who string
			h1, m1, h2, m2, capacity      int
		}{
			{"Welcome and what's changing in Aberhaven", "plenary", "", "Main hall", "Owen Officer", 10, 0, 10, 30, 0},
			{"Learn & Share: running a warm space", "workshop", "Learn & Share", "Room 1", "St Teilo's Church", 10, 45, 11, 45, 25},
			{"Learn & Share: funding bids that work", "workshop", "Learn & Share", "Room 2", "Aberhaven Credit Union", 10, 45, 11, 45, 25},
			{"Advice surgery: benefits and debt", "workshop", "Advice", "Room 3", "Harbourside Food Bank", 10, 45, 11, 45, 15},
			{"Fishbowl: how the council and communities work together", "fishbowl", "", "Main hall", "Gwen Member", 13, 0, 14, 0, 0},
			{"Panel: what next for the borough", "panel", "", "Main hall", "Council leader, health board, Nant Village Hall", 14, 15, 15, 15, 0},
		} {
			if _, err := sess(&popUp, x.title, x.kind, x.track, x.room, x.who, x.h1, x.m1, x.h2, x.m2, x.capacity); err != nil {
				return err
			}
		}
		for _, x := range []struct {
			title, kind    string
			h1, m1, h2, m2 int
		}{{"Opening plenary", "plenary", 9, 30, 10, 0}, {"Table discussions", "workshop", 10, 0, 12, 0}, {"Closing panel", "panel", 12, 15, 13, 0}} {
			if _, err := sess(&tgt, x.title, x.kind, "", "Main hall", "", x.h1, x.m1, x.h2, x.m2, 0); err != nil {
				return err
			}
		}
		first := []string{"Alys", "Bryn", "Carys", "Dafydd", "Eleri", "Ffion", "Gareth", "Heledd", "Iwan", "Jac", "Lowri", "Mared", "Nia", "Osian", "Rhian", "Sian", "Tomos", "Wyn", "Amir", "Grace", "Priya", "Sam", "Zofia", "Kemi"}
		last := []string{"Jones", "Davies", "Williams", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Griffiths", "Khan", "Nowak", "Okafor", "Patel"}
		orgBySector := map[string][]string{}
		for _, o := range orgs {
			orgBySector[o.Sector] = append(orgBySector[o.Sector], o.Name)
		}
		taken := map[string]int{}
		var attendees []string // the past event's people who came, who gave the feedback
		add := func(e Event, i int, sector string, status string, checked bool, sessions []Session) error {
			name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
			org := ""
			if list := orgBySector[sector]; sector != "resident" && len(list) > 0 {
				org = list[r.IntN(len(list))]
			}
			reg := Registration{ID: ids.New(), EventID: e.ID, Name: name, Email: fmt.Sprintf("guest%03d@%s.example", i, e.ID[:8]), OrganisationName: org,
				Sector: sector, AreaID: areas[r.IntN(len(areas))].ID, Status: status, CreatedAt: e.CreatedAt.Add(time.Duration(i) * time.Hour),
				Language: "en", FeedbackCode: feedbackCode()}
			if i%7 == 3 {
				reg.Language = "cy"
			}
			if i%9 == 0 {
				reg.DietaryNeeds = "Vegetarian"
			}
			if i%13 == 0 {
				reg.AccessNeeds = "Step-free access"
			}
			if checked {
				t := e.StartsAt.Add(time.Duration(r.IntN(40)) * time.Minute)
				reg.CheckedInAt = &t
			}
			if err := insertRegistration(ctx, s.DB, reg, secret.HashToken(secret.Token())); err != nil {
				return err
			}
			if checked && e.ID == tgt.ID {
				attendees = append(attendees, reg.ID)
			}
			for _, ss := range sessions {
				// A full workshop puts people on its own waiting list.
				status := Confirmed
				if ss.Capacity > 0 && taken[ss.ID] >= ss.Capacity {
					status = Waitlisted
				} else {
					taken[ss.ID]++
				}
				if err := insertChoice(ctx, s.DB, reg.ID, ss.ID, status, reg.CreatedAt); err != nil {
					return err
				}
			}
			return nil
		}
		// The past event: 117 places taken, 69 public, 41 voluntary, community and faith, 6 private, 1 resident.
		var plan []string
		for sector, n := range map[string]int{"public": 69, "vcf": 41, "private": 6, "resident": 1} {
			for j := 0; j < n; j++ {
				plan = append(plan, sector)
			}
		}
		sort.Strings(plan) // map order is random; the shuffle below is not
		r.Shuffle(len(plan), func(a, b int) { plan[a], plan[b] = plan[b], plan[a] })
		for i, sector := range plan {
			if err := add(tgt, i, sector, Confirmed, r.IntN(100) < 88, tgt.Sessions); err != nil {
				return err
			}
		}
		// The pop-up day so far: 40 places taken, with workshop choices; the advice surgery is
		// popular, so it is full and has a waiting list.
		for i := 0; i < 40; i++ {
			sector := []string{"public", "vcf", "vcf", "private", "resident"}[r.IntN(5)]
			workshop := popUp.Sessions[1+r.IntN(3)]
			if i%2 == 0 {
				workshop = popUp.Sessions[3]
			}
			choice := []Session{popUp.Sessions[0], workshop, popUp.Sessions[4]}
			if err := add(popUp, i, sector, Confirmed, false, choice); err != nil {
				return err
			}
		}
		for id, n := range taken {
			if err := setSessionTaken(ctx, s.DB, id, n); err != nil {
				return err
			}
		}
		if err := setFeedbackAsked(ctx, s.DB, tgt.ID, tgt.EndsAt); err != nil {
			return err
		}
		if err := recountRegistered(ctx, s.DB, popUp.ID, tgt.ID); err != nil {
			return err
		}
		// 18 tables; the notes are dealt round them in turn.
		var groupIDs []string
		for i := 1; i <= 18; i++ {
			id := ids.New()
			if err := insertGroup(ctx, s.DB, id, tgt.ID, fmt.Sprintf("Table %d", i), first[i%len(first)]+" "+last[i%len(last)], tgt.StartsAt); err != nil {
				return err
			}
			groupIDs = append(groupIDs, id)
		}
		k := 0
		var notes []themes.Note
		byID := map[string]Note{}
		for j := 0; j < 8; j++ {
			for _, topic := range demoNotes {
				id := ids.New()
				g := groupIDs[k%len(groupIDs)]
				at := tgt.StartsAt.Add(time.Duration(k) * time.Minute)
				if err := insertNote(ctx, s.DB, id, tgt.ID, g, topic[j], at, k); err != nil {
					return err
				}
				notes = append(notes, themes.Note{ID: id, Text: topic[j]})
				byID[id] = Note{ID: id}
				k++
			}
		}
		res := themes.Find(notes, themes.Options{})
		for i, t := range res.Themes {
			th := Theme{ID: ids.New(), Label: t.Label, Phrases: t.Phrases}
			for _, id := range t.NoteIDs {
				th.Notes = append(th.Notes, byID[id])
			}
			if err := insertTheme(ctx, s.DB, tgt.ID, th, i, now); err != nil {
				return err
			}
		}
		if err := setSummaryPublished(ctx, s.DB, tgt.ID, tgt.EndsAt.AddDate(0, 0, 3)); err != nil {
			return err
		}
		comments := []string{"Good to meet people from other groups.", "The tables were too noisy.", "Please run this again next year.", "", "", "More time for questions, please."}
		for i := 0; i < 40; i++ {
			rating := 3 + r.IntN(3)
			if i%11 == 0 {
				rating = 2
			}
			// Each answer is one attendee's, as the form allows.
			if err := insertFeedback(ctx, s.DB, ids.New(), tgt.ID, rating, comments[i%len(comments)], tgt.EndsAt.Add(time.Duration(i)*time.Hour), attendees[i%len(attendees)]); err != nil {
				return err
			}
		}
		return nil
	})
}
