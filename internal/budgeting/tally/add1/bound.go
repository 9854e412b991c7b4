package add1

import "math"

// Bound is the first increment after k at which a quantity h might lose
// its sign, or math.MaxInt64 when it never can. h is h0 at increment k
// and changes by h1 per minor unit of extra money per voter, each known
// within e0 and e1; scale is the number of minor units in one increment
// (one currency unit).
//
// Why it is correct: at dt minor units past k, h ≥ (h0 − e0) −
// (max(−h1, 0) + e1)·dt, which stays positive while dt is below
// (h0 − e0)/(max(−h1, 0) + e1). The bound errs on the early side: it
// costs an extra count, never a skipped change.
func Bound(k, scale int64, h0, h1, e0, e1 float64) int64 {
	slope := math.Max(-h1, 0) + e1
	if slope <= 0 || math.IsNaN(slope) {
		return math.MaxInt64
	}
	return BoundRoom(k, scale, math.Max(h0-e0, 0)/slope)
}

// BoundRoom is Bound given q, how far h0 (less its error) is from 0 in
// units of its steepest slope. It is monotone in q, so the least bound of
// several quantities is BoundRoom of their least q.
func BoundRoom(k, scale int64, q float64) int64 {
	// A lower bound on how far t may grow, in currency units, with a
	// little taken off for the rounding of this division itself. Every
	// whole number of units strictly below it is safe.
	room := q / float64(scale) * (1 - 1e-12)
	steps := math.Ceil(room)
	if steps >= float64(math.MaxInt64/4) {
		return math.MaxInt64
	}
	return k + max(int64(steps), 1)
}
