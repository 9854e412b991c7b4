package add1

import "math"

// Drift: letting a certified mes-add1 count reach past a change of who
// pays in full.
//
// A count at increment k fixes, round by round, who pays all they have for
// each winner (the split), and every budget after it is then affine in the
// extra money t. When the split of some round would change at a later t,
// the affine budgets (the model) part from the true ones; a count that
// stops there (keepSplit, resume.go) is recounted every few increments on
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
// moves it (Log), and the count's next increment is the first at which
// some comparison, so moved, might turn (Log.Next). The rounds after
// a change of split no longer follow their affine forms, so the next count
// resumes from the first round whose split changed, if that comes before
// the first round a comparison sends it back to (FirstChanged), keeping
// the records of the rounds before (Keep). Where nearly every increment
// needs a count anyway, drifting only costs; mes-add1 stops drifting then
// (driftTrial, search.go).

// driftHorizon caps how far past its increment a drifting count reaches,
// in increments: the units U of each winner are worked out up to there.
const driftHorizon = 1 << 20

// hingeReach caps how far past the increment of its round a winner's
// split is followed for entries that may change side.
const hingeReach = 4096

// Log is what a drifting count recorded. Every record holds at the
// log's increment k; a resume keeps the records of the rounds it keeps,
// moved to its own increment (see Keep).
type Log struct {
	end     func(p int) Cmp // see NewLog
	k       int64           // the count's increment
	scale   float64
	rounds  []driftRound
	hinges  []hinge
	cmps    []Cmp
	asides  []DriftAside
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

// Cmp is a comparison h0 + h1·dt > e0 + e1·dt that must hold, less
// a·D and, for comparisons with round r's winner, x_r/div_r. zero: an exact
// tie that only holds while nothing drifts.
type Cmp struct {
	Round int32 // the winner's round, or -1
	Zero  bool
	// NoX: a sum of budgets in Round, not a comparison with its winner:
	// it moves with the drift entering the round only.
	NoX            bool // beside Round: 48 bytes a record, not 56
	H0, H1, E0, E1 float64
	A              float64
}

// DriftAside is project p set aside in round d: it must stay unaffordable
// in its round (r1), or else stay dearer than the winner of every round
// from d on (its lower bound lb, as in aside) and unaffordable at the end
// (end).
type DriftAside struct {
	P, D    int
	R1, End Cmp
	HasEnd  bool // End is worked out (see endOf)
	// The lower bound of its price at the log's increment, changing by
	// LbS per unit of dt, within LbE·(1 + Dt0 + dt), Dt0 from when it was
	// made; LbA how far it falls per unit of drift (see Aside).
	LbV, LbS, LbE, LbA, Dt0 float64
}

// NewLog is an empty log for a count at increment k of an election of
// the given number of projects, scale minor units to an increment, in the
// memory of old (the log of the count before, done with) when there is
// one. end(p) is the comparison that project p, set aside, stays
// unaffordable with the budgets left at the end of the count: what its
// supporters hold then, less its cost, must stay below 0 (A 1: it moves
// one for one with the drift). The log asks for it only when it needs it.
func NewLog(old *Log, projects int, k, scale int64, end func(p int) Cmp) *Log {
	if old == nil || len(old.byProj) != projects {
		old = &Log{byProj: make([]int32, projects)}
	}
	clear(old.byProj)
	*old = Log{end: end, k: k, scale: float64(scale),
		rounds: old.rounds[:0], hinges: old.hinges[:0], cmps: old.cmps[:0],
		asides: old.asides[:0], byProj: old.byProj, scratch: old.scratch[:0]}
	return old
}

// CmpOf builds the record of a comparison h0 + h1·dt > e0 + e1·dt.
func CmpOf(h0, h1, e0, e1 float64) Cmp {
	return Cmp{Round: -1, H0: h0, H1: h1, E0: e0, E1: e1}
}

// Margin is an entry of a winner's split: W voters with utility U, on
// its side of the split by h0 + h1·dt, known within e0 + e1·dt (positive
// while the entry stays on its side). Pays: the entry pays ρ·U (it
// neither pays all it has nor holds nothing).
type Margin struct {
	W, U           float64
	H0, H1, E0, E1 float64
	Pays           bool
}

// Split records round r's winner split, its entries' margins at a price
// per payment unit rv, with the winner's divisor div; phaseNext is the
// first increment at which a comparison of round r might turn, r's own
// comparisons being recorded already.
func (d *Log) Split(r int, phaseNext int64, margins []Margin, rv float64, div int64) {
	var tau [len(driftTaus)]float64
	for j, f := range driftTaus {
		tau[j] = math.Abs(rv) * f
	}
	// Only entries that might change side before this round's own
	// comparisons might turn are followed.
	until := min(phaseNext, d.k+hingeReach)
	dtH := float64(until-d.k) * d.scale
	var units [len(driftHorizons)][len(driftTaus)]float64
	for i := range margins {
		en := &margins[i]
		u := en.U
		h0, h1, e0, e1 := en.H0, en.H1, en.E0, en.E1
		s := math.Max(-h1, 0) + e1
		if s > 0 && h0-e0-s*dtH <= 0 {
			// Might land on the wrong side before until.
			d.hinges = append(d.hinges, hinge{round: int32(r), w: en.W, h0: h0, h1: h1, e0: e0, e1: e1})
		}
		if !en.Pays {
			continue
		}
		// Counted at the longest horizon each margin level holds to
		// (the margins only shrink with the horizon), then summed
		// down the horizons below.
		wu := en.W * u
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
	rd.units, rd.tau, rd.div, rd.kr, rd.until = units, tau, float64(div), d.k, until
}

// Winner records round r's winner key, fv changing by keyS per unit of
// dt, within fe and keyE (before Split records its split).
func (d *Log) Winner(r int, fv, keyS, fe, keyE float64) {
	for len(d.rounds) <= r {
		d.rounds = append(d.rounds, driftRound{})
	}
	rd := &d.rounds[r]
	rd.fv, rd.keyS, rd.fe, rd.keyE = fv, keyS, fe, keyE
}

// Add records a comparison that must hold.
func (d *Log) Add(c Cmp) { d.cmps = append(d.cmps, c) }

// Rounds is the number of rounds whose winners the log holds.
func (d *Log) Rounds() int { return len(d.rounds) }

// Aside returns the record of project p, set aside as unaffordable,
// making one.
func (d *Log) Aside(p int) *DriftAside {
	if d.byProj[p] == 0 {
		d.asides = append(d.asides, DriftAside{P: p, D: -1})
		d.byProj[p] = int32(len(d.asides))
	}
	return &d.asides[d.byProj[p]-1]
}

// FirstChanged is the first round whose split may have changed by
// increment k, or whose entries that may change side are not followed
// that far: a resume at k must count again from there.
func (d *Log) FirstChanged(k int64) int {
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

// Keep makes the log that of a count resumed at increment k from round
// first: the records of the rounds before it, moved to k. dropped says,
// per project, the round it stays set aside from (-1: none).
func (d *Log) Keep(first int, k int64, dropped []int) {
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
	d.cmps = keepBefore(d.cmps, first, func(c *Cmp) int32 {
		move(&c.H0, &c.H1, &c.E0, &c.E1)
		return c.Round
	})
	j := 0
	clear(d.byProj)
	for _, a := range d.asides {
		if a.D < 0 || a.D >= first || dropped[a.P] != a.D {
			continue // back in the race: a later setAside records it
		}
		move(&a.R1.H0, &a.R1.H1, &a.R1.E0, &a.R1.E1)
		a.LbV += a.LbS * dt
		a.Dt0 += dt
		a.HasEnd = false
		d.asides[j] = a
		j++
		d.byProj[a.P] = int32(j)
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
func (d *Log) okAt(K int64) bool {
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
	holds := func(c *Cmp) bool {
		// A comparison made in round r moves with the drift entering it;
		// one made after the last round with the drift at the end.
		drift, x := D, 0.0
		if c.Round >= 0 && int(c.Round) < n {
			drift, x = dr[c.Round], xs[c.Round]
			if c.NoX {
				x = 0
			}
		}
		if c.Zero {
			return drift == 0 && x == 0
		}
		s := math.Max(-c.H1, 0) + c.E1
		v := c.H0 - c.E0 - s*dt - c.A*drift - x
		return v > 1e-12*(math.Abs(c.H0)+math.Abs(s*dt))
	}
	for i := range d.cmps {
		if !holds(&d.cmps[i]) {
			return false
		}
	}
	for i := range d.asides {
		a := &d.asides[i]
		if holds(&a.R1) {
			continue
		}
		if a.D < 0 {
			return false // not recorded when set aside: cannot vouch
		}
		if !a.HasEnd {
			a.End, a.HasEnd = d.end(a.P), true
		}
		if !holds(&a.End) {
			return false
		}
		// Dearer than every winner from its round on (as beatAside).
		for j := a.D; j < n; j++ {
			rd := &d.rounds[j]
			c := CmpOf(a.LbV-rd.fv, a.LbS-rd.keyS,
				a.LbE*(1+a.Dt0)+1e-12*math.Abs(a.LbV)+1e-15*math.Abs(rd.fv)+rd.fe,
				a.LbE+1e-15*math.Abs(rd.keyS)+rd.keyE)
			c.Round, c.A = int32(j), a.LbA
			if !holds(&c) {
				return false
			}
		}
	}
	return true
}

// Next is the first increment, after k and before natural (where a
// comparison might turn even without drift), at which some comparison
// might turn once drift is counted.
func (d *Log) Next(natural int64) int64 {
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
