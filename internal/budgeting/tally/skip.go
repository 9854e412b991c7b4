package tally

import (
	"math"
	"math/bits"

	"commons/internal/budgeting/tally/add1"
)

// The exact search for mes-add1's increment.
//
// mes-add1 finds its increment with package add1's search, in certified
// floats (add1.Search). When a comparison there is too close for floats,
// the search is made again here, exactly (add1Exact): every budget is an
// exact affine function of the extra money, and each count works out how
// far that money can grow before a comparison it made could come out
// differently (equalShares.track), using add1's bounds. The increments
// before that give the same outcome and are skipped, and the next count
// resumes from the first round that can change (resume).

// add1Exact follows mes-add1 from increment 0 with skips in exact counts
// and returns the increment whose outcome mes-add1 returns.
func (m *equalShares) add1Exact() int64 {
	c := m.c
	m.track = true
	defer func() { m.track = false }()
	m.run(0)
	for {
		k := m.k
		if c.spent > c.e.Budget {
			// The outcome one unit earlier stayed within the budget.
			return k - 1
		}
		if c.exhaustive() || m.next == math.MaxInt64 {
			return k
		}
		m.advance()
	}
}

// advance counts at m.next, resuming from the first round that may
// change.
func (m *equalShares) advance() {
	m.resume(m.next)
}

// keepPartitionFloat records that who pays in full and who pays ρ·u for
// the project in m.entries must not change: the payments, and so every
// budget after this round, follow from them. The price per payment unit ρ
// is rv (within a relative 1e-15) and its slope rs.
func (m *equalShares) keepPartitionFloat(rv, rs float64) {
	q := math.Inf(1)
	for i := range m.entries {
		h0, h1, e0, e1 := m.splitMargin(&m.entries[i], rv, rs)
		// keep(h0, h1, e0, e1) for each entry, as one keep of the
		// least bound (see add1.BoundRoom).
		slope := math.Max(-h1, 0) + e1
		if slope <= 0 || math.IsNaN(slope) {
			continue // bound: never
		}
		q = min(q, math.Max(h0-e0, 0)/slope)
	}
	n := add1.BoundRoom(m.k, m.c.e.Scale, q)
	m.next = min(m.next, n)
	m.phaseNext[m.rounds] = min(m.phaseNext[m.rounds], n)
}

// splitMargin is how far entry en is on its side of the split at a price
// per payment unit ρ of rv (within a relative 1e-15) changing by rs per
// unit of t: h0 + h1·dt, known within e0 + e1·dt, is b − ρ·u for an entry
// paying ρ·u and ρ·u − b for one paying all it has, so positive while the
// entry stays on its side.
func (m *equalShares) splitMargin(en *entry, rv, rs float64) (h0, h1, e0, e1 float64) {
	b := &m.bud[en.c]
	u := float64(en.u)
	h0, h1 = b.fv-rv*u, b.fs-rs*u
	if en.capped {
		h0, h1 = -h0, -h1
	}
	e0 = 1e-15 * (math.Abs(b.fv) + math.Abs(rv*u))
	e1 = 1e-15 * (math.Abs(b.fs) + math.Abs(rs*u))
	return h0, h1, e0, e1
}

// exactKey sets the exact form of key when nobody in the split f pays
// all they have: the price per unit of utility is then cost/(units·div).
func exactKey(key *priced, f floatSplit, cost, div int64) {
	if f.n != 0 || cost < 0 || f.units <= 0 || div <= 0 {
		return
	}
	hi, lo := bits.Mul64(uint64(f.units), uint64(div))
	if hi != 0 {
		return
	}
	key.num, key.den = uint64(cost), lo
}

// roundLog is what one round of equal shares changed, so it can be undone.
type roundLog struct {
	p int // the project funded
	// The ballot groups that changed class, with their old class, are
	// equalShares.moves[from:]: rounds are undone last first, so the
	// moves of all rounds form one stack.
	from    int
	classes int // how many budget classes there were before the round
}

type move struct{ g, old int32 }

