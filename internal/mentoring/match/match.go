package match

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
)

// Point is a latitude and longitude (WGS 84).
type Point struct{ Lat, Lng float64 }

// Levels of experience an organisation can offer in a topic.
const (
	LevelSome     = 1 // we have done it once or twice
	LevelGood     = 2 // we do it regularly
	LevelMentored = 3 // we have helped others with it before
)

// Org is an organisation taking part in peer support, as the matcher sees it.
type Org struct {
	ID        string
	Kind      string // what sort of organisation it is, like "village_hall"
	Sector    string // identity's sector: public, vcf, private, resident
	PlaceKind string // the category of its place on the asset map
	AreaID    string
	Point     *Point  // where it is; nil when unknown
	TravelKm  float64 // how far it will travel to meet
	Online    bool    // it will meet online
	Slots     []string
	Capacity  int // how many organisations it will mentor at once (at least 1)
	Load      int // how many it mentors now
	Paused    bool
	Offers    map[string]int // topic → level (LevelSome..LevelMentored)
	Needs     []string       // topics it needs help with (its open needs)
}

// Need is one topic an organisation needs help with.
type Need struct {
	ID    string
	OrgID string
	Topic string
}

// Weights weigh the four parts of a score; they are scaled to sum to 1.
type Weights struct{ Fit, Distance, Similarity, Load float64 }

// DefaultWeights put how well the offer meets the need first.
var DefaultWeights = Weights{Fit: 0.40, Distance: 0.25, Similarity: 0.20, Load: 0.15}

// Options adjust Rank and Propose; the zero value works.
type Options struct {
	Weights Weights
	// Exclude holds need id + "|" + mentor id pairs never to propose (asked already, declined).
	Exclude map[string]bool
	// PerNeed is how many candidates each need keeps (default 3).
	PerNeed int
}

func (o Options) withDefaults() Options {
	if o.Weights == (Weights{}) {
		o.Weights = DefaultWeights
	}
	sum := o.Weights.Fit + o.Weights.Distance + o.Weights.Similarity + o.Weights.Load
	if sum > 0 {
		o.Weights = Weights{o.Weights.Fit / sum, o.Weights.Distance / sum, o.Weights.Similarity / sum, o.Weights.Load / sum}
	}
	if o.PerNeed <= 0 {
		o.PerNeed = 3
	}
	return o
}

// Reason codes, each with the fields it fills.
const (
	ReasonOffers       = "offers"          // Topic, N = level
	ReasonAlsoOffers   = "also_offers"     // Topics, N = how many
	ReasonDistance     = "distance"        // Km
	ReasonFar          = "far_online"      // Km: beyond travel, but both meet online
	ReasonSameArea     = "same_area"       // no points, the same area
	ReasonSameKind     = "same_kind"       // Kind
	ReasonSameSector   = "same_sector"     // Kind = the sector
	ReasonSamePlace    = "same_place_kind" // Kind = the place's category
	ReasonLoad         = "load"            // N = load, Of = capacity
	ReasonCommonTime   = "common_time"     // Topics = the shared slots
	ReasonNoCommonTime = "no_common_time"
)

// Reason is one thing said for (or against) a pairing.
type Reason struct {
	Code   string   `json:"code"`
	Topic  string   `json:"topic,omitempty"`
	Topics []string `json:"topics,omitempty"`
	Kind   string   `json:"kind,omitempty"`
	N      int      `json:"n,omitempty"`
	Of     int      `json:"of,omitempty"`
	Km     float64  `json:"km,omitempty"`
}

// Parts are a score's four parts, each from 0 to 1 before weighting.
type Parts struct{ Fit, Distance, Similarity, Load float64 }

// Candidate is one organisation that could help with a need.
type Candidate struct {
	MentorID string
	Score    float64 // 0 to 1
	Parts    Parts
	Km       float64 // distance between the places; -1 when unknown
	Reasons  []Reason
}

// Pool is the organisations of a programme, indexed by what they offer.
type Pool struct {
	orgs    map[string]*Org
	byTopic map[string][]*Org
}

