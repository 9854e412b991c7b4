package tally

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/bits"
	"slices"

	"commons/internal/budgeting/tally/add1"
)

// Certified counts.
//
// mes-add1 counts many times over at different increments, and most of
// that time went on exact rational budgets. A certified count keeps every
// budget as a float64 with a proven bound of its error (budget.ev, es)
// instead: each payment widens the bound by the error of the price and the
// rounding of the subtraction, and every decision (who pays all they have,
// whether supporters can pay, which price is lowest, how far the extra
// money may grow before a comparison could turn) is taken only when the
// floats are apart by more than the bounds, so it is the decision the
// exact count takes. When a comparison is too close to call, the certified
// count gives up (giveUp): it marks itself unsure, stops funding, and
// mes-add1 is counted again exactly from the start. The final count, at the chosen increment, is always exact: it
// gives the reasons and the story.

// giveUp records that a certified count met a comparison too close to
// call. The count then funds nothing more (rounds_ and run stop at the
// flag) and add1Final, which checks it after every count, returns false:
// nothing decided after this point is used, so the code on the way out
// may answer anything that keeps it running.
func (m *equalShares) giveUp() { m.unsure = true }

// u53 is the unit roundoff of float64.
const u53 = 0x1p-53

// shareFloat is every voter's starting budget at increment k.
func (m *equalShares) shareFloat(k int64) budget {
	v := float64(m.c.e.Budget) / float64(max(m.c.e.Voters, 1))
	fv := v + float64(k*m.c.e.Scale)
	b := budget{fv: fv, ev: 4 * u53 * (math.Abs(v) + math.Abs(fv))}
	if m.track {
		b.fs = 1
	}
	return b
}

// canPayFloat is canPay in a certified count.
func (m *equalShares) canPayFloat(cost int64) bool {
	var f, mag, e float64
	for _, en := range m.entries {
		b, w := &m.bud[en.c], float64(en.w)
		f += w * b.fv
		mag += math.Abs(w * b.fv)
		e += w * b.ev
	}
	fc := float64(cost)
	tol := 2*e + 4*float64(len(m.entries)+2)*u53*(mag+fc)
	switch d := f - fc; {
	case d > tol:
		return true
	case d < -tol:
		return false
	}
	m.giveUp()
	return false
}

// payFloat is pay in a certified count.
func (m *equalShares) payFloat(p int) {
	// The entries are as when p's key was computed; when p was the last
	// project grouped and no class changed since, they are still there,
	// with who pays in full marked, and the split made then stands: the
	// same entries and budgets split the same way.
	f, ok := m.split, m.aggOf == p && m.splitOf == p
	if !ok && m.best.p == p && m.best.gen == m.gen {
		// p was the cheapest project priced since classes last changed
		// (see price): its grouping and split were kept.
		m.entries = append(m.entries[:0], m.best.entries...)
		f, ok = m.best.split, true
		m.aggOf, m.splitOf, m.split = p, p, f
	}
	if !ok {
		if m.aggOf == p {
			for i := range m.entries {
				m.entries[i].capped = m.entries[i].c == 0
			}
		} else {
			m.aggregate(p)
		}
		if f, ok = m.partitionFloat(p); !ok {
			m.giveUp()
			return
		}
	}
	fu := float64(f.units)
	rf, erf := f.rf, f.e+4*u53*math.Abs(f.rf)
	rs := -f.ss / fu
	ers := (4*float64(f.n+4)*u53*f.magS+2*f.ses)/fu + 8*u53*math.Abs(rs)
	if m.drift != nil {
		m.drift.Split(m.rounds, m.phaseNext[m.rounds], m.margins(rf, erf, rs, ers), rf, m.divisor(p))
	} else if m.track {
		m.keepPartitionFloat(rf, erf, rs, ers)
	}
	classes := len(m.bud)
	m.rounds++
	remap := m.remapScratch()
	for i, en := range m.entries {
		if en.capped {
			remap[i] = 0 // class 0: nothing left
			continue
		}
		b, w := &m.bud[en.c], float64(en.u)
		nb := budget{fv: b.fv - rf*w, fs: b.fs, es: b.es}
		nb.ev = b.ev + w*erf + 4*u53*(math.Abs(b.fv)+math.Abs(rf*w))
		if rs != 0 {
			nb.fs = b.fs - rs*w
			nb.es = b.es + w*ers + 4*u53*(math.Abs(b.fs)+math.Abs(rs*w))
		}
		remap[i] = m.class(nb)
	}
	// The reasons come from the exact count at the chosen increment.
	m.moveSupporters(p, classes, remap, Why{})
}

