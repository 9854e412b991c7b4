package volunteering_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/volunteering"
)

// vocabulary reads the standard's Turtle files: every subject declared (":Name" at the start of
// a line) in each file.
func vocabulary(t *testing.T, files ...string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	subject := regexp.MustCompile(`^:([A-Za-z][A-Za-z0-9]*)\s*$`)
	for _, f := range files {
		fh, err := os.Open(filepath.Join("testdata", "vds", f))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if m := subject.FindStringSubmatch(sc.Text()); m != nil {
				out[m[1]] = true
			}
		}
		fh.Close()
	}
	return out
}

// The taxonomies in taxonomy.go are the standard's, term for term.
func TestTaxonomiesAreTheStandards(t *testing.T) {
	for file, terms := range map[string][]string{"taxonomy_cause.ttl": volunteering.Causes, "taxonomy_skill.ttl": volunteering.Skills,
		"taxonomy_accessibility.ttl": volunteering.AccessibilityTerms} {
		vocab := vocabulary(t, file)
		for _, term := range terms {
			if !vocab[term] {
				t.Errorf("%s is not in %s", term, file)
			}
			delete(vocab, term)
		}
		for left := range vocab {
			if left != "Cause" && left != "Skill" && left != "Accessibility" {
				t.Errorf("%s of %s is missing from taxonomy.go", left, file)
			}
		}
	}
	slots := vocabulary(t, "ontology_time.ttl")
	for _, s := range volunteering.Slots() {
		if !slots[s] {
			t.Errorf("slot %s is not in ontology_time.ttl", s)
		}
	}
}

// /volunteering.jsonld is in the Volunteering Data Standard's shape: every property it uses is
// one the standard declares, and every taxonomy value is a concept of the right taxonomy.
func TestJSONLDConformsToTheStandard(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	o, err := w.svc.CreateOpportunity(w.ctx, w.coord, volunteering.OpportunityInput{OrganisationID: w.org.ID, Title: "Reading friends",
		Description: "Read together.", Kind: volunteering.Regular, Causes: []string{"OlderPeople", "LiteracyNeeds"}, Where: "address",
		Venue: "Castle Library", Address: "Castle Street", Postcode: "AH1 4CL", Latitude: "51.62", Longitude: "-3.94", UsualSlots: []string{"TuesdayAfternoon"},
		Role: volunteering.RoleInput{Title: "Reading friend", Commitment: "Two hours a week", Skills: []string{"ActiveListening"},
			Accessibility: []string{"PhysicalAccessibility"}, MinAge: "18", CheckNeeded: volunteering.CheckDBSEnhanced,
			Rewards: []string{"TrainingProvided", "ExpensesReimbursed"}}})
	if err != nil {
		t.Fatal(err)
	}
	w.shift(t, o.Roles[0].ID, 4*24*time.Hour, 1, 2)
	w.opportunity(t, "Food bank", volunteering.CheckNone, true, "")
	r := a.Client(t).Get("/volunteering.jsonld")
	apptest.MustStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/ld+json" {
		t.Fatalf("content type %q", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatal(err)
	}
	props := vocabulary(t, "ontology.ttl", "ontology_activity.ttl", "ontology_location.ttl", "ontology_organisation.ttl",
		"ontology_role.ttl", "ontology_session.ttl", "ontology_taxonomy.ttl", "ontology_charityregistration.ttl")
	page, err := os.ReadFile(filepath.Join("testdata", "vds", "ontology.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`<span id="[a-z]+-([a-zA-Z]+)">`).FindAllStringSubmatch(string(page), -1) {
		props[m[1]] = true // properties the standard's page names (the Turtle misspells accessibility)
	}
	taxonomies := map[string]map[string]bool{
		"cause": vocabulary(t, "taxonomy_cause.ttl"), "skill": vocabulary(t, "taxonomy_skill.ttl"),
		"accessibility": vocabulary(t, "taxonomy_accessibility.ttl"), "requirement": vocabulary(t, "taxonomy_requirement.ttl"),
		"time": vocabulary(t, "ontology_time.ttl"),
	}
	seen := map[string]bool{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				seen[k] = true
				if k != "@context" && k != "type" && k != "id" && k != "graph" && !props[k] {
					t.Errorf("%s.%s is not a property of the standard", path, k)
				}
				if tax, ok := taxonomies[k]; ok {
					for _, term := range val.([]any) {
						s := term.(string)
						if !strings.HasPrefix(s, volunteering.NS) || !tax[strings.TrimPrefix(s, volunteering.NS)] {
							t.Errorf("%s.%s: %s is not in the taxonomy", path, k, s)
						}
					}
				}
				if k == "reward" {
					for _, term := range val.([]any) {
						if !strings.HasPrefix(term.(string), volunteering.NS) {
							t.Errorf("reward %v is outside the standard's namespace", term)
						}
					}
				}
				walk(path+"."+k, val)
			}
		case []any:
			for _, e := range x {
				walk(path, e)
			}
		}
	}
	walk("", doc)
	for _, k := range []string{"graph", "activity", "role", "session", "location", "time", "cause", "skill", "requirement", "reward",
		"accessibility", "minimumAge", "commitment", "latitude", "conformsTo", "license", "modified"} {
		if !seen[k] {
			t.Errorf("the feed never uses %s", k)
		}
	}
	if !strings.Contains(r.Body, volunteering.NS+"DBSCheck") || !strings.Contains(r.Body, volunteering.NS+"TuesdayAfternoon") {
		t.Errorf("requirement or time missing:\n%s", r.Body)
	}
}
