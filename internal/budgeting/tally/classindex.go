package tally

import (
	"math"
	"math/bits"
)

// classIndex finds the classes of an exact count by their budgets' floats
// (equalShares.exactClass): an open-addressing table of class numbers,
// probed linearly from a hash of the bits of a budget's value and slope.
// Four bytes a slot, at most half of them taken, where a map from the two
// floats to a list of classes took some fifty bytes a class and an
// allocation for each list.
type classIndex struct {
	slots []int32 // 1 + a class; 0: empty
	n     int     // classes held
}

// floatsHash mixes the bits of a budget's value and slope.
func floatsHash(fv, fs float64) uint64 {
	h := (math.Float64bits(fv) ^ bits.RotateLeft64(math.Float64bits(fs), 31)) * 0x9E3779B97F4A7C15
	return h ^ h>>29
}

// sameFloats reports whether b's value and slope have the bits of fv and fs.
func sameFloats(b *budget, fv, fs float64) bool {
	return math.Float64bits(b.fv) == math.Float64bits(fv) && math.Float64bits(b.fs) == math.Float64bits(fs)
}

// reset empties the index, with room for n classes.
func (x *classIndex) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(x.slots) >= size {
		x.slots = x.slots[:size]
		clear(x.slots)
	} else {
		x.slots = make([]int32, size)
	}
	x.n = 0
}

// probe is where the search for the floats fv, fs starts, and the mask
// that wraps it.
func (x *classIndex) probe(fv, fs float64) (i, mask uint64) {
	mask = uint64(len(x.slots) - 1)
	return floatsHash(fv, fs) & mask, mask
}

// insert adds class c, whose budget is bud[c].
func (x *classIndex) insert(bud []budget, c int32) {
	if 2*(x.n+1) > len(x.slots) {
		old := x.slots
		x.slots = make([]int32, max(16, 2*len(old)))
		x.n = 0
		for _, s := range old {
			if s != 0 {
				x.place(bud, s)
			}
		}
	}
	x.place(bud, c+1)
}

func (x *classIndex) place(bud []budget, s int32) {
	b := &bud[s-1]
	i, mask := x.probe(b.fv, b.fs)
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = s
	x.n++
}

// remove takes out class c, which it holds, whose budget is still bud[c].
// The classes after it in its run move back into the gap, so that no
// search stops short of them.
func (x *classIndex) remove(bud []budget, c int32) {
	b := &bud[c]
	i, mask := x.probe(b.fv, b.fs)
	for x.slots[i] != c+1 {
		i = (i + 1) & mask
	}
	for j := i; ; {
		j = (j + 1) & mask
		s := x.slots[j]
		if s == 0 {
			break
		}
		o := &bud[s-1]
		k, _ := x.probe(o.fv, o.fs)
		// s stays where it is when its home k lies cyclically in (i, j].
		if (i <= j && i < k && k <= j) || (i > j && (i < k || k <= j)) {
			continue
		}
		x.slots[i] = s
		i = j
	}
	x.slots[i] = 0
	x.n--
}
