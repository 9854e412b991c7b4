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

// A recording can be an uploaded audio file: refused when its bytes are not audio, played on
// its page from Commons itself, published only with a transcript, and found by its transcript.
func TestUploadedRecording(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		editor, stranger := a.Client(t), a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		// Captions claimed for a file with no host count for nothing: it needs its transcript.
		form := url.Values{"kind": {"audio"}, "title_en": {"Voices from the pop-up day"}, "description_en": {"What people hoped for."}, "minutes": {"1"},
			"captions": {"yes"}}

		editor.Get("/media/new")
		// No link and no file; then a file that is not audio; then a film uploaded.
		r := postFile(t, editor, "/media", form, "", nil)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "starting https://")
		r = postFile(t, editor, "/media", form, "voices.mp3", knowledge.DemoPDF("x", "y"))
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "MP3, Ogg, WAV, FLAC or M4A", "What people hoped for.")
		film := url.Values{"kind": {"film"}, "title_en": {"x"}, "description_en": {"x"}, "minutes": {"1"}}
		apptest.MustContain(t, postFile(t, editor, "/media", film, "v.wav", knowledge.DemoWAV(1)), "Films are linked where they are hosted")

		wav := knowledge.DemoWAV(1)
		r = postFile(t, editor, "/media", form, "Voices (day one).mp3", wav)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		u := r.Location()
		apptest.MustStatus(t, stranger.Get(u+"/file"), http.StatusNotFound)
		editor.Get(u)
		apptest.MustStatus(t, editor.PostForm(u+"/publish", url.Values{}), http.StatusConflict)
		editor.Get(u + "/edit")
		form.Set("transcript_en", "**Volunteer:** Ask us before the plan is written.")
		apptest.MustStatus(t, postFile(t, editor, u+"/edit", form, "", nil), http.StatusSeeOther)
		editor.Get(u)
		apptest.MustStatus(t, editor.PostForm(u+"/publish", url.Values{}), http.StatusSeeOther)

		r = stranger.Get(u)
		apptest.MustContain(t, r, `<audio class="k-audio" controls preload="none" src="`+u+`/file"`, "Ask us before the plan is written.", "Download the recording (WAV, 8 KB)")
		apptest.MustNotContain(t, r, "Listen on", "<iframe")
		f := stranger.Get(u + "/file")
		apptest.MustStatus(t, f, http.StatusOK)
		// Stored under the name of its real type, whatever it was called.
		if f.Header.Get("Content-Type") != "audio/wav" || !strings.Contains(f.Header.Get("Content-Disposition"), `inline; filename="voices-day-one.wav"`) ||
			f.Body != string(wav) || f.Header.Get("ETag") == "" || f.Header.Get("Accept-Ranges") != "bytes" {
			t.Fatalf("recording: %v", f.Header)
		}
		apptest.MustContain(t, stranger.Get("/media?q=plan+is+written"), "Voices from the pop-up day", "1 film or recording")
		apptest.MustContain(t, stranger.Get("/api/v1/media?q=plan+is+written"), `"content_type": "audio/wav"`, `"hosted_at": ""`)
	})
}

// A film whose host has a player shows, before the visitor chooses, only a placeholder naming
// the host: no frame, no third-party address loaded, and a policy that allows no frames. Once
// chosen (a link, so it works without JavaScript), the page holds the player and its policy
// allows that host's frames alone.
func TestEmbedsLoadOnlyOnceChosen(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := app.Service[*knowledge.Service](a.Server).LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		stranger := a.Client(t)
		r := stranger.Get("/media?q=doing+it+with+people")
		apptest.MustContain(t, r, "What co-production means to us")
		u := mediaLink(t, r.Body, "What co-production means to us")

		r = stranger.Get(u)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "This is hosted on youtube.com", "youtube-nocookie.com", `href="`+u+`?play=1#player"`, "Co-production means doing it with people")
		apptest.MustNotContain(t, r, "<iframe", `src="https://`)
		if csp := r.Header.Get("Content-Security-Policy"); strings.Contains(csp, "frame-src") || !strings.Contains(csp, "default-src 'self'") {
			t.Fatalf("before the choice the policy is %q", csp)
		}
		r = stranger.Get(u + "?play=1")
		apptest.MustContain(t, r, `<iframe src="https://www.youtube-nocookie.com/embed/Ab3rHaven01"`, "Close the player")
		if csp := r.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-src https://www.youtube-nocookie.com") {
			t.Fatalf("after the choice the policy is %q", csp)
		}
		// A film at a host without a known player is only linked, even when asked to play.
		r = stranger.Get("/media?q=eleven+pages")
		u = mediaLink(t, r.Body, "Doing it together")
		r = stranger.Get(u + "?play=1")
		apptest.MustNotContain(t, r, "<iframe")
		if strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-src") {
			t.Fatal("a frame allowed for a film with no player")
		}
	})
}

func mediaLink(t *testing.T, body, title string) string {
	t.Helper()
	i := strings.Index(body, title)
	if i < 0 {
		t.Fatalf("no %q", title)
	}
	j := strings.LastIndex(body[:i], `href="/media/`)
	if j < 0 {
		t.Fatalf("no link to %q", title)
	}
	rest := body[j+len(`href="`):]
	return rest[:strings.Index(rest, `"`)]
}

func TestEmbedAddresses(t *testing.T) {
	for link, want := range map[string]string{
		"https://www.youtube.com/watch?v=Ab3rHaven01&t=10":     "https://www.youtube-nocookie.com/embed/Ab3rHaven01",
		"https://youtu.be/Ab3rHaven01":                         "https://www.youtube-nocookie.com/embed/Ab3rHaven01",
		"https://youtube.com/shorts/Ab3rHaven01":               "https://www.youtube-nocookie.com/embed/Ab3rHaven01",
		"https://vimeo.com/123456":                             "https://player.vimeo.com/video/123456?dnt=1",
		"https://www.youtube.com/watch?v=short":                "",
		"https://www.youtube.com/watch?v=Ab3rHaven01%22x":      "",
		"https://evil.example/youtube.com/watch?v=Ab3rHaven01": "",
		"http://youtu.be/Ab3rHaven01":                          "",
		"https://vimeo.com/channels/staff":                     "",
	} {
		e, ok := knowledge.Media{URL: link}.Embed()
		if ok != (want != "") || e.Src != want {
			t.Errorf("%s: got %q %v, want %q", link, e.Src, ok, want)
		}
	}
}
