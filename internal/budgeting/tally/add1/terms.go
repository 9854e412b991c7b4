package add1

import (
	"cmp"
	"math/bits"
	"slices"
)

// Cap is a budget class paying all it has for a project: the class C and
// its number of voters W (an election holds fewer than 2^31).
type Cap struct{ C, W int32 }

// Terms is a project's price per unit of utility kept in the terms of
// who pays for it, not worked out: (Cost − Σ W·b_C)/(Units·Div), summed
// over the budget classes paying all they have (Caps), b_C being the
// budget of class C, Units the units of utility of the other supporters
// and Div the project's divisor. Package tally's exact count and this
// package's certified count both keep their keys' prices so, and compare
// two of them without any arithmetic on budgets when their terms say they
// are equal (Same).
type Terms struct {
	Cost, Units, Div int64
	Caps             []Cap
	sorted           bool // Caps is sorted by class, one term per class
}

// Caps appends to caps the entries at the indexes capped in gr.Entries,
// the supporters paying all they have, as budget classes.
func (gr *Grouper) Caps(caps []Cap, capped []int32) []Cap {
	for _, i := range capped {
		en := &gr.Entries[i]
		caps = append(caps, Cap{en.C, int32(en.W)})
	}
	return caps
}

// Same reports whether k and o are certainly the same price: one's cost
// and weights are the other's times (Units·Div)/(Units'·Div'), class by
// class, whatever the budgets. That holds only where a class is one
// budget: the counts that call it never make two classes of one budget,
// nor change a class's budget while a key names it.
func (k *Terms) Same(o *Terms) bool {
	if k.Cost < 0 || o.Cost < 0 || k.Units <= 0 || o.Units <= 0 || k.Div <= 0 || o.Div <= 0 {
		return false // never met (a price needs supporters); not worth an exact test
	}
	// a·uo = b·uk, on 192-bit products: Units·Div takes up to 128 bits.
	ukHi, ukLo := bits.Mul64(uint64(k.Units), uint64(k.Div))
	uoHi, uoLo := bits.Mul64(uint64(o.Units), uint64(o.Div))
	scaledEqual := func(a, b int64) bool {
		x2, x1, x0 := Mul192(uint64(a), uoHi, uoLo)
		y2, y1, y0 := Mul192(uint64(b), ukHi, ukLo)
		return x2 == y2 && x1 == y1 && x0 == y0
	}
	if !scaledEqual(k.Cost, o.Cost) {
		return false
	}
	k.sort()
	o.sort()
	if len(k.Caps) != len(o.Caps) {
		return false
	}
	for i, a := range k.Caps {
		if b := o.Caps[i]; a.C != b.C || !scaledEqual(int64(a.W), int64(b.W)) {
			return false
		}
	}
	return true
}

// sort orders Caps by class and merges the entries of one class (a class
// holds one entry per utility), so that equal terms list alike.
func (k *Terms) sort() {
	if k.sorted {
		return
	}
	k.sorted = true
	slices.SortFunc(k.Caps, func(a, b Cap) int { return cmp.Compare(a.C, b.C) })
	j := 0
	for i, cw := range k.Caps {
		if j > 0 && k.Caps[j-1].C == cw.C {
			k.Caps[j-1].W += cw.W
			continue
		}
		k.Caps[j] = k.Caps[i]
		j++
	}
	k.Caps = k.Caps[:j]
}

// WholePrice is a price per unit of utility as the fraction num/den
// when none of the supporters pays all they have (capped is 0): then it
// is cost/(units·div), whatever the budgets. den is 0 when that is not
// so, or when units·div does not fit in 64 bits.
func WholePrice(capped int, cost, units, div int64) (num, den uint64) {
	if capped != 0 || cost < 0 || units <= 0 || div <= 0 {
		return 0, 0
	}
	hi, lo := bits.Mul64(uint64(units), uint64(div))
	if hi != 0 {
		return 0, 0
	}
	return uint64(cost), lo
}
