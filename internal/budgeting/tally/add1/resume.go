package add1

import "math"

// resume counts again with k increments, keeping the rounds whose every
// comparison is known to come out the same at k. Budgets are affine in the
// extra money, so the classes those rounds made are still right once
// re-evaluated at k.
func (s *Counter) resume(k int64) {
	first := 0
	for first < len(s.phaseNext) && s.phaseNext[first] > k {
		first++
	}
	if s.drift != nil {
		// A round whose split changed drifted: count it again.
		first = min(first, s.drift.FirstChanged(k))
	}
	// A project set aside that might now be bought, or beat a winner,
	// sends the count back to the first round where that could happen.
	for p, d := range s.dropped {
		if d < 0 || d >= first {
			continue
		}
		if r, expired := s.asides[p].Expiry(k, len(s.log)); expired {
			first = min(first, max(r, d))
		}
	}
	// A project set aside that may now be bought goes back into the race
	// from round first on; in the rounds before, kept as they are, it must
	// still not beat their winners, which its lower bound vouched for.
	for p, d := range s.dropped {
		if d < 0 || d >= first {
			continue
		}
		a := &s.asides[p]
		if _, expired := a.Expiry(k, len(s.log)); !expired {
			continue
		}
		for _, b := range a.Beats {
			if b.Round < first {
				s.phaseNext[b.Round] = min(s.phaseNext[b.Round], max(a.R1, b.K))
			}
		}
	}
	s.aggOf = -1
	s.uniform = false
	s.gen++
	// Undo the rounds after the first phase that may change.
	for i := len(s.log) - 1; i >= first; i-- {
		r := s.log[i]
		for j := len(s.moves) - 1; j >= r.from; j-- {
			s.cls[s.moves[j].g] = s.moves[j].old
		}
		s.moves = s.moves[:r.from]
		s.selected[r.p] = false
		s.spent -= s.e.Costs[r.p]
		s.order = s.order[:len(s.order)-1]
		s.bud = s.bud[:r.classes]
	}
	s.log = s.log[:first]
	s.rounds = first
	s.phaseNext = append(s.phaseNext[:first], math.MaxInt64)
	s.next = math.MaxInt64
	for _, n := range s.phaseNext[:first] {
		s.next = min(s.next, n)
	}
	// Re-evaluate at k every budget some ballot group holds. The others
	// are left at the increment they were last evaluated at (budget.k);
	// should an undone round give one of them back to a group, a later
	// resume re-evaluates it then.
	live := make([]bool, len(s.bud))
	live[0] = true
	for _, cl := range s.cls {
		live[cl] = true
	}
	for i, b := range s.bud {
		if !live[i] {
			continue
		}
		b = s.advance(b, k)
		b.k = k
		s.bud[i] = b
	}
	s.k = k
	// Projects set aside in the phases kept stay aside; the others are
	// priced again.
	for p, d := range s.dropped {
		if d < 0 {
			continue
		}
		if _, expired := s.asides[p].Expiry(k, len(s.log)); expired || d >= first {
			s.dropped[p] = -1
			continue
		}
		a := &s.asides[p]
		j := 0
		for j < len(a.Beats) && a.Beats[j].Round < first {
			j++
		}
		a.Beats = a.Beats[:j]
	}
	if s.drift != nil {
		s.drift.Keep(first, k, s.dropped)
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

// advance is b re-evaluated at increment k, its error widened by the
// slope's error and the rounding.
func (s *Counter) advance(b budget, k int64) budget {
	if (b.fs == 0 && b.es == 0) || b.k == k {
		return b
	}
	dt := float64((k - b.k) * s.e.Scale)
	v := b.fv + b.fs*dt
	b.ev += b.es*math.Abs(dt) + 4*u53*(math.Abs(b.fv)+math.Abs(b.fs*dt))
	b.fv = v
	return b
}

// keepSplit records that who pays in full and who pays ρ·u for the
// project in s.Entries must not change: the payments, and so every
// budget after this round, follow from them. The price per payment unit ρ
// is rv within erv (plus a relative 1e-15) and its slope rs within ers.
func (s *Counter) keepSplit(rv, erv, rs, ers float64) {
	q := math.Inf(1)
	for i := range s.Entries {
		h0, h1, e0, e1 := s.splitMargin(&s.Entries[i], rv, erv, rs, ers)
		// keep(h0, h1, e0, e1) for each entry, as one keep of the
		// least bound (see BoundRoom).
		slope := math.Max(-h1, 0) + e1
		if slope <= 0 || math.IsNaN(slope) {
			continue // bound: never
		}
		q = min(q, math.Max(h0-e0, 0)/slope)
	}
	n := BoundRoom(s.k, s.e.Scale, q)
	s.next = min(s.next, n)
	s.phaseNext[s.rounds] = min(s.phaseNext[s.rounds], n)
}

// margins is splitMargin of every entry in s.Entries, for the drift log
// (Log.Split), in memory kept for the next round.
func (s *Counter) margins(rv, erv, rs, ers float64) []Margin {
	ms := s.marginBuf[:0]
	for i := range s.Entries {
		en := &s.Entries[i]
		h0, h1, e0, e1 := s.splitMargin(en, rv, erv, rs, ers)
		ms = append(ms, Margin{W: float64(en.W), U: float64(en.U), H0: h0, H1: h1, E0: e0, E1: e1, Pays: !en.Capped && en.C != 0})
	}
	s.marginBuf = ms
	return ms
}

// splitMargin is how far entry en is on its side of the split at a price
// per payment unit ρ of rv (within erv, plus a relative 1e-15) changing by
// rs (within ers) per unit of t: h0 + h1·dt, known within e0 + e1·dt, is
// b − ρ·u for an entry paying ρ·u and ρ·u − b for one paying all it has,
// so positive while the entry stays on its side.
func (s *Counter) splitMargin(en *Entry, rv, erv, rs, ers float64) (h0, h1, e0, e1 float64) {
	b := &s.bud[en.C]
	u := float64(en.U)
	h0, h1 = b.fv-rv*u, b.fs-rs*u
	if en.Capped {
		h0, h1 = -h0, -h1
	}
	e0 = 1e-15*(math.Abs(b.fv)+math.Abs(rv*u)) + b.ev + u*erv
	e1 = 1e-15*(math.Abs(b.fs)+math.Abs(rs*u)) + b.es + u*ers
	return h0, h1, e0, e1
}

// driftEnd is the comparison the drift log asks for of project p set
// aside: it must stay unaffordable with the budgets left at the end of
// the count, what its supporters hold then less its cost staying below 0.
func (s *Counter) driftEnd(p int) Cmp {
	f, fs, e0, e1 := s.endSum(p)
	c := CmpOf(float64(s.e.Costs[p])-f, -fs, e0, e1)
	c.A = 1
	return c
}

// driftKey records that key q, a lower bound of a project's price, must
// stay above the winner of this round: h = q − winner, as in roundsLoop.
func (s *Counter) driftKey(q *key, h0, h1, e0, e1 float64) Cmp {
	c := CmpOf(h0, h1, e0, e1)
	c.Round = int32(s.rounds)
	if q.lz != nil && q.lz.Units > 0 && q.lz.Div > 0 {
		c.A = 1 / (float64(q.lz.Units) * float64(q.lz.Div))
	} else {
		c.Zero = true
	}
	return c
}

// setAside records a project its supporters cannot pay for now; s.Entries
// are its supporters as priced.
func (s *Counter) setAside(p int) {
	s.dropped[p] = s.rounds
	a := Aside{Beats: s.asides[p].Beats[:0], End: math.MaxInt64}
	cost := float64(s.e.Costs[p])
	var f, fs, mag, magS, sev, ses float64
	best, bestRatio := -1, math.Inf(-1)
	for i, en := range s.Entries {
		w, b := float64(en.W), &s.bud[en.C]
		f += w * b.fv
		fs += w * b.fs
		mag += math.Abs(w * b.fv)
		magS += math.Abs(w * b.fs)
		sev += w * b.ev // the budgets' own errors
		ses += w * b.es
		if r := b.fv / float64(en.U); r > bestRatio {
			best, bestRatio = i, r
		}
	}
	n := float64(len(s.Entries)+4) * 0x1p-50
	a.R1 = s.bound(cost-f, -fs, n*(mag+cost)+2*sev, n*magS+2*ses)
	// With only the best-off supporters paying ρ·u and the others all
	// they have, the price comes out no higher than the true one, whatever
	// the budgets (see roundsLoop), so this is a lower bound of its price.
	en := s.Entries[best]
	b := &s.bud[en.C]
	units := float64(en.W) * float64(en.U)
	div := float64(s.e.divisor(p))
	a.LbV = (cost - (f - float64(en.W)*b.fv)) / units / div
	a.LbS = -(fs - float64(en.W)*b.fs) / units / div
	a.LbE = 2 * (n*(mag+cost+magS) + sev + ses) / units / div
	a.LbA = 1 / (units * div)
	a.K0 = s.k
	s.asides[p] = a
	if s.drift != nil {
		da := s.drift.Aside(p)
		da.R1, da.D = CmpOf(cost-f, -fs, n*(mag+cost)+2*sev, n*magS+2*ses), s.rounds
		da.R1.A, da.R1.Round, da.R1.NoX = 1, int32(s.rounds), true
		da.LbV, da.LbS, da.LbE, da.LbA, da.Dt0 = a.LbV, a.LbS, a.LbE, a.LbA, 0
	}
}

// beatAside records, for every project set aside, until when the winner
// of this round stays cheaper than it could be.
func (s *Counter) beatAside(top key) {
	for p, d := range s.dropped {
		if d < 0 {
			continue
		}
		a := &s.asides[p]
		if a.R1 == math.MaxInt64 && s.drift == nil {
			continue
		}
		dt := float64(s.k-a.K0) * float64(s.e.Scale)
		lb := a.LbV + a.LbS*dt // at this count's increment
		h0, h1 := lb-top.fv, a.LbS-top.keyS
		e0, e1 := a.LbE*(1+dt)+1e-12*math.Abs(lb)+1e-15*math.Abs(top.fv)+top.fe, a.LbE+1e-15*math.Abs(top.keyS)+top.keyE
		k := s.bound(h0, h1, e0, e1)
		a.Beats = append(a.Beats, RoundBound{Round: s.rounds, K: k})
	}
}

// endAside bounds, for every project set aside, until when it stays
// unaffordable with the budgets left at the end, and folds what is known
// of the projects set aside into next.
func (s *Counter) endAside() {
	for p, d := range s.dropped {
		if d < 0 {
			continue
		}
		a := &s.asides[p]
		if a.R1 > s.next {
			// Budgets only shrink within a count, so a project its
			// supporters cannot pay for in the round it was set aside
			// cannot be paid for at the end either, at any increment
			// before a.R1: beyond next, which only falls from here,
			// this count is not used. Expiry never reads a.End before
			// a.R1, and the count that reaches a.R1 works it out.
			a.End = math.MaxInt64
			continue
		}
		f, fs, e0, e1 := s.endSum(p)
		cost := float64(s.e.Costs[p])
		a.End = s.bound(cost-f, -fs, e0, e1)
		if s.drift != nil {
			da := s.drift.Aside(p)
			da.End, da.HasEnd = CmpOf(cost-f, -fs, e0, e1), true
			da.End.A = 1
		}
		s.next = min(s.next, a.Until())
	}
}

// endSum is what p's supporters hold at the end of the count, Σ w·b, and
// its slope, with bounds of their errors. Summed supporter by supporter:
// no need to group them by class.
func (s *Counter) endSum(p int) (f, fs, e0, e1 float64) {
	var mag, magS, sev, ses float64
	supp := s.e.Supporters[p]
	for _, g := range supp {
		w, b := float64(s.e.Weights[g]), &s.bud[s.cls[g]]
		f += w * b.fv
		fs += w * b.fs
		mag += math.Abs(w * b.fv)
		magS += math.Abs(w * b.fs)
		sev += w * b.ev
		ses += w * b.es
	}
	n := float64(len(supp)+4) * 0x1p-50
	cost := float64(s.e.Costs[p])
	return f, fs, n*(mag+cost) + 2*sev, n*magS + 2*ses
}
