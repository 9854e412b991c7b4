package add1

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"math"
	"slices"
)

// Election is an election as the search needs it, in plain slices:
// index p is a project, g a group of identical ballots.
type Election struct {
	Costs  []int64  // per project, in minor units
	IDs    []string // per project: ties go to the smaller id, as plain strings
	Budget int64    // the real budget, in minor units
	Voters int64    // ballots cast, each group counted Weights[g] times
	// Scale is the minor units per currency unit: an increment gives
	// every voter Scale minor units.
	Scale   int64
	Weights []int32 // per group, its number of identical ballots
	// Supporters lists, per project, the groups whose utility from it is
	// positive, in increasing g; Utilities, each one's utility, is nil on
	// approval ballots (every utility 1).
	Supporters [][]int32
	Utilities  [][]int32
	// PerCost: the price per unit of utility is the price per payment
	// unit divided by the cost (approval ballots under cost utilities,
	// where an approved project is worth its cost to each supporter).
	PerCost bool
	// Twins, when set, is Twins(Costs, Supporters, Utilities).
	Twins []int32
}

// divisor turns a price per payment unit into the price per unit of
// utility that ranks projects (see PerCost).
func (e *Election) divisor(p int) int64 {
	if e.PerCost {
		return e.Costs[p]
	}
	return 1
}

func (e *Election) idLess(p, q int) bool { return e.IDs[p] < e.IDs[q] }

// Search follows mes-add1 from increment from on in certified counts,
// skipping the increments whose outcome cannot differ from the one just
// counted, and returns the increment whose outcome mes-add1 returns: the
// first exhaustive one, or the one before the first that overspends the
// real budget. The increments before from must be known to be neither
// (with from 0 there are none).
//
// sure is false when some comparison of the count at increment was too
// close for floats to call; every increment before it is then known to
// be neither exhaustive nor over budget, and only an exact count can say
// whether increment is.
func Search(e *Election, from int64) (increment int64, sure bool) {
	return NewCounter(e).Search(from)
}

// Search is Search on s's election; s is left at the last count made.
func (s *Counter) Search(from int64) (increment int64, sure bool) {
	s.Drifting = s.WorthDrifting()
	s.Run(from)
	counts := int64(1)
	for {
		if s.unsure {
			// Every increment before s.k was counted, or skipped as
			// giving the outcome of a count before, without a doubt.
			return s.k, false
		}
		k := s.k
		if s.spent > s.e.Budget {
			// The outcome one unit earlier stayed within the budget:
			// counted, skipped, or before from.
			return k - 1, true
		}
		if s.Exhaustive() || s.next == math.MaxInt64 {
			return k, true
		}
		if s.Drifting && counts == driftTrial && k < 2*driftTrial {
			// Nearly every increment needs a count of its own: drifting
			// cannot skip more, and its bookkeeping costs. Go on without.
			s.Drifting = false
			s.Run(s.next)
		} else {
			s.Advance()
		}
		counts++
	}
}

// driftSupporters is the fewest supporters (ballot groups' votes for
// projects, all projects together) for which mes-add1 drifts. The records
// of a drifting count grow with the rounds times the projects, not with
// the ballots, and below this a count takes well under a millisecond: on
// the shared files drifting saves at most 1.6 ms there, and its records
// were most of mes-add1's memory on Assen 2025 (bench/HISTORY-tally.md,
// tenth set).
const driftSupporters = 2048

// WorthDrifting reports whether the election has driftSupporters or more.
func (s *Counter) WorthDrifting() bool {
	n := 0
	for _, sp := range s.e.Supporters {
		n += len(sp)
	}
	return n >= driftSupporters
}

// driftTrial is how many counts mes-add1 drifts before it checks that
// drifting pays: it goes on without unless those counts skipped, on
// average, at least one increment each.
const driftTrial = 64

// Exhaustive reports whether no supported project left out still fits in
// what the outcome leaves of the real budget.
func (s *Counter) Exhaustive() bool {
	for p, cost := range s.e.Costs {
		if !s.selected[p] && len(s.e.Supporters[p]) > 0 && cost <= s.e.Budget-s.spent {
			return false
		}
	}
	return true
}

// budget is a voter's budget as a function of the extra money t given to
// every voter: fv at the t of this count, changing by fs per unit of t,
// each within ev and es of the exact value (see Counter).
type budget struct {
	fv, ev float64 // first: the hot loops read these two (one cache line)
	fs, es float64
	k      int64 // the increment at which fv holds (see resume)
}

