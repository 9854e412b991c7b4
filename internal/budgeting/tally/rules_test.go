package tally

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// election writes a small approval election: costs by project id, then
// ballots as "weight:id,id".
func approval(budget int64, costs map[string]int64, order []string, ballots ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "META\nkey;value\nbudget;%d\nvote_type;approval\ncurrency;GBP\nPROJECTS\nproject_id;cost\n", budget)
	for _, id := range order {
		fmt.Fprintf(&b, "%s;%d\n", id, costs[id])
	}
	b.WriteString("VOTES\nvoter_id;vote\n")
	n := 0
	for _, bal := range ballots {
		w, list, _ := strings.Cut(bal, ":")
		var k int
		fmt.Sscan(w, &k)
		for i := 0; i < k; i++ {
			n++
			fmt.Fprintf(&b, "v%d;%s\n", n, list)
		}
	}
	return b.String()
}

// redBlue is the motivating example of the Method of Equal Shares papers
// and equalshares.net: 51 voters approve ten red projects, 49 approve ten
// blue ones, and the money buys ten. Greedy funds ten red; equal shares
// fund five and five once the budget is used up (mes-add1).
func redBlue() string {
	costs := map[string]int64{}
	var order, red, blue []string
	for i := 0; i < 10; i++ {
		r, b := fmt.Sprintf("r%d", i), fmt.Sprintf("b%d", i)
		costs[r], costs[b] = 100000, 100000
		order = append(order, r, b)
		red, blue = append(red, r), append(blue, b)
	}
	return approval(1000000, costs, order, "51:"+strings.Join(red, ","), "49:"+strings.Join(blue, ","))
}

func colours(ids []string) (red, blue int) {
	for _, id := range ids {
		if id[0] == 'r' {
			red++
		} else {
			blue++
		}
	}
	return
}

func TestRedBlue(t *testing.T) {
	e := parse(t, redBlue())
	cases := []struct {
		rule      Rule
		red, blue int
		inc       int64
	}{
		{Greedy, 10, 0, 0},
		// Each red voter has 10,000: 51 of them pay for five red projects
		// (100,000 each) and the 49 blue voters for four blue ones.
		{MES, 5, 4, 0},
		// The blue group needs 500,000/49 = 10,204.08 each for a fifth
		// project: 205 units more per voter.
		{MESAdd1, 5, 5, 205},
		{MESAdd1Greedy, 5, 5, 205},
		// Phragmén: red loads grow by 1/51 of a project per round, blue by
		// 1/49, and ten projects fit: the same five and five.
		{Phragmen, 5, 5, 0},
	}
	for _, c := range cases {
		res := mustCount(t, e, c.rule, Options{})
		r, b := colours(res.Selected)
		if r != c.red || b != c.blue || res.Increments != c.inc {
			t.Errorf("%s: %d red, %d blue, +%d; want %d, %d, +%d", c.rule, r, b, res.Increments, c.red, c.blue, c.inc)
		}
		if res.Spent > res.Budget {
			t.Errorf("%s overspends", c.rule)
		}
	}
}

// TestTiesByIDString: identical projects tie exactly and the id compared
// as a plain string wins, so "10" comes before "9".
func TestTiesByIDString(t *testing.T) {
	e := parse(t, approval(100, map[string]int64{"9": 60, "10": 60}, []string{"9", "10"}, "3:9,10"))
	for _, r := range Rules {
		res := mustCount(t, e, r, Options{})
		if !reflect.DeepEqual(res.Selected, []string{"10"}) {
			t.Errorf("%s selected %v, want [10]", r, res.Selected)
		}
	}
}

// TestTiesAfterRounds: two projects that tie exactly only after a first
// round has drawn unequal shares, where floating point would see
// 1/3 + 1/3 + 1/3 and 1 as different.
func TestTiesAfterRounds(t *testing.T) {
	// Three voters hold 10 each. X (cost 10) is shared by all three, so
	// each pays 10/3 and keeps 20/3. A (cost 13, voters 1 and 2) and B
	// (cost 13, voters 2 and 3) then both cost 6.5 per supporter, which
	// 20/3 covers: an exact tie, and A has the smaller id. After A, B's
	// supporters hold 1/6 + 20/3 < 13.
	e := parse(t, approval(30, map[string]int64{"X": 10, "A": 13, "B": 13}, []string{"X", "A", "B"}, "1:X,A", "1:X,A,B", "1:X,B"))
	res := mustCount(t, e, MES, Options{Utility: CountUtility})
	if want := []string{"X", "A"}; !reflect.DeepEqual(res.Selected, want) {
		t.Errorf("MES selected %v, want %v (A and B tie at 6.5 each, A has the smaller id)", res.Selected, want)
	}
}

