package tally

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The index finds every class it holds, and only those, through inserts
// and removals of classes with equal floats and colliding hashes.
func TestClassIndexAgreesWithAList(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for round := 0; round < 200; round++ {
		var x classIndex
		x.reset(r.IntN(8))
		var bud []budget
		held := map[int32]bool{}
		floats := []float64{0, 1, 2.5, -3, 1e9, 7}
		for step := 0; step < 400; step++ {
			if len(held) > 0 && r.IntN(3) == 0 {
				// Remove a class held.
				keys := make([]int32, 0, len(held))
				for c := range held {
					keys = append(keys, c)
				}
				slices.Sort(keys)
				c := keys[r.IntN(len(keys))]
				x.remove(bud, c)
				delete(held, c)
			} else {
				c := int32(len(bud))
				bud = append(bud, budget{fv: floats[r.IntN(len(floats))], fs: floats[r.IntN(2)]})
				x.insert(bud, c)
				held[c] = true
			}
			// Every float pair finds exactly the classes held with it.
			for _, fv := range floats {
				for _, fs := range floats[:2] {
					var found []int32
					for i, mask := x.probe(fv, fs); x.slots[i] != 0; i = (i + 1) & mask {
						if c := x.slots[i] - 1; sameFloats(&bud[c], fv, fs) {
							found = append(found, c)
						}
					}
					var want []int32
					for c := range held {
						if sameFloats(&bud[c], fv, fs) {
							want = append(want, c)
						}
					}
					slices.Sort(found)
					slices.Sort(want)
					if !slices.Equal(found, want) {
						t.Fatalf("round %d step %d: floats (%v, %v) find %v, want %v", round, step, fv, fs, found, want)
					}
				}
			}
			if x.n != len(held) || 2*x.n > len(x.slots) {
				t.Fatalf("round %d step %d: %d held in %d slots, want %d", round, step, x.n, len(x.slots), len(held))
			}
		}
	}
}