// roundLog is what one round changed, so it can be undone.
type roundLog struct {
	p int // the project funded
	// The ballot groups that changed class, with their old class, are
	// Counter.moves[from:]: rounds are undone last first, so the moves of
	// all rounds form one stack.
	from    int
	classes int // how many budget classes there were before the round
}

type move struct{ g, old int32 }

// Counter runs certified counts of the Method of Equal Shares with every
// voter's share raised by some increment, and works out how far the
// increment can grow before the outcome could change.
//
// Every budget is a float64 with a proven bound of its error (budget.ev,
// es): each payment widens the bound by the error of the price and the
// rounding of the subtraction, and every decision (who pays all they
// have, whether supporters can pay, which price is lowest, how far the
// extra money may grow before a comparison could turn) is taken only when
// the floats are apart by more than the bounds, so it is the decision the
// exact count takes. A comparison too close to call makes the count give
// up (Unsure): it stops funding, and the search answers "not sure".
//
// Every budget is also affine in the extra money, so each comparison
// stays the same up to a root that is easy to bound (Bound); the next
// count resumes from the first round that can change (resume).
// Budgets with equal floats may still differ, so every budget gets a
// class of its own.
type Counter struct {
	e *Election
	// Drifting: the counts record their comparisons in a Log and reach
	// past changes of who pays in full (drift.go).
	Drifting bool

	// The outcome of the count.
	selected []bool
	order    []int
	spent    int64

	cls []int32  // class of each ballot group
	bud []budget // budget of each class, per voter, in minor units
	// Supporters grouped into entries (see aggregate): the Grouper's
	// ballots are e's.
	Grouper
	// gen counts changes of classes or budgets: a grouping made under
	// another gen is stale.
	gen int
	// best is the grouping and split of the cheapest project priced
	// under the current gen, kept for its payment should it win (on
	// approval ballots; see pay).
	best struct {
		p, gen  int
		fv      float64
		entries []Entry
		split   floatSplit
	}
	dirty []bool
	twin  []int32
	aggOf int // the project entries were last aggregated for; -1 once classes change
	// When splitOf is aggOf, partition has marked entries, as split
	// says, since they were aggregated.
	split   floatSplit
	splitOf int
	nbr     [][]int32 // per project, its neighbours, once worked out
	byGroup [][]int32 // per ballot group, the projects it supports
	rounds  int
	h       *heap
	unsure  bool
	k       int64 // the increment of this count
	next    int64 // the next increment whose outcome may differ
	// For resuming at another increment (see resume): per round, what
	// it changed; per phase (rounds done), the next increment at which a
	// comparison made in it may change; per project, the phase in which
	// it was set aside as unaffordable (-1 when it was not).
	log       []roundLog
	moves     []move
	phaseNext []int64
	dropped   []int
	asides    []Aside
	ratio     []float64 // scratch for partition
	cappedAt  []int32   // the entries partition found to pay in full (not class 0)
	remap     []int32   // scratch for pay
	lzArena   []Terms
	lzUsed    int
	capArena  []Cap
	drift     *Log
	marginBuf []Margin
	// uniform: no payment yet in this count, so every supporter holds
	// the starting budget, of class start, and a project's entries are
	// its supporters grouped by utility alone (ProjectGroups, worked out
	// once).
	uniform bool
	start   int32
}

// NewCounter prepares counts of e.
func NewCounter(e *Election) *Counter {
	s := &Counter{e: e, twin: e.Twins}
	s.Supporters, s.Utilities, s.Weights = e.Supporters, e.Utilities, e.Weights
	if s.twin == nil {
		s.twin = Twins(e.Costs, e.Supporters, e.Utilities)
	}
	s.best.gen = -1
	return s
}

// K is the increment of the last count.
func (s *Counter) K() int64 { return s.k }

// Next is the first increment whose outcome may differ from the last
// count's.
func (s *Counter) Next() int64 { return s.next }

// Order is the projects funded by the last count, in funding order.
func (s *Counter) Order() []int { return s.order }

// Spent is what the last count's projects cost.
func (s *Counter) Spent() int64 { return s.spent }

// Unsure reports whether the last count met a comparison too close to
// call; nothing it decided after that is used.
func (s *Counter) Unsure() bool { return s.unsure }

// Drift is the last count's drift log (nil unless Drifting).
func (s *Counter) Drift() *Log { return s.drift }

func (s *Counter) fund(p int) {
	s.selected[p] = true
	s.order = append(s.order, p)
	s.spent += s.e.Costs[p]
}

