package ownership

import (
	"context"
	"fmt"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/place"
)

// DemoPub is the demo's listed pub under a moratorium.
const DemoPub = "The Nant Arms"

// LoadDemo fills the demo borough's community ownership: a list of assets of community value
// with listed and unsuccessful nominations, a pub in a full moratorium after its owner's notice
// and a group's request to bid, a nomination waiting for its decision, a Scottish community
// body's request to take over a community centre (agreed, its offer awaited), a community
// centre transferred on a lease under the council's policy, the register of land, the council's
// criteria and its mailbox. Cases refer to the asset map's demo places by name when the map is
// there. It does nothing once any case exists, or without the demo's officer.
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := countCases(ctx, s.DB); err != nil || n > 0 {
		return err
	}
	acc, err := s.Identity.AccountByEmail(ctx, "officer@aberhaven.example")
	if err != nil {
		return nil // identity's demo is not loaded
	}
	officer := &actor.Actor{ID: acc.ID, Name: acc.Name, Email: acc.Email, Roles: []string{identity.RoleOfficer}}
	today := s.Today(ctx)
	ago := func(days int) string { return today.AddDays(-days).String() }

	if err := putSetting(ctx, s.DB, "team_email", "community.rights@aberhaven.example"); err != nil {
		return err
	}
	for i, c := range []Criterion{
		{Name: "Benefit to the community", NameCy: "Budd i'r gymuned", Weight: 3},
		{Name: "A sustainable business plan", NameCy: "Cynllun busnes cynaliadwy", Weight: 3},
		{Name: "Sound governance", NameCy: "Llywodraethu cadarn", Weight: 2},
		{Name: "Local support", NameCy: "Cefnogaeth leol", Weight: 2},
		{Name: "Open to everyone", NameCy: "Yn agored i bawb", Weight: 1},
	} {
		c.Position, c.Active = i+1, true
		if err := saveCriterion(ctx, s.DB, c); err != nil {
			return err
		}
	}

	find := func(name string) (place.Place, bool) {
		if s.Finder == nil {
			return place.Place{}, false
		}
		ps, err := s.Finder.FindPlaces(ctx, name, 5)
		if err != nil {
			return place.Place{}, false
		}
		for _, p := range ps {
			if p.Name == name {
				return p, true
			}
		}
		return place.Place{}, false
	}
	type demoCase struct {
		in   CaseInput
		then []struct {
			step string
			in   StepInput
		}
	}
	step := func(id string, in StepInput) struct {
		step string
		in   StepInput
	} {
		return struct {
			step string
			in   StepInput
		}{id, in}
	}
	paper := func(in CaseInput, received string) CaseInput {
		in.Channel, in.ReceivedOn, in.HelpedHow = "paper", received, "Form posted to the council; typed in by the community rights officer"
		return in
	}
	land := func(in CaseInput, name, address, postcode string) CaseInput {
		if p, ok := find(name); ok {
			in.AssetID = p.ID
			return in
		}
		in.Name, in.Address, in.Postcode = name, address, postcode
		return in
	}
	owner := Party{Name: "Harbour Inns Ltd", Address: "Unit 4, Quay Street, Aberhaven AH2 1QS", Email: "estates@harbourinns.example"}
	cases := []demoCase{
		{in: paper(land(CaseInput{Kind: KindACV, Reasons: "The pub is the village's only meeting place: the darts and quiz leagues, the male voice choir after rehearsal and the Christmas lunch for older neighbours all happen here.",
			Description: "Public house with its car park and beer garden.",
			Group:       Group{Name: "Friends of the Nant Arms", Type: GroupUnincorporated, Members: 46, Connection: "Our members live in Nant ward and the group works only in Nant.", NoProfit: true},
			ContactName: "Secretary, Friends of the Nant Arms", ContactEmail: "friends.nantarms@example.org", Owner: owner}, DemoPub, "12 Heol y Nant", "AH3 2NA"), ago(320)),
			then: []struct {
				step string
				in   StepInput
			}{
				step("acv.notify", StepInput{On: ago(318)}),
				step("acv.decide", StepInput{On: ago(290), Outcome: "listed", Reasons: "Its main use furthers the social wellbeing and social interests of the local community, and it is realistic that it will go on doing so (Localism Act 2011 s.88(1))."}),
				step("acv.disposal_notice", StepInput{On: ago(20), Channel: "email", HelpedHow: "The owner's agent wrote to the community rights mailbox"}),
				step("acv.bidder_request", StepInput{On: ago(10), Party: "Nant Community Pub Ltd", PartyType: GroupCBS, Channel: "email", HelpedHow: "Letter from the society's secretary"}),
			}},
		{in: land(CaseInput{Kind: KindACV, Reasons: "A library with free computers and a warm space in winter, used by every age.",
			Group:       Group{Name: "Castle Library Users' Group", Type: GroupCharity, Number: "1190001", Connection: "A charity for the people of Castle ward.", NoProfit: true},
			ContactName: "Chair, Castle Library Users' Group", ContactEmail: "users.castlelibrary@example.org", Channel: "online", ReceivedOn: ago(700)}, "Castle Library", "3 Church Road", "AH1 3CL"),
			then: []struct {
				step string
				in   StepInput
			}{
				step("acv.notify", StepInput{On: ago(698)}),
				step("acv.decide", StepInput{On: ago(660), Outcome: "listed", Reasons: "A library in current community use; its use is likely to continue."}),
			}},
		{in: land(CaseInput{Kind: KindACV, Reasons: "Pitches used every weekend by junior football clubs.",
			Group:       Group{Name: "Riverside Residents' Association", Type: GroupUnincorporated, Members: 23, Connection: "Residents of Riverside ward.", NoProfit: true},
			ContactName: "Secretary, Riverside Residents' Association", ContactEmail: "rra@example.org", Channel: "online", ReceivedOn: ago(120),
			Owner: Party{Name: "Riverside Estates", Email: "office@riverside-estates.example"}}, "Riverside Playing Fields", "Mill Lane", "AH2 4RP"),
			then: []struct {
				step string
				in   StepInput
			}{
				step("acv.notify", StepInput{On: ago(118)}),
				step("acv.decide", StepInput{On: ago(70), Outcome: "listed", Reasons: "Recreational use by local clubs furthers the community's social interests."}),
				step("acv.review_request", StepInput{On: ago(30), Reasons: "The owner says the pitches are let commercially and the use is ancillary.", Channel: "email", HelpedHow: "The owner's solicitor wrote"}),
			}},
		{in: land(CaseInput{Kind: KindACV, Reasons: "A weekly market where residents meet.",
			Group:       Group{Name: "Harbourside Traders' Forum", Type: GroupCLG, Number: "09876543", Connection: "Traders of Harbourside ward.", NoProfit: false},
			ContactName: "Harbourside Traders' Forum", ContactEmail: "forum@harbourside.example", Channel: "online", ReceivedOn: ago(200)}, "Harbourside Market", "Harbour Road", "AH2 1HM"),
			then: []struct {
				step string
				in   StepInput
			}{
				step("acv.decide", StepInput{On: ago(160), Outcome: "unsuccessful", Reasons: "The nominating company distributes its surplus to its members, so it is not a voluntary or community body (SI 2012/2421 reg. 5(1)(e))."}),
			}},
		{in: land(CaseInput{Kind: KindACV, Reasons: "Training rooms once used by a youth club.",
			Group:       Group{Name: "Station Youth Forum", Type: GroupUnincorporated, Members: 14, Connection: "Young people of Station ward.", NoProfit: true},
			ContactName: "Station Youth Forum", ContactEmail: "youth.station@example.org", Channel: "online", ReceivedOn: ago(150)}, "Station Works Training Hub", "Station Road", "AH11 2SW"),
			then: []struct {
				step string
				in   StepInput
			}{
				step("acv.decide", StepInput{On: ago(110), Outcome: "unsuccessful", Reasons: "The group has fewer than 21 members on the local electoral register (SI 2012/2421 reg. 5(1)(c)), and the building's current use is commercial training."}),
			}},
		{in: land(CaseInput{Kind: KindACV, Reasons: "The park's play area and benches are where families in Pen-y-bryn meet.",
			Group:       Group{Name: "Pen-y-bryn Community Council", Type: GroupParishCouncil, Connection: "The community council for Pen-y-bryn.", NoProfit: true},
			ContactName: "Clerk, Pen-y-bryn Community Council", ContactEmail: "clerk@penybryn.example", Channel: "online", ReceivedOn: ago(12)}, "Pen-y-bryn Park", "Park View", "AH4 1PB"),
			then: []struct {
				step string
				in   StepInput
			}{step("acv.notify", StepInput{On: ago(10)})}},
		{in: land(CaseInput{Kind: KindATR, RequestType: "lease", Price: "£1 a year on a 25-year lease, the body maintaining the building",
			Reasons:     "Nant Community Development Trust will run the centre as a community hub: a café, a food pantry and rooms for groups; it will bring the hall back into daily use (economic development, social wellbeing, reducing inequalities).",
			Group:       Group{Name: "Nant Community Development Trust", Type: GroupSCIO, Number: "SC051234", Connection: "Its constitution defines its community as the people of Nant ward; membership is open to them.", NoProfit: true},
			ContactName: "Secretary, Nant Community Development Trust", ContactEmail: "trust@nantcdt.example", Channel: "online", ReceivedOn: ago(150)}, "Nant Community Centre", "1 Heol y Nant", "AH3 1CC"),
			then: []struct {
				step string
				in   StepInput
			}{
				step("atr.validate", StepInput{On: ago(140), Outcome: "a"}),
				step("atr.notify", StepInput{On: ago(138), Until: ago(110)}),
				step("atr.representation", StepInput{On: ago(120), Party: "A neighbour", Reasons: "Supports the request; asks that the car park stays open to the school."}),
				step("atr.comment", StepInput{On: ago(112), Reasons: "The trust agrees to keep the car park open at school times."}),
				step("atr.decide", StepInput{On: ago(14), Outcome: "agreed", Reasons: "The benefits to social wellbeing and in reducing inequalities outweigh the council's alternative of selling the building.",
					Terms: "A 25-year lease at £1 a year; the trust repairs and insures the building; community use at least five days a week.", OfferOn: today.AddDays(-14).AddMonths(6).AddDays(14).String()}),
			}},
		{in: land(CaseInput{Kind: KindCAT, RequestType: "lease", Reasons: "Trefelin Community Association will run the centre for local groups, with a lunch club and after-school club.",
			Group:       Group{Name: "Trefelin Community Association", Type: GroupCharity, Number: "1170002", Connection: "Trefelin ward.", NoProfit: true},
			ContactName: "Chair, Trefelin Community Association", ContactEmail: "tca@example.org", Channel: "online", ReceivedOn: ago(420)}, "Trefelin Community Centre", "20 Station Road", "AH6 1TC"),
			then: []struct {
				step string
				in   StepInput
			}{
				step("cat.eoi_reply", StepInput{On: ago(400), Outcome: "invited"}),
				step("cat.application", StepInput{On: ago(330), Reasons: "Full application with business plan and governance documents."}),
				step("cat.score", StepInput{On: ago(250)}),
				step("cat.decide", StepInput{On: ago(200), Outcome: "approved", Reasons: "Scored 84%: strong local support and a sound plan.", RequestType: "lease", Terms: "A 25-year full repairing lease at a peppercorn rent, with community use clauses."}),
				step("cat.complete", StepInput{On: ago(60), Outcome: "lease"}),
				step("cat.monitor", StepInput{On: ago(5), Reasons: "First quarter: 1,240 visits; the lunch club serves 35 people a week."}),
			}},
	}
	for _, dc := range cases {
		c, err := s.CreateCase(ctx, officer, "en", dc.in, nil)
		if err != nil {
			return fmt.Errorf("demo case %s: %w %v", dc.in.Name+dc.in.AssetID, err, errs.As(err).Fields)
		}
		if c.Kind == KindCAT {
			for _, kind := range []string{"business_plan", "governance"} {
				if err := s.AddDocument(ctx, officer, c.ID, &Upload{Kind: kind, Filename: kind + ".txt", Data: []byte("Trefelin Community Association: " + kind + " (demo).\n")}); err != nil {
					return err
				}
			}
		}
		for _, st := range dc.then {
			if st.step == "cat.score" {
				crit, err := queryCriteria(ctx, s.DB, true)
				if err != nil {
					return err
				}
				st.in.Scores = map[string]Score{}
				for i, cr := range crit {
					st.in.Scores[cr.ID] = Score{Score: 4 + i%2}
				}
			}
			if err := s.Apply(ctx, officer, c.ID, st.step, st.in); err != nil {
				return fmt.Errorf("demo case %s, %s: %w %v", c.Reference, st.step, err, errs.As(err).Fields)
			}
		}
	}
	for _, l := range []struct{ name, address, postcode, tenure string }{
		{"Nant Community Centre", "1 Heol y Nant", "AH3 1CC", "owned"},
		{"Castle Library", "3 Church Road", "AH1 3CL", "owned"},
		{"Harbourside Market", "Harbour Road", "AH2 1HM", "leased"},
		{"Y Rhos Park", "Park View", "AH10 1YR", "owned"},
	} {
		in := LandInput{Name: l.name, Address: l.address, Postcode: l.postcode, Tenure: l.tenure}
		if p, ok := find(l.name); ok {
			in = LandInput{AssetID: p.ID, Tenure: l.tenure}
		}
		if _, err := s.SaveLand(ctx, officer, in); err != nil {
			return fmt.Errorf("demo land %s: %w", l.name, err)
		}
	}
	return nil
}
