package tally

import "math"

// Drift: letting a certified mes-add1 count reach past a change of who
// pays in full.
//
// A count at increment k fixes, round by round, who pays all they have for
// each winner (the split), and every budget after it is then affine in the
// extra money t. When the split of some round would change at a later t,
// the affine budgets (the model) part from the true ones; a count that
// stops there (keepPartitionFloat) is recounted every few increments on
// large elections. Two facts bound how far the model drifts instead, for a
// count that keeps the same winners in the same order:
//
//  1. A round of equal shares never widens the gap between two budget
//     profiles: Σ w·|b′ − c′| ≤ Σ w·|b − c|. The round is monotone (more
//     budget means a lower price, and max(0, b − ρu) rises with b and falls
//     with ρ) and each profile loses exactly the cost, so comparing both
//     profiles with their least and their greatest gives the bound.
//  2. Paying with a split that is wrong at the model's budgets c moves the
//     payments by at most 2δ, where δ = Σ w·|c − ρu| over the entries on
//     the wrong side: paying min(c, ρu) at the model's price collects δ
//     less than the cost and differs from the model's payments by δ, and
//     the true price only adds δ more, spread over those paying ρu.
//
// So the true budgets entering every round are within D = 2·Σ δ (summed
// over every round's winner, in weighted L1) of the model's, and:
//   - a project's key made with the split F at the model's budgets falls by
//     at most D/(units·div) at the true ones (the key is (cost − Σ_F w·b)/
//     (units·div), and budgets only shrink within a count);
//   - a winner's true price per payment unit is at most its model price
//     plus x, whenever x·U ≥ δ_r + D, U counting the units of the entries
//     paying ρu whose margin b − ρu stays at least τ·u ≥ x·u;
//   - a sum of budgets moves by at most D.
//
// Every comparison the count made is recorded with how much the drift
// moves it (driftLog), and the count's next increment is the first at which
// some comparison, so moved, might turn (driftLog.next). The rounds after
// a change of split no longer follow their affine forms, so the next count
// resumes from the first round whose split changed, if that comes before
// the first round a comparison sends it back to (firstChanged), keeping
// the records of the rounds before (keep). Where nearly every increment
// needs a count anyway, drifting only costs; mes-add1 stops drifting then
// (see driftTrial).

// driftHorizon caps how far past its increment a drifting count reaches,
// in increments: the units U of each winner are worked out up to there.
const driftHorizon = 1 << 20

// hingeReach caps how far past the increment of its round a winner's
// split is followed for entries that may change side.
const hingeReach = 4096

// driftLog is what a drifting count recorded. Every record holds at the
// log's increment k; a resume keeps the records of the rounds it keeps,
// moved to its own increment (see keep).
type driftLog struct {
	m       *equalShares
	k       int64 // the count's increment
	scale   float64
	rounds  []driftRound
	hinges  []hinge
	cmps    []driftCmp
	asides  []driftAside
	byProj  []int32 // per project, 1 + its index in asides (0: none)
	scratch []float64
}

// driftRound is a winner's split, made at increment kr: per horizon
// (driftHorizons, from kr), its units U of entries keeping a margin of at
// least tau·u up to there; tau, for the price per payment unit; its
// divisor; and the increment until which its entries that may change side
// are all in the log's hinges.
type driftRound struct {
	units     [len(driftHorizons)][len(driftTaus)]float64
	tau       [len(driftTaus)]float64
	div       float64
	kr, until int64
	// The winner's key at the log's increment: fv changing by keyS per
	// unit of dt, within fe and keyE (for the beats of projects set aside).
	fv, keyS, fe, keyE float64
}

// driftTaus are the margins, as fractions of the price per payment unit,
// for which each winner's units are worked out.
var driftTaus = [...]float64{1.0 / 16, 1.0 / 256, 1.0 / 4096}

// driftHorizons are the reaches, in increments, for which each winner's
// units are worked out; the last is driftHorizon.
var driftHorizons = [...]int64{8, 16, 32, 64, 256, 2048, driftHorizon}

// hinge is an entry of a winner's split that may land on the wrong side:
// w voters, their margin h0 + h1·dt known within e0 + e1·dt.
type hinge struct {
	round             int32
	w, h0, h1, e0, e1 float64
}

