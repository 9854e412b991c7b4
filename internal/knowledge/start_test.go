package knowledge_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
)

var eventEditRE = regexp.MustCompile(`^/events/([0-9a-f-]{36})/edit$`)

// A published method carrying a template starts the work: the start form asks what the template
// needs, shows mistakes on the form with nothing lost, and makes a draft event with its
// programme through the events capability, whose own rules apply.
func TestAMethodStartsADraftEvent(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		svc := app.Service[*knowledge.Service](a.Server)
		keys := svc.TemplateKeys()
		for _, k := range []string{"events/world-cafe", "events/fishbowl", "events/open-space", "budgeting/pb-process", "coproduction/project", "volunteering/action-day", "campaigns/organising"} {
			if !strings.Contains(strings.Join(keys, " "), k) {
				t.Fatalf("no template %s among %v", k, keys)
			}
		}
		cafe, err := svc.Method(t.Context(), nil, "world-cafe", "")
		if err != nil {
			t.Fatal(err)
		}
		officer, stranger, resident := a.Client(t), a.Client(t), a.Client(t)
		officer.SignIn("officer@aberhaven.example", "commons-demo")
		resident.SignIn("resident@aberhaven.example", "commons-demo")
		page := "/methods/" + cafe.ID
		r := stranger.Get(page)
		apptest.MustContain(t, r, "Start the work with this method", "An event run as a World Café")
		start := page + "/start?template=" + url.QueryEscape("events/world-cafe")
		if r := stranger.Get(start); r.Status == http.StatusOK {
			t.Fatal("a stranger was shown the start form")
		}
		apptest.MustStatus(t, officer.Get(page+"/start?template=budgeting/pb-process"), http.StatusNotFound)

		r = officer.Get(start)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Title of the draft", "Organisation running it", "Day it starts", `value="World Café"`)
		orgs := regexp.MustCompile(`<option value="([0-9a-f-]{36})"`).FindStringSubmatch(r.Body)
		if orgs == nil {
			t.Fatal("no organisation to choose")
		}
		form := url.Values{"template": {"events/world-cafe"}, "title": {"Harbourside World Café"}, "organisation_id": {orgs[1]}, "date": {"last week"}}
		r = officer.PostForm(page+"/start", form)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter the day as year, month and day", "Harbourside World Café")
		day := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
		form.Set("date", day)
		r = officer.PostForm(page+"/start", form)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		m := eventEditRE.FindStringSubmatch(r.Location())
		if m == nil {
			t.Fatalf("went to %q", r.Location())
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM event_sessions WHERE event_id = $1`, m[1]); n != 5 {
			t.Fatalf("%d sessions", n)
		}
		apptest.MustContain(t, officer.Get(r.Location()), "Harbourside World Café")

		// A resident belongs to no organisation: they are told so on the form, and the events
		// capability refuses them.
		r = resident.Get(start)
		apptest.MustContain(t, r, "You are not a member of an organisation")
		r = resident.PostForm(page+"/start", form)
		if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusForbidden {
			t.Fatalf("a resident starting an event: %d", r.Status)
		}
		// In Welsh, the form is Welsh.
		cy := a.Client(t)
		cy.SignIn("officer@aberhaven.example", "commons-demo")
		apptest.MustContain(t, cy.Follow(cy.Get(start+"&lang=cy")), "Teitl y drafft", "Caffi'r Byd")
	})
}

// Case studies are drafted from finished work: the demo's closed co-production project and
// delivered PB project are there, published, with their figures charted and their links; an
// editor can draft another from the list, and the links filter the list and go out as data.
func TestCasesAreDraftedFromFinishedWork(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		for range 2 {
			if err := a.LoadDemo(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM knowledge_case_sources`); n != 2 {
			t.Fatalf("%d cases drafted from the demo's work", n)
		}
		stranger := a.Client(t)
		r := stranger.Get("/cases")
		apptest.MustContain(t, r, "Food bank referral pathway", "5 case studies")
		var l struct{ Items []knowledge.APICase }
		if err := json.Unmarshal([]byte(stranger.Get("/api/v1/cases").Body), &l); err != nil {
			t.Fatal(err)
		}
		var food knowledge.APICase
		for _, c := range l.Items {
			if c.Title.En == "Food bank referral pathway" {
				food = c
			}
		}
		if food.Source == nil || food.Source.Capability != "coproduction" || len(food.Organisations) < 2 || len(food.Figures) == 0 || food.Figures[0].Kind != "outcome" {
			t.Fatalf("the drafted case as data: %+v", food)
		}
		r = stranger.Get("/cases/" + food.ID)
		apptest.MustContain(t, r, "Outcomes and indicators in figures", "<svg", "Help at the first contact", "Harbourside Food Bank", "What worked")
		apptest.MustNotContain(t, r, "Food bank users&#39; group", "Advice team")
		apptest.MustContain(t, stranger.Get("/cases?organisation="+food.Organisations[0]), "Food bank referral pathway", "1 case study")
		var byOrg struct{ Items []knowledge.APICase }
		if err := json.Unmarshal([]byte(stranger.Get("/api/v1/cases?organisation="+food.Organisations[0]).Body), &byOrg); err != nil || len(byOrg.Items) != 1 {
			t.Fatalf("filtered data: %+v %v", byOrg, err)
		}

		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		resident := a.Client(t)
		resident.SignIn("rita@example.org", pw)
		apptest.MustStatus(t, resident.Get("/cases/from"), http.StatusForbidden)

		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		editor := a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		r = editor.Get("/cases/from")
		apptest.MustContain(t, r, "Food bank referral pathway", "a case study has already been drafted from it")
		r = editor.PostForm("/cases/from", url.Values{})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Choose the finished work")
		key := regexp.MustCompile(`value="(coproduction:project/[0-9a-f-]{36})"`).FindStringSubmatch(r.Body)
		if key == nil {
			t.Fatal("no project to choose")
		}
		r = editor.PostForm("/cases/from", url.Values{"source": {key[1]}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if !strings.HasSuffix(r.Location(), "/edit") {
			t.Fatalf("went to %q", r.Location())
		}
		caseURL := strings.TrimSuffix(r.Location(), "/edit")
		apptest.MustContain(t, editor.Get(r.Location()), "Food bank referral pathway", "Help at the first contact")
		apptest.MustStatus(t, stranger.Get(caseURL), http.StatusNotFound)
		apptest.MustStatus(t, editor.PostForm(caseURL+"/publish", url.Values{}), http.StatusSeeOther)
		apptest.MustContain(t, stranger.Get(caseURL), "Food bank referral pathway", "<svg")
	})
}
