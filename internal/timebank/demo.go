package timebank

import (
	"context"
	"fmt"
	"math/rand/v2"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// DemoBanks are the demo borough's two time banks.
var DemoBanks = [2]string{"Nant Valley Time Bank", "Harbourside Hours"}

var demoOffline = [2][]string{
	{"Eirlys Pritchard", "Dilwyn Hughes", "Megan Rees", "Tomos Jenkins", "Beryl Watkins", "Idris Powell", "Non Williams",
		"Harold Baker", "Siân Evans", "Gareth Lewis", "Olwen Thomas", "Dafydd Morris", "Patricia Green", "Emrys Roberts"},
	{"Mary O'Brien", "Kwame Mensah", "Janet Phillips", "Aled Griffiths", "Fatima Begum", "Ray Collins", "Lowri Price",
		"Stan Howells", "Nia Parry", "Derek Owen", "Yusuf Ali", "Carys Edwards"},
}

var demoNotes = map[string][]string{
	"befriending": {"Cup of tea and a chat", "Phone call to check in", "Walk to the park together"},
	"gardening":   {"Weeded the front garden", "Mowed the lawn", "Planted bulbs", "Cut back the hedge"},
	"diy":         {"Put up shelves", "Fixed a dripping tap", "Changed light bulbs", "Assembled a wardrobe"},
	"transport":   {"Lift to the surgery", "Lift to the hospital", "Took the recycling to the tip"},
	"shopping":    {"Weekly shop", "Collected a prescription", "Picked up a parcel"},
	"cooking":     {"Batch of soup", "Cooked Sunday dinner", "Baked for the coffee morning"},
	"computers":   {"Set up a video call", "Helped with online banking", "Sorted out a new phone"},
	"languages":   {"Welsh conversation practice", "English conversation practice"},
	"paperwork":   {"Helped fill in a form", "Read through letters together"},
	"pets":        {"Walked the dog", "Fed the cat while away"},
	"sewing":      {"Took up trousers", "Mended a coat"},
}

// LoadDemo adds the demo borough's time banks: two banks with brokers, people who use Commons
// and people a broker looks after, organisations, a year of exchanges (with group sessions, a
// reversal and exchanges between the banks under their agreement), offers and requests, and an
// exchange waiting for the demo resident to confirm. It does nothing once the first bank
// exists, or when identity's demo accounts are missing.
func (s *Service) LoadDemo(ctx context.Context) error {
	banks, err := listBanks(ctx, s.DB)
	if err != nil {
		return err
	}
	for _, b := range banks {
		if b.Name == DemoBanks[0] {
			return nil
		}
	}
	admin := &actor.Actor{Name: "Demo", Roles: []string{identity.RoleAdmin}}
	people := map[string]*actor.Actor{}
	for _, d := range identity.DemoAccounts {
		found, err := s.Identity.FindAccounts(ctx, admin, d.Email, 1, 0)
		if err != nil || len(found) == 0 {
			return nil // no identity demo to hang the time banks on
		}
		u, err := s.Identity.User(ctx, found[0].ID)
		if err != nil {
			return err
		}
		people[d.Role] = u
	}
	officer, moderator, member, resident := people[identity.RoleOfficer], people[identity.RoleModerator], people[identity.RoleMember], people[identity.RoleResident]
	orgs, err := s.Identity.Organisations(ctx, "", 100, 0)
	if err != nil {
		return err
	}
	orgID := map[string]string{}
	for _, o := range orgs {
		orgID[o.Name] = o.ID
	}
	areas, err := s.Identity.Areas(ctx, 100, 0)
	if err != nil {
		return err
	}
	areaID := map[string]string{}
	for _, a := range areas {
		areaID[a.Name] = a.ID
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		return s.loadDemo(ctx, officer, moderator, member, resident, orgID, areaID)
	})
}