// giveUp records that the count met a comparison too close to call. The
// count then funds nothing more (rounds and Run stop at the flag) and the
// search, which checks it after every count, answers "not sure": nothing
// decided after this point is used, so the code on the way out may
// answer anything that keeps it running.
func (s *Counter) giveUp() { s.unsure = true }

// u53 is the unit roundoff of float64.
const u53 = 0x1p-53

// class makes a class for budget b.
func (s *Counter) class(b budget) int32 {
	c := int32(len(s.bud))
	b.k = s.k
	s.bud = append(s.bud, b)
	return c
}

// share is every voter's starting budget at increment k, growing by one
// minor unit per minor unit of extra money.
func (s *Counter) share(k int64) budget {
	v := float64(s.e.Budget) / float64(max(s.e.Voters, 1))
	fv := v + float64(k*s.e.Scale)
	return budget{fv: fv, ev: 4 * u53 * (math.Abs(v) + math.Abs(fv)), fs: 1}
}

// Run counts with every voter's share raised by k currency units, from
// scratch.
func (s *Counter) Run(k int64) {
	e := s.e
	if len(s.selected) != len(e.Costs) {
		s.selected = make([]bool, len(e.Costs))
	}
	clear(s.selected)
	s.order, s.spent = s.order[:0], 0
	s.aggOf = -1
	s.rounds, s.k, s.next, s.unsure = 0, k, math.MaxInt64, false
	s.gen++
	old := s.drift
	s.drift = nil
	if s.Drifting {
		s.drift = NewLog(old, len(e.Costs), s.k, e.Scale, s.driftEnd)
	}
	s.log, s.phaseNext = s.log[:0], append(s.phaseNext[:0], math.MaxInt64)
	s.moves = s.moves[:0]
	s.bud = s.bud[:0]
	s.class(budget{}) // class 0: nothing left
	start := s.class(s.share(k))
	if len(s.cls) != len(e.Weights) {
		s.cls = make([]int32, len(e.Weights))
	}
	for g := range s.cls {
		s.cls[g] = start
	}
	// Until the first payment every supporter holds the starting budget
	// (see aggregate).
	s.uniform, s.start = true, start
	if len(s.dropped) != len(e.Costs) {
		s.dropped = make([]int, len(e.Costs))
	}
	for p, cost := range e.Costs {
		s.dropped[p] = -1
		if len(e.Supporters[p]) > 0 && cost == 0 {
			s.fund(p)
		}
	}
	s.priceAll()
	s.roundsLoop()
	if s.unsure {
		return
	}
	s.endAside()
	if s.drift != nil {
		s.next = s.drift.Next(s.next)
	}
}

// Advance counts at Next, resuming from the first round that may change
// (in a drifting count, also from the first whose split changed).
func (s *Counter) Advance() { s.resume(s.next) }

// priceAll fills the heap with every project still in the race.
func (s *Counter) priceAll() {
	e := s.e
	s.lzUsed, s.capArena = 0, s.capArena[:0] // every key so far is dead
	if len(s.dirty) != len(e.Costs) {
		s.dirty = make([]bool, len(e.Costs))
	}
	clear(s.dirty)
	var items []key
	if s.h != nil {
		items = s.h.items[:0]
	}
	s.h = &heap{e: e, unsure: &s.unsure, twin: s.twin, dirty: s.dirty, items: items}
	if s.asides == nil {
		s.asides = make([]Aside, len(e.Costs))
	}
	for p := range e.Costs {
		if len(e.Supporters[p]) == 0 || s.selected[p] || s.dropped[p] >= 0 {
			continue
		}
		if k, ok := s.price(p); ok {
			s.h.push(k)
		} else {
			s.setAside(p)
		}
	}
}

// roundsLoop funds projects until no project left can be paid for, or a
// comparison is too close to call.
func (s *Counter) roundsLoop() {
	h := s.h
	for h.Len() > 0 && !s.unsure {
		// The least key wins the round: a stale key (dirty: a supporter
		// paid since it was made) is priced again and pushed back before
		// it may win. A stale key is never above its new price (budgets
		// only shrink, so prices only grow), so the first fresh key popped
		// is the least price.
		top := h.pop()
		if s.dirty[top.p] {
			s.dirty[top.p] = false
			if k, ok := s.price(top.p); ok {
				h.push(k)
			} else {
				s.setAside(top.p)
			}
			continue
		}
		// The winner must stay ahead of every project still in the race.
		// A key computed with the supporters split as they were then into
		// those paying in full and the others is, for every t, at most
		// the true price (all budgets only shrink, and min(b, ρu) is at
		// most either term), so it may serve as the price of the others.
		for i := range h.items {
			q := &h.items[i]
			if s.alwaysTied(q, &top) {
				if s.drift != nil && !h.twins(q.p, top.p) {
					// Tied by their splits: only while nothing drifts.
					s.drift.Add(Cmp{Round: int32(s.rounds), Zero: true})
				}
				continue
			}
			h0, h1 := q.fv-top.fv, q.keyS-top.keyS
			e0, e1 := 1e-15*(math.Abs(q.fv)+math.Abs(top.fv))+q.fe+top.fe, 1e-15*(math.Abs(q.keyS)+math.Abs(top.keyS))+q.keyE+top.keyE
			s.keep(h0, h1, e0, e1)
			if s.drift != nil {
				s.drift.Add(s.driftKey(q, h0, h1, e0, e1))
			}
		}
		s.beatAside(top)
		if s.drift != nil {
			s.drift.Winner(s.rounds, top.fv, top.keyS, top.fe, top.keyE)
		}
		s.pay(top.p)
	}
}