// NewPool indexes orgs. The pool keeps pointers into orgs; do not change them while it is used.
func NewPool(orgs []Org) *Pool {
	p := &Pool{orgs: make(map[string]*Org, len(orgs)), byTopic: map[string][]*Org{}}
	for i := range orgs {
		o := &orgs[i]
		p.orgs[o.ID] = o
		for t := range o.Offers {
			p.byTopic[t] = append(p.byTopic[t], o)
		}
	}
	for _, list := range p.byTopic {
		slices.SortFunc(list, func(a, b *Org) int { return cmp.Compare(a.ID, b.ID) })
	}
	return p
}

// Rank lists who could help with the need, best first, at most opt.PerNeed of them.
func (p *Pool) Rank(n Need, opt Options) []Candidate {
	opt = opt.withDefaults()
	return p.candidates(n, opt, opt.PerNeed)
}

// Rank is Pool.Rank over orgs, for a single need.
func Rank(n Need, orgs []Org, opt Options) []Candidate { return NewPool(orgs).Rank(n, opt) }

// candidates scores every eligible mentor for the need, best first, and explains the first
// keep of them.
func (p *Pool) candidates(n Need, opt Options, keep int) []Candidate {
	mentee, ok := p.orgs[n.OrgID]
	if !ok {
		return nil
	}
	// The best keep so far, best first: an insertion into a short list beats sorting them all.
	out := make([]Candidate, 0, keep+1)
	for _, m := range p.byTopic[n.Topic] {
		c, ok := evaluate(n, mentee, m, opt)
		if !ok || len(out) == keep && better(c, out[keep-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(out, c, better)
		out = slices.Insert(out, i, c)
		if len(out) > keep {
			out = out[:keep]
		}
	}
	for i := range out {
		out[i].Reasons = explain(n, mentee, p.orgs[out[i].MentorID])
	}
	return out
}

// better orders candidates best first: score, then nearer, then id (so results are stable).
func better(a, b Candidate) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	ak, bk := a.Km, b.Km
	if ak < 0 {
		ak = math.MaxFloat64
	}
	if bk < 0 {
		bk = math.MaxFloat64
	}
	if c := cmp.Compare(ak, bk); c != 0 {
		return c
	}
	return cmp.Compare(a.MentorID, b.MentorID)
}

func capacity(o *Org) int { return max(o.Capacity, 1) }

func levelOf(m *Org, topic string) int { return min(max(m.Offers[topic], LevelSome), LevelMentored) }

// reach says how far apart the two places are (-1 when unknown) and whether they can meet:
// within how far either will travel, or online when both will.
func reach(mentee, m *Org) (km float64, ok, online bool) {
	if m.Point == nil || mentee.Point == nil {
		return -1, true, false
	}
	d := Km(*m.Point, *mentee.Point)
	if d <= max(m.TravelKm, mentee.TravelKm) || d < 0.5 {
		return d, true, false
	}
	return d, m.Online && mentee.Online, true
}

// commonSlots reports whether both gave times (known) and whether any is shared.
func commonSlots(a, b *Org) (known, shared bool) {
	if len(a.Slots) == 0 || len(b.Slots) == 0 {
		return false, false
	}
	for _, s := range a.Slots {
		if slices.Contains(b.Slots, s) {
			return true, true
		}
	}
	return true, false
}

// evaluate scores mentor m for need n of mentee, or says it is not eligible.
func evaluate(n Need, mentee, m *Org, opt Options) (Candidate, bool) {
	if _, offers := m.Offers[n.Topic]; !offers || m.ID == mentee.ID || m.Paused || m.Load >= capacity(m) || opt.Exclude[n.ID+"|"+m.ID] {
		return Candidate{}, false
	}
	km, ok, far := reach(mentee, m)
	if !ok {
		return Candidate{}, false
	}
	c := Candidate{MentorID: m.ID, Km: km}

	// Fit: the level offered, and the mentee's other needs this mentor also offers.
	others, covered := 0, 0
	for i, t := range mentee.Needs {
		if t == n.Topic || slices.Contains(mentee.Needs[:i], t) {
			continue
		}
		others++
		if _, ok := m.Offers[t]; ok {
			covered++
		}
	}
	coverage := 0.0
	if others > 0 {
		coverage = float64(covered) / float64(others)
	}
	c.Parts.Fit = 0.7*float64(levelOf(m, n.Topic))/LevelMentored + 0.3*coverage

	// Distance: nearer is better, against how far they will travel; online counts for little.
	switch {
	case km >= 0 && !far:
		c.Parts.Distance = max(1-km/max(m.TravelKm, mentee.TravelKm, 1), 0.05)
	case far:
		c.Parts.Distance = 0.02
	case m.AreaID != "" && m.AreaID == mentee.AreaID:
		c.Parts.Distance = 0.6
	default:
		c.Parts.Distance = 0.3 // unknown: neither near nor far
	}

	// Similarity: a hall mentoring a hall.
	if m.Kind != "" && m.Kind == mentee.Kind {
		c.Parts.Similarity += 0.5
	}
	if m.PlaceKind != "" && m.PlaceKind == mentee.PlaceKind {
		c.Parts.Similarity += 0.3
	}
	if m.Sector != "" && m.Sector == mentee.Sector {
		c.Parts.Similarity += 0.2
	}

	// Load: room left.
	c.Parts.Load = 1 - float64(m.Load)/float64(capacity(m))

	w := opt.Weights
	c.Score = w.Fit*c.Parts.Fit + w.Distance*c.Parts.Distance + w.Similarity*c.Parts.Similarity + w.Load*c.Parts.Load
	// Times: a pairing with no time in common is worth less, but still possible.
	if known, shared := commonSlots(m, mentee); known && !shared {
		c.Score *= 0.8
	}
	c.Score = math.Round(c.Score*1e6) / 1e6
	return c, true
}

// explain gives the reasons for a candidate evaluate found, strongest first.
func explain(n Need, mentee, m *Org) []Reason {
	rs := []Reason{{Code: ReasonOffers, Topic: n.Topic, N: levelOf(m, n.Topic)}}
	var covered []string
	for i, t := range mentee.Needs {
		if t == n.Topic || slices.Contains(mentee.Needs[:i], t) {
			continue
		}
		if _, ok := m.Offers[t]; ok {
			covered = append(covered, t)
		}
	}
	if len(covered) > 0 {
		rs = append(rs, Reason{Code: ReasonAlsoOffers, Topics: covered, N: len(covered)})
	}
	km, _, far := reach(mentee, m)
	switch {
	case far:
		rs = append(rs, Reason{Code: ReasonFar, Km: round1(km)})
	case km >= 0:
		rs = append(rs, Reason{Code: ReasonDistance, Km: round1(km)})
	case m.AreaID != "" && m.AreaID == mentee.AreaID:
		rs = append(rs, Reason{Code: ReasonSameArea})
	}
	if m.Kind != "" && m.Kind == mentee.Kind {
		rs = append(rs, Reason{Code: ReasonSameKind, Kind: m.Kind})
	}
	if m.PlaceKind != "" && m.PlaceKind == mentee.PlaceKind {
		rs = append(rs, Reason{Code: ReasonSamePlace, Kind: m.PlaceKind})
	}
	if m.Sector != "" && m.Sector == mentee.Sector {
		rs = append(rs, Reason{Code: ReasonSameSector, Kind: m.Sector})
	}
	rs = append(rs, Reason{Code: ReasonLoad, N: m.Load, Of: capacity(m)})
	if known, shared := commonSlots(m, mentee); known {
		if !shared {
			return append(rs, Reason{Code: ReasonNoCommonTime})
		}
		var common []string
		for _, s := range m.Slots {
			if slices.Contains(mentee.Slots, s) {
				common = append(common, s)
			}
		}
		rs = append(rs, Reason{Code: ReasonCommonTime, Topics: common})
	}
	return rs
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// Km is the great-circle distance between two points in kilometres (haversine, on a sphere of
// the Earth's mean radius).
func Km(a, b Point) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLng := (b.Lng - a.Lng) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Proposal is what Propose says about one need.
type Proposal struct {
	NeedID string
	// Best is the mentor the programme-wide assignment gives the need, or nil when every
	// candidate is full or there is none.
	Best *Candidate
	// Ranked are the need's best candidates on their own merits, best first (opt.PerNeed).
	Ranked []Candidate
}

// assignDepth is how many candidates per need the assignment considers.
const assignDepth = 12

// Propose ranks the candidates of every need and assigns each need one mentor, within every
// mentor's capacity (a mentor helping one organisation with two needs uses one place). The
// need that would lose most by waiting goes first: the one with the largest gap between its
// best free candidate and its second best. Proposals come back in the order of needs.
func (p *Pool) Propose(needs []Need, opt Options) []Proposal {
	opt = opt.withDefaults()
	out := make([]Proposal, len(needs))
	lists := make([][]Candidate, len(needs))
	free := map[string]int{}       // mentor → places left
	paired := map[[2]string]bool{} // mentor, mentee already paired in this run
	byMentor := map[string][]int{} // mentor → needs that list it
	for i, n := range needs {
		cs := p.candidates(n, opt, max(assignDepth, opt.PerNeed))
		out[i] = Proposal{NeedID: n.ID, Ranked: cs[:min(len(cs), opt.PerNeed)]}
		cs = cs[:min(len(cs), assignDepth)]
		lists[i] = cs
		for _, c := range cs {
			if _, ok := free[c.MentorID]; !ok {
				m := p.orgs[c.MentorID]
				free[c.MentorID] = capacity(m) - m.Load
			}
			byMentor[c.MentorID] = append(byMentor[c.MentorID], i)
		}
	}
	usable := func(i int, c Candidate) bool {
		return free[c.MentorID] > 0 || paired[[2]string{c.MentorID, needs[i].OrgID}]
	}
	// priority is the need's (regret, best score, best candidate index), from free candidates.
	priority := func(i int) (float64, float64, int) {
		first, second := -1, -1
		for j, c := range lists[i] {
			if !usable(i, c) {
				continue
			}
			if first < 0 {
				first = j
			} else {
				second = j
				break
			}
		}
		if first < 0 {
			return 0, 0, -1
		}
		s1 := lists[i][first].Score
		s2 := 0.0
		if second >= 0 {
			s2 = lists[i][second].Score
		}
		return s1 - s2, s1, first
	}
	version := make([]int, len(needs))
	done := make([]bool, len(needs))
	h := &needHeap{}
	push := func(i int) {
		regret, best, j := priority(i)
		if j < 0 {
			return
		}
		version[i]++
		heap.Push(h, needItem{need: i, regret: regret, best: best, id: needs[i].ID, version: version[i]})
	}
	for i := range needs {
		push(i)
	}
	for h.Len() > 0 {
		it := heap.Pop(h).(needItem)
		if done[it.need] || it.version != version[it.need] {
			continue
		}
		_, _, j := priority(it.need)
		if j < 0 {
			continue
		}
		c := lists[it.need][j]
		done[it.need] = true
		out[it.need].Best = &c
		key := [2]string{c.MentorID, needs[it.need].OrgID}
		if paired[key] {
			continue // a place this mentor already gave the organisation
		}
		paired[key] = true
		if free[c.MentorID]--; free[c.MentorID] > 0 {
			continue // nobody else's choice has changed
		}
		// The mentor is full: the needs that list it see their priorities move.
		for _, k := range byMentor[c.MentorID] {
			if !done[k] {
				push(k)
			}
		}
	}
	return out
}

// Propose is Pool.Propose over orgs.
func Propose(needs []Need, orgs []Org, opt Options) []Proposal {
	return NewPool(orgs).Propose(needs, opt)
}

type needItem struct {
	need         int
	regret, best float64
	id           string
	version      int
}

type needHeap []needItem

func (h needHeap) Len() int { return len(h) }
func (h needHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.regret != b.regret {
		return a.regret > b.regret
	}
	if a.best != b.best {
		return a.best > b.best
	}
	return a.id < b.id
}
func (h needHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *needHeap) Push(x any)   { *h = append(*h, x.(needItem)) }
func (h *needHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}
