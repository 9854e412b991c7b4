package budgeting

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commons/internal/budgeting/tally"
	"commons/internal/platform/i18n"
)

// small elections that reach the codes the real ones in the test data do not: a project
// nobody supports funded last by Phragmén, a free project under equal shares, and greedy-no-skip
// stopping.
var smallElections = []string{
	"META\nkey;value\nbudget;100\nvote_type;approval\ncurrency;GBP\nPROJECTS\nproject_id;cost\na;40\nb;30\nc;10\nd;0\nVOTES\nvoter_id;vote\n1;a\n2;a,b,d\n",
	"META\nkey;value\nbudget;100\nvote_type;cumulative\ncurrency;PLN\nrule;greedy-no-skip\nPROJECTS\nproject_id;cost\na;60\nb;50\nc;10\nVOTES\nvoter_id;vote;points\n1;a,b;3,1\n2;b,c;2,1\n3;a;1\n",
}

// The English catalogue words every reason the count gives exactly as the count does, and the
// Welsh one words it with every placeholder filled, on the real elections in the test data and
// a few small ones, under every rule; between them they reach every code.
func TestCatalogueWordsEveryReason(t *testing.T) {
	b, err := i18n.New(Messages)
	if err != nil {
		t.Fatal(err)
	}
	en := func(k string, a ...any) string { return b.T("en", k, a...) }
	cy := func(k string, a ...any) string { return b.T("cy", k, a...) }
	var elections []*tally.Election
	files, _ := filepath.Glob("pabulib/testdata/*.pb")
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		e, _, err := tally.Read(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		elections = append(elections, e)
	}
	for _, s := range smallElections {
		e, _, err := tally.Read(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		elections = append(elections, e)
	}
	seen := map[string]bool{}
	for _, e := range elections {
		for _, rule := range tally.Rules {
			if rule == tally.Phragmen && e.Kind != tally.Approval {
				continue
			}
			if (rule == tally.MESAdd1 || rule == tally.MESAdd1Greedy) && len(e.Projects) > 100 {
				continue // seconds each on Toulouse; package tally checks it
			}
			res, err := tally.Count(e, rule, tally.Options{})
			if err != nil {
				t.Fatal(err)
			}
			titles := map[string]string{}
			for _, o := range res.Projects {
				titles[o.ID] = o.ID
			}
			for _, o := range res.Projects {
				seen[o.Why.Code] = true
				// Stored and read back as the count does.
				data, _ := json.Marshal(o.Why)
				pr := ProjectResult{Reason: "stored", Why: decodeWhy(string(data))}
				if got := reasonText(en, "en", pr, titles); got != o.Reason {
					t.Errorf("%s %s:\n catalogue %q\n count     %q", rule, o.ID, got, o.Reason)
				}
				w := reasonText(cy, "cy", pr, titles)
				if w == o.Reason || strings.ContainsAny(w, "{}[]") || strings.Contains(w, "Funded") {
					t.Errorf("%s %s: Welsh %q", rule, o.ID, w)
				}
			}
		}
	}
	for _, c := range tally.WhyCodes {
		if !seen[c] {
			t.Errorf("no reason has the code %s", c)
		}
	}
	// What cannot be worded shows the stored English.
	for _, w := range []*tally.Why{nil, {Code: "from_a_later_version"}} {
		if got := reasonText(cy, "cy", ProjectResult{Reason: "stored", Why: w}, nil); got != "stored" {
			t.Errorf("%+v worded as %q", w, got)
		}
	}
	if decodeWhy("") != nil || decodeWhy("{not json") != nil || decodeWhy(`{"code":""}`) != nil {
		t.Error("an empty or broken why was read")
	}
}

// Every count message has every plural form in both catalogues, the English singular is
// singular, and every reason code has its sentence.
func TestReasonMessagesHaveEveryForm(t *testing.T) {
	for _, lang := range []string{"en", "cy"} {
		data, err := Messages.ReadFile("messages/budgeting." + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"budgeting.why.score.approval", "budgeting.why.score.cumulative", "budgeting.why.score.ordinal",
			"budgeting.why.supporters", "budgeting.why.voters", "budgeting.why.voters_support"} {
			for _, f := range i18n.PluralForms {
				if !strings.Contains(m[key+"."+f], "{n}") {
					t.Errorf("%s: %s.%s is missing or has no {n}", lang, key, f)
				}
			}
		}
		for _, f := range rankForms {
			if !strings.Contains(m["budgeting.why.rank."+f], "{n}") {
				t.Errorf("%s: budgeting.why.rank.%s is missing or has no {n}", lang, f)
			}
		}
		for _, c := range tally.WhyCodes {
			if m["budgeting.why."+c] == "" {
				t.Errorf("%s: no sentence for the reason code %s", lang, c)
			}
		}
		for _, kind := range BallotKinds {
			if m["budgeting.why.paid_each."+kind] == "" || m["budgeting.why.paid_capped."+kind] == "" {
				t.Errorf("%s: no payments for %s ballots", lang, kind)
			}
		}
		if lang == "en" && (m["budgeting.why.score.approval.one"] != "{n} vote" || m["budgeting.why.score.approval.other"] != "{n} votes") {
			t.Errorf("en: vote forms %q %q", m["budgeting.why.score.approval.one"], m["budgeting.why.score.approval.other"])
		}
	}
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{{"en", 1, "one"}, {"en", 0, "other"}, {"en", 2, "other"}, {"cy", 0, "zero"}, {"cy", 1, "one"}, {"cy", 2, "two"},
		{"cy", 3, "few"}, {"cy", 6, "many"}, {"cy", 4, "other"}, {"cy", 1000, "other"}} {
		if got := i18n.PluralCategory(c.lang, int64(c.n)); got != c.want {
			t.Errorf("pluralCategory(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
	for n, want := range map[int64]string{1: "one", 2: "two", 3: "few", 4: "other", 11: "other", 12: "other", 13: "other", 21: "one", 112: "other", 122: "two"} {
		if got := rankCategory("en", n); got != want {
			t.Errorf("rankCategory(en, %d) = %s, want %s", n, got, want)
		}
	}
	if got := i18n.Grouped(1234567); got != "1,234,567" {
		t.Errorf("grouped: %s", got)
	}
}