// driftCmp is a comparison h0 + h1·dt > e0 + e1·dt that must hold, less
// a·D and, for comparisons with round r's winner, x_r/div_r. zero: an exact
// tie that only holds while nothing drifts.
type driftCmp struct {
	round int32 // the winner's round, or -1
	zero  bool
	// noX: a sum of budgets in round, not a comparison with its winner:
	// it moves with the drift entering the round only.
	noX            bool // beside round: 48 bytes a record, not 56
	h0, h1, e0, e1 float64
	a              float64
}

// driftAside is project p set aside in round d: it must stay unaffordable
// in its round (r1), or else stay dearer than the winner of every round
// from d on (its lower bound lb, as in aside) and unaffordable at the end
// (end).
type driftAside struct {
	p, d    int
	r1, end driftCmp
	hasEnd  bool // end is worked out (see endOf)
	// lb at the log's increment, changing by lbS per unit of dt, within
	// lbE·(1 + dt0 + dt), dt0 from when it was made; lbA as in aside.
	lbV, lbS, lbE, lbA, dt0 float64
}

// newDriftLog is an empty log for m's count, in the memory of old (the
// log of the count before, done with) when there is one.
func newDriftLog(m *equalShares, old *driftLog) *driftLog {
	if old == nil {
		old = &driftLog{byProj: make([]int32, len(m.c.e.Projects))}
	}
	clear(old.byProj)
	*old = driftLog{m: m, k: m.k, scale: float64(m.c.e.Scale),
		rounds: old.rounds[:0], hinges: old.hinges[:0], cmps: old.cmps[:0],
		asides: old.asides[:0], byProj: old.byProj, scratch: old.scratch[:0]}
	return old
}

// cmpOf builds the record of a comparison h0 + h1·dt > e0 + e1·dt.
func cmpOf(h0, h1, e0, e1 float64) driftCmp {
	return driftCmp{round: -1, h0: h0, h1: h1, e0: e0, e1: e1}
}

// split records round r's winner split, from the entries as
// keepPartitionFloat sees them, r's own comparisons being recorded
// (m.phaseNext[r] is final).
func (d *driftLog) split(m *equalShares, r int, rv, erv, rs, ers float64, div int64) {
	var tau [len(driftTaus)]float64
	for j, f := range driftTaus {
		tau[j] = math.Abs(rv) * f
	}
	// Only entries that might change side before this round's own
	// comparisons might turn are followed.
	until := min(m.phaseNext[r], m.k+hingeReach)
	dtH := float64(until-d.k) * d.scale
	var units [len(driftHorizons)][len(driftTaus)]float64
	for i := range m.entries {
		en := &m.entries[i]
		u := float64(en.u)
		h0, h1, e0, e1 := m.splitMargin(en, rv, erv, rs, ers)
		s := math.Max(-h1, 0) + e1
		if s > 0 && h0-e0-s*dtH <= 0 {
			// Might land on the wrong side before until.
			d.hinges = append(d.hinges, hinge{round: int32(r), w: float64(en.w), h0: h0, h1: h1, e0: e0, e1: e1})
		}
		if en.capped || en.c == 0 {
			continue
		}
		// Counted at the longest horizon each margin level holds to
		// (the margins only shrink with the horizon), then summed
		// down the horizons below.
		wu := float64(en.w) * u
		for j, t := range tau {
			room := h0 - e0 - t*u*(1+1e-9)
			if room < s*float64(driftHorizons[0])*d.scale {
				continue
			}
			i := 0
			for i+1 < len(driftHorizons) && room >= s*float64(driftHorizons[i+1])*d.scale {
				i++
			}
			units[i][j] += wu
		}
	}
	for i := len(driftHorizons) - 2; i >= 0; i-- {
		for j := range units[i] {
			units[i][j] += units[i+1][j]
		}
	}
	for len(d.rounds) <= r {
		d.rounds = append(d.rounds, driftRound{})
	}
	for i := range units {
		for j := range units[i] {
			units[i][j] *= 1 - 1e-12
		}
	}
	rd := &d.rounds[r]
	rd.units, rd.tau, rd.div, rd.kr, rd.until = units, tau, float64(div), m.k, until
}

