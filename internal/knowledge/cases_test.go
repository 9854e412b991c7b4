package knowledge_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
)

func caseForm(title, methodID string) url.Values {
	return url.Values{"title_en": {title}, "summary_en": {"Neighbours met in each other's kitchens."}, "summary_cy": {"Cyfarfu cymdogion yn eu ceginau."},
		"story_en": {"Hosts invited five neighbours each. <script>alert(1)</script>"}, "outcomes_en": {"* 40 conversations"},
		"learning_en": {"Start small."}, "place": {"Harbourside"}, "year": {strconv.Itoa(time.Now().Year())}, "methods": {methodID}}
}

// Case studies are written by editors as drafts, published for everyone, linked both ways with
// the methods they used, filtered, and open as data; a draft is the editors' alone.
func TestCaseStudiesAreWrittenPublishedAndFound(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		svc := app.Service[*knowledge.Service](a.Server)
		if err := svc.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		ms, err := svc.Methods(t.Context(), knowledge.MethodFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var fishbowl string
		for _, m := range ms {
			if m.Slug == "fishbowl" {
				fishbowl = m.ID
			}
		}
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		editor, resident, stranger := a.Client(t), a.Client(t), a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		resident.SignIn("rita@example.org", pw)

		// The demo's case studies are there, linked from the methods they used.
		r := stranger.Get("/cases")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Harbourside decides £50,000", "3 case studies")

		resident.Get("/cases")
		apptest.MustStatus(t, resident.Get("/cases/new"), http.StatusForbidden)

		// Mistakes come back with their messages, nothing lost.
		editor.Get("/cases/new")
		bad := caseForm("", "not-a-method")
		bad.Set("year", "3000")
		r = editor.PostForm("/cases", bad)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter a title in English or Welsh", "Enter the year as four digits", "Choose methods from the list", "Neighbours met in each other")
		if n := strings.Count(r.Body, `class="govuk-error-summary__title"`); n != 1 {
			t.Errorf("the form shows %d error summaries, want one", n)
		}

		r = editor.PostForm("/cases", caseForm("Fishbowl at the youth club", fishbowl))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		caseURL := r.Location()
		id := strings.TrimPrefix(caseURL, "/cases/")
		apptest.MustStatus(t, stranger.Get(caseURL), http.StatusNotFound)
		apptest.MustStatus(t, stranger.Get("/api/v1/cases/"+id), http.StatusNotFound)
		apptest.MustNotContain(t, stranger.Get("/cases"), "Fishbowl at the youth club")
		apptest.MustContain(t, editor.Get("/cases"), "Fishbowl at the youth club")
		r = editor.Get(caseURL)
		apptest.MustContain(t, r, "This case study is a draft")
		if strings.Contains(r.Body, "<script>alert") {
			t.Fatal("the story's Markdown was not sanitised")
		}

		apptest.MustStatus(t, resident.PostForm(caseURL+"/publish", url.Values{}), http.StatusForbidden)
		apptest.MustStatus(t, editor.PostForm(caseURL+"/publish", url.Values{}), http.StatusSeeOther)
		r = stranger.Get(caseURL)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Fishbowl at the youth club", "40 conversations", "Fishbowl conversation", "Harbourside")
		apptest.MustContain(t, stranger.Get("/methods/"+fishbowl), "Fishbowl at the youth club")

		// Welsh readers get the Welsh summary and the English title marked as English.
		cy := a.Client(t)
		r = cy.Follow(cy.Get(caseURL + "?lang=cy"))
		apptest.MustContain(t, r, "Cyfarfu cymdogion yn eu ceginau.", `<span lang="en">Fishbowl at the youth club</span>`)

		// Filters: by the method used and by year.
		r = stranger.Get("/cases?method=" + fishbowl)
		apptest.MustContain(t, r, "Fishbowl at the youth club", "1 case study")
		apptest.MustNotContain(t, r, "Harbourside decides")
		apptest.MustStatus(t, stranger.Get("/cases?year=soon"), http.StatusUnprocessableEntity)

		// Open data: the published cases, with the methods they used.
		r = stranger.Get("/api/v1/cases?method=" + fishbowl)
		apptest.MustStatus(t, r, http.StatusOK)
		var l struct{ Items []knowledge.APICase }
		if err := json.Unmarshal([]byte(r.Body), &l); err != nil {
			t.Fatal(err)
		}
		if len(l.Items) != 1 || l.Items[0].ID != id || len(l.Items[0].Methods) != 1 || l.Items[0].Methods[0] != fishbowl || l.Items[0].Licence == "" {
			t.Fatalf("the cases of the fishbowl as data: %+v", l.Items)
		}

		// An edit keeps it published; taking it back hides it again.
		editor.Get(caseURL + "/edit")
		edit := caseForm("Fishbowl at the youth club", fishbowl)
		edit.Set("outcomes_en", "* 52 conversations")
		apptest.MustStatus(t, editor.PostForm(caseURL+"/edit", edit), http.StatusSeeOther)
		apptest.MustContain(t, stranger.Get(caseURL), "52 conversations")
		apptest.MustStatus(t, editor.PostForm(caseURL+"/unpublish", url.Values{}), http.StatusSeeOther)
		apptest.MustStatus(t, stranger.Get(caseURL), http.StatusNotFound)
		apptest.MustNotContain(t, stranger.Get("/methods/"+fishbowl), "Fishbowl at the youth club")
	})
}
