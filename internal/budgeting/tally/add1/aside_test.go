package add1

import (
	"math"
	"testing"
)

// TestAsideExpiry: a project set aside matters from the round whose
// winner it might beat once it might be paid for, or at the end; never
// before it might be paid for.
func TestAsideExpiry(t *testing.T) {
	a := Aside{R1: 10, Beats: []RoundBound{{Round: 2, K: 30}, {Round: 4, K: 15}}, End: 50}
	for _, c := range []struct {
		k       int64
		round   int
		expired bool
	}{
		{9, 0, false},  // unaffordable in its round
		{14, 0, false}, // affordable, but dearer than every winner
		{15, 4, true},  // might beat round 4's winner
		{30, 2, true},  // might beat round 2's winner too: the first listed
		{60, 2, true},
	} {
		round, expired := a.Expiry(c.k, 7)
		if round != c.round || expired != c.expired {
			t.Errorf("Expiry(%d) = %d, %v; want %d, %v", c.k, round, expired, c.round, c.expired)
		}
	}
	if got := a.Until(); got != 15 {
		t.Errorf("Until = %d, want 15", got)
	}
	// Beating no winner, it matters once it might be paid for at the end.
	b := Aside{R1: 10, End: 40}
	if round, expired := b.Expiry(40, 7); round != 7 || !expired {
		t.Errorf("Expiry(40) = %d, %v; want 7 (the end), true", round, expired)
	}
	if got := b.Until(); got != 40 {
		t.Errorf("Until = %d, want 40", got)
	}
	// Never affordable in its round before the end is reached.
	c := Aside{R1: math.MaxInt64, End: 40}
	if got := c.Until(); got != 40 {
		t.Errorf("Until = %d, want 40", got)
	}
	// Affordable only after some winner could be beaten: from R1.
	d := Aside{R1: 20, Beats: []RoundBound{{Round: 1, K: 5}}, End: 90}
	if got := d.Until(); got != 20 {
		t.Errorf("Until = %d, want 20", got)
	}
}