// shed lets go of what only following mes-add1 from increment to
// increment needs: the rounds' log, the sets aside, the arenas of keys
// and the budgets and working arrays of the exact search.
func (m *equalShares) shed() {
	m.log, m.moves, m.phaseNext, m.asides = nil, nil, nil, nil
	m.lzArena, m.lzUsed, m.capArena = nil, 0, nil
	m.bud, m.ex, m.byFloat = nil, exactBudgets{}, classIndex{}
	m.head, m.wsum, m.met, m.chain, m.entryOf = nil, nil, nil, nil, nil
	m.entries, m.ratio, m.cappedAt, m.remap = nil, nil, nil, nil
	if m.h != nil {
		m.h.items = nil
	}
}

// resume counts again with k increments, keeping the rounds whose every
// comparison is known to come out the same at k. Budgets are affine in the
// extra money, so the classes those rounds made are still right once
// re-evaluated at k.
func (m *equalShares) resume(k int64) {
	c := m.c
	first := 0
	for first < len(m.phaseNext) && m.phaseNext[first] > k {
		first++
	}
	// A project set aside that might now be bought, or beat a winner,
	// sends the count back to the first round where that could happen.
	for p, d := range m.dropped {
		if d < 0 || d >= first {
			continue
		}
		if r, expired := m.asides[p].Expiry(k, len(m.log)); expired {
			first = min(first, max(r, d))
		}
	}
	// A project set aside that may now be bought goes back into the race
	// from round first on; in the rounds before, kept as they are, it must
	// still not beat their winners, which its lower bound vouched for.
	for p, d := range m.dropped {
		if d < 0 || d >= first {
			continue
		}
		a := &m.asides[p]
		if _, expired := a.Expiry(k, len(m.log)); !expired {
			continue
		}
		for _, b := range a.Beats {
			if b.Round < first {
				m.phaseNext[b.Round] = min(m.phaseNext[b.Round], max(a.R1, b.K))
			}
		}
	}
	m.aggOf = -1
	m.uniform = false
	m.gen++
	// Undo the rounds after the first phase that may change.
	for i := len(m.log) - 1; i >= first; i-- {
		r := m.log[i]
		for j := len(m.moves) - 1; j >= r.from; j-- {
			m.cls[m.moves[j].g] = m.moves[j].old
		}
		m.moves = m.moves[:r.from]
		c.selected[r.p] = false
		if !c.quiet {
			c.reasons[r.p] = Why{}
		}
		c.spent -= c.e.Projects[r.p].Cost
		c.order = c.order[:len(c.order)-1]
		m.bud = m.bud[:r.classes]
		m.ex.truncate(r.classes)
	}
	m.log = m.log[:first]
	m.rounds = first
	m.phaseNext = append(m.phaseNext[:first], math.MaxInt64)
	m.next = math.MaxInt64
	for _, n := range m.phaseNext[:first] {
		m.next = min(m.next, n)
	}
	// Re-evaluate at k every budget some ballot group holds. The others
	// are left at the increment they were last evaluated at (budget.k),
	// out of the lookup of classes; should an undone round give one of
	// them back to a group, a later resume re-evaluates it then.
	live := make([]bool, len(m.bud))
	live[0] = true
	for _, cl := range m.cls {
		live[cl] = true
	}
	m.byFloat.reset(len(m.bud))
	for i, b := range m.bud {
		if !live[i] {
			continue
		}
		if s := m.ex.slopeOf(int32(i)); s.Sign() != 0 && b.k != k {
			v := addMulInt(m.ex.rat(int32(i), &m.exV), s, (k-b.k)*c.e.Scale)
			m.ex.set(int32(i), v, s)
			b.fv = ratFloat(v)
		}
		b.k = k
		m.bud[i] = b
		m.byFloat.insert(m.bud, int32(i))
	}
	m.k = k
	// Projects set aside in the phases kept stay aside; the others are
	// priced again.
	for p, d := range m.dropped {
		if d < 0 {
			continue
		}
		if _, expired := m.asides[p].Expiry(k, len(m.log)); expired || d >= first {
			m.dropped[p] = -1
			continue
		}
		a := &m.asides[p]
		j := 0
		for j < len(a.Beats) && a.Beats[j].Round < first {
			j++
		}
		a.Beats = a.Beats[:j]
	}
	m.priceAll()
	m.rounds_()
	m.endAside()
}

