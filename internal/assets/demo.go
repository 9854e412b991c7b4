package assets

import (
	"commons/internal/platform/actor"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"commons/internal/assets/geo"
	"commons/internal/assets/postcodes"
	"commons/internal/assets/record"
	"commons/internal/identity"
)

// demoKinds are the kinds of asset the demo generates, by category: a name pattern, tags, the
// opening times and whether it has a capacity.
var demoKinds = map[string][]struct {
	name, tags, hours, desc, ownership string
	capacity                           bool
}{
	record.Individuals: {
		{"%s Good Neighbours", "neighbours, befriending", "", "Residents who help each other with shopping, lifts and a friendly call.", "community", false},
		{"%s Repair Volunteers", "repair, bikes, sewing", "Sa 10:00-13:00", "Volunteers who mend bikes, clothes and small appliances.", "community", false},
	},
	record.Associations: {
		{"%s Walking Group", "walking, health", "We 10:00-12:00", "Friendly weekly walks for all abilities.", "community", false},
		{"%s Youth Club", "young people, sport", "Tu,Th 18:00-20:30", "Games, sport and trips for 11 to 18 year olds.", "community", false},
		{"%s Welsh Conversation Circle", "welsh, language, social", "Mo 19:00-20:30", "Practise Welsh over a cup of tea – all levels welcome.", "community", false},
		{"%s Allotment Society", "gardening, food", "", "Plot holders growing food together.", "community", false},
	},
	record.Institutions: {
		{"%s Primary School", "school, education", "Mo-Fr 08:45-15:30", "Community primary school with a hall for hire in the evenings.", "council", true},
		{"%s Surgery", "health, gp", "Mo-Fr 08:00-18:30", "GP surgery with a community health noticeboard.", "other", false},
		{"%s Citizens Advice Outreach", "advice, money, benefits", "Th 10:00-14:00", "Free advice on money, benefits and housing.", "other", false},
	},
	record.Spaces: {
		{"%s Community Centre", "hall, hire, meeting room", "Mo-Fr 09:00-21:00; Sa 09:00-13:00", "Main hall, meeting rooms and a kitchen for community use.", "community", true},
		{"%s Library", "library, books, computers, warm space", "Mo-Fr 09:30-17:00; Sa 09:30-12:30", "Books, free computers and wifi, and a warm space in winter.", "council", true},
		{"%s Park", "park, play area, green space", "24/7", "Green space with a play area and benches.", "council", false},
		{"The %s Arms", "pub, meeting room", "Mo-Su 12:00-23:00", "Community pub with a function room for local groups.", "private", true},
		{"%s Playing Fields", "sport, football, green space", "24/7", "Pitches used by local clubs and schools.", "council", false},
	},
	record.Economic: {
		{"%s Market", "market, food, local produce", "Sa 08:00-14:00", "Weekly market of local growers and makers.", "council", false},
		{"%s Credit Union Point", "money, savings, loans", "Fr 10:00-13:00", "Save and borrow fairly at a collection point.", "community", false},
		{"%s Works Training Hub", "jobs, training, skills", "Mo-Th 09:00-16:00", "Help into work: CVs, courses and apprenticeships.", "private", false},
	},
	record.Cultural: {
		{"%s Male Voice Choir", "music, choir, welsh", "We 19:30-21:30", "Choir rehearsing weekly; new voices welcome.", "community", false},
		{"%s Heritage Trail", "history, heritage, walking", "24/7", "Plaques and stories of the area's industrial past.", "community", false},
		{"%s Eisteddfod", "festival, welsh, arts", "", "Annual local eisteddfod of music, poetry and crafts.", "community", false},
	},
}

// inwardLetters are the letters a postcode's inward code may end with (never C, I, K, M, O, V).
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

var demoStreets = []string{"High Street", "Church Road", "Station Road", "Heol y Nant", "Mill Lane", "Park View", "Harbour Road", "Stryd Fawr"}

