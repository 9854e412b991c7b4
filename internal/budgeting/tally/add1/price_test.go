package add1

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// Mul192 agrees with big.Int on random and extreme words.
func TestMul192(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	words := func() uint64 {
		switch r.IntN(4) {
		case 0:
			return ^uint64(0) - r.Uint64N(3)
		case 1:
			return r.Uint64N(1 << 20)
		}
		return r.Uint64()
	}
	for range 20000 {
		a, hi, lo := words(), words(), words()
		want := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		want.Or(want, new(big.Int).SetUint64(lo))
		want.Mul(want, new(big.Int).SetUint64(a))
		w2, w1, w0 := Mul192(a, hi, lo)
		got := new(big.Int).SetUint64(w2)
		for _, w := range []uint64{w1, w0} {
			got.Lsh(got, 64)
			got.Or(got, new(big.Int).SetUint64(w))
		}
		if got.Cmp(want) != 0 {
			t.Fatalf("%d·(%d·2^64+%d): got %v, want %v", a, hi, lo, got, want)
		}
	}
}
