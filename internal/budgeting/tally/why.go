package tally

import "fmt"

// The codes of Why: which sentence a reason is. See the package
// documentation (# Reasons) for what each says and which parts it uses.
const (
	WhyGreedyFunded        = "greedy_funded"
	WhyGreedyNoFit         = "greedy_no_fit"
	WhyGreedyStopped       = "greedy_stopped"
	WhyGreedyThreshold     = "greedy_threshold"
	WhyMESFree             = "mes_free"
	WhyMESFunded           = "mes_funded"
	WhyMESUnsupported      = "mes_unsupported"
	WhyMESShort            = "mes_short"
	WhyMESCompleted        = "mes_completed"
	WhyPhragmenOverBudget  = "phragmen_over_budget"
	WhyPhragmenNoFit       = "phragmen_no_fit"
	WhyPhragmenStopped     = "phragmen_stopped"
	WhyPhragmenFunded      = "phragmen_funded"
	WhyPhragmenUnsupported = "phragmen_unsupported"
)

// WhyCodes lists every code of Why.
var WhyCodes = []string{
	WhyGreedyFunded, WhyGreedyNoFit, WhyGreedyStopped, WhyGreedyThreshold,
	WhyMESFree, WhyMESFunded, WhyMESUnsupported, WhyMESShort, WhyMESCompleted,
	WhyPhragmenOverBudget, WhyPhragmenNoFit, WhyPhragmenStopped, WhyPhragmenFunded, WhyPhragmenUnsupported,
}

// The ballot kinds a Why names, for the words of a score.
const (
	KindApproval   = "approval"
	KindCumulative = "cumulative"
	KindOrdinal    = "ordinal"
)

