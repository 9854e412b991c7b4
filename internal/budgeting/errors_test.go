package budgeting_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/ids"
)

// The budgeting pages return their errors to the one adapter (the house issue): a malformed
// or unknown id on any of them is still a 404 with the translated page, once, in the reader's
// language; the data addresses and the API answer problem+json; a form with bad input still
// comes back as the form, with what was typed and the error summary, not as an error page.
func TestErrorsAreAnsweredOnceInTheReadersLanguage(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Owain Officer", "officer@example.org", pw, identity.RoleOfficer)
	a.MustAccount(t, "Rhys Resident", "resident@example.org", pw)
	officer, resident, anon := a.Client(t), a.Client(t), a.Client(t)
	officer.SignIn("officer@example.org", pw)
	resident.SignIn("resident@example.org", pw)
	r := officer.PostForm("/budgets", processForm("ideas"))
	apptest.MustStatus(t, r, http.StatusSeeOther)
	pid := idRE.FindStringSubmatch(r.Location())[1]
	unknown := ids.New()

	page := func(t *testing.T, r *apptest.Response, status int, want ...string) {
		t.Helper()
		apptest.MustStatus(t, r, status)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		if n := strings.Count(r.Body, "<!DOCTYPE html>"); n != 1 {
			t.Errorf("%d pages in one answer", n)
		}
		apptest.MustContain(t, r, want...)
	}
	problem := func(t *testing.T, r *apptest.Response, status int, detail string) {
		t.Helper()
		apptest.MustStatus(t, r, status)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("content type %q: %s", ct, apptest.Excerpt(r.Body))
		}
		var p struct {
			Status int    `json:"status"`
			Detail string `json:"detail"`
		}
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
			t.Fatal(err)
		}
		if p.Status != status || !strings.Contains(p.Detail, detail) {
			t.Errorf("problem %+v, want %d with %q", p, status, detail)
		}
	}

	t.Run("welsh pages", func(t *testing.T) {
		anon.Get("/budgets?lang=cy")
		page(t, anon.Get("/budgets/not-an-id"), http.StatusNotFound, "Heb ddod o hyd i'r dudalen")
		page(t, anon.Get("/budgets/"+unknown), http.StatusNotFound, "Does dim proses gyllidebu")
		page(t, anon.Get("/budgets/"+unknown+"/vote"), http.StatusNotFound, "Does dim proses gyllidebu")
		page(t, anon.Get("/budgets/"+unknown+"/results"), http.StatusNotFound, "Does dim proses gyllidebu")
		page(t, anon.Get("/budgets/"+pid+"/ideas/not-an-id"), http.StatusNotFound, "Heb ddod o hyd i'r dudalen")
		page(t, anon.Get("/budgets/"+pid+"/ideas/"+unknown), http.StatusNotFound, "Does dim syniad")
		page(t, anon.Get("/budgets/"+pid+"/ideas/"+unknown+"/review"), http.StatusNotFound, "Does dim syniad")
		page(t, anon.Get("/budgets/"+pid+"/receipts/nonsense"), http.StatusNotFound, "Does dim papur pleidleisio")
		page(t, anon.Get("/budgets/"+pid+"/photos/"+unknown), http.StatusNotFound, "Heb ddod o hyd i'r dudalen")
		// A ballot sent to a process that is not there.
		page(t, anon.PostForm("/budgets/"+unknown+"/vote", url.Values{"code": {"AAAA-BBBB-CCCC"}}), http.StatusNotFound, "Does dim proses gyllidebu")
		anon.Get("/budgets?lang=en")
		page(t, anon.Get("/budgets/"+unknown), http.StatusNotFound, "There is no such budget process.")
	})

	t.Run("signed in and officers", func(t *testing.T) {
		page(t, resident.Get("/budgets/"+unknown+"/ideas/new"), http.StatusNotFound, "There is no such budget process.")
		page(t, resident.PostForm("/budgets/"+pid+"/ideas/"+unknown+"/support", url.Values{}), http.StatusNotFound, "There is no such idea.")
		page(t, officer.Get("/budgets/"+unknown+"/edit"), http.StatusNotFound, "There is no such budget process.")
		page(t, officer.Get("/budgets/"+unknown+"/codes"), http.StatusNotFound, "There is no such budget process.")
		page(t, officer.PostForm("/budgets/"+unknown, processForm("ideas")), http.StatusNotFound, "There is no such budget process.")
		page(t, officer.PostForm("/budgets/"+pid+"/paper/not-an-id/withdraw", url.Values{}), http.StatusNotFound, "Page not found")
		// Not officers: refused as before.
		page(t, resident.Get("/budgets/"+pid+"/codes"), http.StatusForbidden)
	})

	t.Run("data and api", func(t *testing.T) {
		problem(t, anon.Get("/budgets/"+unknown+"/ideas.geojson"), http.StatusNotFound, "no such budget process")
		problem(t, anon.Get("/budgets/"+unknown+"/grants.json"), http.StatusNotFound, "no such budget process")
		problem(t, anon.Get("/api/v1/budgets/"+unknown), http.StatusNotFound, "no such budget process")
		problem(t, anon.Get("/api/v1/budgets/not-an-id/ideas"), http.StatusNotFound, "")
		anon.Get("/budgets?lang=cy")
		problem(t, anon.Get("/api/v1/budgets/"+unknown), http.StatusNotFound, "Does dim proses gyllidebu")
		anon.Get("/budgets?lang=en")
	})

	t.Run("forms with bad input come back as forms", func(t *testing.T) {
		officer.Get("/budgets/" + pid + "/codes")
		r := officer.PostForm("/budgets/"+pid+"/codes", url.Values{"count": {"9999"}})
		page(t, r, http.StatusUnprocessableEntity, `value="9999"`)
		if apptest.ErrorSummary(r) == "" {
			t.Error("no error summary on the codes form")
		}
		officer.Get("/budgets/" + pid)
		r = officer.PostForm("/budgets/"+pid+"/reviewers", url.Values{"reviewer": {"nobody@example.org"}})
		page(t, r, http.StatusUnprocessableEntity, `value="nobody@example.org"`)
		if apptest.ErrorSummary(r) == "" {
			t.Error("no error summary on the process page")
		}
		resident.Get("/budgets/" + pid + "/ideas/new")
		r = resident.PostForm("/budgets/"+pid+"/ideas", url.Values{"title": {"Benches by the pond"}, "estimate": {"lots"}})
		page(t, r, http.StatusUnprocessableEntity, `value="Benches by the pond"`)
		if apptest.ErrorSummary(r) == "" {
			t.Error("no error summary on the idea form")
		}
	})
}