// alwaysTied reports whether q, a key in the heap, stays equal to the
// winner's key top whatever the extra money, top coming first by id: then
// q's true price, which its key bounds from below, never beats top's.
// Keys are only compared this way when their floats are close.
func (s *Counter) alwaysTied(q, top *key) bool {
	twins := s.h.twins(q.p, top.p) // same cost, same supporters
	if !twins && (math.Abs(q.fv-top.fv) > 2*(q.fe+top.fe) || q.lz == nil || top.lz == nil) {
		return false
	}
	if !s.e.idLess(top.p, q.p) {
		return false
	}
	return twins || q.lz.Same(top.lz)
}

// keep records that a quantity h, which is h0 at this count's t and
// changes by h1 per unit of t (each known within e0 and e1), must keep
// its sign. It lowers next to the first increment at which that might no
// longer hold. The bound errs on the early side, which only costs an
// extra count.
func (s *Counter) keep(h0, h1, e0, e1 float64) {
	n := s.bound(h0, h1, e0, e1)
	s.next = min(s.next, n)
	s.phaseNext[s.rounds] = min(s.phaseNext[s.rounds], n)
}

// bound is the first increment at which h (as in keep) might lose its
// sign, or math.MaxInt64 when it never can (Bound says why).
func (s *Counter) bound(h0, h1, e0, e1 float64) int64 {
	return Bound(s.k, s.e.Scale, h0, h1, e0, e1)
}

// pay funds p and moves its supporters to their new budget classes.
func (s *Counter) pay(p int) {
	// The entries are as when p's key was computed; when p was the last
	// project grouped and no class changed since, they are still there,
	// with who pays in full marked, and the split made then stands: the
	// same entries and budgets split the same way.
	f, ok := s.split, s.aggOf == p && s.splitOf == p
	if !ok && s.best.p == p && s.best.gen == s.gen {
		// p was the cheapest project priced since classes last changed
		// (see price): its grouping and split were kept.
		s.Entries = append(s.Entries[:0], s.best.entries...)
		f, ok = s.best.split, true
		s.aggOf, s.splitOf, s.split = p, p, f
	}
	if !ok {
		if s.aggOf == p {
			for i := range s.Entries {
				s.Entries[i].Capped = s.Entries[i].C == 0
			}
		} else {
			s.aggregate(p)
		}
		if f, ok = s.partition(p); !ok {
			s.giveUp()
			return
		}
	}
	fu := float64(f.units)
	rf, erf := f.rf, f.e+4*u53*math.Abs(f.rf)
	rs := -f.ss / fu
	ers := (4*float64(f.n+4)*u53*f.magS+2*f.ses)/fu + 8*u53*math.Abs(rs)
	if s.drift != nil {
		s.drift.Split(s.rounds, s.phaseNext[s.rounds], s.margins(rf, erf, rs, ers), rf, s.e.divisor(p))
	} else {
		s.keepSplit(rf, erf, rs, ers)
	}
	classes := len(s.bud)
	s.rounds++
	if cap(s.remap) < len(s.Entries) {
		s.remap = make([]int32, 2*len(s.Entries))
	}
	remap := s.remap[:len(s.Entries)]
	// A supporter paying in full keeps nothing (class 0); the others pay
	// ρ·u, each budget and its slope with their errors widened.
	for i, en := range s.Entries {
		if en.Capped {
			remap[i] = 0
			continue
		}
		b, w := &s.bud[en.C], float64(en.U)
		nb := budget{fv: b.fv - rf*w, fs: b.fs, es: b.es}
		nb.ev = b.ev + w*erf + 4*u53*(math.Abs(b.fv)+math.Abs(rf*w))
		if rs != 0 {
			nb.fs = b.fs - rs*w
			nb.es = b.es + w*ers + 4*u53*(math.Abs(b.fs)+math.Abs(rs*w))
		}
		remap[i] = s.class(nb)
	}
	s.moveSupporters(p, classes, remap)
}

