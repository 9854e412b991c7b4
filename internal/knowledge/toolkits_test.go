package knowledge_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
)

// postFile posts a multipart form with one file (none when name is ""), as a browser does.
func postFile(t *testing.T, c *apptest.Client, path string, form url.Values, name string, data []byte) *apptest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if _, ok := form["csrf_token"]; !ok {
		_ = mw.WriteField("csrf_token", c.CSRF)
	}
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req := c.Request(http.MethodPost, path, nil)
	req.Body = io.NopCloser(bytes.NewReader(b.Bytes()))
	req.ContentLength = int64(b.Len())
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

var docRE = regexp.MustCompile(`/documents/([0-9a-f-]{36})`)

// An editor starts a toolkit, adds documents whose type is read from their bytes and which
// need an accessible version unless the file itself is accessible, uploads a new version and
// publishes it; a stranger reads it, downloads each version with its type, name and
// validators, and sees nothing of a draft.
func TestToolkitsOfDocumentsInVersions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rita Resident", "rita@example.org", pw)
		editor, resident, stranger := a.Client(t), a.Client(t), a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		resident.SignIn("rita@example.org", pw)

		apptest.MustContain(t, stranger.Get("/toolkits"), "No toolkits have been published yet.")
		resident.Get("/toolkits")
		apptest.MustStatus(t, resident.Get("/toolkits/new"), http.StatusForbidden)

		editor.Get("/toolkits/new")
		r := editor.PostForm("/toolkits", url.Values{"title_en": {""}, "intro_en": {""}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter a title in English or Welsh", "Enter an introduction in English or Welsh")
		r = editor.PostForm("/toolkits", url.Values{"title_en": {"The co-production toolkit"}, "title_cy": {"Y pecyn cymorth cyd-gynhyrchu"},
			"intro_en": {"What the framework promises."}, "intro_cy": {"Beth mae'r fframwaith yn ei addo."}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		kitURL := r.Location()
		kitID := strings.TrimPrefix(kitURL, "/toolkits/")
		apptest.MustStatus(t, stranger.Get(kitURL), http.StatusNotFound)
		// Nothing to publish yet.
		editor.Get(kitURL)
		apptest.MustStatus(t, editor.PostForm(kitURL+"/publish", url.Values{}), http.StatusConflict)

		pdf := knowledge.DemoPDF("Charter", "Equal say.")
		doc := url.Values{"title_en": {"Charter"}, "description_en": {"What partners sign."}}
		editor.Get(kitURL + "/documents/new")
		// A program named as a PDF is refused by its bytes; a PDF with no accessible version
		// is refused; what was typed comes back.
		r = postFile(t, editor, kitURL+"/documents", doc, "charter.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00 not a pdf"))
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "The file must be a PDF, Word", "Give an accessible version", "What partners sign.")
		r = postFile(t, editor, kitURL+"/documents", doc, "", nil)
		apptest.MustContain(t, r, "Choose a file")
		withAlt := url.Values{"title_en": {"Charter"}, "description_en": {"What partners sign."}, "alternative_en": {"## Promises\n\n1. Equal say."}}
		r = postFile(t, editor, kitURL+"/documents", withAlt, "Our Charter (final).exe", pdf)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		docURL := r.Location()
		docID := docRE.FindStringSubmatch(docURL)[1]
		// A CSV needs no alternative: it is text.
		editor.Get(kitURL + "/documents/new")
		r = postFile(t, editor, kitURL+"/documents", url.Values{"title_en": {"Rates"}, "description_en": {"Payment rates."}}, "rates.csv", []byte("activity,payment\nworkshop,30\n"))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		csvID := docRE.FindStringSubmatch(r.Location())[1]
		// The rates move above the charter.
		editor.Get(kitURL)
		apptest.MustStatus(t, editor.PostForm("/documents/"+csvID+"/move", url.Values{"direction": {"up"}}), http.StatusSeeOther)
		page := editor.Get(kitURL).Body
		if strings.Index(page, "Rates") > strings.Index(page, "What partners sign.") {
			t.Error("the rates did not move above the charter")
		}

		apptest.MustStatus(t, editor.PostForm(kitURL+"/publish", url.Values{}), http.StatusSeeOther)
		r = stranger.Get(kitURL)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "The co-production toolkit", "What partners sign.", "Download (PDF, ", "Download (CSV, ")
		welsh := a.Client(t)
		apptest.MustContain(t, welsh.Follow(welsh.Get(kitURL+"?lang=cy")), "Y pecyn cymorth cyd-gynhyrchu", "Lawrlwytho (PDF, ")
		r = stranger.Get(docURL)
		apptest.MustContain(t, r, "Accessible version", "Equal say.", "our-charter-final.pdf")

		// The download: its sniffed type, a name with that type's extension, validators.
		r = stranger.Get(docURL + "/download")
		apptest.MustStatus(t, r, http.StatusOK)
		if r.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(r.Header.Get("Content-Disposition"), `attachment; filename="our-charter-final.pdf"`) ||
			r.Body != string(pdf) || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download: %v", r.Header)
		}
		etag, modified := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
		if etag == "" || modified == "" {
			t.Fatalf("no validators: %v", r.Header)
		}
		req := stranger.Request(http.MethodGet, docURL+"/download", nil)
		req.Header.Set("If-None-Match", etag)
		apptest.MustStatus(t, stranger.Do(req), http.StatusNotModified)
		req = stranger.Request(http.MethodGet, docURL+"/download", nil)
		req.Header.Set("If-Modified-Since", modified)
		apptest.MustStatus(t, stranger.Do(req), http.StatusNotModified)
		r = stranger.Get("/documents/" + csvID + "/download")
		if r.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(r.Header.Get("Content-Disposition"), `filename="rates.csv"`) {
			t.Fatalf("csv download: %v", r.Header)
		}

		// A new upload is a new version; the older one stays listed and downloadable.
		editor.Get(docURL + "/edit")
		v2 := knowledge.DemoPDF("Charter", "Equal say. Paid time.")
		edit := url.Values{"title_en": {"Charter"}, "description_en": {"What partners sign."}, "alternative_en": {"## Promises\n\n1. Equal say.\n2. Paid time."},
			"note": {"Agreed by the board"}}
		apptest.MustStatus(t, postFile(t, editor, docURL+"/edit", edit, "charter-v2.pdf", v2), http.StatusSeeOther)
		r = stranger.Get(docURL)
		apptest.MustContain(t, r, "Version 2", "Earlier versions", docURL+"/versions/1/download", "Paid time.")
		if got := stranger.Get(docURL + "/download"); got.Body != string(v2) || got.Header.Get("ETag") == etag {
			t.Error("the download is not the new version")
		}
		if got := stranger.Get(docURL + "/versions/1/download"); got.Body != string(pdf) {
			t.Error("the first version is lost")
		}
		apptest.MustStatus(t, stranger.Get(docURL+"/versions/3/download"), http.StatusNotFound)
		// Words only: the file stays.
		editor.Get(docURL + "/edit")
		edit.Set("title_en", "The charter")
		apptest.MustStatus(t, postFile(t, editor, docURL+"/edit", edit, "", nil), http.StatusSeeOther)
		apptest.MustContain(t, stranger.Get(docURL), "The charter", "Version 2")

		// The API, in the OpenAPI document.
		r = stranger.Get("/api/v1/toolkits/" + kitID)
		apptest.MustStatus(t, r, http.StatusOK)
		var k knowledge.APIToolkit
		if err := json.Unmarshal([]byte(r.Body), &k); err != nil {
			t.Fatal(err)
		}
		if len(k.Documents) != 2 || k.Documents[0].ID != csvID || k.Documents[1].ID != docID || len(k.Documents[1].Versions) != 2 ||
			k.Documents[1].Versions[0].Number != 2 || k.Documents[1].Versions[1].ContentType != "application/pdf" || k.Title.Cy == "" {
			t.Fatalf("toolkit as data: %+v", k)
		}
		apptest.MustContain(t, stranger.Get("/api/v1/toolkits"), kitID)
		apptest.MustContain(t, stranger.Get("/api/v1/openapi.json"), "listToolkits", "getToolkit")

		// Back to a draft: gone for others, documents and files too.
		editor.Get(kitURL)
		apptest.MustStatus(t, editor.PostForm(kitURL+"/unpublish", url.Values{}), http.StatusSeeOther)
		for _, p := range []string{kitURL, docURL, docURL + "/download", "/api/v1/toolkits/" + kitID} {
			apptest.MustStatus(t, stranger.Get(p), http.StatusNotFound)
		}
		apptest.MustStatus(t, editor.Get(docURL+"/download"), http.StatusOK)
	})
}