// TestMESCapped follows an example with a voter who runs out of money.
func TestMESCapped(t *testing.T) {
	// Budget 400, four voters with 100 each.
	// P (cost 240): voters 1,2,3 -> 80 each. Q (cost 150): voters 3,4 -> 75
	// each. R (cost 100): voter 4 alone -> 100.
	// Round 1 (count utility, lowest price per supporter): Q at 75.
	// Voter 3 keeps 25, voter 4 keeps 25. Round 2: P needs 240 from
	// 100+100+25: not enough. R needs 100 from voter 4's 25: not enough.
	e := parse(t, approval(400, map[string]int64{"P": 240, "Q": 150, "R": 100}, []string{"P", "Q", "R"}, "2:P", "1:P,Q", "1:Q,R"))
	res := mustCount(t, e, MES, Options{Utility: CountUtility})
	if !reflect.DeepEqual(res.Selected, []string{"Q"}) {
		t.Fatalf("MES selected %v, want [Q]", res.Selected)
	}
	// With cost utilities P is worth its cost: price per unit of utility
	// 80/240 = 1/3 beats Q's 75/150 = 1/2, so P goes first (voters 1-3
	// pay 80), then Q needs 150 from voter 3's 20 and voter 4's 100: no.
	// R: voter 4 pays 100. P and R.
	res = mustCount(t, e, MES, Options{})
	if !reflect.DeepEqual(res.Selected, []string{"P", "R"}) {
		t.Fatalf("MES (cost utility) selected %v, want [P R]", res.Selected)
	}
	// Greedy by approvals: P (3) first, then Q (2) fits in the 160 left,
	// then R (1) does not fit in 10.
	if res := mustCount(t, e, Greedy, Options{}); !reflect.DeepEqual(res.Selected, []string{"P", "Q"}) {
		t.Errorf("greedy selected %v", res.Selected)
	}
}

// TestMESPartialPayment: a project is bought with some supporters paying
// all they have left and the others an equal larger share.
func TestMESPartialPayment(t *testing.T) {
	// Budget 300, three voters with 100. A (cost 150) voters 1,2: 75 each.
	// B (cost 150) voters 1,2,3: after A, voters 1,2 hold 25 each and voter
	// 3 holds 100: ρ = 50 would need 50 from each; 1 and 2 pay 25, voter 3
	// pays 100: total 150. B is bought.
	e := parse(t, approval(300, map[string]int64{"A": 150, "B": 150}, []string{"A", "B"}, "2:A,B", "1:B"))
	res := mustCount(t, e, MES, Options{Utility: CountUtility})
	// First round: A costs 75 per supporter, B 50: B goes first (50
	// each). Then A needs 150 from voters 1 and 2 with 50 each: no.
	if !reflect.DeepEqual(res.Selected, []string{"B"}) {
		t.Fatalf("selected %v, want [B]", res.Selected)
	}
	e = parse(t, approval(300, map[string]int64{"A": 150, "B": 200}, []string{"A", "B"}, "2:A,B", "1:B"))
	// A: 75 each; B: 66.67 each -> B first, everyone keeps 33.33; A needs
	// 150 from 66.67: no. Only B.
	res = mustCount(t, e, MES, Options{Utility: CountUtility})
	if !reflect.DeepEqual(res.Selected, []string{"B"}) {
		t.Fatalf("selected %v, want [B]", res.Selected)
	}
	e = parse(t, approval(300, map[string]int64{"A": 100, "B": 240}, []string{"A", "B"}, "2:A,B", "1:B"))
	// A: 50 each, B: 80 each -> A first; voters 1,2 keep 50, voter 3 100.
	// B: ρ=80 would cap voters 1 and 2 (50 < 80): they pay 50 each and
	// voter 3 pays the remaining 140 > 100: no. Only A.
	res = mustCount(t, e, MES, Options{Utility: CountUtility})
	if !reflect.DeepEqual(res.Selected, []string{"A"}) {
		t.Fatalf("selected %v, want [A]", res.Selected)
	}
	e = parse(t, approval(300, map[string]int64{"A": 100, "B": 190}, []string{"A", "B"}, "2:A,B", "1:B"))
	// As above, but B costs 190: voters 1,2 pay 50 each, voter 3 pays 90.
	res = mustCount(t, e, MES, Options{Utility: CountUtility})
	if !reflect.DeepEqual(res.Selected, []string{"A", "B"}) {
		t.Fatalf("selected %v, want [A B]", res.Selected)
	}
	if r := res.Projects[1].Reason; !strings.Contains(r, "2 voters paid all they had left, the others £90") {
		t.Errorf("reason for B: %q", r)
	}
}