// keepPartitionFloat records that who pays in full and who pays ρ·u for
// the project in m.entries must not change: the payments, and so every
// budget after this round, follow from them. The price per payment unit ρ
// is rv within erv (plus a relative 1e-15) and its slope rs within ers.
func (m *equalShares) keepPartitionFloat(rv, erv, rs, ers float64) {
	q := math.Inf(1)
	for i := range m.entries {
		h0, h1, e0, e1 := m.splitMargin(&m.entries[i], rv, erv, rs, ers)
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

// margins is splitMargin of every entry in m.entries, for the drift log
// (add1.Log.Split), in memory kept for the next round.
func (m *equalShares) margins(rv, erv, rs, ers float64) []add1.Margin {
	ms := m.marginBuf[:0]
	for i := range m.entries {
		en := &m.entries[i]
		h0, h1, e0, e1 := m.splitMargin(en, rv, erv, rs, ers)
		ms = append(ms, add1.Margin{W: float64(en.w), U: float64(en.u), H0: h0, H1: h1, E0: e0, E1: e1, Pays: !en.capped && en.c != 0})
	}
	m.marginBuf = ms
	return ms
}

// driftEnd is the comparison add1.Log asks for of project p set aside:
// it must stay unaffordable with the budgets left at the end of the
// count, what its supporters hold then less its cost staying below 0.
func (m *equalShares) driftEnd(p int) add1.Cmp {
	f, fs, e0, e1 := m.endSum(p)
	c := add1.CmpOf(float64(m.c.e.Projects[p].Cost)-f, -fs, e0, e1)
	c.A = 1
	return c
}

// driftKey records that key q, a lower bound of a project's price, must
// stay above the winner of this round: h = q − winner, as in rounds_.
func (m *equalShares) driftKey(q *priced, h0, h1, e0, e1 float64) add1.Cmp {
	c := add1.CmpOf(h0, h1, e0, e1)
	c.Round = int32(m.rounds)
	if q.lz != nil && q.lz.units > 0 && q.lz.div > 0 {
		c.A = 1 / (float64(q.lz.units) * float64(q.lz.div))
	} else {
		c.Zero = true
	}
	return c
}

// splitMargin is how far entry en is on its side of the split at a price
// per payment unit ρ of rv (within erv, plus a relative 1e-15) changing by
// rs (within ers) per unit of t: h0 + h1·dt, known within e0 + e1·dt, is
// b − ρ·u for an entry paying ρ·u and ρ·u − b for one paying all it has,
// so positive while the entry stays on its side.
func (m *equalShares) splitMargin(en *entry, rv, erv, rs, ers float64) (h0, h1, e0, e1 float64) {
	b := &m.bud[en.c]
	u := float64(en.u)
	h0, h1 = b.fv-rv*u, b.fs-rs*u
	if en.capped {
		h0, h1 = -h0, -h1
	}
	e0 = 1e-15*(math.Abs(b.fv)+math.Abs(rv*u)) + b.ev + u*erv
	e1 = 1e-15*(math.Abs(b.fs)+math.Abs(rs*u)) + b.es + u*ers
	return h0, h1, e0, e1
}

// advanceFloat is b re-evaluated at increment k in a certified count.
func (m *equalShares) advanceFloat(b budget, k int64) budget {
	if (b.fs == 0 && b.es == 0) || b.k == k {
		return b
	}
	dt := float64((k - b.k) * m.c.e.Scale)
	v := b.fv + b.fs*dt
	b.ev += b.es*math.Abs(dt) + 4*u53*(math.Abs(b.fv)+math.Abs(b.fs*dt))
	b.fv = v
	return b
}

// add1Final follows mes-add1 from increment 0 with skips, in a certified
// count when fast, and returns the increment whose outcome it returns;
// ok is false when a certified count could not decide.
func (m *equalShares) add1Final(fast bool) (final int64, ok bool) {
	c := m.c
	m.track, m.fast, m.unsure = true, fast, false
	defer func() { m.track, m.fast = false, false }()
	m.drifting = fast && m.worthDrifting()
	defer func() { m.drifting, m.drift = false, nil }()
	m.run(0)
	counts := int64(1)
	for {
		if m.unsure {
			// Only a certified count gives up; an exact one decides all.
			return 0, false
		}
		k := m.k
		if c.spent > c.e.Budget {
			// The outcome one unit earlier stayed within the budget.
			return k - 1, true
		}
		if c.exhaustive() || m.next == math.MaxInt64 {
			return k, true
		}
		if m.drifting && counts == driftTrial && k < 2*driftTrial {
			// Nearly every increment needs a count of its own: drifting
			// cannot skip more, and its bookkeeping costs. Go on without.
			m.drifting = false
			m.run(m.next)
		} else {
			m.advance()
		}
		counts++
	}
}

// driftSupporters is the fewest supporters (ballot groups' votes for
// projects, all projects together) for which mes-add1 drifts. The records
// of a drifting count grow with the rounds times the projects, not with
// the ballots, and below this a count takes well under a millisecond: on
// the shared files drifting saves at most 1.6 ms there, and its records
// were most of mes-add1's memory on Assen 2025 (bench/README.md, tenth
// set).
const driftSupporters = 2048

// worthDrifting reports whether the election has driftSupporters or more.
func (m *equalShares) worthDrifting() bool {
	n := 0
	for _, s := range m.supp {
		n += len(s)
	}
	return n >= driftSupporters
}

// driftTrial is how many counts mes-add1 drifts before it checks that
// drifting pays: it goes on without unless those counts skipped, on
// average, at least one increment each.
const driftTrial = 64

// advance counts at m.next, resuming from the first round that may
// change (in a drifting count, also from the first whose split changed).
func (m *equalShares) advance() {
	m.resume(m.next)
}

// cmpFrac compares a/b with c/d (b, d > 0) exactly.
func cmpFrac(a, b, c, d uint64) int {
	h1, l1 := bits.Mul64(a, d)
	h2, l2 := bits.Mul64(c, b)
	switch {
	case h1 != h2:
		if h1 < h2 {
			return -1
		}
		return 1
	case l1 != l2:
		if l1 < l2 {
			return -1
		}
		return 1
	}
	return 0
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

// findTwins fills m.twin.
func (m *equalShares) findTwins() {
	m.twin = make([]int32, len(m.supp))
	seen := map[uint64][]int32{} // by a hash of cost and supporters
	for p, supp := range m.supp {
		cost := m.c.e.Projects[p].Cost
		h := fnv.New64a()
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], uint64(cost))
		h.Write(buf[:])
		for i, s := range supp {
			binary.LittleEndian.PutUint32(buf[:4], uint32(s.g))
			h.Write(buf[:4])
			if m.utils != nil {
				binary.LittleEndian.PutUint64(buf[:], uint64(m.utils[p][i]))
				h.Write(buf[:])
			}
		}
		key := h.Sum64()
		m.twin[p] = int32(p)
		for _, q := range seen[key] {
			if m.c.e.Projects[q].Cost == cost && slices.Equal(m.supp[q], supp) && (m.utils == nil || slices.Equal(m.utils[q], m.utils[p])) {
				m.twin[p] = q
				break
			}
		}
		if m.twin[p] == int32(p) {
			seen[key] = append(seen[key], int32(p))
		}
	}
}
