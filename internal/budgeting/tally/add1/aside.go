package add1

import "math"

// Aside is what is known of a project a count set aside as unaffordable
// in some round d, to tell until which increment that stays harmless: it
// must not become affordable (R1), or, if it does, its price must stay
// above the winner of every later round (Beats), and it must stay
// unaffordable with the budgets left at the end (End). Each is the first
// increment at which that might no longer hold (Bound), math.MaxInt64 for
// never. Why it is enough: a project left out of a round changes nothing
// in it unless its supporters could pay for it and its price beat the
// winner's; and it changes nothing at the end unless they could pay for
// it then.
type Aside struct {
	R1       int64
	K0       int64   // the increment at which LbV holds
	LbV, LbS float64 // a lower bound of its price when affordable, affine in t
	LbE      float64 // error bound of LbV and LbS
	LbA      float64 // how far LbV falls per unit of drift (see drift.go)
	Beats    []RoundBound
	End      int64
}

// RoundBound says that the winner of round Round stays cheaper than the
// project set aside up to (not including) increment K.
type RoundBound struct {
	Round int
	K     int64
}

// Expiry reports whether, at increment k, the project might matter, and
// from which round (rounds: the number of rounds the count made, for a
// project that might be paid for at the end).
func (a *Aside) Expiry(k int64, rounds int) (int, bool) {
	if a.R1 > k {
		return 0, false
	}
	for _, b := range a.Beats {
		if b.K <= k {
			return b.Round, true
		}
	}
	if a.End <= k {
		return rounds, true
	}
	return 0, false
}

// Until is the first increment at which the project might matter: before
// it becomes affordable nothing can change; after, not before some
// winner could be beaten, and never once it is unaffordable at the end.
func (a *Aside) Until() int64 {
	until := a.End
	if a.R1 < until {
		beat := int64(math.MaxInt64)
		for _, b := range a.Beats {
			beat = min(beat, b.K)
		}
		until = min(max(a.R1, beat), a.End)
	}
	return until
}
