package progress

import (
	"math"
	"sort"
)

// Stages a project moves through, in order.
var Stages = []string{"proposed", "assessed", "co-design", "delivery", "review", "closed"}

// Levels of the IAP2 spectrum of public participation, from least to most shared power.
var Levels = []string{"inform", "consult", "involve", "collaborate", "empower"}

// Standards are the seven National Standards for Community Engagement.
var Standards = []string{"inclusion", "support", "planning", "working_together", "methods", "communication", "impact"}

// Decisions the governance group can record after the suitability check.
var Decisions = []string{"go", "not_yet", "not_suitable"}

// Recognitions are the ways residents' time can be recognised.
var Recognitions = []string{"vouchers", "time_credits", "expenses"}

// MaxCriterionScore is the top of the 0–3 scale a criterion is scored on
// (0 not met, 1 partly, 2 mostly, 3 fully).
const MaxCriterionScore = 3

// MaxStandardScore is the top of the 0–4 scale a standard is scored on
// (0 not yet, 4 fully met with evidence).
const MaxStandardScore = 4

// In reports whether s is one of set.
func In(s string, set []string) bool {
	for _, v := range set {
		if v == s {
			return true
		}
	}
	return false
}

// StageIndex is a stage's position in Stages, or -1.
func StageIndex(stage string) int {
	for i, s := range Stages {
		if s == stage {
			return i
		}
	}
	return -1
}

// Scored is one criterion's weight and score in a suitability check.
type Scored struct {
	Weight int // 1–5
	Score  int // 0–MaxCriterionScore
}

// Suitability is the weighted score as a whole percentage of the best possible, rounded half up.
// Criteria with weight 0 or less count for nothing; no weight at all gives 0.
func Suitability(scores []Scored) int {
	got, best := 0, 0
	for _, s := range scores {
		if s.Weight <= 0 {
			continue
		}
		sc := min(max(s.Score, 0), MaxCriterionScore)
		got += s.Weight * sc
		best += s.Weight * MaxCriterionScore
	}
	if best == 0 {
		return 0
	}
	return (200*got + best) / (2 * best)
}

// Direction says which way an indicator should move.
const (
	Up   = "up"
	Down = "down"
)

// Progress is how far latest has travelled from baseline towards target, as a fraction: 0 at the
// baseline, 1 at the target, above 1 beyond it and below 0 when it went the wrong way. When the
// target equals the baseline, the answer is 1 if latest is at or beyond it in the wanted
// direction, else 0. Non-finite input gives NaN.
func Progress(baseline, target, latest float64, direction string) float64 {
	if !finite(baseline) || !finite(target) || !finite(latest) {
		return math.NaN()
	}
	if target == baseline {
		if direction == Down && latest <= target || direction != Down && latest >= target {
			return 1
		}
		return 0
	}
	return (latest - baseline) / (target - baseline)
}

// Percent writes a progress fraction as a whole percentage for display, clamped to −999..999.
func Percent(f float64) int {
	if !finite(f) {
		return 0
	}
	return int(math.Round(math.Max(-9.99, math.Min(9.99, f)) * 100))
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// Span is time spent at one IAP2 level, in days.
type Span struct {
	Level string
	Days  int
}

// Share is one level's part of the whole.
type Share struct {
	Level   string
	Days    int
	Percent int // whole percent of all days, largest remainder so the shares add to 100
}

// Depth adds spans up by level, in the order of Levels, and gives each level's share of the
// days. Unknown levels and negative days are ignored. With no days, every share is 0.
func Depth(spans []Span) []Share {
	days := map[string]int{}
	total := 0
	for _, s := range spans {
		if !In(s.Level, Levels) || s.Days <= 0 {
			continue
		}
		days[s.Level] += s.Days
		total += s.Days
	}
	out := make([]Share, len(Levels))
	type rem struct {
		i int
		r int
	}
	var rems []rem
	sum := 0
	for i, l := range Levels {
		out[i] = Share{Level: l, Days: days[l]}
		if total > 0 {
			out[i].Percent = 100 * days[l] / total
			sum += out[i].Percent
			rems = append(rems, rem{i, 100 * days[l] % total})
		}
	}
	if total > 0 {
		sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
		for k := 0; sum < 100 && k < len(rems); k++ {
			out[rems[k].i].Percent++
			sum++
		}
	}
	return out
}

// CoProduced reports whether a level counts as co-production (collaborate or empower) rather
// than consultation (inform, consult) or involvement.
func CoProduced(level string) bool { return level == "collaborate" || level == "empower" }

// StandardsAverage is the mean of the scored standards, to one decimal, and how many were scored.
// Scores outside 0–MaxStandardScore are ignored.
func StandardsAverage(scores map[string]int) (float64, int) {
	n, sum := 0, 0
	for _, s := range Standards {
		v, ok := scores[s]
		if !ok || v < 0 || v > MaxStandardScore {
			continue
		}
		n++
		sum += v
	}
	if n == 0 {
		return 0, 0
	}
	return math.Round(float64(sum)/float64(n)*10) / 10, n
}
