package tally

import (
	"math"
	"math/rand/v2"
	"testing"
)

// partitionFull is partitionFloat as it was before passes were skipped:
// every pass tests every entry not yet paying in full.
func (m *equalShares) partitionFull(p int) (floatSplit, bool) {
	const u = 0x1p-53
	cost := float64(m.c.e.Projects[p].Cost)
	var units int64
	for _, en := range m.Entries {
		if !en.Capped {
			units += en.W * en.U
		}
	}
	var sv, ss, magV, magS float64
	n := 0
	var rf, e float64
	for {
		if units <= 0 || units >= 1<<53 {
			return floatSplit{}, false
		}
		fu := float64(units)
		rf = (cost - sv) / fu
		e = 4 * float64(n+4) * u * (cost + magV) / fu
		more := false
		for i := range m.Entries {
			en := &m.Entries[i]
			if en.Capped {
				continue
			}
			b := &m.bud[en.C]
			pu := rf * float64(en.U)
			h := b.fv - pu
			tol := 2*e*float64(en.U) + 1e-14*(math.Abs(b.fv)+math.Abs(pu))
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
	return floatSplit{units: units, rf: rf, e: e, ss: ss, magS: magS, n: n}, true
}

// TestPartitionSkip checks that partitionFloat, which skips the entries
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
		m := &equalShares{c: &count{e: &Election{Projects: []Project{{Cost: cost}}}}}
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
			m.bud = append(m.bud, budget{fv: fv, fs: rng.Float64()})
		}
		approval := trial%2 == 0
		var entries []entry
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
				entries = append(entries, entry{C: int32(c), U: u, W: 1 + rng.Int64N(50), Capped: c == 0})
			}
		}
		if trial%4 >= 2 {
			// Move some budgets to within a few error bounds of the
			// price of the split as drawn, where a pass skipped
			// wrongly would show.
			m.Entries = append([]entry(nil), entries...)
			if f, ok := m.partitionFull(0); ok {
				for _, en := range entries {
					if en.C == 0 || rng.IntN(3) != 0 {
						continue
					}
					b := &m.bud[en.C]
					x := f.rf * float64(en.U)
					tol := 2*f.e*float64(en.U) + 1e-14*2*math.Abs(x)
					b.fv = x + tol*(4*rng.Float64()-1)
				}
			}
		}
		m.Entries = append([]entry(nil), entries...)
		got, gotOK := m.partitionFloat(0)
		gotEntries := append([]entry(nil), m.Entries...)
		m.Entries = append([]entry(nil), entries...)
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
