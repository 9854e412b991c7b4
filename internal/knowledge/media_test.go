package knowledge_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
)

func filmForm(title string) url.Values {
	return url.Values{"kind": {"film"}, "title_en": {title}, "description_en": {"Young people on the night buses."},
		"url": {"https://video.example.org/night-buses"}, "minutes": {"6"}}
}

// A film is a link to its host, published only with captions there or a transcript here; the
// transcript is on its page and found by the list's words; a draft is the editors' alone.
func TestFilmsArePublishedOnlyWithCaptionsOrATranscript(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := app.Service[*knowledge.Service](a.Server).LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		editor, resident, stranger := a.Client(t), a.Client(t), a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		resident.SignIn("rita@example.org", pw)

		r := stranger.Get("/media")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Doing it together: the warm homes film", "Harbourside decides: the podcast")
		// Words find a film by its transcript.
		r = stranger.Get("/media?q=eleven+pages")
		apptest.MustContain(t, r, "Doing it together", "1 film or recording")
		apptest.MustNotContain(t, r, "Harbourside decides: the podcast")
		apptest.MustStatus(t, stranger.Get("/media?kind=hologram"), http.StatusUnprocessableEntity)
		apptest.MustContain(t, stranger.Get("/media?q=100%25"), "0 films and recordings")

		resident.Get("/media")
		apptest.MustStatus(t, resident.Get("/media/new"), http.StatusForbidden)

		editor.Get("/media/new")
		bad := filmForm("")
		bad.Set("url", "javascript:alert(1)")
		bad.Set("minutes", "0")
		r = editor.PostForm("/media", bad)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter a title in English or Welsh", "starting https://", "whole minutes", "Young people on the night buses.")

		r = editor.PostForm("/media", filmForm("Night buses"))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		filmURL := r.Location()
		id := strings.TrimPrefix(filmURL, "/media/")
		apptest.MustStatus(t, stranger.Get(filmURL), http.StatusNotFound)
		apptest.MustContain(t, editor.Get(filmURL), "Add a transcript, or confirm the film has captions")

		// Neither captions nor a transcript: it may not be published.
		apptest.MustStatus(t, editor.PostForm(filmURL+"/publish", url.Values{}), http.StatusConflict)
		apptest.MustStatus(t, stranger.Get(filmURL), http.StatusNotFound)

		editor.Get(filmURL + "/edit")
		withText := filmForm("Night buses")
		withText.Set("transcript_en", "**Driver:** The last bus leaves at eleven.")
		apptest.MustStatus(t, editor.PostForm(filmURL+"/edit", withText), http.StatusSeeOther)
		apptest.MustStatus(t, editor.PostForm(filmURL+"/publish", url.Values{}), http.StatusSeeOther)
		r = stranger.Get(filmURL)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "The last bus leaves at eleven.", `href="https://video.example.org/night-buses"`, "Watch on video.example.org")
		if strings.Contains(r.Body, "<iframe") {
			t.Error("the page loads the film before the visitor chooses")
		}
		// A published film cannot lose both.
		editor.Get(filmURL + "/edit")
		r = editor.PostForm(filmURL+"/edit", filmForm("Night buses"))
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, stranger.Get(filmURL), "The last bus leaves at eleven.")

		r = stranger.Get("/api/v1/media?q=last+bus")
		apptest.MustStatus(t, r, http.StatusOK)
		var l struct{ Items []knowledge.APIMedia }
		if err := json.Unmarshal([]byte(r.Body), &l); err != nil {
			t.Fatal(err)
		}
		if len(l.Items) != 1 || l.Items[0].ID != id || l.Items[0].HostedAt != "https://video.example.org/night-buses" || l.Items[0].Transcript.En == "" {
			t.Fatalf("the film as data: %+v", l.Items)
		}
		apptest.MustStatus(t, editor.PostForm(filmURL+"/unpublish", url.Values{}), http.StatusSeeOther)
		apptest.MustStatus(t, stranger.Get("/api/v1/media/"+id), http.StatusNotFound)
	})
}
