package match

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func pt(lat, lng float64) *Point { return &Point{lat, lng} }

// hall is a village hall at a point that will travel 20 km and mentor one organisation.
func hall(id string, p *Point, offers map[string]int, needs ...string) Org {
	return Org{ID: id, Kind: "village_hall", Sector: "vcf", PlaceKind: "spaces", Point: p, TravelKm: 20, Capacity: 1,
		Offers: offers, Needs: needs}
}

// Points about 1, 5, 10 and 40 km east of Nant (51.63, -3.97) at that latitude.
var (
	nant   = pt(51.63, -3.97)
	near1  = pt(51.63, -3.9556)
	near5  = pt(51.63, -3.8978)
	near10 = pt(51.63, -3.8256)
	far40  = pt(51.63, -3.3919)
)

func ids(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.MentorID)
	}
	return out
}

func TestRankPicksTheKnownBest(t *testing.T) {
	need := Need{ID: "n1", OrgID: "mentee", Topic: "bookings"}
	mentee := hall("mentee", nant, nil, "bookings")
	cases := []struct {
		name string
		orgs []Org
		opt  Options
		want []string
	}{
		{"only those who offer the topic, never itself",
			[]Org{hall("mentee", nant, map[string]int{"bookings": 3}, "bookings"), hall("a", near1, map[string]int{"governance": 3}), hall("b", near5, map[string]int{"bookings": 1})},
			Options{}, []string{"b"}},
		{"a hall mentoring a hall: the same kind of organisation wins at the same distance and level",
			[]Org{mentee, {ID: "council", Kind: "council_service", Sector: "public", Point: near5, TravelKm: 20, Capacity: 1, Offers: map[string]int{"bookings": 2}},
				hall("hall", near5, map[string]int{"bookings": 2})},
			Options{}, []string{"hall", "council"}},
		{"nearer wins when all else is equal",
			[]Org{mentee, hall("ten", near10, map[string]int{"bookings": 2}), hall("one", near1, map[string]int{"bookings": 2}), hall("five", near5, map[string]int{"bookings": 2})},
			Options{}, []string{"one", "five", "ten"}},
		{"beyond how far either will travel is out, unless both meet online",
			[]Org{mentee, hall("far", far40, map[string]int{"bookings": 3})},
			Options{}, nil},
		{"more experience wins at the same distance",
			[]Org{mentee, hall("some", near5, map[string]int{"bookings": 1}), hall("mentored", near5, map[string]int{"bookings": 3}), hall("good", near5, map[string]int{"bookings": 2})},
			Options{}, []string{"mentored", "good", "some"}},
		{"a full mentor is left out; the less loaded wins",
			[]Org{mentee,
				{ID: "full", Kind: "village_hall", Sector: "vcf", PlaceKind: "spaces", Point: near1, TravelKm: 20, Capacity: 2, Load: 2, Offers: map[string]int{"bookings": 3}},
				{ID: "busy", Kind: "village_hall", Sector: "vcf", PlaceKind: "spaces", Point: near5, TravelKm: 20, Capacity: 2, Load: 1, Offers: map[string]int{"bookings": 2}},
				{ID: "free", Kind: "village_hall", Sector: "vcf", PlaceKind: "spaces", Point: near5, TravelKm: 20, Capacity: 2, Offers: map[string]int{"bookings": 2}}},
			Options{}, []string{"free", "busy"}},
		{"paused organisations and excluded pairs are left out",
			[]Org{mentee, {ID: "paused", Paused: true, Point: near1, TravelKm: 20, Capacity: 1, Offers: map[string]int{"bookings": 3}},
				hall("declined", near1, map[string]int{"bookings": 3}), hall("ok", near10, map[string]int{"bookings": 1})},
			Options{Exclude: map[string]bool{"n1|declined": true}}, []string{"ok"}},
		{"no time in common costs a place",
			[]Org{{ID: "mentee", Kind: "village_hall", Point: nant, TravelKm: 20, Capacity: 1, Slots: []string{"weekday_evening"}, Needs: []string{"bookings"}},
				{ID: "days", Kind: "village_hall", Point: near1, TravelKm: 20, Capacity: 1, Slots: []string{"weekday_daytime"}, Offers: map[string]int{"bookings": 2}},
				{ID: "evenings", Kind: "village_hall", Point: near5, TravelKm: 20, Capacity: 1, Slots: []string{"weekday_evening", "weekend"}, Offers: map[string]int{"bookings": 2}}},
			Options{}, []string{"evenings", "days"}},
		{"no points: the same area counts as near",
			[]Org{{ID: "mentee", Kind: "village_hall", AreaID: "nant", Needs: []string{"bookings"}},
				{ID: "elsewhere", Kind: "village_hall", AreaID: "castle", Offers: map[string]int{"bookings": 2}},
				{ID: "same", Kind: "village_hall", AreaID: "nant", Offers: map[string]int{"bookings": 2}}},
			Options{}, []string{"same", "elsewhere"}},
		{"PerNeed keeps the best few",
			[]Org{mentee, hall("a", near1, map[string]int{"bookings": 2}), hall("b", near5, map[string]int{"bookings": 2}), hall("c", near10, map[string]int{"bookings": 2})},
			Options{PerNeed: 2}, []string{"a", "b"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(Rank(need, tc.orgs, tc.opt))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOnlineReachesBeyondTravel(t *testing.T) {
	m := hall("mentee", nant, nil, "bookings")
	far := hall("far", far40, map[string]int{"bookings": 3})
	m.Online, far.Online = true, true
	cs := Rank(Need{ID: "n", OrgID: "mentee", Topic: "bookings"}, []Org{m, far}, Options{})
	if len(cs) != 1 || !hasReason(cs[0], ReasonFar) {
		t.Fatalf("got %+v", cs)
	}
	// Online counts for little against a hall nearby offering as much.
	near := hall("near", near10, map[string]int{"bookings": 3})
	cs = Rank(Need{ID: "n", OrgID: "mentee", Topic: "bookings"}, []Org{m, far, near}, Options{})
	if got := ids(cs); !slices.Equal(got, []string{"near", "far"}) {
		t.Errorf("got %v", got)
	}
}

func TestCoverageOfOtherNeeds(t *testing.T) {
	m := hall("mentee", nant, nil, "bookings", "insurance", "safeguarding")
	one := hall("one", near5, map[string]int{"bookings": 2})
	all := hall("all", near5, map[string]int{"bookings": 2, "insurance": 1, "safeguarding": 1})
	cs := Rank(Need{ID: "n", OrgID: "mentee", Topic: "bookings"}, []Org{m, one, all}, Options{})
	if got := ids(cs); !slices.Equal(got, []string{"all", "one"}) {
		t.Fatalf("got %v", got)
	}
	r := reason(cs[0], ReasonAlsoOffers)
	if r == nil || r.N != 2 || !slices.Equal(r.Topics, []string{"insurance", "safeguarding"}) {
		t.Errorf("also offers: %+v", r)
	}
}

func TestReasonsSayWhy(t *testing.T) {
	m := hall("mentee", nant, nil, "bookings")
	h := hall("hall", near5, map[string]int{"bookings": 3})
	h.Capacity, h.Load = 3, 1
	cs := Rank(Need{ID: "n", OrgID: "mentee", Topic: "bookings"}, []Org{m, h}, Options{})
	if len(cs) != 1 {
		t.Fatal(cs)
	}
	c := cs[0]
	if r := reason(c, ReasonOffers); r == nil || r.Topic != "bookings" || r.N != LevelMentored {
		t.Errorf("offers: %+v", r)
	}
	if r := reason(c, ReasonDistance); r == nil || math.Abs(r.Km-5) > 0.2 {
		t.Errorf("distance: %+v", r)
	}
	for _, code := range []string{ReasonSameKind, ReasonSamePlace, ReasonSameSector} {
		if !hasReason(c, code) {
			t.Errorf("no %s in %+v", code, c.Reasons)
		}
	}
	if r := reason(c, ReasonLoad); r == nil || r.N != 1 || r.Of != 3 {
		t.Errorf("load: %+v", r)
	}
	if c.Score <= 0 || c.Score > 1 {
		t.Errorf("score %v", c.Score)
	}
}

func TestProposeGivesTheScarceMentorToTheNeedThatHasNoOther(t *testing.T) {
	// Need A (hall X) could have M1 or M2, and likes M1 a little better; need B (hall Y) has
	// only M1. Each mentor takes one. Best for the programme: A–M2 and B–M1, although A–M1
	// scores higher than B–M1.
	orgs := []Org{
		hall("x", nant, nil, "bookings"),
		{ID: "y", Kind: "sports_club", Sector: "resident", Point: near5, TravelKm: 2, Capacity: 1, Needs: []string{"bookings"}},
		hall("m1", near1, map[string]int{"bookings": 3}),
		hall("m2", pt(51.63, -3.99), map[string]int{"bookings": 2}), // 1.4 km west of X, 6.4 km from Y
	}
	orgs[3].TravelKm = 3 // so Y (travelling 2 km) and M2 cannot reach each other
	needs := []Need{{ID: "A", OrgID: "x", Topic: "bookings"}, {ID: "B", OrgID: "y", Topic: "bookings"}}
	pool := NewPool(orgs)
	a := pool.Rank(needs[0], Options{})
	b := pool.Rank(needs[1], Options{})
	if ids(a)[0] != "m1" || !slices.Equal(ids(b), []string{"m1"}) {
		t.Fatalf("setup: A ranks %v, B ranks %v", ids(a), ids(b))
	}
	if a[0].Score <= b[0].Score {
		t.Fatalf("setup: A–M1 %v should beat B–M1 %v", a[0].Score, b[0].Score)
	}
	ps := pool.Propose(needs, Options{})
	if got := best(ps); !slices.Equal(got, []string{"A:m2", "B:m1"}) {
		t.Errorf("got %v", got)
	}
}

func TestProposeRespectsCapacity(t *testing.T) {
	m := hall("m", near1, map[string]int{"bookings": 3})
	m.Capacity = 2
	orgs := []Org{m, hall("a", nant, nil, "bookings"), hall("b", near5, nil, "bookings"), hall("c", near10, nil, "bookings")}
	needs := []Need{{ID: "na", OrgID: "a", Topic: "bookings"}, {ID: "nb", OrgID: "b", Topic: "bookings"}, {ID: "nc", OrgID: "c", Topic: "bookings"}}
	ps := Propose(needs, orgs, Options{})
	if got := best(ps); !slices.Equal(got, []string{"na:m", "nb:m", "nc:-"}) {
		t.Errorf("got %v", got)
	}
	// Every need still shows who could help on their own merits.
	if len(ps[2].Ranked) != 1 {
		t.Errorf("ranked %+v", ps[2].Ranked)
	}
}

func TestProposeOneMentorForTwoNeedsOfOneOrganisationUsesOnePlace(t *testing.T) {
	m := hall("m", near1, map[string]int{"bookings": 3, "insurance": 2})
	orgs := []Org{m, hall("a", nant, nil, "bookings", "insurance"), hall("b", near10, nil, "insurance")}
	needs := []Need{{ID: "a1", OrgID: "a", Topic: "bookings"}, {ID: "a2", OrgID: "a", Topic: "insurance"}, {ID: "b1", OrgID: "b", Topic: "insurance"}}
	if got := best(Propose(needs, orgs, Options{})); !slices.Equal(got, []string{"a1:m", "a2:m", "b1:-"}) {
		t.Errorf("got %v", got)
	}
}

// TestProposeHoldsItsPromises checks random programmes: no mentor over capacity, every
// assignment one of the need's candidates, and the same answer whatever the order of orgs.
func TestProposeHoldsItsPromises(t *testing.T) {
	for seed := range uint64(40) {
		orgs, needs := Synthetic(seed, 60)
		ps := Propose(needs, orgs, Options{})
		used := map[string]map[string]bool{}
		for i, p := range ps {
			if p.NeedID != needs[i].ID {
				t.Fatalf("seed %d: order", seed)
			}
			if p.Best == nil {
				continue
			}
			if used[p.Best.MentorID] == nil {
				used[p.Best.MentorID] = map[string]bool{}
			}
			used[p.Best.MentorID][needs[i].OrgID] = true
			if p.Best.MentorID == needs[i].OrgID {
				t.Fatalf("seed %d: an organisation mentors itself", seed)
			}
		}
		for _, o := range orgs {
			if n := len(used[o.ID]); n > 0 && o.Load+n > max(o.Capacity, 1) {
				t.Errorf("seed %d: %s has %d+%d of %d", seed, o.ID, o.Load, n, o.Capacity)
			}
		}
		shuffled := slices.Clone(orgs)
		rand.New(rand.NewPCG(seed, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if a, b := best(ps), best(Propose(needs, shuffled, Options{})); !slices.Equal(a, b) {
			t.Errorf("seed %d: order of organisations changed the answer", seed)
		}
	}
}

func TestKm(t *testing.T) {
	cardiff, swansea := Point{51.4816, -3.1791}, Point{51.6214, -3.9436}
	if d := Km(cardiff, swansea); math.Abs(d-55.2) > 1 {
		t.Errorf("Cardiff to Swansea %.1f km", d)
	}
	if d := Km(cardiff, cardiff); d != 0 {
		t.Errorf("no distance: %v", d)
	}
}

func best(ps []Proposal) []string {
	var out []string
	for _, p := range ps {
		m := "-"
		if p.Best != nil {
			m = p.Best.MentorID
		}
		out = append(out, p.NeedID+":"+m)
	}
	return out
}

func reason(c Candidate, code string) *Reason {
	for i := range c.Reasons {
		if c.Reasons[i].Code == code {
			return &c.Reasons[i]
		}
	}
	return nil
}

func hasReason(c Candidate, code string) bool { return reason(c, code) != nil }
