package campaigns

import (
	"context"
	"fmt"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/ids"
)

// demoCampaign is the first demo campaign's title; the demo loads once, when it is missing.
const demoCampaign = "Keep the Nant evening bus"

var demoFirst = []string{"Alys", "Bryn", "Carys", "Dafydd", "Eirlys", "Ffion", "Gethin", "Hywel", "Iwan", "Lowri", "Mererid", "Nia", "Osian", "Pedr", "Rhian", "Sioned", "Tomos", "Wyn"}
var demoLast = []string{"Jones", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Price", "Powell"}

// LoadDemo adds two campaigns at different stages: a village's campaign for its evening bus,
// building support with a petition open, one-to-ones and a public meeting; and a campaign for a
// safe crossing that won, its petition delivered to the council and answered. It also adds the
// place-based social action programme with two applications, the demo officer coordinating it.
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := campaignsTitled(ctx, s.DB, demoCampaign); err != nil || n > 0 {
		return err
	}
	admin := &actor.Actor{Roles: []string{identity.RoleAdmin}}
	account := func(email string) string {
		as, err := s.Identity.FindAccounts(ctx, admin, email, 1, 0)
		if err != nil || len(as) == 0 {
			return ""
		}
		return as[0].ID
	}
	gwen, rhys, officer := account("member@aberhaven.example"), account("resident@aberhaven.example"), account("officer@aberhaven.example")
	if gwen == "" || rhys == "" {
		return nil // no identity demo: nothing to hang campaigns on
	}
	areas, err := s.Identity.Areas(ctx, 1000, 0)
	if err != nil {
		return err
	}
	areaID := map[string]string{}
	for _, a := range areas {
		areaID[a.Name] = a.ID
	}
	now := s.DB.Clock().Now()
	day := func(t time.Time) string { return today(t) }
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		// The evening bus: building support, ten weeks in.
		start := now.AddDate(0, 0, -70)
		bus := Campaign{ID: ids.New(), Title: demoCampaign, Stage: "building", Published: true, AreaID: areaID["Nant"], CreatedAt: start,
			Aim:   "Bring back the 19:40 bus from Aberhaven to Nant, so people can get home from evening shifts, college and the hospital.",
			Issue: "Since the timetable changed in spring the last bus leaves Aberhaven at 18:10. People who work late pay for taxis or do not take the work; older people miss evening visiting at the hospital."}
		if err := insertCampaign(ctx, s.DB, bus, gwen); err != nil {
			return err
		}
		if _, err := addTeamMember(ctx, s.DB, bus.ID, gwen, "lead", gwen, start); err != nil {
			return err
		}
		if err := s.Identity.ShowName(ctx, gwen, teamSubject(bus.ID), true); err != nil {
			return err
		}
		for i := range 64 {
			at := start.Add(time.Duration(i*i) * 1700 * time.Second)
			name := demoFirst[i%len(demoFirst)] + " " + demoLast[(i/3)%len(demoLast)]
			channel := "online"
			if i%9 == 4 {
				channel = "paper"
			}
			p := Supporter{ID: ids.New(), CampaignID: bus.ID, Name: name, Email: fmt.Sprintf("supporter%02d@nant.example", i), Postcode: fmt.Sprintf("AH3 %dNB", 1+i%9),
				ContactOK: i%3 != 0, Lang: []string{"en", "cy"}[i%2], Channel: channel, Confirmed: &at, CreatedAt: at}
			p.District = Outward(p.Postcode)
			added := ""
			if channel != "online" {
				added = gwen
			}
			if err := insertSupporter(ctx, s.DB, p, "", added); err != nil {
				return err
			}
		}
		petition := Petition{ID: ids.New(), CampaignID: bus.ID, Title: "Restore the 19:40 bus from Aberhaven to Nant", Target: "Aberhaven Borough Council, transport committee",
			Ask:      "We, people who live in and around Nant, ask the council to restore the 19:40 service from Aberhaven bus station to Nant on weekdays.",
			ClosesOn: day(now.AddDate(0, 2, 0)), CreatedAt: start.AddDate(0, 0, 14)}
		if err := insertPetition(ctx, s.DB, petition, gwen); err != nil {
			return err
		}
		for i := range 47 {
			at := petition.CreatedAt.Add(time.Duration(i*i) * 2200 * time.Second)
			g := Signature{ID: ids.New(), PetitionID: petition.ID, Name: demoFirst[(i+5)%len(demoFirst)] + " " + demoLast[i%len(demoLast)],
				Email: fmt.Sprintf("signer%02d@nant.example", i), Postcode: fmt.Sprintf("AH3 %dPS", 1+i%9), Lang: []string{"cy", "en"}[i%2],
				Channel: "online", CreatedAt: at}
			g.District = Outward(g.Postcode)
			if err := insertSignature(ctx, s.DB, g, "", ""); err != nil {
				return err
			}
			if _, err := confirmSignature(ctx, s.DB, g.ID, petition.ID, at); err != nil {
				return err
			}
		}
		thirtyFour := 34
		for _, a := range []Action{
			{Kind: "meeting", Title: "Public meeting at Nant Village Hall", HappensOn: day(start.AddDate(0, 0, 10)), Turnout: &thirtyFour,
				Outcome: "Thirty-four people came; twelve offered to collect signatures."},
			{Kind: "petition", Title: petition.Title, HappensOn: day(petition.CreatedAt), PetitionID: petition.ID, Target: petition.Target},
			{Kind: "letter", Title: "Letter to the ward councillors", HappensOn: day(start.AddDate(0, 0, 30)), Target: "Nant ward councillors",
				Outcome: "Both councillors replied and will raise it at the transport committee."},
			{Kind: "deputation", Title: "Deputation to the transport committee", HappensOn: day(now.AddDate(0, 0, 21)), Target: "Transport committee"},
		} {
			a.ID, a.CampaignID, a.CreatedAt = ids.New(), bus.ID, start
			if err := insertAction(ctx, s.DB, a, gwen); err != nil {
				return err
			}
		}
		for i, c := range []Conversation{
			{PersonName: "Carys (night nurse)", HeldOn: day(start.AddDate(0, 0, 3)), CaresAbout: "Getting home after late shifts without a £20 taxi.",
				NextStep: "Will bring two colleagues to the public meeting."},
			{PersonName: "Mr Hughes, Heol y Nant", Contact: "01234 567890", HeldOn: day(start.AddDate(0, 0, 8)), CaresAbout: "Visiting his wife in hospital in the evenings.",
				NextStep: "Happy to speak at the deputation."},
			{PersonName: "Lowri, sixth form", HeldOn: day(start.AddDate(0, 0, 20)), CaresAbout: "Evening classes at the college.",
				NextStep: "Collecting signatures at college."},
		} {
			c.ID, c.CampaignID, c.LoggedBy, c.CreatedAt = ids.New(), bus.ID, gwen, start.AddDate(0, 0, i*5)
			if err := insertConversation(ctx, s.DB, c); err != nil {
				return err
			}
		}

		// The crossing: won.
		start = now.AddDate(0, -7, 0)
		crossing := Campaign{ID: ids.New(), Title: "A safe crossing on Station Road", Stage: "won", Published: true, AreaID: areaID["Station"], CreatedAt: start,
			Aim:   "A zebra crossing outside Station Road Primary School.",
			Issue: "Children cross four lanes of traffic at the school gates; there were two near misses last winter."}
		if err := insertCampaign(ctx, s.DB, crossing, rhys); err != nil {
			return err
		}
		if _, err := addTeamMember(ctx, s.DB, crossing.ID, rhys, "lead", rhys, start); err != nil {
			return err
		}
		for i := range 40 {
			at := start.Add(time.Duration(i*i) * 3600 * time.Second)
			p := Supporter{ID: ids.New(), CampaignID: crossing.ID, Name: demoFirst[(i+3)%len(demoFirst)] + " " + demoLast[(i+1)%len(demoLast)],
				Email: fmt.Sprintf("parent%02d@station.example", i), Postcode: fmt.Sprintf("AH11 %dSR", 1+i%9), ContactOK: true, Lang: "en",
				Channel: "online", Confirmed: &at, CreatedAt: at}
			p.District = Outward(p.Postcode)
			if err := insertSupporter(ctx, s.DB, p, "", ""); err != nil {
				return err
			}
		}
		cp := Petition{ID: ids.New(), CampaignID: crossing.ID, Title: "A zebra crossing at Station Road Primary School", Target: "Aberhaven Borough Council",
			Ask: "We ask the council to put a zebra crossing outside Station Road Primary School before next winter.", CreatedAt: start.AddDate(0, 0, 7)}
		if err := insertPetition(ctx, s.DB, cp, rhys); err != nil {
			return err
		}
		for i := range 212 {
			at := cp.CreatedAt.Add(time.Duration(i) * 4 * time.Hour)
			g := Signature{ID: ids.New(), PetitionID: cp.ID, Name: demoFirst[i%len(demoFirst)] + " " + demoLast[(i/7)%len(demoLast)],
				Email: fmt.Sprintf("crossing%03d@station.example", i), Postcode: fmt.Sprintf("AH11 %dXR", 1+i%9), Lang: "en", Channel: "online", CreatedAt: at}
			if i%20 == 0 {
				g.Channel, g.Email = "paper", ""
			}
			g.District = Outward(g.Postcode)
			added := ""
			if g.Channel == "paper" {
				added = rhys
			}
			if err := insertSignature(ctx, s.DB, g, "", added); err != nil {
				return err
			}
			if _, err := confirmSignature(ctx, s.DB, g.ID, cp.ID, at); err != nil {
				return err
			}
		}
		delivered := now.AddDate(0, -3, 0)
		if _, err := deliverPetition(ctx, s.DB, cp.ID, day(delivered), "Aberhaven Borough Council, full council meeting", delivered); err != nil {
			return err
		}
		if _, err := answerPetition(ctx, s.DB, cp.ID, "The council agreed to install a zebra crossing with school-time warning lights; work starts in the spring half-term.",
			day(now.AddDate(0, -2, 0)), now.AddDate(0, -2, 0)); err != nil {
			return err
		}
		fifty := 52
		for _, a := range []Action{
			{Kind: "petition", Title: cp.Title, HappensOn: day(cp.CreatedAt), PetitionID: cp.ID, Target: cp.Target},
			{Kind: "event", Title: "Walk to school together", HappensOn: day(start.AddDate(0, 1, 0)), Turnout: &fifty, Outcome: "Fifty-two parents and children walked the route; the local paper came."},
			{Kind: "deputation", Title: cp.Title, HappensOn: day(delivered), PetitionID: cp.ID, Target: "Aberhaven Borough Council, full council meeting",
				Outcome: s.T("en", "campaigns.delivered_outcome", "n", 212)},
		} {
			a.ID, a.CampaignID, a.CreatedAt = ids.New(), crossing.ID, start
			if err := insertAction(ctx, s.DB, a, rhys); err != nil {
				return err
			}
		}

		// Place-based social action: the officer coordinates; two applications.
		if officer != "" {
			if err := addCoordinator(ctx, s.DB, officer, "", now); err != nil {
				return err
			}
		}
		form, err := currentForm(ctx, s.DB)
		if err != nil {
			return err
		}
		greenfields := Application{ID: ids.New(), FormID: form.ID, GroupName: "Friends of Greenfields Park", ContactID: rhys, AreaID: areaID["Greenfields"],
			Place: "Greenfields Park and the streets around it", WantsDevelopment: true, CreatedAt: now.AddDate(0, 0, -12),
			Answers: map[string]string{"who": "About fifteen neighbours who litter-pick monthly, with the primary school's eco club.",
				"find_out": "Why so few teenagers use the park, and what would make evenings there feel safe.", "done_before": "no", "size": "5to20"}}
		if err := insertApplication(ctx, s.DB, greenfields, rhys); err != nil {
			return err
		}
		if officer != "" {
			if err := insertAppMessage(ctx, s.DB, ids.New(), greenfields.ID, "coordinator", officer, "Could you say who from the school would take part?", now.AddDate(0, 0, -5)); err != nil {
				return err
			}
			if err := setApplicationStatus(ctx, s.DB, greenfields.ID, "submitted", "questions", now.AddDate(0, 0, -5)); err != nil {
				return err
			}
		}
		station := Application{ID: ids.New(), FormID: form.ID, GroupName: "Station Road parents", ContactID: rhys, AreaID: areaID["Station"],
			Place: "The streets around Station Road Primary School", CreatedAt: start.AddDate(0, -1, 0),
			Answers: map[string]string{"who": "Parents of children at the school.", "find_out": "How children get to school and where it feels dangerous.",
				"done_before": "no", "size": "gt20"}}
		if err := insertApplication(ctx, s.DB, station, rhys); err != nil {
			return err
		}
		if _, err := decideApplication(ctx, s.DB, station.ID, "approved", false, "Approved for research: a walking survey with the school.", officer, start.AddDate(0, 0, -14)); err != nil {
			return err
		}
		for _, l := range []Link{{Kind: "area", RefID: areaID["Station"], Label: "Station"}, {Kind: "campaign", RefID: crossing.ID, Label: crossing.Title}} {
			if l.RefID == "" {
				continue
			}
			if err := insertLink(ctx, s.DB, station.ID, l, now); err != nil {
				return err
			}
		}
		return nil
	})
}