// A file over the limit is answered on the form, not lost in a broken request.
func TestDocumentTooLarge(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		editor := a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		editor.Get("/toolkits/new")
		r := editor.PostForm("/toolkits", url.Values{"title_en": {"Kit"}, "intro_en": {"Intro."}})
		kitURL := r.Location()
		editor.Get(kitURL + "/documents/new")
		big := append(knowledge.DemoPDF("Big", "x"), bytes.Repeat([]byte(" "), knowledge.MaxDocument)...)
		r = postFile(t, editor, kitURL+"/documents", url.Values{"title_en": {"Big"}, "description_en": {"Too big."}, "accessible": {"yes"}}, "big.pdf", big)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "The file must be 5 MB or smaller", "Too big.")
	})
}

// Eight editors upload a new version of one document at the same moment: each upload is kept,
// numbered one after another, none doubled or lost. On both databases.
func TestConcurrentVersionsAreNumberedOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := t.Context()
		id := a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		me, err := a.Identity.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		svc := app.Service[*knowledge.Service](a.Server)
		k, err := svc.SaveToolkit(ctx, me, "", knowledge.ToolkitInput{Title: knowledge.Text{En: "Kit"}, Intro: knowledge.Text{En: "Intro."}})
		if err != nil {
			t.Fatal(err)
		}
		in := knowledge.DocumentInput{Title: knowledge.Text{En: "Plan"}, Description: knowledge.Text{En: "A plan."}, Accessible: true,
			File: &knowledge.Upload{Filename: "plan.pdf", Data: knowledge.DemoPDF("Plan", "v1")}}
		d, err := svc.AddDocument(ctx, me, k.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		fail := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := in
				in.File = &knowledge.Upload{Filename: "plan.pdf", Data: knowledge.DemoPDF("Plan", fmt.Sprintf("upload %d", i))}
				if _, err := svc.UpdateDocument(ctx, me, d.ID, in); err != nil {
					fail <- err
				}
			}()
		}
		wg.Wait()
		close(fail)
		for err := range fail {
			t.Error(err)
		}
		got, _, err := svc.OneDocument(ctx, me, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, v := range got.Versions {
			if v.Number != n+1-i || seen[v.SHA256] {
				t.Fatalf("versions: %+v", got.Versions)
			}
			seen[v.SHA256] = true
		}
		if len(got.Versions) != n+1 {
			t.Fatalf("%d versions, want %d", len(got.Versions), n+1)
		}
	})
}

// The demo loads its toolkit, recording and film once, however often the server starts.
func TestDemoToolkitOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		svc := app.Service[*knowledge.Service](a.Server)
		for range 2 {
			if err := svc.LoadDemo(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		ks, err := svc.Toolkits(t.Context(), nil, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(ks) != 1 || len(ks[0].Documents) != 3 || len(ks[0].Documents[0].Versions) != 2 {
			t.Fatalf("demo toolkits: %+v", ks)
		}
		ms, err := svc.MediaList(t.Context(), knowledge.MediaFilter{Words: "pop-up day"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range ms {
			if m.File != nil {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d uploaded demo recordings, want 1", n)
		}
	})
}
