package tally

import (
	"fmt"
	"strings"
)

// Rule names a counting rule.
type Rule string

// The rules Count knows.
const (
	Greedy          Rule = "greedy"
	GreedyNoSkip    Rule = "greedy-no-skip"
	GreedyThreshold Rule = "greedy-threshold"
	MES             Rule = "mes"
	MESAdd1         Rule = "mes-add1"
	MESAdd1Greedy   Rule = "mes-add1-greedy"
	Phragmen        Rule = "phragmen"
)

// Rules lists every rule, in the order the command documents them.
var Rules = []Rule{Greedy, GreedyNoSkip, GreedyThreshold, MES, MESAdd1, MESAdd1Greedy, Phragmen}

// ParseRule checks a rule name.
func ParseRule(s string) (Rule, error) {
	for _, r := range Rules {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown rule %q", s)
}

// RuleFromMeta maps a Pabulib META rule to the rule that reproduces it:
// greedy, greedy-threshold and greedy-no-skip to themselves, equalshares to
// mes, equalshares/add1 to mes-add1 and equalshares/add1-greedy (Commons' name for the
// completed method, which Pabulib has none for) to mes-add1-greedy. Other values (greedy-custom,
// greedy-exclusive, equalshares/add1-comparison, unknown) have no rule here.
func RuleFromMeta(meta string) (Rule, bool) {
	switch strings.ToLower(strings.TrimSpace(meta)) {
	case "greedy":
		return Greedy, true
	case "greedy-threshold":
		return GreedyThreshold, true
	case "greedy-no-skip":
		return GreedyNoSkip, true
	case "equalshares":
		return MES, true
	case "equalshares/add1":
		return MESAdd1, true
	case "equalshares/add1-greedy":
		return MESAdd1Greedy, true
	}
	return "", false
}

// Utility says what a project is worth to a supporter under the Method of
// Equal Shares on approval ballots.
type Utility string

const (
	// CostUtility values an approved project at its cost, as the cities
	// that use the Method of Equal Shares do.
	CostUtility Utility = "cost"
	// CountUtility values every approved project at one.
	CountUtility Utility = "count"
)

// Options adjust a count.
type Options struct {
	Utility Utility // for mes rules on approval ballots; CostUtility when empty
	// Explain is the id of a project whose story is told round by round in
	// its Outcome.Story.
	Explain string
}

// Result is the outcome of a count.
type Result struct {
	Rule     Rule
	Budget   int64    // minor units
	Spent    int64    // minor units
	Selected []string // project ids in the order they were funded
	Projects []Outcome
	// Increments is, for mes-add1, how many currency units were added to
	// each voter's share to reach the returned outcome.
	Increments int64
	Scale      int64
	Currency   string
}

// Outcome is what happened to one project.
type Outcome struct {
	ID       string
	Name     string
	Cost     int64 // minor units
	Votes    int64 // ballots supporting it
	Score    int64 // approvals, total points or positional points
	Selected bool
	Order    int    // 1 for the first project funded, 0 when not funded
	Reason   string // one plain-English sentence: Why.English()
	Why      Why    // the reason in parts, to word it in another language
	Story    []string
}

// Count counts e by rule.
func Count(e *Election, rule Rule, opt Options) (*Result, error) {
	if opt.Utility == "" {
		opt.Utility = CostUtility
	}
	if opt.Utility != CostUtility && opt.Utility != CountUtility {
		return nil, fmt.Errorf("unknown utility %q", opt.Utility)
	}
	if opt.Explain != "" && e.index(opt.Explain) < 0 {
		return nil, fmt.Errorf("no project %q in this election", opt.Explain)
	}
	c := newCount(e, rule, opt)
	switch rule {
	case Greedy, GreedyNoSkip, GreedyThreshold:
		c.greedy(rule)
	case MES:
		c.mes()
	case MESAdd1, MESAdd1Greedy:
		c.mesAdd1(rule == MESAdd1Greedy)
	case Phragmen:
		if e.Kind != Approval {
			return nil, fmt.Errorf("phragmen counts approval ballots only")
		}
		c.phragmen()
	default:
		return nil, fmt.Errorf("unknown rule %q", rule)
	}
	return c.result(), nil
}

func (e *Election) index(id string) int {
	for i, p := range e.Projects {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// count is the state shared by the rules while they run.
type count struct {
	e             *Election
	rule          Rule
	opt           Options
	votes, scores []int64
	selected      []bool
	order         []int // projects in funding order
	spent         int64
	reasons       []Why
	explain       int // project index or -1
	story         []string
	increments    int64
	add1Exact     bool // some increment of mes-add1 had to be counted exactly to decide (see mesAdd1)
	// quiet: the count keeps no reasons (reasons is nil). mes-add1's
	// search for its increment is quiet: the count at the increment it
	// finds gives them.
	quiet bool
}

func newCount(e *Election, rule Rule, opt Options) *count {
	c := &count{e: e, rule: rule, opt: opt, explain: -1}
	c.votes, c.scores = e.Scores()
	c.reset()
	if opt.Explain != "" {
		c.explain = e.index(opt.Explain)
	}
	return c
}

func (c *count) reset() {
	if len(c.selected) == len(c.e.Projects) {
		clear(c.selected)
	} else {
		c.selected = make([]bool, len(c.e.Projects))
	}
	switch {
	case c.quiet:
		c.reasons = nil
	case len(c.reasons) == len(c.e.Projects):
		clear(c.reasons)
	default:
		c.reasons = make([]Why, len(c.e.Projects))
	}
	c.order = c.order[:0]
	c.spent = 0
	c.story = nil
}

func (c *count) fund(p int, reason Why) {
	c.selected[p] = true
	c.order = append(c.order, p)
	c.spent += c.e.Projects[p].Cost
	if !c.quiet {
		c.reasons[p] = reason
	}
}

func (c *count) tell(format string, args ...any) {
	if c.explain >= 0 {
		c.story = append(c.story, fmt.Sprintf(format, args...))
	}
}

func (c *count) result() *Result {
	r := &Result{Rule: c.rule, Budget: c.e.Budget, Spent: c.spent, Increments: c.increments, Scale: c.e.Scale, Currency: c.e.Currency}
	for _, p := range c.order {
		r.Selected = append(r.Selected, c.e.Projects[p].ID)
	}
	rank := map[int]int{}
	for i, p := range c.order {
		rank[p] = i + 1
	}
	for i, p := range c.e.Projects {
		o := Outcome{ID: p.ID, Name: p.Name, Cost: p.Cost, Votes: c.votes[i], Score: c.scores[i], Selected: c.selected[i], Order: rank[i], Why: c.reasons[i]}
		o.Why.Withdrawn = c.e.Withdrawn(i) && !o.Selected
		o.Reason = o.Why.English()
		if i == c.explain {
			o.Story = c.story
		}
		r.Projects = append(r.Projects, o)
	}
	return r
}

func (c *count) money(minor int64) string { return FormatMoney(minor, c.e.Scale, c.e.Currency) }

func plural(n int64, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%s %s", groupDigits(fmt.Sprint(n)), many)
}
