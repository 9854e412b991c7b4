package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// SyntheticTopics are the topics of Synthetic programmes.
var SyntheticTopics = []string{"governance", "funding_bids", "running_a_hall", "bookings", "safeguarding", "volunteers",
	"energy", "insurance", "accessibility", "events", "finance", "digital"}

var (
	syntheticKinds = []string{"village_hall", "community_centre", "sports_club", "faith_group", "charity", "community_group"}
	syntheticSlots = []string{"weekday_daytime", "weekday_evening", "weekend"}
)

// Synthetic makes a made-up programme of n organisations spread over a county of 60 by 40 km
// (one in ten with no point, only an area), each offering up to four topics and needing up to
// three, for tests and benchmarks. The same seed gives the same programme.
func Synthetic(seed uint64, n int) ([]Org, []Need) {
	r := rand.New(rand.NewPCG(seed, 42))
	orgs := make([]Org, n)
	var needs []Need
	for i := range orgs {
		o := Org{ID: fmt.Sprintf("org%05d", i), Kind: syntheticKinds[r.IntN(len(syntheticKinds))], Sector: "vcf", PlaceKind: "spaces",
			AreaID: fmt.Sprintf("area%d", r.IntN(30)), TravelKm: float64(5 + r.IntN(30)), Online: r.IntN(3) == 0,
			Capacity: 1 + r.IntN(3), Offers: map[string]int{}}
		if r.IntN(10) > 0 {
			o.Point = &Point{51.4 + r.Float64()*0.36, -4.3 + r.Float64()*0.86}
		}
		o.Load = r.IntN(o.Capacity + 1)
		for range r.IntN(5) {
			o.Offers[SyntheticTopics[r.IntN(len(SyntheticTopics))]] = 1 + r.IntN(3)
		}
		for range r.IntN(4) {
			t := SyntheticTopics[r.IntN(len(SyntheticTopics))]
			if _, offers := o.Offers[t]; offers || slices.Contains(o.Needs, t) {
				continue
			}
			o.Needs = append(o.Needs, t)
			needs = append(needs, Need{ID: fmt.Sprintf("need%06d", len(needs)), OrgID: o.ID, Topic: t})
		}
		for _, s := range syntheticSlots {
			if r.IntN(2) == 0 {
				o.Slots = append(o.Slots, s)
			}
		}
		orgs[i] = o
	}
	return orgs, needs
}
