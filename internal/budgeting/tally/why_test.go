package tally

import (
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// funds says whether a code is a reason for funding.
var funds = map[string]bool{
	WhyGreedyFunded: true, WhyMESFree: true, WhyMESFunded: true, WhyMESCompleted: true,
	WhyPhragmenFunded: true, WhyPhragmenUnsupported: true,
}

// checkWhy checks every outcome of res: a known code that agrees with
// whether it was funded, the shared parts equal to the outcome's, and the
// English worded from the parts, after a trip through JSON as the
// budgeting capability stores them, equal to Reason.
func checkWhy(t *testing.T, name string, res *Result, seen map[string]bool) {
	t.Helper()
	for _, o := range res.Projects {
		w := o.Why
		if !w.Known() {
			t.Fatalf("%s %s: project %s has the unknown code %q (%s)", name, res.Rule, o.ID, w.Code, o.Reason)
		}
		seen[w.Code] = true
		if funds[w.Code] != o.Selected {
			t.Errorf("%s %s: project %s selected %v with code %s", name, res.Rule, o.ID, o.Selected, w.Code)
		}
		if w.Score != o.Score || w.Votes != o.Votes || w.Cost != FormatMoney(o.Cost, res.Scale, res.Currency) {
			t.Errorf("%s %s: project %s: parts %+v, outcome %+v", name, res.Rule, o.ID, w, o)
		}
		data, err := json.Marshal(w)
		if err != nil {
			t.Fatal(err)
		}
		var back Why
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if got := back.English(); got != o.Reason || got == "" {
			t.Errorf("%s %s: project %s:\n from %s\n words %q\n reason %q", name, res.Rule, o.ID, data, got, o.Reason)
		}
	}
}

// Every outcome of every rule on the real elections in the test data, and
// on random ones, has a known code, and its parts say all its reason says.
// Between them they use every code.
func TestWhyCarriesTheReason(t *testing.T) {
	seen := map[string]bool{}
	files, _ := filepath.Glob("../pabulib/testdata/*.pb")
	if len(files) == 0 {
		t.Fatal("no test elections")
	}
	for _, f := range files {
		_, e := readFile(t, f)
		for _, rule := range Rules {
			if rule == Phragmen && e.Kind != Approval {
				continue
			}
			if (testing.Short() || raceDetector) && (rule == MESAdd1 || rule == MESAdd1Greedy) && len(e.Projects) > 100 {
				continue // seconds each on Toulouse; the smaller files cover these rules
			}
			checkWhy(t, filepath.Base(f), mustCount(t, e, rule, Options{}), seen)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 150; i++ {
		kind := []string{"approval", "cumulative", "ordinal"}[i%3]
		src := randomElection(r, kind)
		if i%5 == 0 {
			src = strings.Replace(src, "PROJECTS\n", "min_project_score_threshold;2\nPROJECTS\n", 1)
		}
		e := parse(t, src)
		for _, rule := range Rules {
			if rule == Phragmen && e.Kind != Approval {
				continue
			}
			checkWhy(t, "random", mustCount(t, e, rule, Options{Utility: CountUtility}), seen)
		}
	}
	for _, c := range WhyCodes {
		if !seen[c] {
			t.Errorf("no outcome has the code %s", c)
		}
	}
	if (Why{Code: "nonsense"}).Known() || (Why{}).Known() {
		t.Error("an unknown code is known")
	}
}
