package mentoring

import (
	"context"
	"time"

	"commons/internal/identity"
	"commons/internal/mentoring/match"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Topic ids seeded by the first migration.
const (
	topicGovernance    = "6670f6de-410d-4fe5-b173-84645f0d5342"
	topicFunding       = "102e0fa0-9d0c-44c9-b03c-a5779a2b8dea"
	topicRunningHall   = "b8077879-1582-4f6e-a803-bfa14a589db1"
	topicBookings      = "d6391542-6c5d-4e11-8b94-bb1667cda494"
	topicSafeguarding  = "08362270-e747-487e-bd6f-30550ae8a227"
	topicVolunteers    = "a5cd51f4-0ccb-4291-bdfb-a8f01ec9118a"
	topicEnergy        = "a4846f67-84f6-40e4-9d70-6969b704086f"
	topicInsurance     = "2f995298-83ad-45e8-a247-b047ee89bd3e"
	topicAccessibility = "fb5ddad4-47d1-4a65-8381-026e9bb0d3c5"
	topicEvents        = "3b33b88a-3b3b-4cca-853e-b9e76d96d499"
)

// demoHalls are the borough's village halls in the peer-support programme: where they are,
// what they offer (topic → level) and what they need.
var demoHalls = []struct {
	name, ward, postcode string
	lat, lng             float64
	travel, capacity     int
	online               bool
	slots                []string
	offers               map[string]int
	needs                []string
	about                string
}{
	{"Nant Village Hall Committee", "Nant", "AH3 5NV", 51.6312, -3.9702, 15, 2, true, []string{"weekday_evening", "weekend"},
		map[string]int{topicBookings: 3, topicVolunteers: 2, topicEvents: 2}, []string{topicEnergy},
		"A busy hall with a lunch club, youth club and bookings most evenings."},
	{"Pen-y-bryn Village Hall", "Pen-y-bryn", "AH4 2PB", 51.6405, -3.9865, 10, 1, false, []string{"weekday_evening"},
		map[string]int{topicAccessibility: 1}, []string{topicBookings, topicInsurance},
		"A small hall reopened last year by new trustees, finding its feet with lettings."},
	{"Waunfawr Memorial Hall", "Waunfawr", "AH9 1WM", 51.6188, -3.9953, 20, 2, true, []string{"weekday_daytime", "weekday_evening"},
		map[string]int{topicEnergy: 3, topicFunding: 3, topicRunningHall: 2}, nil,
		"Rebuilt with solar panels and a heat pump in 2023; happy to show others round."},
	{"Upper Valley Village Hall", "Upper Valley", "AH7 4UV", 51.6455, -3.9260, 25, 1, true, []string{"weekend"},
		map[string]int{topicGovernance: 3, topicSafeguarding: 2, topicInsurance: 2}, nil,
		"Run by a charitable incorporated organisation since 2019; trustees who like a good constitution."},
	{"Y Rhos Community Hall", "Y Rhos", "AH10 3YR", 51.6102, -3.9580, 10, 1, false, []string{"weekday_evening", "weekend"},
		nil, []string{topicGovernance, topicVolunteers},
		"A tenants' hall on the estate, moving from a committee to a charity."},
	{"Trefelin Village Hall", "Trefelin", "AH6 2TV", 51.6270, -3.9105, 15, 1, false, []string{"weekday_daytime"},
		map[string]int{topicEvents: 1}, []string{topicSafeguarding},
		"Starting a toddler group and a youth session this year."},
}

// LoadDemo adds the borough's village halls to the peer-support programme: profiles, offers and
// needs, a relationship under way with an overdue check-in, one closed with its outcome, one
// proposed and waiting for the mentor, and a need still looking; the demo officer coordinates.
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := countProfiles(ctx, s.DB); err != nil || n > 0 {
		return err
	}
	admin := &actor.Actor{Name: "Ada Admin", Roles: []string{identity.RoleAdmin}}
	found, err := s.Identity.FindAccounts(ctx, admin, "admin@aberhaven.example", 1, 0)
	if err != nil || len(found) == 0 {
		return err // no identity demo: nothing to hang peer support on
	}
	admin.ID = found[0].ID
	orgs, err := s.Identity.Organisations(ctx, "", 100000, 0)
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
	for _, h := range demoHalls {
		if orgID[h.name] != "" {
			continue
		}
		o, err := s.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: h.name, Sector: "vcf", AreaID: areaID[h.ward],
			Description: h.about})
		if err != nil {
			return err
		}
		orgID[h.name] = o.ID
	}
	if officer, err := s.Identity.FindAccounts(ctx, admin, "officer@aberhaven.example", 1, 0); err == nil && len(officer) == 1 {
		if err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			return addCoordinator(ctx, s.DB, officer[0].ID, admin.ID, s.DB.Now(ctx))
		}); err != nil {
			return err
		}
	}
	now := s.DB.Clock().Now()
	needID := map[[2]string]string{}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		for i, h := range demoHalls {
			org := orgID[h.name]
			lat, lng := h.lat, h.lng
			p := Profile{OrganisationID: org, Kind: "village_hall", Postcode: h.postcode, Lat: &lat, Lng: &lng, TravelKm: h.travel,
				Online: h.online, Slots: h.slots, Capacity: h.capacity, About: h.about,
				Availability: "Trustees meet monthly; the secretary answers most days."}
			if s.Finder != nil { // the ward's community centre on the asset map, when it is there
				if ps, err := s.Finder.FindPlaces(ctx, h.ward+" Community Centre", 1); err == nil && len(ps) == 1 && i == 0 {
					p.PlaceID, p.PlaceName, p.PlaceKind = ps[0].ID, ps[0].Name, ps[0].Kind
				}
			}
			if err := saveProfile(ctx, s.DB, p, "", now.AddDate(0, -8, 0)); err != nil {
				return err
			}
			for t, level := range h.offers {
				if err := saveOffer(ctx, s.DB, Offer{ID: ids.New(), OrganisationID: org, TopicID: t, Level: level,
					Detail: demoDetail[t]}, "", now.AddDate(0, -8, 0)); err != nil {
					return err
				}
			}
			for _, t := range h.needs {
				n := Need{ID: ids.New(), OrganisationID: org, TopicID: t, Detail: demoNeed[t], CreatedAt: now.AddDate(0, -7, 0)}
				if err := insertNeed(ctx, s.DB, n, ""); err != nil {
					return err
				}
				needID[[2]string{h.name, t}] = n.ID
			}
		}
		day := func(months int) string { return today(now.AddDate(0, months, 0)) }
		ago := func(months int) time.Time { return now.AddDate(0, months, 0) }
		type demoRel struct {
			mentor, mentee, topic, stage string
			proposed, met                int // months ago (negative)
			checkins                     map[int][]string
			outcome, helped              string
		}
		rels := []demoRel{
			{"Nant Village Hall Committee", "Pen-y-bryn Village Hall", topicBookings, StageUnderway, -5, -4,
				map[int][]string{3: {"Nant Village Hall Committee"}}, "", ""},
			{"Waunfawr Memorial Hall", "Nant Village Hall Committee", topicEnergy, StageClosed, -9, -8,
				map[int][]string{3: {"Waunfawr Memorial Hall", "Nant Village Hall Committee"}, 6: {"Waunfawr Memorial Hall", "Nant Village Hall Committee"}},
				"met", "Walking round Waunfawr's boiler room with their treasurer, and borrowing their energy survey to show our funder."},
			{"Upper Valley Village Hall", "Y Rhos Community Hall", topicGovernance, StageProposed, 0, 0, nil, "", ""},
		}
		for _, d := range rels {
			mentor, mentee := orgID[d.mentor], orgID[d.mentee]
			nid := needID[[2]string{d.mentee, d.topic}]
			created := ago(d.proposed).Add(-time.Hour)
			r := Relationship{ID: ids.New(), NeedID: nid, TopicID: d.topic, MentorOrgID: mentor, MenteeOrgID: mentee, ProposedSide: "coordinator",
				CreatedAt: created, Reasons: []match.Reason{{Code: match.ReasonOffers, Topic: d.topic, N: 3}, {Code: match.ReasonSameKind, Kind: "village_hall"}}}
			r.Score = 0.8
			if d.stage != StageProposed {
				r.MentorAccepted, r.MenteeAccepted = &created, &created
			} else {
				r.MenteeAccepted = &created
				r.ProposedSide = "mentee"
			}
			if err := insertRelationship(ctx, s.DB, r, ""); err != nil {
				return err
			}
			if err := insertLog(ctx, s.DB, r.ID, "proposed", mentee, "", false, created); err != nil {
				return err
			}
			if d.stage == StageProposed {
				continue
			}
			if _, err := agreeIfBoth(ctx, s.DB, r.ID, created); err != nil {
				return err
			}
			if _, err := setNeedStatus(ctx, s.DB, nid, "open", "paired", created); err != nil {
				return err
			}
			met := day(d.met)
			if _, err := recordMeeting(ctx, s.DB, r.ID, met, addMonths(met, 3), addMonths(met, 6), ago(d.met)); err != nil {
				return err
			}
			if err := insertLog(ctx, s.DB, r.ID, "met", mentor, "", false, ago(d.met)); err != nil {
				return err
			}
			for m, who := range d.checkins {
				for _, o := range who {
					at := ago(d.met + m)
					if _, err := insertCheckin(ctx, s.DB, r.ID, Checkin{Milestone: m, OrganisationID: orgID[o], Going: "well",
						Note: "Meeting every few weeks; it is helping.", CreatedAt: at}, ""); err != nil {
						return err
					}
					// The reminders of what is done went at the time.
					if _, err := claimReminder(ctx, s.DB, r.ID, m, "due", at); err != nil {
						return err
					}
				}
			}
			if d.stage == StageClosed {
				if _, err := closeRelationship(ctx, s.DB, r.ID, d.outcome, d.helped, ago(-1)); err != nil {
					return err
				}
				if _, err := setNeedStatus(ctx, s.DB, nid, "paired", "closed", ago(-1)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil && !errs.Is(err, errs.Conflict) {
		return err
	}
	return nil
}

var demoDetail = map[string]string{
	topicBookings:      "An online calendar, a simple hire agreement and deposits that come back without arguments.",
	topicVolunteers:    "A rota of twenty regulars and how we thank them.",
	topicEvents:        "Quiz nights and a summer fair that pay for the heating.",
	topicAccessibility: "We fitted a hearing loop and ramp last year.",
	topicEnergy:        "Solar panels, a heat pump and the grants that paid for them.",
	topicFunding:       "Lottery and landfill-fund bids, three successful.",
	topicRunningHall:   "Thirty years of keeping the doors open.",
	topicGovernance:    "Moving from an association to a charitable incorporated organisation.",
	topicSafeguarding:  "A policy, a named lead and DBS checks for youth sessions.",
	topicInsurance:     "What cover a hall needs and what hirers should bring.",
}

var demoNeed = map[string]string{
	topicBookings:     "We lose track of who has booked and deposits go astray.",
	topicInsurance:    "Our broker wants answers we don't have.",
	topicEnergy:       "Heating bills doubled; is a heat pump realistic for us?",
	topicGovernance:   "Our committee wants to become a charity and doesn't know where to start.",
	topicVolunteers:   "The same five people do everything.",
	topicSafeguarding: "We need a policy before the toddler group starts.",
}
