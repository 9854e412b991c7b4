package add1

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBoundKeepsTheSign: at every increment from k up to (not including)
// Bound, a quantity within its error bounds keeps its sign, whatever its
// true value and slope within those bounds; and a quantity that cannot
// fall is never bounded.
func TestBoundKeepsTheSign(t *testing.T) {
	r := rand.New(rand.NewPCG(26, 2))
	for i := 0; i < 20000; i++ {
		k := r.Int64N(1000)
		scale := []int64{1, 100, 1000}[r.IntN(3)]
		h0 := r.Float64() * 1e6
		h1 := (r.Float64() - 0.7) * 10
		e0 := r.Float64() * h0 / 4
		e1 := r.Float64() * 0.1
		b := Bound(k, scale, h0, h1, e0, e1)
		if b <= k {
			t.Fatalf("Bound(%d, %d, %g, %g, %g, %g) = %d, not after k", k, scale, h0, h1, e0, e1, b)
		}
		if b == math.MaxInt64 {
			if -h1+e1 > 0 {
				t.Fatalf("Bound(%d, %d, %g, %g, %g, %g): never, but h may fall", k, scale, h0, h1, e0, e1)
			}
			continue
		}
		// The worst case the bounds allow: the value e0 lower and the
		// slope e1 steeper, at the last increment vouched for.
		dt := float64((b - 1 - k) * scale)
		if worst := (h0 - e0) + (h1-e1)*dt; worst < 0 && b-1 > k {
			t.Fatalf("Bound(%d, %d, %g, %g, %g, %g) = %d, but h may be %g at %d", k, scale, h0, h1, e0, e1, b, worst, b-1)
		}
	}
	if got := Bound(5, 100, 10, 1, 0, 0); got != math.MaxInt64 {
		t.Errorf("a rising quantity with no error is bounded at %d", got)
	}
	// h = 1000 − dt, one currency unit being 100 minor units: it reaches
	// 0 at 10 units, so increments 5 to 14 are safe and 15 is not.
	if got := Bound(5, 100, 1000, -1, 0, 0); got != 15 {
		t.Errorf("Bound(5, 100, 1000, -1, 0, 0) = %d, want 15", got)
	}
	// A quantity already within its error of 0 is safe only where it was
	// counted.
	if got := Bound(5, 100, 1, -1, 2, 0); got != 6 {
		t.Errorf("Bound of a quantity within its error of 0 = %d, want 6", got)
	}
}

// TestBoundRoomIsMonotone: the least bound of several quantities is
// BoundRoom of their least room, which keepPartitionFloat relies on.
func TestBoundRoomIsMonotone(t *testing.T) {
	r := rand.New(rand.NewPCG(26, 3))
	for i := 0; i < 20000; i++ {
		a, b := r.Float64()*1e9, r.Float64()*1e9
		if a > b {
			a, b = b, a
		}
		if BoundRoom(7, 100, a) > BoundRoom(7, 100, b) {
			t.Fatalf("BoundRoom(%g) > BoundRoom(%g)", a, b)
		}
	}
	if got := BoundRoom(7, 100, math.Inf(1)); got != math.MaxInt64 {
		t.Errorf("BoundRoom(+Inf) = %d, want never", got)
	}
}
