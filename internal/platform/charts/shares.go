package charts

import "math"

// Count is a number of something in a named group, such as attendees from
// one sector.
type Count struct {
	Label string
	N     int64
}

// Shares turns counts into bars whose value is each group's percentage of
// the total, displayed as "59% (118)" so both numbers reach the chart and
// the table. Percentages are rounded to whole numbers for display only; a
// share above zero that rounds to 0 shows as "<1%". A zero total gives 0%.
func Shares(counts []Count) []Bar {
	var total int64
	for _, c := range counts {
		if c.N > 0 {
			total += c.N
		}
	}
	return SharesOf(counts, total)
}

// SharesOf is Shares with the total given: for groups one person can belong to several of
// (the sessions of an event), whose shares of the people add up to more than 100%. A count
// above the total shows above 100%.
func SharesOf(counts []Count, total int64) []Bar {
	bars := make([]Bar, len(counts))
	for i, c := range counts {
		pct := 0.0
		if total > 0 && c.N > 0 {
			pct = float64(c.N) / float64(total) * 100
		}
		shown := formatNumber(math.Round(pct), 0) + "%"
		if pct > 0 && pct < 0.5 {
			shown = "<1%"
		}
		bars[i] = Bar{Label: c.Label, Value: pct, Display: shown + " (" + formatNumber(float64(c.N), 0) + ")"}
	}
	return bars
}