// Why is the reason for an Outcome in parts: a code naming the sentence and
// the values it needs, so that a caller can word it in any language.
// Outcome.Reason is Why worded in English by English, so the two always
// agree. Amounts of money are written as FormatMoney and FormatRat write
// them ("£7,000", "40,000 PLN", "£1,234.56"). Kind, Score, Votes and Cost
// are always set; the other parts only when the sentence uses them.
type Why struct {
	Code string `json:"code"`
	// Kind is the ballot kind ("approval", "cumulative", "ordinal"): it
	// says whether Score counts votes, points or ranking points, and
	// whether Each is per supporter, per point or per ranking point.
	Kind  string `json:"kind,omitempty"`
	Rank  int    `json:"rank,omitempty"`  // greedy: its turn, 1 for the first project considered
	Round int    `json:"round,omitempty"` // mes and phragmen: the round
	Score int64  `json:"score,omitempty"` // votes, points or ranking points
	Votes int64  `json:"votes,omitempty"` // its supporters (ballots supporting it)
	Cost  string `json:"cost,omitempty"`
	// Left is the money left when its turn came.
	Left   string `json:"left,omitempty"`
	Budget string `json:"budget,omitempty"` // the whole budget
	// Stopped is the id of the project counting stopped at.
	Stopped   string `json:"stopped,omitempty"`
	Threshold string `json:"threshold,omitempty"` // the score threshold, as a whole number or fraction
	// Capped is how many voters paid all they had left for it; Each is
	// what each of the others paid (per point or ranking point on
	// cumulative and ordinal ballots).
	Capped int64  `json:"capped,omitempty"`
	Each   string `json:"each,omitempty"`
	// Held is what its supporters had left between them when the rounds
	// ended; Raised, when not empty, how much every voter's share was
	// raised by (mes-add1).
	Held   string `json:"held,omitempty"`
	Raised string `json:"raised,omitempty"`
	Load   string `json:"load,omitempty"` // phragmen: each supporter's load after it
	// StopsHere adds that greedy-no-skip stops at this project.
	StopsHere bool `json:"stops_here,omitempty"`
	// Leftover, when not empty, adds that it did not fit in the money left
	// over after the greedy completion of mes-add1-greedy either.
	Leftover string `json:"leftover,omitempty"`
	// Withdrawn adds that its cost is the mark of a project withdrawn
	// after the vote.
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// Known reports whether w's code is one of WhyCodes.
func (w Why) Known() bool {
	for _, c := range WhyCodes {
		if c == w.Code {
			return true
		}
	}
	return false
}

// English words w in one or more plain-English sentences: Outcome.Reason.
func (w Why) English() string {
	var s string
	switch w.Code {
	case WhyGreedyFunded:
		s = "Funded: ranked " + ordinal(w.Rank) + " with " + w.scoreWords() + "; " + w.Left + " was left when its turn came and it costs " + w.Cost + "."
	case WhyGreedyNoFit:
		s = "Not funded: " + w.Left + " was left when its turn came (ranked " + ordinal(w.Rank) + " with " + w.scoreWords() + ") and it costs " + w.Cost + "."
	case WhyGreedyStopped:
		s = "Not funded: counting stopped at " + w.Stopped + ", the first project that did not fit, before its turn came (" + w.scoreWords() + ")."
	case WhyGreedyThreshold:
		s = "Not funded: its " + w.scoreWords() + " did not reach the threshold of " + w.Threshold + "."
	case WhyMESFree:
		s = "Funded before the rounds: it costs nothing and " + plural(w.Votes, "voter supports", "voters support") + " it."
	case WhyMESFunded:
		s = fmt.Sprintf("Funded in round %d: its %s' equal shares covered its %s cost", w.Round, plural(w.Votes, "supporter", "supporters"), w.Cost)
		if w.Votes == 1 {
			s = fmt.Sprintf("Funded in round %d: its one supporter's equal share covered its %s cost", w.Round, w.Cost)
		}
		unit := ""
		switch w.Kind {
		case KindCumulative:
			unit = " per point"
		case KindOrdinal:
			unit = " per ranking point"
		}
		if w.Capped == 0 {
			s += " (each paid " + w.Each + unit + ")."
		} else {
			s += fmt.Sprintf(" (%s paid all they had left, the others %s%s).", plural(w.Capped, "voter", "voters"), w.Each, unit)
		}
	case WhyMESUnsupported:
		s = "Not funded: no ballot supports it, and equal shares only pay for projects with supporters."
	case WhyMESShort:
		note := ""
		if w.Raised != "" {
			note = " (each voter's share raised by " + w.Raised + ", as far as it could go without spending more than the budget)"
		}
		s = fmt.Sprintf("Not funded: when the rounds ended its %s had %s left between them%s and it costs %s.", plural(w.Votes, "supporter", "supporters"), w.Held, note, w.Cost)
	case WhyMESCompleted:
		s = "Funded after the equal shares, from the money left over: " + w.Left + " remained when its turn came (with " + w.scoreWords() + ") and it costs " + w.Cost + "."
	case WhyPhragmenOverBudget:
		s = "Not funded: it costs " + w.Cost + ", more than the whole budget of " + w.Budget + "."
	case WhyPhragmenNoFit:
		s = fmt.Sprintf("Not funded: its turn came in round %d with %s left and it costs %s; Phragmén's rule stops at the first project that does not fit.", w.Round, w.Left, w.Cost)
	case WhyPhragmenStopped:
		s = fmt.Sprintf("Not funded: counting stopped in round %d, before its turn, when %s came next and did not fit in the %s left.", w.Round, w.Stopped, w.Left)
	case WhyPhragmenFunded:
		s = fmt.Sprintf("Funded in round %d: its %s took on its %s cost, which left each of them with a load of %s, the lowest of any project then.", w.Round, plural(w.Votes, "supporter", "supporters"), w.Cost, w.Load)
	case WhyPhragmenUnsupported:
		s = fmt.Sprintf("Funded in round %d: no ballot supports it, but every project with supporters had been funded and it fitted.", w.Round)
	}
	if w.StopsHere {
		s += " Under greedy-no-skip counting stops here."
	}
	if w.Leftover != "" {
		s += " Nor did it fit in the " + w.Leftover + " left over afterwards."
	}
	if w.Withdrawn {
		s += " Its cost of 999,999,999 is the mark Pabulib files give a project withdrawn after the vote."
	}
	return s
}

func (w Why) scoreWords() string {
	switch w.Kind {
	case KindCumulative:
		return plural(w.Score, "point", "points")
	case KindOrdinal:
		return plural(w.Score, "ranking point", "ranking points")
	}
	return plural(w.Score, "vote", "votes")
}

// kindName is the name of a ballot kind in Why.
func kindName(k Kind) string {
	switch k {
	case Cumulative:
		return KindCumulative
	case Ordinal:
		return KindOrdinal
	}
	return KindApproval
}

// why starts the reason of project p with the parts every sentence may
// share: its ballot kind, score, supporters and cost.
func (c *count) why(code string, p int) Why {
	return Why{Code: code, Kind: kindName(c.e.Kind), Score: c.scores[p], Votes: c.votes[p], Cost: c.money(c.e.Projects[p].Cost)}
}
