package add1

import (
	"math"
	"testing"
)

// noEnd is the end comparison of a log whose tests set nothing aside.
func noEnd(p int) Cmp { panic("no project was set aside") }

// TestNextMatchesBoundWithoutDrift: a log whose rounds keep their splits
// vouches for exactly the increments Bound does.
func TestNextMatchesBoundWithoutDrift(t *testing.T) {
	d := NewLog(nil, 3, 0, 1, noEnd)
	d.Add(CmpOf(10, -1, 0, 0)) // h = 10 − dt must stay positive
	if got, want := d.Next(math.MaxInt64), Bound(0, 1, 10, -1, 0, 0); got != want {
		t.Errorf("Next = %d, want %d (Bound)", got, want)
	}
	// Never past where the count would stop anyway.
	if got := d.Next(4); got != 4 {
		t.Errorf("Next(4) = %d, want 4", got)
	}
}

// TestNextStopsAtAChangeOfSplitAnExactTieCannotSurvive: round 0's winner
// has an entry paying ρ·u whose margin b − ρu = 5 − dt turns negative
// after 5 units; past that the budgets drift, and a tie that holds only
// while nothing drifts (Zero) cannot be vouched for.
func TestNextStopsAtAChangeOfSplitAnExactTieCannotSurvive(t *testing.T) {
	d := NewLog(nil, 3, 0, 1, noEnd)
	d.Winner(0, 1, 0, 0, 0)
	d.Split(0, math.MaxInt64, []Margin{{W: 1, U: 1, H0: 5, H1: -1, Pays: true}, {W: 3, U: 1, H0: 1000, Pays: true}}, 1, 1)
	if got := d.FirstChanged(5); got != 1 {
		t.Errorf("FirstChanged(5) = %d, want 1: no split has changed yet", got)
	}
	if got := d.FirstChanged(6); got != 0 {
		t.Errorf("FirstChanged(6) = %d, want 0: round 0's split has changed", got)
	}
	d.Add(Cmp{Round: 1, Zero: true})
	if got := d.Next(math.MaxInt64); got != 6 {
		t.Errorf("Next = %d, want 6", got)
	}
	// Kept from round 1 on at increment 3, the hinge is moved with it.
	d.Keep(1, 3, []int{-1, -1, -1})
	if got := d.FirstChanged(6); got != 0 {
		t.Errorf("after Keep, FirstChanged(6) = %d, want 0", got)
	}
	if got := d.Next(math.MaxInt64); got != 6 {
		t.Errorf("after Keep, Next = %d, want 6", got)
	}
}

// TestNextReachesPastAChangeOfSplit: the same change of split, but the
// comparison left has room for the drift it causes: the log vouches for
// increments past the change, as far as the drift bound allows.
func TestNextReachesPastAChangeOfSplit(t *testing.T) {
	d := NewLog(nil, 3, 0, 1, noEnd)
	d.Winner(0, 1, 0, 0, 0)
	d.Split(0, math.MaxInt64, []Margin{{W: 1, U: 1, H0: 5, H1: -1, Pays: true}, {W: 1000, U: 1, H0: 1e6, Pays: true}}, 1000, 1)
	// A sum of budgets after the last round: 100 apart from 0, moving one
	// for one with the drift D = 2·δ, δ = dt − 5 once the margin turns.
	c := CmpOf(100, 0, 0, 0)
	c.A = 1
	d.Add(c)
	next := d.Next(math.MaxInt64)
	if next <= 6 {
		t.Fatalf("Next = %d: did not reach past the change of split at 6", next)
	}
	// At the last increment vouched for, 2·(dt − 5) stays below 100.
	if dt := float64(next - 1); 2*(dt-5) >= 100 {
		t.Errorf("Next = %d vouches for a drift of %g against a room of 100", next, 2*(dt-5))
	}
}

// TestAsideStaysAsideUntilItsEnd: a project set aside in round 0 that
// becomes affordable in its round stays harmless only while it stays
// unaffordable at the end; the log asks for that comparison itself.
func TestAsideStaysAsideUntilItsEnd(t *testing.T) {
	asked := 0
	end := func(p int) Cmp {
		asked++
		if p != 2 {
			t.Errorf("asked for the end of project %d, want 2", p)
		}
		c := CmpOf(20, -1, 0, 0) // unaffordable at the end for 20 units
		c.A = 1
		return c
	}
	d := NewLog(nil, 3, 0, 1, end)
	d.Winner(0, 1, 0, 0, 0)
	d.Split(0, math.MaxInt64, []Margin{{W: 1, U: 1, H0: 1e6, Pays: true}}, 1, 1)
	a := d.Aside(2)
	a.D = 0
	a.R1 = CmpOf(8, -1, 0, 0) // unaffordable in its round for 8 units
	a.R1.Round, a.R1.NoX, a.R1.A = 0, true, 1
	a.LbV, a.LbS = 1e9, 0 // far dearer than the winner
	if got := d.Next(math.MaxInt64); got != 20 {
		t.Errorf("Next = %d, want 20", got)
	}
	if asked == 0 {
		t.Error("the log never asked for the end comparison")
	}
}
