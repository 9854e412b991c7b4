package charts

import (
	"math"
	"strconv"
	"strings"
)

// maxTicks bounds every tick loop, so odd floating point input can never spin.
const maxTicks = 12

// niceTicks returns evenly spaced round values (steps of 1, 2 or 5 times a
// power of ten) that cover [lo, hi], aiming for about want ticks. The first
// tick is ≤ lo and the last ≥ hi. A flat range is widened so that the axis
// still has some extent; non-finite input gives a plain 0..1 axis.
func niceTicks(lo, hi float64, want int) (ticks []float64, step float64) {
	if want < 2 {
		want = 2
	}
	if !finite(lo) || !finite(hi) {
		return []float64{0, 1}, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		switch {
		case lo == 0:
			hi = 1
		case lo > 0:
			lo = 0
		default:
			hi = 0
		}
	}
	step = niceStep((hi - lo) / float64(want-1))
	if step == 0 || !finite(step) {
		return []float64{lo, hi}, hi - lo
	}
	first := math.Floor(lo/step) * step
	for i := 0; i <= maxTicks*4; i++ {
		v := first + float64(i)*step
		v = snap(v, step)
		if v == 0 {
			v = 0 // no negative zero
		}
		ticks = append(ticks, v)
		if v >= hi {
			break
		}
	}
	if len(ticks) < 2 || ticks[len(ticks)-1] < hi {
		// Precision ran out (values near the float64 limits): fall back.
		return []float64{lo, hi}, hi - lo
	}
	return ticks, step
}

// snap removes the error that makes 3 × 0.1 come out as 0.30000000000000004,
// by rounding to the decimals the step has.
func snap(v, step float64) float64 {
	if step >= 1 {
		return math.Round(v/step) * step
	}
	scale := math.Pow(10, math.Ceil(-math.Log10(step)))
	if r := math.Round(v*scale) / scale; finite(scale) && finite(r) {
		return r
	}
	return v
}

// niceStep rounds raw up to 1, 2, 5 or 10 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || !finite(raw) {
		return 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	if mag == 0 || !finite(mag) {
		return 0
	}
	f := raw / mag
	switch {
	case f <= 1:
		f = 1
	case f <= 2:
		f = 2
	case f <= 5:
		f = 5
	default:
		f = 10
	}
	return f * mag
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// formatTick writes v with as many decimals as step needs and thousands
// separators, e.g. 12000 → "12,000", 0.25 with step 0.05 → "0.25".
func formatTick(v, step float64) string {
	decimals := 0
	if step > 0 && step < 1 && finite(step) {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
		// 0.25 with a step of 0.05 needs 2; 0.5 with a step of 0.5 needs 1.
		if s := strconv.FormatFloat(step, 'f', -1, 64); strings.Contains(s, ".") {
			decimals = max(decimals, len(s)-strings.Index(s, ".")-1)
		}
		decimals = min(decimals, 10)
	}
	return formatNumber(v, decimals)
}

// formatNumber is a plain English number with comma grouping. Very large
// or very small magnitudes fall back to exponent form.
func formatNumber(v float64, decimals int) string {
	if !finite(v) {
		return "–"
	}
	if a := math.Abs(v); a >= 1e15 || (a != 0 && a < 1e-10) {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// autoFormat formats a value that came without a Display string: whole
// numbers without decimals, others with up to two.
func autoFormat(v float64) string {
	if v == math.Trunc(v) {
		return formatNumber(v, 0)
	}
	s := formatNumber(v, 2)
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
