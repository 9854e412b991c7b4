package volunteering

import (
	"context"
	"strconv"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// DemoFoodBank is the first demo opportunity's title; the demo loads once, when it is missing.
const DemoFoodBank = "Saturday food bank shifts"

// loadDemo adds a living volunteering scene to the demo borough: a food bank's Saturday rota, a
// library's befriending and code club roles that need a DBS check, a country park's conservation
// day and a team challenge, a village hall's lunch club kitchen, micro-actions done from home, and
// the demo resident signed up, with hours confirmed and a check on record.
func (s *Service) loadDemo(ctx context.Context) error {
	var n int
	if err := countTitled(ctx, s.DB, DemoFoodBank, &n); err != nil || n > 0 {
		return err
	}
	admin := &actor.Actor{Name: "Ada Admin", Roles: []string{identity.RoleAdmin}}
	found, err := s.Identity.FindAccounts(ctx, admin, "admin@aberhaven.example", 1, 0)
	if err != nil || len(found) == 0 {
		return err // no identity demo: nothing to hang volunteering on
	}
	admin.ID = found[0].ID
	account := func(email string) (*actor.Actor, error) {
		as, err := s.Identity.FindAccounts(ctx, admin, email, 1, 0)
		if err != nil || len(as) == 0 {
			return nil, errs.Wrap(err, "demo account "+email)
		}
		return s.Identity.User(ctx, as[0].ID)
	}
	orgs, err := s.Identity.Organisations(ctx, "", 1000, 0)
	if err != nil {
		return err
	}
	orgID := map[string]string{}
	for _, o := range orgs {
		orgID[o.Name] = o.ID
	}
	areas, err := s.Identity.Areas(ctx, 1000, 0)
	if err != nil {
		return err
	}
	areaID := map[string]string{}
	for _, a := range areas {
		areaID[a.Name] = a.ID
	}
	for _, o := range []identity.OrganisationInput{
		{Name: "Aberhaven Libraries", Sector: "public", Description: "The borough's five libraries: books, computers, warm spaces and reading groups.", AreaID: areaID["Castle"]},
		{Name: "Cwm Country Park Rangers", Sector: "public", Description: "Rangers and volunteers caring for the woods, meadows and paths of Cwm Country Park.", AreaID: areaID["Upper Valley"]},
	} {
		if orgID[o.Name] != "" {
			continue
		}
		made, err := s.Identity.SaveOrganisation(ctx, admin, "", o)
		if err != nil {
			return err
		}
		orgID[o.Name] = made.ID
	}
	// The demo member coordinates the village hall (already) and the food bank.
	if err := s.Identity.AddMember(ctx, admin, orgID["Harbourside Food Bank"], "member@aberhaven.example"); err != nil && !errs.Is(err, errs.Conflict) {
		return err
	}
	coord := func(org string) *actor.Actor {
		return &actor.Actor{ID: admin.ID, Name: "Gwen Member", Roles: []string{identity.RoleMember}, Orgs: []string{orgID[org]}}
	}
	now := Local(s.DB.Clock().Now())
	nextDay := func(wd time.Weekday) time.Time {
		d := now.AddDate(0, 0, 1)
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 5, 64) }
	type demoOpp struct {
		org  string
		in   OpportunityInput
		day  time.Weekday
		from string
		to   string
		min  string
		max  string
		runs string
		lead string
	}
	opps := []demoOpp{
		{org: "Harbourside Food Bank", day: time.Saturday, from: "10:00", to: "13:00", min: "3", max: "6", runs: "8", lead: "Siân Morgan",
			in: OpportunityInput{Title: DemoFoodBank, Kind: Regular, Causes: []string{"AntiPoverty", "LocalCommunity"}, Where: "address",
				Venue: "Harbourside Food Bank", Address: "Unit 3, Quay Street, Aberhaven", Postcode: "AH1 2QS", Latitude: f(51.6205), Longitude: f(-3.9431),
				AreaID: areaID["Harbourside"], Description: "Sort donations, pack food parcels and welcome people who come in on Saturday mornings. Friendly, busy and no experience needed.",
				Role: RoleInput{Title: "Food parcel packer", Description: "Sort donated food by date and pack parcels from the day's list.", Commitment: "One Saturday morning a month or more",
					Skills: []string{"Logistics", "CooperativeWork"}, Accessibility: []string{"PhysicalAccessibility"}, AccessibilityNote: "Step-free; seating available for packing.",
					MinAge: "14", Rewards: []string{"TrainingProvided", "MealsProvided"}, CheckNeeded: CheckNone, AutoAccept: true}}},
		{org: "Aberhaven Libraries", day: time.Tuesday, from: "14:00", to: "16:00", min: "2", max: "4", runs: "6", lead: "Eleri Library Assistant",
			in: OpportunityInput{Title: "Reading Friends: befriending older readers", Kind: Regular, Causes: []string{"OlderPeople", "LiteracyNeeds"}, Where: "address",
				Venue: "Castle Library", Address: "Castle Street, Aberhaven", Postcode: "AH1 4CL", Latitude: f(51.6221), Longitude: f(-3.9462), AreaID: areaID["Castle"],
				Description: "Share stories and a cup of tea with older readers who would like company, in the library or at their home.",
				Role: RoleInput{Title: "Reading friend", Description: "Visit one reader each week to read and talk together.", Commitment: "Two hours a week for six months",
					Skills: []string{"ActiveListening", "EmpathyAndCompassion", "ProfessionalBoundaries"}, MinAge: "18", CheckNeeded: CheckDBSEnhanced,
					Rewards: []string{"TrainingProvided", "ExpensesReimbursed"}}}},
		{org: "Aberhaven Libraries", day: time.Thursday, from: "16:00", to: "17:30", min: "2", max: "3", runs: "6", lead: "Tom Price",
			in: OpportunityInput{Title: "Code Club helper", Kind: Regular, Causes: []string{"YouthAndChildren", "EducationLanguages"}, Where: "address",
				Venue: "Harbourside Library", Address: "Dock Road, Aberhaven", Postcode: "AH2 1DL", Latitude: f(51.6189), Longitude: f(-3.9390), AreaID: areaID["Harbourside"],
				Description: "Help 9 to 13 year olds make games and animations with Scratch. You don't need to be an expert – curiosity is enough.",
				Role: RoleInput{Title: "Code Club helper", Description: "Sit with small groups and help them past the tricky bits.", Commitment: "Thursdays after school in term time",
					Skills: []string{"BasicITSkills", "PatienceAndUnderstanding"}, MinAge: "16", CheckNeeded: CheckDBSEnhanced, Rewards: []string{"TrainingProvided"}}}},
		{org: "Cwm Country Park Rangers", day: time.Sunday, from: "10:00", to: "15:00", min: "5", max: "20", runs: "1", lead: "Ranger Dafydd",
			in: OpportunityInput{Title: "Balsam bash and path clearing", Kind: OneOff, Causes: []string{"Environment", "SportOutdoorActivities"}, Where: "address",
				Venue: "Cwm Country Park visitor centre", Address: "Cwm Road, Upper Valley", Postcode: "AH7 3CP", Latitude: f(51.6402), Longitude: f(-3.9211), AreaID: areaID["Upper Valley"],
				Description: "Pull invasive Himalayan balsam from the riverbank and clear the woodland paths. Gloves, tools and lunch provided.",
				Role: RoleInput{Title: "Conservation volunteer", Description: "Outdoor work in all weathers.", Skills: []string{"SafeManualHandling", "CooperativeWork"},
					MinAge: "12", Rewards: []string{"MealsProvided"}, CheckNeeded: CheckNone, AutoAccept: true, Accessibility: []string{"PublicTransportAccess", "ParkingAvailability"}}}},
		{org: "Cwm Country Park Rangers",
			in: OpportunityInput{Title: "Meadow restoration team day", Kind: Team, Causes: []string{"Environment"}, Where: "address", TeamMin: "6", TeamMax: "15",
				Venue: "Cwm Country Park, top meadow", Postcode: "AH7 3CP", Latitude: f(51.6431), Longitude: f(-3.9188), AreaID: areaID["Upper Valley"],
				Description: "What we really need: a team of 6 to 15 to rake and sow the top meadow with wildflower seed before the autumn rains. A day's work with a ranger leading.",
				Role:        RoleInput{Title: "Team member", Description: "Raking, sowing and carrying.", CheckNeeded: CheckNone, MinAge: "16", Skills: []string{"CooperativeWork"}}}},
		{org: "Nant Village Hall Committee", day: time.Wednesday, from: "11:00", to: "14:00", min: "2", max: "4", runs: "8", lead: "Gwen Member",
			in: OpportunityInput{Title: "Lunch club kitchen helper", Kind: Regular, Causes: []string{"OlderPeople", "LocalCommunity"}, Where: "address",
				Venue: "Nant Village Hall", Address: "Heol y Nant, Nant", Postcode: "AH3 5NV", Latitude: f(51.6312), Longitude: f(-3.9702), AreaID: areaID["Nant"],
				Description: "Help cook and serve a two-course lunch for 30 older people every Wednesday, and stay for a chat.",
				Role: RoleInput{Title: "Kitchen helper", Description: "Prepare vegetables, serve and wash up.", Commitment: "Wednesday late mornings",
					Skills: []string{"CooperativeWork", "ReliabilityAndTrustworthiness"}, CheckNeeded: CheckNone, AutoAccept: true, Rewards: []string{"MealsProvided"}}}},
		{org: "Aberhaven Libraries",
			in: OpportunityInput{Title: "Transcribe a page of the parish records", Kind: Micro, Causes: []string{"Heritage"}, Where: "home",
				Description: "Type up one scanned page of Aberhaven's 19th-century parish records, from your sofa, whenever suits you.",
				Role:        RoleInput{Title: "Transcriber", Minutes: "20", CheckNeeded: CheckNone, AutoAccept: true, Skills: []string{"DataEntryAndReporting"}}}},
		{org: "Cwm Country Park Rangers",
			in: OpportunityInput{Title: "Report a broken footpath sign", Kind: Micro, Causes: []string{"Environment"}, Where: "home",
				Description: "Out on a walk? Tell the rangers about a broken stile or sign with a photo and where it is. Ten minutes makes the paths safer.",
				Role:        RoleInput{Title: "Path spotter", Minutes: "10", CheckNeeded: CheckNone, AutoAccept: true, Skills: []string{"SmartphoneUse"}}}},
	}
	made := map[string]Opportunity{}
	firstShift := map[string]Shift{}
	for _, d := range opps {
		d.in.OrganisationID = orgID[d.org]
		o, err := s.CreateOpportunity(ctx, coord(d.org), d.in)
		if err != nil {
			return errs.Wrap(err, "demo opportunity "+d.in.Title)
		}
		made[o.Title] = o
		if d.runs == "" {
			continue
		}
		repeat := "weekly"
		if d.runs == "1" {
			repeat = ""
		}
		ss, err := s.AddShifts(ctx, coord(d.org), o.Roles[0].ID, ShiftInput{Date: nextDay(d.day).Format("2006-01-02"), Start: d.from, End: d.to,
			Min: d.min, Max: d.max, Lead: d.lead, Repeat: repeat, Count: d.runs})
		if err != nil {
			return errs.Wrap(err, "demo shifts "+d.in.Title)
		}
		firstShift[o.Title] = ss[0]
	}
	// The demo resident volunteers at the food bank and has a check with the libraries.
	resident, err := account("resident@aberhaven.example")
	if err != nil {
		return err
	}
	if _, err := s.Apply(ctx, resident, made[DemoFoodBank].Roles[0].ID, "", true); err != nil {
		return errs.Wrap(err, "demo application")
	}
	if _, err := s.SignUp(ctx, resident, firstShift[DemoFoodBank].ID); err != nil {
		return errs.Wrap(err, "demo sign-up")
	}
	fb := made[DemoFoodBank]
	past := now.AddDate(0, 0, -14).Format("2006-01-02")
	if _, err := s.LogHoursFor(ctx, coord("Harbourside Food Bank"), HoursInput{OpportunityID: fb.ID, Day: past, Hours: "3"},
		PersonInput{Name: resident.Name, Email: resident.Email}); err != nil {
		return errs.Wrap(err, "demo hours")
	}
	if _, err := s.LogHours(ctx, resident, HoursInput{OpportunityID: fb.ID, Day: now.AddDate(0, 0, -7).Format("2006-01-02"), Hours: "3", Note: "Saturday shift"}); err != nil {
		return errs.Wrap(err, "demo hours")
	}
	if _, err := s.RecordCheck(ctx, coord("Aberhaven Libraries"), orgID["Aberhaven Libraries"], CheckInput{
		Person: PersonInput{Name: resident.Name, Email: resident.Email}, Kind: CheckDBSEnhanced, Workforce: "adults", Reference: "001234567890",
		IssuedOn: now.AddDate(-1, 0, 0).Format("2006-01-02"), ExpiresOn: now.AddDate(2, 0, 0).Format("2006-01-02")}); err != nil {
		return errs.Wrap(err, "demo check")
	}
	// An employer's team day: Valley Builders pledge eight people for a day and are booked for
	// the meadow.
	if orgID["Valley Builders Ltd"] != "" {
		biz := &actor.Actor{ID: admin.ID, Name: "Bryn Builder", Roles: []string{identity.RoleMember}, Orgs: []string{orgID["Valley Builders Ltd"]}}
		pl, err := s.CreatePledge(ctx, biz, PledgeInput{OrganisationID: orgID["Valley Builders Ltd"], People: "8", Days: "1",
			Causes: []string{"Environment", "LocalCommunity"}, Note: "Our apprentices would like to help outdoors."})
		if err != nil {
			return errs.Wrap(err, "demo pledge")
		}
		meadow := made["Meadow restoration team day"]
		if err := s.Offer(ctx, biz, pl.ID, meadow.ID); err != nil {
			return errs.Wrap(err, "demo offer")
		}
		ms, err := queryMatches(ctx, s.DB, `WHERE m.pledge_id = $1`, pl.ID)
		if err != nil || len(ms) == 0 {
			return errs.Wrap(err, "demo match")
		}
		if _, err := s.BookTeamDay(ctx, coord("Cwm Country Park Rangers"), ms[0].ID, ShiftInput{Date: nextDay(time.Friday).AddDate(0, 0, 14).Format("2006-01-02"),
			Start: "09:30", End: "16:00", Lead: "Ranger Dafydd"}); err != nil {
			return errs.Wrap(err, "demo team day")
		}
	}
	// A year of confirmed hours across the borough, for the insights.
	names := []string{"Siân Morgan", "Tom Price", "Aled Jones", "Priya Shah", "Dewi Rees", "Hannah Lloyd", "Iwan Bevan", "Grace Okafor"}
	i := 0
	for _, title := range []string{DemoFoodBank, "Lunch club kitchen helper", "Reading Friends: befriending older readers", "Balsam bash and path clearing"} {
		o := made[title]
		for m := 1; m <= 11; m++ {
			for k := 0; k < 2; k++ {
				i++
				day := now.AddDate(0, -m, -(i % 20)).Format("2006-01-02")
				if _, err := s.LogHoursFor(ctx, coord(orgName(orgID, o.OrganisationID)), HoursInput{OpportunityID: o.ID, Day: day, Hours: strconv.Itoa(1 + i%4)},
					PersonInput{Name: names[i%len(names)], Email: "demo.volunteer" + strconv.Itoa(i%len(names)) + "@aberhaven.example"}); err != nil {
					return errs.Wrap(err, "demo year of hours")
				}
			}
		}
	}
	// A shift added by mistake and removed: the sessions feed shows it deleted.
	if ss, err := s.AddShifts(ctx, coord("Cwm Country Park Rangers"), made["Balsam bash and path clearing"].Roles[0].ID, ShiftInput{
		Date: nextDay(time.Sunday).AddDate(0, 0, 7).Format("2006-01-02"), Start: "10:00", End: "15:00", Min: "5", Max: "20"}); err == nil {
		if err := s.CancelShift(ctx, coord("Cwm Country Park Rangers"), ss[0].ID); err != nil {
			return errs.Wrap(err, "demo deleted shift")
		}
	} else {
		return errs.Wrap(err, "demo shift")
	}
	// A neighbour without email, signed up at the counter by the coordinator.
	if _, err := s.SignUpFor(ctx, coord("Nant Village Hall Committee"), firstShift["Lunch club kitchen helper"].ID,
		PersonInput{Name: "Mrs Margaret Hughes", Phone: "01632 960123"}); err != nil {
		return errs.Wrap(err, "demo assisted sign-up")
	}
	return nil
}

// orgName is the name under which orgID is known in the demo's map.
func orgName(orgID map[string]string, id string) string {
	for name, x := range orgID {
		if x == id {
			return name
		}
	}
	return ""
}
