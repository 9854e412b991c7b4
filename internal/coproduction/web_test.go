package coproduction_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/db"
)

const pw = "correct horse battery"

var projectURL = regexp.MustCompile(`^/projects/([0-9a-f-]{36})`)

func signedIn(t *testing.T, a *apptest.App, name, email string, roles ...string) (*apptest.Client, string) {
	t.Helper()
	id := a.MustAccount(t, name, email, pw, roles...)
	c := a.Client(t)
	c.SignIn(email, pw)
	return c, id
}

func mustSummary(t *testing.T, r *apptest.Response, want ...string) {
	t.Helper()
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	sum := apptest.ErrorSummary(r)
	for _, w := range want {
		if !strings.Contains(sum, w) {
			t.Errorf("error summary lacks %q:\n%s", w, sum)
		}
	}
}

func criterionIDs(t *testing.T, a *apptest.App) []string {
	t.Helper()
	out, err := db.Strings(t.Context(), a.DB, `SELECT id FROM coproduction_criteria WHERE active = 1 ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The whole life of a project, on both databases: propose, check, decide, move through the
// stages, record resources and measurements, reflect, publish and close as a case study; who
// may see and change what along the way.
func TestProjectJourney(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
		lead, _ := signedIn(t, a, "Lia Lead", "lia@example.org")
		resident, _ := signedIn(t, a, "Rhys Resident", "rhys@example.org")
		stranger, _ := signedIn(t, a, "Sam Stranger", "sam@example.org")
		anon := a.Client(t)

		// The council's criteria: weights count.
		mustSummary(t, officer.PostForm("/project-criteria", url.Values{"name": {""}, "weight": {"9"}}), "Enter the criterion", "Choose a weight from 1 to 5")
		for _, c := range []url.Values{{"name": {"Real room to change the service"}, "weight": {"3"}}, {"name": {"Lived experience can take part"}, "weight": {"1"}}} {
			apptest.MustStatus(t, officer.PostForm("/project-criteria", c), http.StatusSeeOther)
		}
		apptest.MustStatus(t, resident.Get("/project-criteria"), http.StatusForbidden)
		cids := criterionIDs(t, a)
		if len(cids) != 2 {
			t.Fatalf("criteria %v", cids)
		}

		// Propose: errors keep what was typed.
		lead.Get("/projects/new")
		r := lead.PostForm("/projects", url.Values{"title": {"Warm spaces"}, "problem": {""}})
		mustSummary(t, r, "Describe the problem to solve", "Say who the problem affects", "Enter the service area")
		apptest.MustContain(t, r, `value="Warm spaces"`)
		r = lead.PostForm("/projects", url.Values{"title": {"Warm spaces"}, "problem": {"Cold homes in winter"}, "affected": {"Older residents"}, "service_area": {"Adult social care"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		m := projectURL.FindStringSubmatch(r.Location())
		if m == nil {
			t.Fatalf("redirect to %q", r.Location())
		}
		id, page := m[1], "/projects/"+m[1]

		// Private until published: the public and strangers get a 404, everywhere.
		for _, path := range []string{page, page + "/measurements.csv", "/api/v1/projects/" + id} {
			apptest.MustStatus(t, anon.Get(path), http.StatusNotFound)
			apptest.MustStatus(t, stranger.Get(path), http.StatusNotFound)
		}
		apptest.MustNotContain(t, anon.Get("/projects"), "Warm spaces")
		apptest.MustContain(t, officer.Get("/projects"), "Warm spaces")
		apptest.MustStatus(t, stranger.PostForm(page+"/reflections", url.Values{"perspective": {"staff"}, "worked": {"x"}}), http.StatusNotFound)

		// A participant with an account may contribute but not manage.
		mustSummary(t, lead.PostForm(page+"/participants", url.Values{"kind": {"resident"}, "email": {"nobody@example.org"}}), "There is no account with this email address")
		apptest.MustStatus(t, lead.PostForm(page+"/participants", url.Values{"kind": {"resident"}, "email": {"rhys@example.org"}}), http.StatusSeeOther)
		apptest.MustStatus(t, lead.PostForm(page+"/participants", url.Values{"kind": {"staff"}, "name": {"Nia from Housing"}}), http.StatusSeeOther)
		apptest.MustContain(t, resident.Get(page), "Rhys Resident", "Nia from Housing")
		apptest.MustContain(t, resident.Get("/boards/my-actions"), "Projects you take part in", "Warm spaces")
		apptest.MustStatus(t, resident.PostForm(page+"/stage", url.Values{"stage": {"closed"}, "level": {"inform"}}), http.StatusForbidden)

		// Suitability check and decision: the governance group only, and in that order.
		apptest.MustStatus(t, lead.PostForm(page+"/assess", url.Values{}), http.StatusForbidden)
		mustSummary(t, officer.PostForm(page+"/decision", url.Values{"decision": {"go"}, "reasons": {"Good"}}), "Check the project's suitability first")
		mustSummary(t, officer.PostForm(page+"/assess", url.Values{"score-" + cids[0]: {"7"}}), "Choose a score from 0 to 3")
		apptest.MustStatus(t, officer.PostForm(page+"/assess", url.Values{"score-" + cids[0]: {"3"}, "score-" + cids[1]: {"0"}, "note-" + cids[1]: {"Need a carers' group"}}), http.StatusSeeOther)
		apptest.MustContain(t, lead.Get(page), "75%", "Assessed")
		mustSummary(t, lead.PostForm(page+"/stage", url.Values{"stage": {"co-design"}, "level": {"collaborate"}}), "The project needs a ‘go’ decision")
		mustSummary(t, officer.PostForm(page+"/decision", url.Values{"decision": {"maybe"}}), "Choose go, not yet or not suitable", "Give the reasons")
		apptest.MustStatus(t, officer.PostForm(page+"/decision", url.Values{"decision": {"go"}, "reasons": {"Room to change and people ready"}}), http.StatusSeeOther)
		apptest.MustStatus(t, lead.PostForm(page+"/stage", url.Values{"stage": {"co-design"}, "level": {"collaborate"}, "stage_note": {"Kick-off workshop"}}), http.StatusSeeOther)

		// Resources in one short form.
		mustSummary(t, lead.PostForm(page+"/resources", url.Values{"budget_planned": {"twelve"}, "staff_planned": {"a day"}}), "Enter an amount in pounds", "Enter the hours as a number")
		apptest.MustStatus(t, lead.PostForm(page+"/resources", url.Values{"budget_planned": {"£12,000"}, "budget_spent": {"2500.50"}, "staff_planned": {"200"},
			"staff_spent": {"40.5"}, "volunteer_planned": {"300"}, "volunteer_spent": {"7:30"}, "recognition": {"time_credits", "vouchers"}}), http.StatusSeeOther)
		var minutes int
		if err := a.DB.QueryRow(t.Context(), `SELECT volunteer_minutes_spent FROM coproduction_projects WHERE id = $1`, id).Scan(&minutes); err != nil || minutes != 450 {
			t.Errorf("volunteer minutes %d %v", minutes, err)
		}
		var budget int64
		if err := a.DB.QueryRow(t.Context(), `SELECT budget_spent_pence FROM coproduction_projects WHERE id = $1`, id).Scan(&budget); err != nil || budget != 250050 {
			t.Errorf("budget spent %d %v", budget, err)
		}

		// Outcomes and measurements, drawn as a chart with a table.
		mustSummary(t, lead.PostForm(page+"/outcomes", url.Values{"outcome_name": {"Fewer cold homes"}, "baseline": {"1e3"}}), "Enter the indicator", "Enter a number", "Choose whether higher or lower is better")
		apptest.MustStatus(t, lead.PostForm(page+"/outcomes", url.Values{"outcome_name": {"Fewer cold homes"}, "indicator": {"Households below 18°C"}, "unit": {"households"},
			"baseline": {"40"}, "target": {"10"}, "direction": {"down"}}), http.StatusSeeOther)
		var outcome string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_outcomes WHERE project_id = $1`, id).Scan(&outcome); err != nil {
			t.Fatal(err)
		}
		mustSummary(t, resident.PostForm(page+"/measurements", url.Values{"outcome_id": {outcome}, "measured_on": {"2026-02-30"}, "value": {"x"}}), "Enter a real date", "Enter a number")
		for _, mv := range [][2]string{{"2026-01-15", "34"}, {"15/3/2026", "25"}} {
			apptest.MustStatus(t, resident.PostForm(page+"/measurements", url.Values{"outcome_id": {outcome}, "measured_on": {mv[0]}, "value": {mv[1]}}), http.StatusSeeOther)
		}
		r = lead.Get(page)
		apptest.MustContain(t, r, `<svg`, `role="img"`, "Households below 18°C", "15 Mar 2026", "25 households", "50% of the way from baseline to target.")
		r = anon.Get(page + "/measurements.csv") // still private
		apptest.MustStatus(t, r, http.StatusNotFound)
		r = resident.Get(page + "/measurements.csv")
		apptest.MustStatus(t, r, http.StatusOK)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 3 || rows[2][6] != "2026-03-15" || rows[2][7] != "25" {
			t.Errorf("measurements CSV %v %v", rows, err)
		}

		// Reflections by residents, searchable across the projects one may see.
		mustSummary(t, resident.PostForm(page+"/reflections", url.Values{"perspective": {"resident"}}), "Write what worked")
		apptest.MustStatus(t, resident.PostForm(page+"/reflections", url.Values{"perspective": {"together"}, "worked": {"Meeting in the library"}, "change": {"Start earlier"}}), http.StatusSeeOther)
		apptest.MustContain(t, resident.Get("/projects/reflections?q=LIBRARY"), "Meeting in the library")
		apptest.MustNotContain(t, anon.Get("/projects/reflections?q=library"), "Meeting in the library")
		apptest.MustNotContain(t, resident.Get("/projects/reflections?q=%25zz"), "Meeting in the library")

		// Portfolio: stage, level, resources and progress, and as CSV.
		apptest.MustContain(t, officer.Get("/projects/portfolio"), "Warm spaces", "Co-design", "Collaborate", "£2,500.50 of £12,000", "40.5 of 200 hours", "7.5 of 300 hours", "50%")
		r = officer.Get("/projects.csv")
		apptest.MustStatus(t, r, http.StatusOK)
		if !strings.Contains(r.Body, "Warm spaces") || !strings.Contains(r.Body, "250050") || !strings.Contains(r.Body, "vouchers;time_credits") {
			t.Errorf("portfolio CSV %d %v:\n%s", r.Status, r.Header, r.Body)
		}
		if strings.Contains(anon.Get("/projects.csv").Body, "Warm spaces") {
			t.Error("a private project is in the public CSV")
		}

		// Publish: the public page names nobody who did not agree (the resident, the lead).
		apptest.MustStatus(t, lead.PostForm(page+"/publish", url.Values{"published": {"yes"}}), http.StatusSeeOther)
		r = anon.Get(page)
		apptest.MustContain(t, r, "Warm spaces", "Meeting in the library", "A resident with lived experience", "Not named")
		apptest.MustNotContain(t, r, "Record a measurement", "Move the project", "Rhys Resident", "Nia from Housing", "Lia Lead")
		// Rhys agrees to be named, on the project's page.
		var rhysID string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_participants WHERE project_id = $1 AND name = 'Rhys Resident'`, id).Scan(&rhysID); err != nil {
			t.Fatal(err)
		}
		apptest.MustStatus(t, stranger.PostForm(page+"/participants/"+rhysID+"/named", url.Values{"named": {"yes"}}), http.StatusForbidden)
		apptest.MustStatus(t, resident.PostForm(page+"/participants/"+rhysID+"/named", url.Values{"named": {"yes"}}), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get(page), "Rhys Resident – Resident with lived experience")
		if n := a.Count(t, `SELECT COUNT(*) FROM name_consents WHERE subject = $1`, "coproduction_participant:"+rhysID); n != 1 {
			t.Errorf("%d name consents recorded for Rhys's place in the project", n)
		}
		apptest.MustNotContain(t, anon.Get("/projects/reflections?q=library"), "Rhys Resident") // his reflection was not signed

		// The case study: a draft before its text, published once the project is closed.
		mustSummary(t, lead.PostForm(page+"/case-study", url.Values{"publish": {"yes"}, "case_study": {"Too early"}}), "Publish the case study once the project is closed")
		apptest.MustStatus(t, lead.PostForm(page+"/case-study", url.Values{"publish": {"no"}}), http.StatusSeeOther)
		apptest.MustStatus(t, anon.Get(page+"/case-study"), http.StatusNotFound)
		apptest.MustContain(t, lead.Get(page+"/case-study"), "This case study is a draft", "No text has been written yet.")
		apptest.MustStatus(t, lead.PostForm(page+"/stage", url.Values{"stage": {"closed"}, "level": {"collaborate"}}), http.StatusSeeOther)
		apptest.MustContain(t, &apptest.Response{Body: a.MustMailTo(t, "rhys@example.org", "taking part")}, "Warm spaces", page)
		apptest.MustContain(t, &apptest.Response{Body: a.MustMailTo(t, "rhys@example.org", "has moved on")}, "Co-design", page)
		apptest.MustContain(t, &apptest.Response{Body: a.MustMailTo(t, "rhys@example.org", "has moved on")}, "Closed", page)
		mustSummary(t, lead.PostForm(page+"/case-study", url.Values{"publish": {"yes"}}), "Write the case study before publishing it")
		apptest.MustStatus(t, lead.PostForm(page+"/case-study", url.Values{"publish": {"yes"}, "case_study": {"We halved cold homes.\n\nResidents led the way."},
			"case_study_cy": {"Fe wnaethon ni haneru cartrefi oer."}, "named": {"yes"}}), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get(page+"/case-study"), "We halved cold homes.", "Residents led the way.", "Start earlier", "Written by Lia Lead.")
		cy := a.Client(t)
		apptest.MustContain(t, cy.Follow(cy.Get(page+"/case-study?lang=cy")), "Fe wnaethon ni haneru cartrefi oer.", `<span lang="en">Warm spaces</span>`, "yn Saesneg yn unig")
		a.MustMailTo(t, "rhys@example.org", "case study")

		// The API shows the public what the pages do, without residents' names.
		r = anon.Get("/api/v1/projects/" + id)
		apptest.MustStatus(t, r, http.StatusOK)
		var body struct {
			Title        string
			Stage        string
			Participants []map[string]string
			Outcomes     []struct{ Measurements []struct{ Value float64 } }
		}
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		if body.Stage != "closed" || len(body.Participants) != 2 || len(body.Outcomes) != 1 || len(body.Outcomes[0].Measurements) != 2 || strings.Contains(r.Body, "Rhys") {
			t.Errorf("API project %+v\n%s", body, r.Body)
		}
		apptest.MustContain(t, anon.Get("/api/v1/projects"), "Warm spaces")
	})
}

// The portfolio counts the days each project spent at each level, from its stage log.
func TestPortfolioDepth(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
	apptest.MustStatus(t, officer.PostForm("/project-criteria", url.Values{"name": {"Room to change"}, "weight": {"1"}}), http.StatusSeeOther)
	cid := criterionIDs(t, a)[0]
	r := officer.PostForm("/projects", url.Values{"title": {"Bus routes"}, "problem": {"p"}, "affected": {"a"}, "service_area": {"Transport"}})
	page := r.Location()
	a.Clock.Advance(10 * 24 * time.Hour) // 10 days informing
	apptest.MustStatus(t, officer.PostForm(page+"/assess", url.Values{"score-" + cid: {"2"}}), http.StatusSeeOther)
	apptest.MustStatus(t, officer.PostForm(page+"/decision", url.Values{"decision": {"go"}, "reasons": {"ok"}}), http.StatusSeeOther)
	apptest.MustStatus(t, officer.PostForm(page+"/stage", url.Values{"stage": {"co-design"}, "level": {"collaborate"}}), http.StatusSeeOther)
	a.Clock.Advance(30 * 24 * time.Hour)   // 30 days collaborating
	officer.SignIn("owen@example.org", pw) // the session has expired by now
	r = officer.Get("/projects/portfolio")
	apptest.MustContain(t, r, "75% of the time projects have run was spent collaborating or empowering residents",
		"25% (10 project-days)", "75% (30 project-days)")
}

// Criteria can be reworded, reweighted and taken out of use; only those in use are scored.
func TestCriteriaEditing(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
	for _, name := range []string{"Room to change", "Decision makers committed"} {
		apptest.MustStatus(t, officer.PostForm("/project-criteria", url.Values{"name": {name}, "weight": {"2"}}), http.StatusSeeOther)
	}
	mustSummary(t, officer.PostForm("/project-criteria", url.Values{"name": {"Room to change"}, "weight": {"2"}}), "There is already a criterion with this name")
	ids := criterionIDs(t, a)
	r := officer.Get("/project-criteria/" + ids[1])
	apptest.MustContain(t, r, `value="Decision makers committed"`)
	mustSummary(t, officer.PostForm("/project-criteria/"+ids[1], url.Values{"name": {""}, "weight": {"2"}}), "Enter the criterion")
	apptest.MustStatus(t, officer.PostForm("/project-criteria/"+ids[1], url.Values{"name": {"Leaders committed"}, "weight": {"5"}}), http.StatusSeeOther) // not "active": out of use
	apptest.MustStatus(t, officer.Get("/project-criteria/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"), http.StatusNotFound)
	if got := criterionIDs(t, a); len(got) != 1 || got[0] != ids[0] {
		t.Errorf("criteria in use %v", got)
	}
	r = officer.PostForm("/projects", url.Values{"title": {"Bins"}, "problem": {"p"}, "affected": {"a"}, "service_area": {"Waste"}})
	page := r.Location()
	apptest.MustNotContain(t, officer.Get(page), "Leaders committed")
	apptest.MustStatus(t, officer.PostForm(page+"/assess", url.Values{"score-" + ids[0]: {"1"}}), http.StatusSeeOther)
	apptest.MustContain(t, officer.Get(page), "33%")
	if n := a.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'coproduction.criterion.save' AND target_id <> ''`); n != 3 {
		t.Errorf("%d audit entries for criteria", n)
	}
}

// The pages speak Welsh too.
func TestWelsh(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	apptest.MustContain(t, c.Follow(c.Get("/projects/portfolio?lang=cy")), "Portffolio cydgynhyrchu", "Cydweithio")
	apptest.MustContain(t, c.Get("/boards"), "Byrddau a phartneriaethau", "Partneriaeth")
}
