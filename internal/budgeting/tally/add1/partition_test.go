package add1

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// partitionFull is partition as it was before passes were skipped:
// every pass tests every entry not yet paying in full.
func (s *Counter) partitionFull(p int) (floatSplit, bool) {
	const u = 0x1p-53
	cost := float64(s.e.Costs[p])
	var units int64
	for _, en := range s.Entries {
		if !en.Capped {
			units += en.W * en.U
		}
	}
	var sv, ss, magV, magS, sev, ses float64
	n := 0
	var rf, e float64
	for {
		if units <= 0 || units >= 1<<53 {
			return floatSplit{}, false
		}
		fu := float64(units)
		rf = (cost - sv) / fu
		e = 4*float64(n+4)*u*(cost+magV)/fu + 2*sev/fu
		more := false
		for i := range s.Entries {
			en := &s.Entries[i]
			if en.Capped {
				continue
			}
			b := &s.bud[en.C]
			pu := rf * float64(en.U)
			h := b.fv - pu
			tol := 2*e*float64(en.U) + 1e-14*(math.Abs(b.fv)+math.Abs(pu)) + 2*b.ev
			switch {
			case h > tol:
			case h < -tol:
				en.Capped = true
				more = true
				w := float64(en.W)
				sv += w * b.fv
				ss += w * b.fs
				magV += math.Abs(w * b.fv)
				magS += math.Abs(w * b.fs)
				sev += w * b.ev
				ses += w * b.es
				n++
				units -= en.W * en.U
			default:
				return floatSplit{}, false
			}
		}
		if !more {
			break
		}
	}
	return floatSplit{units: units, rf: rf, e: e, ss: ss, magS: magS, ses: ses, n: n}, true
}

// TestPartitionSkip checks that partition, which skips the entries
// (and passes) it can prove clear, splits supporters exactly as testing
// every entry in every pass does: the same entries pay in full, with the
// same price, error bound and sums, and the same cases are too close to
// call. Budgets are drawn so that many lie near the price, some within
// their own error bound of it.
func TestPartitionSkip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var decided, undecided, capped int
	for trial := range 20000 {
		cost := rng.Int64N(1_000_000) + 1
		m := &Counter{e: &Election{Costs: []int64{cost}}}
		nClasses := 1 + rng.IntN(60)
		m.bud = []budget{{}}
		scale := float64(cost) / float64(nClasses) * (0.2 + 2*rng.Float64())
		near := []float64{}
		for range nClasses {
			var fv float64
			switch rng.IntN(4) {
			case 0: // a budget repeating one already drawn, or close to it
				if len(near) > 0 {
					fv = near[rng.IntN(len(near))] * (1 + float64(rng.IntN(5)-2)*1e-15)
					break
				}
				fallthrough
			default:
				fv = scale * rng.Float64()
			}
			near = append(near, fv)
			ev := 0.0
			if rng.IntN(2) == 0 {
				ev = math.Abs(fv) * math.Pow(10, -float64(3+rng.IntN(14)))
			}
			m.bud = append(m.bud, budget{fv: fv, ev: ev, fs: rng.Float64(), es: ev * rng.Float64()})
		}
		approval := trial%2 == 0
		var entries []Entry
		for c := range m.bud {
			if c > 0 && rng.IntN(5) == 0 {
				continue
			}
			k := 1
			if !approval {
				k = 1 + rng.IntN(3)
			}
			for range k {
				u := int64(1)
				if !approval {
					u = 1 + rng.Int64N(10)
				}
				entries = append(entries, Entry{C: int32(c), U: u, W: 1 + rng.Int64N(50), Capped: c == 0})
			}
		}
		if trial%4 >= 2 {
			// Move some budgets to within a few error bounds of the
			// price of the split as drawn, where a pass skipped
			// wrongly would show.
			m.Entries = append([]Entry(nil), entries...)
			if f, ok := m.partitionFull(0); ok {
				for _, en := range entries {
					if en.C == 0 || rng.IntN(3) != 0 {
						continue
					}
					b := &m.bud[en.C]
					x := f.rf * float64(en.U)
					tol := 2*f.e*float64(en.U) + 1e-14*2*math.Abs(x) + 2*b.ev
					b.fv = x + tol*(4*rng.Float64()-1)
				}
			}
		}
		m.Entries = append([]Entry(nil), entries...)
		got, gotOK := m.partition(0)
		gotEntries := append([]Entry(nil), m.Entries...)
		m.Entries = append([]Entry(nil), entries...)
		want, wantOK := m.partitionFull(0)
		if gotOK != wantOK {
			t.Fatalf("trial %d: ok %v, want %v", trial, gotOK, wantOK)
		}
		if !wantOK {
			undecided++
			continue
		}
		decided++
		if got != want {
			t.Fatalf("trial %d: split %+v, want %+v", trial, got, want)
		}
		for i := range gotEntries {
			if gotEntries[i] != m.Entries[i] {
				t.Fatalf("trial %d: entry %d is %+v, want %+v", trial, i, gotEntries[i], m.Entries[i])
			}
			if m.Entries[i].Capped && m.Entries[i].C != 0 {
				capped++
			}
		}
	}
	// The draws must exercise both outcomes and real capping.
	if decided < 1000 || undecided < 100 || capped < 1000 {
		t.Fatalf("too few cases: %d decided, %d too close, %d entries paying in full", decided, undecided, capped)
	}
	t.Logf("%d decided, %d too close, %d entries paying in full", decided, undecided, capped)
}