// setAside records a project its supporters cannot pay for now; m.entries
// are its supporters as priced.
func (m *equalShares) setAside(p int) {
	m.dropped[p] = m.rounds
	if !m.track {
		return
	}
	a := add1.Aside{Beats: m.asides[p].Beats[:0], End: math.MaxInt64}
	cost := float64(m.c.e.Projects[p].Cost)
	var f, fs, mag, magS float64
	best, bestRatio := -1, math.Inf(-1)
	for i, en := range m.entries {
		w, b := float64(en.w), &m.bud[en.c]
		f += w * b.fv
		fs += w * b.fs
		mag += math.Abs(w * b.fv)
		magS += math.Abs(w * b.fs)
		if r := b.fv / float64(en.u); r > bestRatio {
			best, bestRatio = i, r
		}
	}
	n := float64(len(m.entries)+4) * 0x1p-50
	a.R1 = m.bound(cost-f, -fs, n*(mag+cost), n*magS)
	// With only the best-off supporters paying ρ·u and the others all
	// they have, the price comes out no higher than the true one, whatever
	// the budgets (see rounds_), so this is a lower bound of its price.
	en := m.entries[best]
	b := &m.bud[en.c]
	units := float64(en.w) * float64(en.u)
	div := float64(m.divisor(p))
	a.LbV = (cost - (f - float64(en.w)*b.fv)) / units / div
	a.LbS = -(fs - float64(en.w)*b.fs) / units / div
	a.LbE = 2 * (n * (mag + cost + magS)) / units / div
	a.LbA = 1 / (units * div)
	a.K0 = m.k
	m.asides[p] = a
}

// beatAside records, for every project set aside, until when the winner
// of this round stays cheaper than it could be.
func (m *equalShares) beatAside(top priced) {
	for p, d := range m.dropped {
		if d < 0 {
			continue
		}
		a := &m.asides[p]
		if a.R1 == math.MaxInt64 {
			continue
		}
		dt := float64(m.k-a.K0) * float64(m.c.e.Scale)
		lb := a.LbV + a.LbS*dt // at this count's increment
		h0, h1 := lb-top.fv, a.LbS-top.keyS
		e0, e1 := a.LbE*(1+dt)+1e-12*math.Abs(lb)+1e-15*math.Abs(top.fv)+top.fe, a.LbE+1e-15*math.Abs(top.keyS)+top.keyE
		k := m.bound(h0, h1, e0, e1)
		a.Beats = append(a.Beats, add1.RoundBound{Round: m.rounds, K: k})
	}
}

// endAside bounds, for every project set aside, until when it stays
// unaffordable with the budgets left at the end, and folds what is known
// of the projects set aside into m.next.
func (m *equalShares) endAside() {
	if !m.track {
		return
	}
	for p, d := range m.dropped {
		if d < 0 {
			continue
		}
		a := &m.asides[p]
		if a.R1 > m.next {
			// Budgets only shrink within a count, so a project its
			// supporters cannot pay for in the round it was set aside
			// cannot be paid for at the end either, at any increment
			// before a.R1: beyond m.next, which only falls from here,
			// this count is not used. Expiry never reads a.End before
			// a.R1, and the count that reaches a.R1 works it out.
			a.End = math.MaxInt64
			continue
		}
		f, fs, e0, e1 := m.endSum(p)
		cost := float64(m.c.e.Projects[p].Cost)
		a.End = m.bound(cost-f, -fs, e0, e1)
		m.next = min(m.next, a.Until())
	}
}

// endSum is what p's supporters hold at the end of the count, Σ w·b, and
// its slope, with bounds of their errors. Summed supporter by supporter:
// no need to group them by class.
func (m *equalShares) endSum(p int) (f, fs, e0, e1 float64) {
	var mag, magS float64
	for _, g := range m.supp[p] {
		w, b := float64(m.weight[g]), &m.bud[m.cls[g]]
		f += w * b.fv
		fs += w * b.fs
		mag += math.Abs(w * b.fv)
		magS += math.Abs(w * b.fs)
	}
	n := float64(len(m.supp[p])+4) * 0x1p-50
	cost := float64(m.c.e.Projects[p].Cost)
	return f, fs, n * (mag + cost), n * magS
}
