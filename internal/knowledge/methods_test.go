package knowledge_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
)

const pw = "correct horse battery"

func methodForm(title string) url.Values {
	return url.Values{"title_en": {title}, "title_cy": {""}, "summary_en": {"Small groups talk in rounds."}, "summary_cy": {"Mae grwpiau bach yn siarad."},
		"iap2": {"involve"}, "duration": {"hours"}, "cost": {"low"}, "people_min": {"12"}, "people_max": {"120"}, "setting": {"in_person"},
		"purposes": {"ideas", "relationships"}, "steps_en": {"1. Frame questions\n2. Three rounds"}, "when_en": {"Gathering ideas <script>alert(1)</script>"},
		"change_note": {"First draft"}}
}

func TestMethodsAreWrittenReviewedAndPublishedInVersions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rhys Reviewer", "rhys@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		author, reviewer, resident, stranger := a.Client(t), a.Client(t), a.Client(t), a.Client(t)
		author.SignIn("olwen@example.org", pw)
		reviewer.SignIn("rhys@example.org", pw)
		resident.SignIn("rita@example.org", pw)

		// A resident may not write methods.
		resident.Get("/methods")
		apptest.MustStatus(t, resident.Get("/methods/new"), http.StatusForbidden)

		// A form with mistakes is shown again with its errors, nothing lost.
		author.Get("/methods/new")
		bad := methodForm("")
		bad.Set("people_max", "3")
		r := author.PostForm("/methods", bad)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter a title in English or Welsh", "Enter the most people as a whole number", "Small groups talk in rounds.")

		r = author.PostForm("/methods", methodForm("World Café"))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		methodURL := r.Location()
		id := strings.TrimPrefix(methodURL, "/methods/")
		// A draft is the editors' alone.
		apptest.MustStatus(t, stranger.Get(methodURL), http.StatusNotFound)
		apptest.MustContain(t, author.Get(methodURL), "Readers do not see it until it is published")
		if strings.Contains(author.Last.Body, "<script>") {
			t.Fatal("the method's Markdown was not sanitised")
		}

		// Send for review; the author may not publish their own.
		svc := app.Service[*knowledge.Service](a.Server)
		v, err := svc.Latest(t.Context(), &knowledgeEditor, id)
		if err != nil {
			t.Fatal(err)
		}
		vpath := methodURL + "/versions/" + v.ID
		author.Get(methodURL + "/versions")
		apptest.MustStatus(t, author.PostForm(vpath+"/submit", url.Values{}), http.StatusSeeOther)
		author.Get(methodURL + "/versions")
		apptest.MustStatus(t, author.PostForm(vpath+"/review", url.Values{"decision": {"publish"}}), http.StatusForbidden)

		// Returning needs a note.
		reviewer.Get(methodURL + "/versions")
		r = reviewer.PostForm(vpath+"/review", url.Values{"decision": {"return"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Say what the author should change")
		// The reviewer sees who wrote it (names come through identity).
		apptest.MustContain(t, reviewer.Get(methodURL+"/versions"), "Olwen Officer")
		apptest.MustStatus(t, reviewer.PostForm(vpath+"/review", url.Values{"decision": {"publish"}}), http.StatusSeeOther)

		r = stranger.Get(methodURL)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "World Café", "Gathering ideas", "Version 1, published")
		apptest.MustContain(t, stranger.Get("/methods"), "World Café")

		// Welsh readers get the Welsh summary, and the English title marked as English.
		r = stranger.Follow(stranger.Get(methodURL + "?lang=cy"))
		apptest.MustContain(t, r, "Mae grwpiau bach yn siarad.", `<span lang="en">World Café</span>`, "Yn Saesneg yn unig")

		// An edit is a new draft version; readers still see version 1.
		author.Get(methodURL + "/edit")
		edit := methodForm("World Café")
		edit.Set("summary_en", "Rounds of talk at café tables.")
		apptest.MustStatus(t, author.PostForm(methodURL+"/edit", edit), http.StatusSeeOther)
		apptest.MustNotContain(t, stranger.Get(methodURL), "Rounds of talk")
		versions, _ := svc.Versions(t.Context(), &knowledgeEditor, id)
		if len(versions) != 2 || versions[0].Status != knowledge.Draft || versions[1].Status != knowledge.Published {
			t.Fatalf("versions after an edit: %+v", versions)
		}

		// A version of another method is not found under this one.
		other := author.PostForm("/methods", methodForm("Fishbowl"))
		otherID := strings.TrimPrefix(other.Location(), "/methods/")
		ov, _ := svc.Latest(t.Context(), &knowledgeEditor, otherID)
		author.Get(methodURL + "/versions")
		apptest.MustStatus(t, author.PostForm(methodURL+"/versions/"+ov.ID+"/submit", url.Values{}), http.StatusNotFound)
	})
}

func TestMethodFinder(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := app.Service[*knowledge.Service](a.Server).LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	r := c.Get("/methods/finder?asked=1&purpose=fund&depth=empower&size=crowd&duration=months&budget=high")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Participatory budgeting", "It is made for what you want to achieve.")
	results := r.Body[strings.Index(r.Body, "Methods that fit"):]
	first := strings.Index(results, "Participatory budgeting")
	if cp := strings.Index(results, "Co-production"); cp >= 0 && cp < first {
		t.Error("co-production ranked above PB for sharing out money")
	}
	apptest.MustStatus(t, c.Get("/methods/finder?asked=1&depth=shout"), http.StatusUnprocessableEntity)
	r = c.Follow(c.Get("/methods/finder?asked=1&purpose=ideas&depth=consult&lang=cy"))
	apptest.MustContain(t, r, "Pam mae'n addas")
}

var knowledgeEditor = knowledgeActor()