// LoadDemo adds a few hundred generated assets across every category and ward of the demo
// borough, and a few skills the demo accounts share. It does nothing once the demo assets exist
// or when the demo borough's areas are missing. The same assets come out every time.
func (s *Service) LoadDemo(ctx context.Context) error {
	if loaded, err := demoLoaded(ctx, s.DB); err != nil || loaded {
		return err
	}
	areas, err := s.Areas(ctx)
	if err != nil || len(areas) == 0 {
		return err
	}
	districts, err := areaDistricts(ctx, s.DB)
	if err != nil {
		return err
	}
	people := map[string]*actor.Actor{}
	for _, d := range identity.DemoAccounts {
		u := &actor.Actor{Name: d.Name, Roles: []string{d.Role}}
		id, err := personIDByEmail(ctx, s.DB, d.Email)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", d.Email, err)
		}
		u.ID = id
		people[d.Role] = u
	}
	officer := people[identity.RoleOfficer]
	officer.Roles = []string{identity.RoleOfficer}
	rng := rand.New(rand.NewPCG(5, 2026))
	for _, ar := range areas {
		fields := strings.Fields(strings.Trim(districts[ar.ID], "[]\"{}"))
		district := "AH1"
		if len(fields) > 0 {
			district = strings.Trim(fields[0], "\",")
		}
		centre, ok := geo.Centroids[district]
		if !ok {
			centre = geo.Centroids["AH1"]
		}
		for _, cat := range record.Categories {
			for _, k := range demoKinds[cat] {
				lat := centre.Lat + (rng.Float64()-0.5)*0.02
				lon := centre.Lon + (rng.Float64()-0.5)*0.03
				in := record.Input{Name: fmt.Sprintf(k.name, ar.Name), Description: k.desc, Category: cat, Tags: k.tags, Area: ar.ID,
					Address:  strconv.Itoa(1+rng.IntN(120)) + " " + demoStreets[rng.IntN(len(demoStreets))],
					Postcode: fmt.Sprintf("%s %d%c%c", district, 1+rng.IntN(9), inwardLetters[rng.IntN(len(inwardLetters))], inwardLetters[rng.IntN(len(inwardLetters))]),
					Latitude: strconv.FormatFloat(lat, 'f', 5, 64), Longitude: strconv.FormatFloat(lon, 'f', 5, 64), OpeningHours: k.hours,
					StepFree: map[bool]string{true: "yes", false: "no"}[rng.IntN(3) > 0], Ownership: k.ownership,
					Accessibility: "Level access from the street; accessible toilet.", Services: k.desc}
				if in.Name == "Nant Community Centre" {
					in.Organisation = "Nant Village Hall Committee" // its committee keeps it up to date
				}
				if k.capacity {
					in.Capacity = strconv.Itoa(20 + 10*rng.IntN(20))
					in.Facilities = "Kitchen, toilets, wifi, projector"
				}
				if rng.IntN(4) == 0 {
					in.ContactEmail = "hello@" + strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(ar.Name, " ", ""), "'", "")) + ".example"
				}
				a, err := s.Create(ctx, officer, in)
				if err != nil {
					return fmt.Errorf("demo asset %s: %w", in.Name, err)
				}
				// The demo's postcode file: each asset's postcode at its point, as if the council
				// had loaded the ONS Postcode Directory (commons postcodes import).
				if err := s.DB.WithTx(ctx, func(ctx context.Context) error {
					return savePostcodes(ctx, s.DB, []postcodes.Point{{Postcode: a.Postcode, Lat: *a.Lat, Lon: *a.Lon}})
				}); err != nil {
					return err
				}
			}
		}
	}
	// A suggestion for the officer to verify, and skills the demo people share.
	if _, err := s.Create(ctx, people[identity.RoleResident], record.Input{Name: "Castle Community Fridge", Category: record.Economic,
		Description: "Surplus food shared free, run by volunteers.", Tags: "food, sharing", Area: "Castle", Ownership: "community"}); err != nil {
		return err
	}
	// A correction a resident suggested, waiting for the centre's committee.
	if err := s.demoCorrection(ctx, people); err != nil {
		return err
	}
	var shared []Skill
	for _, sk := range []struct {
		role string
		in   SkillInput
	}{
		{identity.RoleResident, SkillInput{Kind: "skill", Title: "Bike repairs", Description: "Punctures, brakes and gears.", AreaID: "Castle", Visibility: VisibleMembers}},
		{identity.RoleResident, SkillInput{Kind: "time", Title: "Two hours on Saturday mornings", AreaID: "Castle", Visibility: VisibleOfficers}},
		{identity.RoleMember, SkillInput{Kind: "skill", Title: "Welsh conversation practice", Description: "Happy to chat in Welsh with learners.", AreaID: "Nant", Visibility: VisibleEveryone}},
		{identity.RoleMember, SkillInput{Kind: "gift", Title: "Baking for community events", AreaID: "Nant", Visibility: VisibleMembers}},
	} {
		added, err := s.AddSkill(ctx, people[sk.role], sk.in)
		if err != nil {
			return err
		}
		shared = append(shared, added)
	}
	// The member has asked the resident about bike repairs, and waits for an answer.
	_, err = s.RequestSkill(ctx, people[identity.RoleMember], shared[0].ID, "Could you look at the hall's old bike before the spring fair? It has a flat tyre and the brakes rub.")
	return err
}

// demoCorrection is the resident's correction to the community centre, for the member's
// committee (or an officer) to decide.
func (s *Service) demoCorrection(ctx context.Context, people map[string]*actor.Actor) error {
	id, err := demoCentreID(ctx, s.DB)
	if err != nil {
		return err
	}
	a, err := assetByID(ctx, s.DB, id)
	if err != nil {
		return err
	}
	in := inputOf(a)
	in.OpeningHours = "Mo-Fr 09:00-21:00; Sa 09:00-16:00"
	_, err = s.SuggestCorrection(ctx, people[identity.RoleResident], id, CorrectionInput{Values: in,
		Note: "The centre is open until 4pm on Saturdays now – the sign on the door changed in the autumn."})
	return err
}
