package finder

import (
	"slices"
	"sort"
)

// The depths of participation on the IAP2 spectrum, shallowest first.
var Depths = []string{"inform", "consult", "involve", "collaborate", "empower"}

// Durations a method takes, shortest first: a few hours, a few days, weeks, months.
var Durations = []string{"hours", "days", "weeks", "months"}

// Costs, cheapest first.
var Costs = []string{"none", "low", "medium", "high"}

// Purposes are what people may want to achieve.
var Purposes = []string{"ideas", "decide", "deliberate", "map", "relationships", "deliver", "learn", "fund"}

// Sizes are how many people the work should involve, as the questionnaire asks it.
var Sizes = []string{"few", "group", "many", "crowd"}

// sizeRange is the number of people each size means.
var sizeRange = map[string][2]int{"few": {1, 20}, "group": {20, 100}, "many": {100, 1000}, "crowd": {1000, 1 << 30}}

// Method is what the rule knows of a method.
type Method struct {
	ID        string
	Depth     string // one of Depths
	Duration  string // one of Durations
	Cost      string // one of Costs
	PeopleMin int
	PeopleMax int
	Purposes  []string
}

// Answers are the questionnaire's answers; an empty answer is "not sure" and weighs nothing.
type Answers struct {
	Purpose  string // one of Purposes
	Depth    string // the influence people will have: one of Depths
	Size     string // one of Sizes
	Duration string // the time there is: one of Durations
	Budget   string // one of Costs
}

// Reason codes: why a method fits (Reason*) or what to weigh before choosing it (Warn*).
const (
	ReasonPurpose = "purpose"     // it is made for what you want to achieve
	ReasonDepth   = "depth"       // it reaches the influence you will give
	ReasonSize    = "size"        // it works with as many people as you expect
	ReasonTime    = "time"        // it fits in the time you have
	ReasonBudget  = "budget"      // it fits your budget
	WarnDeeper    = "deeper"      // it reaches deeper than you plan: do not promise influence you will not give
	WarnShallower = "shallower"   // it gives people less influence than you plan
	WarnSize      = "size_off"    // it suits a different number of people
	WarnTime      = "time_long"   // it usually takes longer than you have
	WarnBudget    = "budget_over" // it usually costs more than your budget
)

// Recommendation is one method, its score and its reasons.
type Recommendation struct {
	ID      string
	Score   int
	Reasons []string // Reason* codes, in the questionnaire's order
	Warns   []string // Warn* codes
}

// Valid reports whether every answer is empty or one of its choices.
func (a Answers) Valid() bool {
	ok := func(v string, in []string) bool { return v == "" || slices.Contains(in, v) }
	return ok(a.Purpose, Purposes) && ok(a.Depth, Depths) && ok(a.Size, Sizes) && ok(a.Duration, Durations) && ok(a.Budget, Costs)
}

// Recommend ranks methods against the answers, best first, and returns at most limit of them
// (all when limit is 0). A method is left out when it does nothing the person asked for (no
// reason at all) or when more speaks against it than for it. Ties keep the library's order.
func Recommend(methods []Method, a Answers, limit int) []Recommendation {
	var out []Recommendation
	for _, m := range methods {
		r := score(m, a)
		if len(r.Reasons) == 0 || r.Score <= 0 {
			continue
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func score(m Method, a Answers) Recommendation {
	r := Recommendation{ID: m.ID}
	good := func(code string, points int) { r.Reasons = append(r.Reasons, code); r.Score += points }
	bad := func(code string, points int) { r.Warns = append(r.Warns, code); r.Score -= points }
	if a.Purpose != "" && slices.Contains(m.Purposes, a.Purpose) {
		good(ReasonPurpose, 4)
	}
	if a.Depth != "" {
		want, have := slices.Index(Depths, a.Depth), slices.Index(Depths, m.Depth)
		switch {
		case have == want:
			good(ReasonDepth, 4)
		case have > want:
			// A method that hands people more power than the organisers will honour raises hopes
			// it then lets down: the finder says so rather than recommend it quietly.
			bad(WarnDeeper, 2*(have-want))
		case want-have == 1:
			r.Score++ // close enough to be worth a look, but said
			r.Warns = append(r.Warns, WarnShallower)
		default:
			bad(WarnShallower, 2*(want-have-1))
		}
	}
	if a.Size != "" {
		rng := sizeRange[a.Size]
		if m.PeopleMin < rng[1] && m.PeopleMax >= rng[0] {
			good(ReasonSize, 2)
		} else {
			bad(WarnSize, 2)
		}
	}
	if a.Duration != "" {
		if slices.Index(Durations, m.Duration) <= slices.Index(Durations, a.Duration) {
			good(ReasonTime, 2)
		} else {
			bad(WarnTime, 3)
		}
	}
	if a.Budget != "" {
		if slices.Index(Costs, m.Cost) <= slices.Index(Costs, a.Budget) {
			good(ReasonBudget, 1)
		} else {
			bad(WarnBudget, 2*(slices.Index(Costs, m.Cost)-slices.Index(Costs, a.Budget)))
		}
	}
	return r
}