func (s *Service) loadDemo(ctx context.Context, officer, moderator, member, resident *actor.Actor, orgID, areaID map[string]string) error {
	rng := rand.New(rand.NewPCG(2026, 23))
	now := s.DB.Now(ctx).In(London)
	dayAgo := func(d int) string { return now.AddDate(0, 0, -d).Format("2006-01-02") }
	// The officer starts both banks; a moderator coordinates the second with them.
	nant, err := s.CreateBank(ctx, officer, BankInput{Name: DemoBanks[0], NameCy: "Banc Amser Cwm Nant",
		Summary:   "Neighbours in Nant and the Upper Valley swapping help by the hour: lifts, gardens, company and cake.",
		SummaryCy: "Cymdogion yn Nant a'r Cwm Uchaf yn cyfnewid help fesul awr: lifftiau, gerddi, cwmni a chacen.",
		Rules:     "- Every hour is worth the same, whatever the task.\n- Record each exchange within a week.\n- Be safe: meet new members in a public place first, and tell a broker if anything worries you.\n- You may go 10 hours below zero; the brokers can help if you need more.",
		RulesCy:   "- Mae pob awr yr un gwerth, beth bynnag yw'r dasg.\n- Cofnodwch bob cyfnewid o fewn wythnos.\n- Byddwch yn ddiogel: cwrdd ag aelodau newydd mewn lle cyhoeddus yn gyntaf, a dywedwch wrth frocer os oes unrhyw beth yn eich poeni.\n- Cewch fynd 10 awr o dan sero; gall y broceriaid helpu os oes angen mwy arnoch.",
		AreaID:    areaID["Nant"], ContactEmail: "timebank@nant.example", ContactPhone: "01234 560123", JoinMode: JoinOpen, MustConfirm: true,
		PersonLimit: "10", OrganisationLimit: "50", PoolLimit: "200", JoiningCredit: "1", ListingDays: "90"})
	if err != nil {
		return fmt.Errorf("demo bank: %w", err)
	}
	harbour, err := s.CreateBank(ctx, officer, BankInput{Name: DemoBanks[1], NameCy: "Oriau Glan yr Harbwr",
		Summary:   "A time bank for Harbourside and Riverside: give an hour, get an hour.",
		SummaryCy: "Banc amser i Lan yr Harbwr a Glan yr Afon: rhowch awr, cewch awr.",
		Rules:     "- An hour for an hour.\n- A broker approves new members after a short chat.\n- Tell us about every exchange; we confirm with both of you.",
		RulesCy:   "- Awr am awr.\n- Mae brocer yn cymeradwyo aelodau newydd ar ôl sgwrs fer.\n- Dywedwch wrthym am bob cyfnewid; rydym yn cadarnhau gyda'r ddau ohonoch.",
		AreaID:    areaID["Harbourside"], ContactPhone: "01234 560456", JoinMode: JoinApproval, MustConfirm: true,
		PersonLimit: "8", OrganisationLimit: "40", PoolLimit: "150", JoiningCredit: "0", ListingDays: "60"})
	if err != nil {
		return fmt.Errorf("demo bank: %w", err)
	}
	var members [2][]Member
	join := func(b Bank, who *actor.Actor, org string, about string, public bool) (Member, error) {
		m, err := s.Join(ctx, who, b.ID, JoinInput{Organisation: org, About: about, AreaID: b.AreaID, PublicName: public})
		if err != nil {
			return m, err
		}
		if m.Status == StatusPending {
			if err := s.Decide(ctx, officer, b.ID, m.ID, true); err != nil {
				return m, err
			}
		}
		return memberByID(ctx, s.DB, m.ID)
	}
	// The moderator coordinates Harbourside with the officer.
	mod, err := join(harbour, moderator, "", "Happy to help with forms and phones.", false)
	if err != nil {
		return err
	}
	if err := s.SetRole(ctx, officer, harbour.ID, mod.ID, RoleBroker); err != nil {
		return err
	}
	gwen, err := join(nant, member, "", "I run the lunch club and love baking.", true)
	if err != nil {
		return err
	}
	if _, err := s.AddOrganisation(ctx, officer, nant.ID, orgID["Nant Village Hall Committee"]); err != nil {
		return err
	}
	// The demo resident belongs to both banks, with an account in each.
	rhysN, err := join(nant, resident, "", "Good with computers; can give lifts at weekends.", false)
	if err != nil {
		return err
	}
	rhysH, err := join(harbour, resident, "", "Good with computers; can give lifts at weekends.", false)
	if err != nil {
		return err
	}
	foodbank, err := s.AddOrganisation(ctx, moderator, harbour.ID, orgID["Harbourside Food Bank"])
	if err != nil {
		return err
	}
	members[0] = append(members[0], gwen, rhysN)
	members[1] = append(members[1], mod, rhysH)
	for i, b := range []Bank{nant, harbour} {
		broker := officer
		if i == 1 {
			broker = moderator
		}
		for j, name := range demoOffline[i] {
			m, err := s.AddOffline(ctx, broker, b.ID, OfflineInput{Name: name, Contact: fmt.Sprintf("01234 57%04d", i*100+j),
				AreaID: b.AreaID, Channel: Channels[j%3]})
			if err != nil {
				return err
			}
			members[i] = append(members[i], m)
		}
	}
	// The banks agreed to exchange half a year ago.
	if _, err := s.Propose(ctx, officer, nant.ID, AgreementInput{Partner: harbour.ID, Limit: "20",
		Note: "Many of our members have family in Harbourside."}); err != nil {
		return err
	}
	gs, err := agreementsOf(ctx, s.DB, harbour.ID)
	if err != nil || len(gs) == 0 {
		return errs.Wrap(err, "demo agreement")
	}
	agreed := false
	cats := []string{"befriending", "gardening", "diy", "transport", "shopping", "cooking", "computers", "languages", "paperwork", "pets", "sewing"}
	brokers := []*actor.Actor{officer, moderator}
	// A year of exchanges, oldest first, about a dozen a month in each bank.
	for d := 360; d >= 1; d-- {
		if d == 180 && !agreed {
			if err := s.Answer(ctx, moderator, harbour.ID, gs[0].ID, true); err != nil {
				return err
			}
			agreed = true
		}
		for i := range 2 {
			if rng.IntN(5) != 0 {
				continue
			}
			ms := members[i]
			giver, receiver := ms[rng.IntN(len(ms))], ms[rng.IntN(len(ms))]
			if agreed && rng.IntN(8) == 0 {
				receiver = members[1-i][rng.IntN(len(members[1-i]))]
			}
			if giver.ID == receiver.ID {
				continue
			}
			cat := cats[rng.IntN(len(cats))]
			notes := demoNotes[cat]
			_, _, err := s.BrokerRecord(ctx, brokers[i], []string{nant.ID, harbour.ID}[i], BrokerInput{Giver: giver.ID, Receiver: receiver.ID,
				Minutes: int64(30 * (1 + rng.IntN(5))), Category: cat, Note: notes[rng.IntN(len(notes))], HappenedOn: dayAgo(d),
				Channel: Channels[rng.IntN(3)]})
			if _, limited := AsLimit(err); limited {
				continue
			}
			if err != nil {
				return err
			}
		}
		// A repair café once a month, paid from Nant's pool to its three volunteers; the food
		// bank pays its Saturday helpers.
		if d%30 == 12 {
			var helpers []GroupPerson
			for _, j := range rng.Perm(len(members[0]))[:3] {
				helpers = append(helpers, GroupPerson{Member: members[0][j].ID, Minutes: 120})
			}
			if _, _, err := s.Group(ctx, officer, nant.ID, GroupInput{Direction: "pay", One: "pool", People: helpers, Category: "diy",
				Note: "Repair café at the village hall", HappenedOn: dayAgo(d)}); err != nil {
				if _, limited := AsLimit(err); !limited {
					return err
				}
			}
		}
		if d%30 == 20 {
			var helpers []GroupPerson
			for _, j := range rng.Perm(len(members[1]))[:2] {
				helpers = append(helpers, GroupPerson{Member: members[1][j].ID, Minutes: 180})
			}
			if _, _, err := s.Group(ctx, moderator, harbour.ID, GroupInput{Direction: "pay", One: foodbank.ID, People: helpers, Category: "community",
				Note: "Saturday at the food bank", HappenedOn: dayAgo(d)}); err != nil {
				if _, limited := AsLimit(err); !limited {
					return err
				}
			}
		}
	}
	// One mistake, put right.
	// The bank's list also holds exchanges recorded in the other bank with one of its members;
	// the mistake is one recorded in this bank (which one came sixth depended on the random ids,
	// so the demo sometimes tried to reverse the other bank's exchange here and failed).
	es, err := exchangesOfBank(ctx, s.DB, nant.ID, ExConfirmed, 40, 5)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.BankID != nant.ID {
			continue
		}
		if err := s.Reverse(ctx, officer, nant.ID, e.ID, "Recorded twice: the paper slip came in after the phone call."); err != nil {
			if _, limited := AsLimit(err); !limited {
				return err
			}
			continue // undoing this one would take someone past their limit: the next one
		}
		break
	}
	// Gwen has recorded an hour she gave Rhys; it waits for him to confirm.
	if _, _, err := s.Record(ctx, member, nant.ID, ExchangeInput{As: gwen.ID, Role: AsGiver, Other: rhysN.ID, Minutes: 60,
		Category: "cooking", Note: "Soup and a loaf while you were poorly", HappenedOn: dayAgo(1)}); err != nil {
		if _, limited := AsLimit(err); !limited {
			return err
		}
	}
	// Offers and requests.
	for _, l := range []struct {
		who  *actor.Actor
		as   Member
		bank Bank
		in   ListingInput
	}{
		{member, gwen, nant, ListingInput{Kind: Offer, Title: "Cakes for your event", Description: "Victoria sponge, bara brith or Welsh cakes, baked to order.", Category: "cooking", Mode: ModeInPerson, Estimate: "2"}},
		{member, gwen, nant, ListingInput{Kind: Request, Title: "Help carrying tables", Description: "Setting up the hall for the lunch club on Thursdays at ten.", Category: "community", Mode: ModeInPerson, Estimate: "1"}},
		{resident, rhysN, nant, ListingInput{Kind: Offer, Title: "Help with phones and tablets", Description: "Video calls, photos, online shopping: I'll go at your pace.", Category: "computers", Mode: ModeEither}},
		{resident, rhysN, nant, ListingInput{Kind: Request, Title: "Someone to practise Welsh with", Description: "I'm learning; half an hour's chat a week would help a lot.", Category: "languages", Mode: ModeFromHome}},
		{resident, rhysH, harbour, ListingInput{Kind: Offer, Title: "Weekend lifts", Description: "Saturday lifts to the supermarket or the hospital.", Category: "transport", Mode: ModeInPerson}},
		{moderator, mod, harbour, ListingInput{Kind: Offer, Title: "Help with forms", Description: "Benefits, blue badge, council tax: let's read them together.", Category: "paperwork", Mode: ModeEither}},
		{moderator, mod, harbour, ListingInput{Kind: Request, Title: "Dog walker on Wednesdays", Description: "Bramble is old and gentle; a short walk at lunchtime.", Category: "pets", Mode: ModeInPerson}},
	} {
		if _, err := s.CreateListing(ctx, l.who, l.bank.ID, ListingInput{As: l.as.ID, Kind: l.in.Kind, Title: l.in.Title, Description: l.in.Description,
			Category: l.in.Category, Mode: l.in.Mode, Estimate: l.in.Estimate, AreaID: l.bank.AreaID}); err != nil {
			return err
		}
	}
	return nil
}