// winner records round r's winner key (before split records its split).
func (d *driftLog) winner(r int, top *priced) {
	for len(d.rounds) <= r {
		d.rounds = append(d.rounds, driftRound{})
	}
	rd := &d.rounds[r]
	rd.fv, rd.keyS, rd.fe, rd.keyE = top.fv, top.keyS, top.fe, top.keyE
}

// aside returns the record of project p, making one.
func (d *driftLog) aside(p int) *driftAside {
	if d.byProj[p] == 0 {
		d.asides = append(d.asides, driftAside{p: p, d: -1})
		d.byProj[p] = int32(len(d.asides))
	}
	return &d.asides[d.byProj[p]-1]
}

// firstChanged is the first round whose split may have changed by
// increment k, or whose entries that may change side are not followed
// that far: a resume at k must count again from there.
func (d *driftLog) firstChanged(k int64) int {
	first := len(d.rounds)
	dt := float64(k-d.k) * d.scale
	for _, h := range d.hinges {
		if int(h.round) < first && h.e0+h.e1*dt-(h.h0+h.h1*dt) > 0 {
			first = int(h.round)
		}
	}
	for r := range first {
		if d.rounds[r].until <= k {
			return r
		}
	}
	return first
}

// keep makes the log that of a count resumed at increment k from round
// first: the records of the rounds before it, moved to k. dropped says,
// per project, the round it stays set aside from (-1: none).
func (d *driftLog) keep(first int, k int64, dropped []int) {
	dt := float64(k-d.k) * d.scale
	move := func(h0, h1, e0, e1 *float64) {
		*e0 += *e1*dt + 1e-15*(math.Abs(*h0)+math.Abs(*h1*dt))
		*h0 += *h1 * dt
	}
	d.rounds = d.rounds[:min(first, len(d.rounds))]
	for i := range d.rounds {
		rd := &d.rounds[i]
		rd.fe += rd.keyE*dt + 1e-15*(math.Abs(rd.fv)+math.Abs(rd.keyS*dt))
		rd.fv += rd.keyS * dt
	}
	d.hinges = keepBefore(d.hinges, first, func(h *hinge) int32 {
		move(&h.h0, &h.h1, &h.e0, &h.e1)
		return h.round
	})
	d.cmps = keepBefore(d.cmps, first, func(c *driftCmp) int32 {
		move(&c.h0, &c.h1, &c.e0, &c.e1)
		return c.round
	})
	j := 0
	clear(d.byProj)
	for _, a := range d.asides {
		if a.d < 0 || a.d >= first || dropped[a.p] != a.d {
			continue // back in the race: a later setAside records it
		}
		move(&a.r1.h0, &a.r1.h1, &a.r1.e0, &a.r1.e1)
		a.lbV += a.lbS * dt
		a.dt0 += dt
		a.hasEnd = false
		d.asides[j] = a
		j++
		d.byProj[a.p] = int32(j)
	}
	d.asides = d.asides[:j]
	d.k = k
}

// keepBefore keeps, in order, the records of xs whose round (as moved
// returns it, moving the record to the new increment) comes before first.
func keepBefore[T any](xs []T, first int, moved func(*T) int32) []T {
	j := 0
	for i := range xs {
		if int(moved(&xs[i])) < first {
			xs[j] = xs[i]
			j++
		}
	}
	return xs[:j]
}