// moveSupporters funds p, moving its supporters to the new class of
// their entry (remap), with classes the number of classes before the
// round.
func (s *Counter) moveSupporters(p, classes int, remap []int32) {
	from := len(s.moves)
	s.gen++
	supp := s.e.Supporters[p]
	if s.uniform {
		// Entries are groups by utility (see aggregate).
		gs := s.ProjectGroups(p)
		for i, g := range supp {
			s.moves = append(s.moves, move{g, s.cls[g]})
			j := 0
			if len(gs) > 1 {
				j, _ = slices.BinarySearchFunc(gs, int64(s.e.Utilities[p][i]), func(e Entry, u int64) int { return cmp.Compare(e.U, u) })
			}
			s.cls[g] = remap[j]
		}
		s.uniform = false
	} else if s.e.Utilities == nil {
		// One entry per class (see aggregate): each class goes to its
		// entry's new class, found through Head (all 0 between uses).
		head := s.Head
		for i, en := range s.Entries {
			head[en.C] = remap[i] + 1
		}
		for _, g := range supp {
			s.moves = append(s.moves, move{g, s.cls[g]})
			s.cls[g] = head[s.cls[g]] - 1
		}
		for _, en := range s.Entries {
			head[en.C] = 0
		}
	} else {
		for i, g := range supp {
			s.moves = append(s.moves, move{g, s.cls[g]})
			s.cls[g] = remap[s.EntryOf[i]]
		}
	}
	s.aggOf = -1
	// Only a project sharing a supporter with p can have a new price:
	// the others' supporters hold what they held.
	for _, q := range s.neighbours(p) {
		s.dirty[q] = true
	}
	s.fund(p)
	s.log = append(s.log, roundLog{p: p, from: from, classes: classes})
	s.phaseNext = append(s.phaseNext, math.MaxInt64)
}

// neighbours lists the projects some supporter of p also supports (p
// too): the projects whose prices may change when p is paid for.
func (s *Counter) neighbours(p int) []int32 {
	supp := s.e.Supporters
	if s.nbr == nil {
		s.nbr = make([][]int32, len(supp))
		// Per group, the projects it supports, in one array.
		n := make([]int32, len(s.e.Weights)+1)
		for _, gs := range supp {
			for _, g := range gs {
				n[g+1]++
			}
		}
		for g := 1; g < len(n); g++ {
			n[g] += n[g-1]
		}
		all := make([]int32, n[len(n)-1])
		s.byGroup = make([][]int32, len(s.e.Weights))
		for g := range s.byGroup {
			s.byGroup[g] = all[n[g]:n[g]:n[g+1]]
		}
		for q, gs := range supp {
			for _, g := range gs {
				s.byGroup[g] = append(s.byGroup[g], int32(q))
			}
		}
	}
	if s.nbr[p] == nil {
		seen := make([]bool, len(supp))
		list := []int32{}
		for _, g := range supp[p] {
			for _, q := range s.byGroup[g] {
				if !seen[q] {
					seen[q] = true
					list = append(list, q)
				}
			}
		}
		s.nbr[p] = list
	}
	return s.nbr[p]
}

// Twins is, per project, the smallest index of the projects with the same
// cost and the same supporters, with the same utilities: their prices are
// always equal.
func Twins(costs []int64, supporters, utilities [][]int32) []int32 {
	twin := make([]int32, len(supporters))
	seen := map[uint64][]int32{} // by a hash of cost and supporters
	for p, supp := range supporters {
		cost := costs[p]
		h := fnv.New64a()
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], uint64(cost))
		h.Write(buf[:])
		for i, g := range supp {
			binary.LittleEndian.PutUint32(buf[:4], uint32(g))
			h.Write(buf[:4])
			if utilities != nil {
				binary.LittleEndian.PutUint64(buf[:], uint64(utilities[p][i]))
				h.Write(buf[:])
			}
		}
		key := h.Sum64()
		twin[p] = int32(p)
		for _, q := range seen[key] {
			if costs[q] == cost && slices.Equal(supporters[q], supp) && (utilities == nil || slices.Equal(utilities[q], utilities[p])) {
				twin[p] = q
				break
			}
		}
		if twin[p] == int32(p) {
			seen[key] = append(seen[key], int32(p))
		}
	}
	return twin
}
