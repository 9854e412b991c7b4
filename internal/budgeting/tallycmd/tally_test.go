package tallycmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const testdata = "../pabulib/testdata/"

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// officiallySelected reads the ids marked selected = 1 straight from the
// file's text, finding the columns by name in the PROJECTS header.
func officiallySelected(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(strings.ReplaceAll(string(b), "\r\n", "\n"), "PROJECTS\n")
	rows := strings.Split(after, "\n")
	idCol, selCol := -1, -1
	for i, h := range strings.Split(rows[0], ";") {
		switch h {
		case "project_id":
			idCol = i
		case "selected":
			selCol = i
		}
	}
	var ids []string
	for _, r := range rows[1:] {
		if r == "VOTES" {
			break
		}
		// These files quote no field before the selected column.
		if f := strings.Split(r, ";"); f[selCol] == "1" {
			ids = append(ids, f[idCol])
		}
	}
	sort.Strings(ids)
	return ids
}

func TestRunReproducesOfficialResults(t *testing.T) {
	for _, name := range []string{
		"Netherlands_Assen_2024.pb",      // equalshares/add1
		"Poland_Swiecie_2023.pb",         // equalshares/add1
		"Poland_Katowice_2024_Murcki.pb", // greedy-threshold, cumulative
		"Poland_Krakow_2020_Wzgorza_Krzeslawickie.pb",
		"Poland_Gdynia_2020_Grabowek__large.pb",
		"Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, "--file", testdata+name)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got := lines(out)
			sort.Strings(got)
			want := officiallySelected(t, testdata+name)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("selected %v, the city selected %v", got, want)
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	code, out, errs := run(t, "--file", testdata+"Poland_Katowice_2024_Murcki.pb", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Rule     string
		Currency string
		Budget   json.Number
		Selected []string
		Projects []struct {
			ID       string
			Selected bool
			Cost     json.Number
			Votes    int64
			Score    int64
			Reason   string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Rule != "greedy-threshold" || rep.Currency != "PLN" || rep.Budget != "444207" || len(rep.Projects) != 14 {
		t.Fatalf("report header %+v", rep)
	}
	byID := map[string]int{}
	for i, p := range rep.Projects {
		byID[p.ID] = i
		if p.Reason == "" {
			t.Errorf("%s has no reason", p.ID)
		}
		if p.Selected != strings.HasPrefix(p.Reason, "Funded") {
			t.Errorf("%s: selected %v but reason %q", p.ID, p.Selected, p.Reason)
		}
	}
	w := rep.Projects[byID["L18/06/XI"]]
	if w.Selected || w.Cost != "999999999" || !strings.Contains(w.Reason, "withdrawn after the vote") {
		t.Errorf("withdrawn project: %+v", w)
	}
	// L18/16/XI has 31 points, below the threshold of 50 (the city funded
	// it outside the rule: selected = 2).
	if r := rep.Projects[byID["L18/16/XI"]].Reason; !strings.Contains(r, "31 points did not reach the threshold of 50") {
		t.Errorf("reason %q", r)
	}
	// L18/13/XI costs 220,000 and did not fit.
	if r := rep.Projects[byID["L18/13/XI"]].Reason; !strings.HasPrefix(r, "Not funded: ") || !strings.Contains(r, "it costs 220,000 PLN") {
		t.Errorf("reason %q", r)
	}
}

func TestRunExplain(t *testing.T) {
	code, out, errs := run(t, "--file", testdata+"Netherlands_Assen_2024.pb", "--explain", "8")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "8 Crossbaan in Peelo (counted by mes-add1)") || !strings.Contains(out, "After round 1 (3 funded") ||
		!strings.Contains(out, "Not funded: when the rounds ended its 25 supporters had") {
		t.Errorf("story:\n%s", out)
	}
	code, out, _ = run(t, "--file", testdata+"Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb", "--rule", "greedy", "--explain", "915")
	if code != 0 || !strings.Contains(out, "Turn 2: 915 (14 votes, 5,825 PLN) with 35,200 PLN left.") || !strings.Contains(out, "Funded: ranked 2nd with 14 votes") {
		t.Errorf("greedy story: %d\n%s", code, out)
	}
}

func TestRunUtilityCount(t *testing.T) {
	code, cost, _ := run(t, "--file", testdata+"Poland_Swiecie_2023.pb", "--rule", "mes")
	code2, count, _ := run(t, "--file", testdata+"Poland_Swiecie_2023.pb", "--rule", "mes", "--utility", "count")
	if code != 0 || code2 != 0 || len(lines(cost)) == 0 || len(lines(count)) == 0 {
		t.Fatalf("exit %d/%d", code, code2)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pb")
	os.WriteFile(bad, []byte("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1,7\n"), 0o644)
	unknownRule := filepath.Join(dir, "custom.pb")
	os.WriteFile(unknownRule, []byte("META\nkey;value\nbudget;10\nvote_type;approval\nrule;greedy-custom\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "--file is required"},
		{[]string{"--file", bad, "--rule", "borda"}, 2, `unknown rule "borda"`},
		{[]string{"--file", bad, "--utility", "joy"}, 2, `unknown utility "joy"`},
		{[]string{"--file", bad, "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"--nope"}, 2, "flag provided but not defined"},
		{[]string{"--file", bad}, 1, bad + `:10: voter "a" votes for project "7", which is not in PROJECTS`},
		{[]string{"--file", filepath.Join(dir, "missing.pb")}, 1, "no such file"},
		{[]string{"--file", unknownRule}, 2, `META rule "greedy-custom"`},
		{[]string{"--file", testdata + "Poland_Katowice_2024_Murcki.pb", "--rule", "phragmen"}, 2, "approval ballots only"},
		{[]string{"--file", testdata + "Poland_Katowice_2024_Murcki.pb", "--explain", "nope"}, 2, `no project "nope"`},
	}
	for _, c := range cases {
		code, out, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d and %q", c.args, code, errs, out, c.code, c.want)
		}
	}
	if code, _, _ := run(t, "--file", unknownRule, "--rule", "greedy"); code != 0 {
		t.Errorf("--rule should override an unknown META rule, exit %d", code)
	}
}
