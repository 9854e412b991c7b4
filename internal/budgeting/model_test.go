package budgeting_test

import (
	"strings"
	"testing"

	"commons/internal/budgeting"
	"commons/internal/platform/errs"
)

func TestParsePoundsAndMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"£1,250", 125000, true}, {"1250.5", 125050, true}, {"0.07", 7, true}, {" 75 ", 7500, true},
		{"", 0, false}, {"-5", 0, false}, {"1.234", 0, false}, {"12a", 0, false}, {"1.", 0, false}, {".5", 0, false},
		{"99999999999", 0, false},
	} {
		got, ok := budgeting.ParsePounds(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParsePounds(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for pence, want := range map[int64]string{0: "£0", 7: "£0.07", 125050: "£1,250.50", 100000000: "£1,000,000", -250: "-£2.50"} {
		if got := budgeting.Money(pence); got != want {
			t.Errorf("Money(%d) = %q, want %q", pence, got, want)
		}
	}
}

func FuzzParsePounds(f *testing.F) {
	for _, s := range []string{"£1,250", "1250.50", "0.07", "", "-1", "1e9", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := budgeting.ParsePounds(s)
		if !ok {
			return
		}
		if p < 0 || p > 100_000_000_000 {
			t.Fatalf("%q parsed to %d", s, p)
		}
		// What Money writes reads back to the same amount.
		if back, ok := budgeting.ParsePounds(budgeting.Money(p)); !ok || back != p {
			t.Fatalf("%q → %d → %q → %d", s, p, budgeting.Money(p), back)
		}
	})
}

func FuzzNormaliseCode(f *testing.F) {
	for _, s := range []string{"k7qm xd4p 2rta", "K7QM-XD4P-2RTA", "", "----", "ÿ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := budgeting.NormaliseCode(s)
		if budgeting.NormaliseCode(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, budgeting.NormaliseCode(n))
		}
	})
}

func TestCheckBallot(t *testing.T) {
	costs := map[string]int64{"a": 500, "b": 400, "c": 300}
	budget := &budgeting.Process{Format: budgeting.FormatBudget}
	rng := &budgeting.Process{Format: budgeting.FormatRange, MinChoices: 2, MaxChoices: 2}
	cum := &budgeting.Process{Format: budgeting.FormatCumulative, Points: 5}
	one := func(ids ...string) []budgeting.Choice {
		var cs []budgeting.Choice
		for _, id := range ids {
			cs = append(cs, budgeting.Choice{IdeaID: id, Points: 1})
		}
		return cs
	}
	for _, c := range []struct {
		name    string
		p       *budgeting.Process
		choices []budgeting.Choice
		want    string
	}{
		{"fits", budget, one("a", "b"), ""},
		{"over budget", budget, one("a", "b", "c"), "budgeting.err.ballot_over_budget"},
		{"empty", budget, nil, "budgeting.err.ballot_empty"},
		{"unknown", budget, one("z"), "budgeting.err.ballot_unknown"},
		{"twice", budget, one("a", "a"), "budgeting.err.ballot_unknown"},
		{"too few", rng, one("a"), "budgeting.err.ballot_too_few"},
		{"too many", rng, one("a", "b", "c"), "budgeting.err.ballot_too_many"},
		{"range ok", rng, one("a", "c"), ""},
		{"points ok", cum, []budgeting.Choice{{IdeaID: "a", Points: 3}, {IdeaID: "b", Points: 2}}, ""},
		{"too many points", cum, []budgeting.Choice{{IdeaID: "a", Points: 3}, {IdeaID: "b", Points: 3}}, "budgeting.err.ballot_too_many_points"},
		{"negative points", cum, []budgeting.Choice{{IdeaID: "a", Points: -1}}, "budgeting.err.ballot_points_value"},
		{"points on approval", budget, []budgeting.Choice{{IdeaID: "a", Points: 2}}, "budgeting.err.ballot_points_value"},
	} {
		err := budgeting.CheckBallot(c.p, costs, 1000, c.choices)
		got := ""
		for _, k := range errs.As(err).Fields {
			got = k
		}
		if err != nil && got == "" {
			got = err.Error()
		}
		if !strings.Contains(got, c.want) || (c.want == "") != (err == nil) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