// okAt reports whether every comparison holds at increment K (and so at
// every increment from k to K: the model's part only shrinks with dt, and
// the drift only grows).
func (d *driftLog) okAt(K int64) bool {
	dt := float64(K-d.k) * d.scale
	// δ per round; the drift entering round r, D_r = 2·Σ δ over the
	// rounds before it (dr[r]); x_r over div_r (xs[r]).
	n := len(d.rounds)
	if cap(d.scratch) < 3*n+1 {
		d.scratch = make([]float64, 3*n+1)
	}
	delta, dr, xs := d.scratch[:n], d.scratch[n:2*n+1], d.scratch[2*n+1:3*n+1]
	clear(delta)
	for _, h := range d.hinges {
		if v := h.e0 + h.e1*dt - (h.h0 + h.h1*dt); v > 0 {
			delta[h.round] += h.w * v
		}
	}
	dr[0] = 0
	for r := range n {
		dr[r+1] = dr[r] + 2*delta[r]*(1+1e-9)
	}
	D := dr[n] // the drift at the end
	for r := range n {
		rd := &d.rounds[r]
		need := delta[r]*(1+1e-9) + dr[r]
		if need == 0 {
			xs[r] = 0
			continue
		}
		hz := 0
		for hz < len(driftHorizons) && driftHorizons[hz] < K-rd.kr {
			hz++
		}
		if hz == len(driftHorizons) {
			return false
		}
		// The least x any margin level vouches for.
		best := math.Inf(1)
		for j, t := range rd.tau {
			if u := rd.units[hz][j]; u > 0 {
				if x := need / u; x <= t {
					best = min(best, x)
				}
			}
		}
		if math.IsInf(best, 1) {
			return false
		}
		xs[r] = best * (1 + 1e-9) / rd.div
	}
	holds := func(c *driftCmp) bool {
		// A comparison made in round r moves with the drift entering it;
		// one made after the last round with the drift at the end.
		drift, x := D, 0.0
		if c.round >= 0 && int(c.round) < n {
			drift, x = dr[c.round], xs[c.round]
			if c.noX {
				x = 0
			}
		}
		if c.zero {
			return drift == 0 && x == 0
		}
		s := math.Max(-c.h1, 0) + c.e1
		v := c.h0 - c.e0 - s*dt - c.a*drift - x
		return v > 1e-12*(math.Abs(c.h0)+math.Abs(s*dt))
	}
	for i := range d.cmps {
		if !holds(&d.cmps[i]) {
			return false
		}
	}
	for i := range d.asides {
		a := &d.asides[i]
		if holds(&a.r1) {
			continue
		}
		if a.d < 0 {
			return false // not recorded when set aside: cannot vouch
		}
		if !a.hasEnd {
			d.endOf(a)
		}
		if !holds(&a.end) {
			return false
		}
		// Dearer than every winner from its round on (as beatAside).
		for j := a.d; j < n; j++ {
			rd := &d.rounds[j]
			c := cmpOf(a.lbV-rd.fv, a.lbS-rd.keyS,
				a.lbE*(1+a.dt0)+1e-12*math.Abs(a.lbV)+1e-15*math.Abs(rd.fv)+rd.fe,
				a.lbE+1e-15*math.Abs(rd.keyS)+rd.keyE)
			c.round, c.a = int32(j), a.lbA
			if !holds(&c) {
				return false
			}
		}
	}
	return true
}

// next is the first increment, after k and before natural (where a
// comparison might turn even without drift), at which some comparison
// might turn once drift is counted.
func (d *driftLog) next(natural int64) int64 {
	hi := natural
	if d.k <= math.MaxInt64-driftHorizon {
		hi = min(hi, d.k+driftHorizon)
	}
	for _, r := range d.rounds {
		hi = min(hi, r.until)
	}
	hi-- // the last increment that may be vouched for
	if hi <= d.k || !d.okAt(d.k+1) {
		return d.k + 1
	}
	lo := d.k + 1 // okAt(lo) holds
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if d.okAt(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1
}

// endOf works out a.end from the budgets at the end of the count (which
// endAside skips when the count does not need it).
func (d *driftLog) endOf(a *driftAside) {
	m := d.m
	f, fs, e0, e1 := m.endSum(a.p)
	a.end, a.hasEnd = cmpOf(float64(m.c.e.Projects[a.p].Cost)-f, -fs, e0, e1), true
	a.end.a = 1
}

// driftKey records that key q, a lower bound of a project's price, must
// stay above the winner of this round: h = q − winner, as in rounds_.
func (m *equalShares) driftKey(q *priced, h0, h1, e0, e1 float64) driftCmp {
	c := cmpOf(h0, h1, e0, e1)
	c.round = int32(m.rounds)
	if q.lz != nil && q.lz.units > 0 && q.lz.div > 0 {
		c.a = 1 / (float64(q.lz.units) * float64(q.lz.div))
	} else {
		c.zero = true
	}
	return c
}