// TestPhragmen follows loads by hand.
func TestPhragmen(t *testing.T) {
	// Budget 10. A (cost 4) voters 1,2 -> load 2. B (cost 3) voter 3 ->
	// load 3. C (cost 3) voters 1,3: (3+0+0)/2 = 1.5 first! Round 1: C,
	// loads 1.5,0,1.5. Round 2: A: (4+1.5+0)/2 = 2.75; B: (3+1.5)/1 = 4.5.
	// A; loads 2.75, 2.75, 1.5. Round 3: B: 4.5; spent 7, B costs 3:
	// fits. All three.
	e := parse(t, approval(10, map[string]int64{"A": 4, "B": 3, "C": 3}, []string{"A", "B", "C"}, "1:A,C", "1:A", "1:B,C"))
	res := mustCount(t, e, Phragmen, Options{})
	if !reflect.DeepEqual(res.Selected, []string{"C", "A", "B"}) {
		t.Fatalf("selected %v", res.Selected)
	}
	// Budget 9: after C and A (7 spent), B costs 3 > 2: Phragmén stops.
	// D (cost 1, no supporters) would fit but is never reached.
	e = parse(t, approval(9, map[string]int64{"A": 4, "B": 3, "C": 3, "D": 1}, []string{"A", "B", "C", "D"}, "1:A,C", "1:A", "1:B,C"))
	res = mustCount(t, e, Phragmen, Options{})
	if !reflect.DeepEqual(res.Selected, []string{"C", "A"}) {
		t.Fatalf("selected %v", res.Selected)
	}
	if r := res.Projects[1].Reason; !strings.Contains(r, "stops at the first project that does not fit") {
		t.Errorf("reason for B: %q", r)
	}
}

func TestGreedyVariants(t *testing.T) {
	s := "META\nkey;value\nbudget;100\nvote_type;cumulative\nmin_project_score_threshold;5\ncurrency;PLN\n" +
		"PROJECTS\nproject_id;cost\na;60\nb;50\nc;30\nd;10\n" +
		"VOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;b,c,a;2,2,1\n3;c,d;1,3\n4;b,b;9,1\n"
	// Points: a 4, b 2+2+1 (the last points for a repeated project win) = 5,
	// c 3, d 3. Order: b (5), a (4), c (3), d (3; "c" < "d").
	e := parse(t, s)
	_, scores := e.Scores()
	if !reflect.DeepEqual(scores, []int64{4, 5, 3, 3}) {
		t.Fatalf("scores %v", scores)
	}
	for rule, want := range map[Rule][]string{
		Greedy:          {"b", "c", "d"},
		GreedyNoSkip:    {"b"},
		GreedyThreshold: {"b"},
	} {
		res := mustCount(t, e, rule, Options{})
		if !reflect.DeepEqual(res.Selected, want) {
			t.Errorf("%s selected %v, want %v", rule, res.Selected, want)
		}
	}
	res := mustCount(t, e, Greedy, Options{})
	if r := res.Projects[0].Reason; r != "Not funded: 50 PLN was left when its turn came (ranked 2nd with 4 points) and it costs 60 PLN." {
		t.Errorf("reason for a: %q", r)
	}
	res = mustCount(t, e, GreedyThreshold, Options{})
	if r := res.Projects[2].Reason; !strings.Contains(r, "did not reach the threshold of 5") {
		t.Errorf("reason for c: %q", r)
	}
}

func TestOrdinalScores(t *testing.T) {
	s := "META\nkey;value\nbudget;10\nvote_type;ordinal\n" +
		"PROJECTS\nproject_id;cost\na;1\nb;1\nc;1\n" +
		"VOTES\nvoter_id;vote\n1;a,b,c\n2;c,a\n3;b,b,a\n"
	// Ballot 1: a 3, b 2, c 1. Ballot 2: c 2, a 1. Ballot 3 (b repeated,
	// first place kept, length 2): b 2, a 1.
	_, scores := parse(t, s).Scores()
	if !reflect.DeepEqual(scores, []int64{5, 4, 3}) {
		t.Fatalf("scores %v", scores)
	}
}

func TestFormatMoney(t *testing.T) {
	for _, c := range []struct {
		minor, scale int64
		cur, want    string
	}{
		{4000000, 100, "GBP", "£40,000"},
		{55000, 1, "PLN", "55,000 PLN"},
		{245848822, 100, "PLN", "2,458,488.22 PLN"},
		{999, 1, "EUR", "€999"},
		{1234567, 1, "", "1,234,567"},
	} {
		if got := FormatMoney(c.minor, c.scale, c.cur); got != c.want {
			t.Errorf("FormatMoney(%d, %d, %s) = %q, want %q", c.minor, c.scale, c.cur, got, c.want)
		}
	}
}
