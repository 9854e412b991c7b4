package knowledge_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
	"commons/internal/platform/actor"
	"commons/internal/platform/hub"
)

// courseWithModules makes a published course as the editor's client: a text, a quiz and a
// reflection, and returns its address and its modules' ids in order.
func courseWithModules(t *testing.T, a *apptest.App, editor *apptest.Client, title string) (string, []string) {
	t.Helper()
	editor.Get("/training/new")
	r := editor.PostForm("/training", url.Values{"title_en": {title}, "title_cy": {"Cyd-gynhyrchu: y pethau sylfaenol"},
		"summary_en": {"What co-production is, in **four** short steps."}, "minutes": {"25"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	edit := r.Location()
	course := strings.TrimSuffix(edit, "/edit")
	for _, m := range []url.Values{
		{"kind": {"text"}, "module_title_en": {"What it is"}, "body_en": {"Co-production means sharing power.<script>alert(1)</script>"}},
		{"kind": {"quiz"}, "module_title_en": {"Check"}, "body_en": {"Who holds the power?"}, "choices_en": {"The council alone\n* Everyone together\nNo one"},
			"choices_cy": {"Y cyngor yn unig\n* Pawb gyda'i gilydd\nNeb"}},
		{"kind": {"reflection"}, "module_title_en": {"Your turn"}, "body_en": {"When did you last share a decision?"}},
	} {
		apptest.MustStatus(t, editor.PostForm(course+"/modules", m), http.StatusSeeOther)
	}
	apptest.MustStatus(t, editor.PostForm(course+"/publish", url.Values{}), http.StatusSeeOther)
	c, err := app.Service[*knowledge.Service](a.Server).Course(t.Context(), &actor.Actor{ID: "x", Roles: []string{"officer"}}, strings.TrimPrefix(course, "/training/"))
	if err != nil {
		t.Fatal(err)
	}
	return course, c.ModuleIDs()
}

// An editor writes a course of modules and publishes it; a resident enrols, reads, answers the
// quiz wrong then right, reflects, and completes it: it shows on their own page and they are
// mailed; the editor sees who completed, never the reflection; a completion recorded on
// someone's behalf says who helped and how; the API gives the course without the answers.
func TestACourseIsCompletedModuleByModule(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		rita := a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		a.MustAccount(t, "Huw Hall", "huw@example.org", pw)
		editor, resident, stranger := a.Client(t), a.Client(t), a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		resident.SignIn("rita@example.org", pw)

		// A resident may not write a course; a course needs a title, summary and time.
		resident.Get("/training")
		apptest.MustStatus(t, resident.Get("/training/new"), http.StatusForbidden)
		editor.Get("/training/new")
		r := editor.PostForm("/training", url.Values{"minutes": {"0"}, "event_id": {"not an id"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter a title in English or Welsh", "whole minutes")
		r = editor.PostForm("/training", url.Values{"title_en": {"Empty"}, "summary_en": {"Nothing yet."}, "minutes": {"5"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		empty := strings.TrimSuffix(r.Location(), "/edit")
		apptest.MustStatus(t, editor.PostForm(empty+"/publish", url.Values{}), http.StatusConflict)
		// A quiz needs exactly one right answer.
		editor.Get(empty + "/edit")
		r = editor.PostForm(empty+"/modules", url.Values{"kind": {"quiz"}, "module_title_en": {"Q"}, "body_en": {"?"}, "choices_en": {"a\nb"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Mark exactly one choice as right")
		apptest.MustStatus(t, stranger.Get(empty), http.StatusNotFound)

		course, mods := courseWithModules(t, a, editor, "Co-production: the basics")
		if len(mods) != 3 {
			t.Fatalf("modules %v", mods)
		}
		r = stranger.Get("/training")
		apptest.MustContain(t, r, "Co-production: the basics", "3 modules")
		apptest.MustNotContain(t, r, "Empty")
		r = stranger.Get(course + "/modules/" + mods[0])
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Co-production means sharing power.", "Sign in to do this module")
		apptest.MustNotContain(t, r, "<script>alert(1)")
		apptest.MustContain(t, stranger.Follow(stranger.Get(course+"?lang=cy")), "Cyd-gynhyrchu: y pethau sylfaenol", "Modiwlau")

		resident.Get(course)
		r = resident.PostForm(course+"/enrol", url.Values{})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if r.Location() != course+"/modules/"+mods[0] {
			t.Fatalf("enrolling went to %s", r.Location())
		}
		apptest.MustStatus(t, resident.PostForm(course+"/enrol", url.Values{}), http.StatusSeeOther)
		resident.Get(r.Location())
		r = resident.PostForm(course+"/modules/"+mods[0], url.Values{})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if r.Location() != course+"/modules/"+mods[1] {
			t.Fatalf("after the text: %s", r.Location())
		}
		// No answer, an answer not offered, a wrong answer, then the right one.
		apptest.MustStatus(t, resident.PostForm(course+"/modules/"+mods[1], url.Values{}), http.StatusUnprocessableEntity)
		apptest.MustStatus(t, resident.PostForm(course+"/modules/"+mods[1], url.Values{"choice": {"7"}}), http.StatusUnprocessableEntity)
		r = resident.PostForm(course+"/modules/"+mods[1], url.Values{"choice": {"0"}})
		if r.Location() != course+"/modules/"+mods[1] {
			t.Fatalf("a wrong answer went to %s", r.Location())
		}
		apptest.MustContain(t, resident.Get(r.Location()), "Not quite", "You have tried 1 times")
		r = resident.PostForm(course+"/modules/"+mods[1], url.Values{"choice": {"1"}})
		if r.Location() != course+"/modules/"+mods[2] {
			t.Fatalf("the right answer went to %s", r.Location())
		}
		apptest.MustContain(t, resident.Get(course), "2 of 3 modules done")
		apptest.MustStatus(t, resident.PostForm(course+"/modules/"+mods[2], url.Values{"reflection": {"  "}}), http.StatusUnprocessableEntity)
		r = resident.PostForm(course+"/modules/"+mods[2], url.Values{"reflection": {"At the allotment committee, we voted together."}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, resident.Follow(r), "You have completed the course", "You completed this course on")
		body := a.MustMailTo(t, "rita@example.org", "You completed Co-production: the basics")
		if !strings.Contains(body, "/training/mine") {
			t.Errorf("the notice does not link to the training page: %s", body)
		}
		r = resident.Get("/training/mine")
		apptest.MustContain(t, r, "Courses you completed", "Co-production: the basics")
		apptest.MustContain(t, resident.Get(course+"/modules/"+mods[2]), "At the allotment committee")
		// The reflection is the resident's: not the editor's, not on the roster.
		apptest.MustNotContain(t, editor.Get(course+"/modules/"+mods[2]), "At the allotment committee")
		apptest.MustStatus(t, resident.Get(course+"/people"), http.StatusForbidden)
		r = editor.Get(course + "/people")
		apptest.MustContain(t, r, "Rita Resident", "1 enrolled, 1 completed")
		apptest.MustNotContain(t, r, "allotment")

		// Assisted digital: Huw came to the session run live.
		r = editor.PostForm(course+"/people", url.Values{"email": {"nobody@example.org"}, "how": {"in_person"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "There is no account with that email address")
		r = editor.PostForm(course+"/people", url.Values{"email": {"HUW@example.org"}, "how": {"in_person"}, "note": {"Village hall session"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, editor.Get(course+"/people"), "Huw Hall", "Attended in person, recorded by Olwen Officer", "2 enrolled, 2 completed")
		a.MustMailTo(t, "huw@example.org", "You completed")
		r = editor.PostForm(course+"/people", url.Values{"email": {"huw@example.org"}, "how": {"phone"}})
		apptest.MustStatus(t, r, http.StatusConflict)
		huw := a.Client(t)
		huw.SignIn("huw@example.org", pw)
		apptest.MustContain(t, huw.Get("/training/mine"), "Co-production: the basics", "Attended in person")

		// Open data: the course and its modules, a quiz without its answer.
		r = stranger.Get("/api/v1/courses/" + strings.TrimPrefix(course, "/training/"))
		apptest.MustStatus(t, r, http.StatusOK)
		var got knowledge.APICourse
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Modules) != 3 || got.Modules[1].Kind != "quiz" || len(got.Modules[1].Choices) != 3 || strings.Contains(r.Body, "correct") {
			t.Errorf("course JSON: %s", r.Body)
		}
		apptest.MustContain(t, stranger.Get("/api/v1/courses"), "Co-production: the basics")
		apptest.MustStatus(t, stranger.Get("/api/v1/courses/"+strings.TrimPrefix(empty, "/training/")), http.StatusNotFound)

		// A profile page elsewhere finds the completed courses in the reader's language.
		svc := app.Service[*knowledge.Service](a.Server)
		type completions interface {
			CompletedCourses(ctx context.Context, accountID, lang string) ([]hub.Completion, error)
		}
		var found completions = svc
		mine, err := found.CompletedCourses(t.Context(), rita, "cy")
		if err != nil || len(mine) != 1 || mine[0].Title != "Cyd-gynhyrchu: y pethau sylfaenol" {
			t.Errorf("completed courses in Welsh: %+v %v", mine, err)
		}
	})
}

// Completing the last module many times at once completes the course once: one progress row,
// one enrolment, one notice.
func TestCompletingAModuleTwiceAtOnceCountsOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		editor := a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		course, mods := courseWithModules(t, a, editor, "Race")
		resident := a.Client(t)
		resident.SignIn("rita@example.org", pw)
		resident.Get(course)
		resident.PostForm(course+"/modules/"+mods[0], url.Values{})
		resident.PostForm(course+"/modules/"+mods[1], url.Values{"choice": {"1"}})
		const n = 8
		clients := make([]*apptest.Client, n)
		for i := range clients {
			clients[i] = a.Client(t)
			clients[i].SignIn("rita@example.org", pw)
			clients[i].Get(course + "/modules/" + mods[2])
		}
		var wg sync.WaitGroup
		codes := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = clients[i].PostForm(course+"/modules/"+mods[2], url.Values{"reflection": {"Together."}}).Status
			}()
		}
		wg.Wait()
		for i, c := range codes {
			if c != http.StatusSeeOther {
				t.Errorf("request %d answered %d", i, c)
			}
		}
		if got := a.Count(t, `SELECT COUNT(*) FROM knowledge_enrolments`); got != 1 {
			t.Errorf("%d enrolments", got)
		}
		if got := a.Count(t, `SELECT COUNT(*) FROM knowledge_module_progress WHERE module_id = $1`, mods[2]); got != 1 {
			t.Errorf("%d progress rows for the module", got)
		}
		if got := a.Count(t, `SELECT COUNT(*) FROM knowledge_module_progress WHERE done_at IS NOT NULL`); got != 3 {
			t.Errorf("%d modules done", got)
		}
		a.MustMailTo(t, "rita@example.org", "You completed Race")
		a.NoMail(t, 300*time.Millisecond)
	})
}

// The methods library links to training, and a signed-in person to their own training page.
func TestTheLibraryLinksToTraining(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		stranger, resident := a.Client(t), a.Client(t)
		resident.SignIn("rita@example.org", pw)
		r := stranger.Get("/methods")
		apptest.MustContain(t, r, `href="/training"`, "Training courses")
		apptest.MustNotContain(t, r, `href="/training/mine"`)
		apptest.MustContain(t, resident.Get("/methods"), `href="/training/mine"`, "Your training")
		apptest.MustContain(t, resident.Get("/training/mine"), "You have not completed a course yet.")
		r = stranger.Get("/training/mine")
		if r.Status != http.StatusSeeOther && r.Status != http.StatusUnauthorized && r.Status != http.StatusFound {
			t.Errorf("a stranger's training page answered %d", r.Status)
		}
	})
}
