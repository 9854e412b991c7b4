package tally

import (
	"math"
	"math/big"
)

// Exact decisions, fast.
//
// Every decision of the Method of Equal Shares and of Phragmén's rule is a
// comparison of exact rationals. Comparing big rationals is slow, so each
// exact value also keeps its nearest float64. Two floats that are each
// within a relative 2^-52 of their exact values, and differ by more than a
// relative 1e-9, are ordered the same way as the exact values: then the
// floats decide. Otherwise the exact values are compared. Floating point
// thus only ever skips work; it never settles a close call.

const margin = 1e-9

// floatOrder returns -1, 0 or +1 when a and b are clearly apart, and ok =
// false when they are too close for floats to tell.
func floatOrder(a, b float64) (int, bool) {
	scale := math.Max(math.Abs(a), math.Abs(b))
	d := a - b
	if math.IsInf(scale, 0) || math.IsNaN(d) {
		return 0, false
	}
	switch {
	case d > margin*scale:
		return 1, true
	case d < -margin*scale:
		return -1, true
	}
	return 0, false
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// mulInt returns r·n as a new rational.
func mulInt(r *big.Rat, n int64) *big.Rat {
	if n == 1 {
		return new(big.Rat).Set(r)
	}
	return new(big.Rat).Mul(r, ratInt(n))
}