// keepPartitionEach is keepSplit as it was: one keep per entry.
func (s *Counter) keepPartitionEach(rv, erv, rs, ers float64) {
	for i := range s.Entries {
		h0, h1, e0, e1 := s.splitMargin(&s.Entries[i], rv, erv, rs, ers)
		s.keep(h0, h1, e0, e1)
	}
}

// TestKeepPartitionLeast checks that keepSplit, which keeps only
// the least bound of its entries, leaves next and the phase's bound as a
// keep per entry does, slopes of every sign (and none) included.
func TestKeepPartitionLeast(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	finite := 0
	for trial := range 20000 {
		scale := []int64{1, 100}[rng.IntN(2)]
		m := &Counter{e: &Election{Scale: scale}}
		m.k = rng.Int64N(1000)
		m.rounds = rng.IntN(3)
		m.bud = []budget{{}}
		var entries []Entry
		for range 1 + rng.IntN(40) {
			fv := 1000 * rng.Float64()
			b := budget{fv: fv, fs: 2*rng.Float64() - 1}
			switch rng.IntN(4) {
			case 0:
				b.fs = 0
			case 1:
				b.ev, b.es = fv*1e-12*rng.Float64(), 1e-12*rng.Float64()
			}
			m.bud = append(m.bud, b)
			entries = append(entries, Entry{C: int32(len(m.bud) - 1), U: 1 + rng.Int64N(3), W: 1, Capped: rng.IntN(3) == 0})
		}
		if rng.IntN(4) == 0 {
			entries = append(entries, Entry{C: 0, U: 1, W: 1, Capped: true})
		}
		m.Entries = entries
		rv, rs := 100*rng.Float64(), rng.Float64()-0.5
		erv, ers := rv*1e-14*rng.Float64(), 1e-14*rng.Float64()
		if trial%5 == 0 { // budgets without slope then bound nothing
			rs, ers = 0, 0
		}
		start := int64(math.MaxInt64)
		if rng.IntN(2) == 0 {
			start = m.k + 1 + rng.Int64N(5000)
		}
		m.next, m.phaseNext = start, make([]int64, 3)
		for i := range m.phaseNext {
			m.phaseNext[i] = start
		}
		m.keepSplit(rv, erv, rs, ers)
		gotNext, gotPhase := m.next, slices.Clone(m.phaseNext)
		m.next = start
		for i := range m.phaseNext {
			m.phaseNext[i] = start
		}
		m.keepPartitionEach(rv, erv, rs, ers)
		if gotNext != m.next || !slices.Equal(gotPhase, m.phaseNext) {
			t.Fatalf("trial %d: next %d, phases %v; want %d, %v", trial, gotNext, gotPhase, m.next, m.phaseNext)
		}
		if m.next < start {
			finite++
		}
	}
	if finite < 1000 {
		t.Fatalf("only %d trials lowered next", finite)
	}
}
