package knowledge_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
)

type apiList struct {
	Items []knowledge.APIMethod `json:"items"`
	Next  string                `json:"next"`
}

// The library is open data: every published method, under the licence, filtered as the page
// filters, and nothing of a draft.
func TestMethodsAsOpenData(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		svc := app.Service[*knowledge.Service](a.Server)
		if err := svc.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		editor := a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		editor.Get("/methods/new")
		r := editor.PostForm("/methods", methodForm("A secret draft"))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		draftID := strings.TrimPrefix(r.Location(), "/methods/")

		c := a.Client(t)
		get := func(path string, status int) apiList {
			t.Helper()
			r := c.Get(path)
			apptest.MustStatus(t, r, status)
			var l apiList
			if status == http.StatusOK {
				if err := json.Unmarshal([]byte(r.Body), &l); err != nil {
					t.Fatal(err)
				}
			}
			return l
		}
		all := get("/api/v1/methods", http.StatusOK)
		if len(all.Items) != 12 {
			t.Fatalf("the library lists %d methods, want the demo's 12", len(all.Items))
		}
		for _, m := range all.Items {
			if m.Licence != knowledge.DefaultLicence || m.Title.En == "" || m.Steps.En == "" || m.Version != 1 || m.PublishedAt.IsZero() {
				t.Errorf("method %s is not whole: %+v", m.Slug, m)
			}
			if m.ID == draftID || m.Title.En == "A secret draft" {
				t.Error("a draft is in the open data")
			}
		}
		page := get("/api/v1/methods?limit=5&offset=10", http.StatusOK)
		if len(page.Items) != 2 || page.Items[0].ID != all.Items[10].ID || page.Next != "" {
			t.Errorf("the last page: %d items, next %q", len(page.Items), page.Next)
		}
		if first := get("/api/v1/methods?limit=5", http.StatusOK); first.Next == "" || len(first.Items) != 5 {
			t.Errorf("the first page: %d items, next %q", len(first.Items), first.Next)
		}
		empower := get("/api/v1/methods?iap2=empower", http.StatusOK)
		if len(empower.Items) == 0 {
			t.Fatal("no method reaches empower")
		}
		for _, m := range empower.Items {
			if m.IAP2 != "empower" {
				t.Errorf("%s (%s) listed under empower", m.Slug, m.IAP2)
			}
		}
		get("/api/v1/methods?iap2=shout", http.StatusUnprocessableEntity)
		get("/api/v1/methods?setting=moon", http.StatusUnprocessableEntity)

		r = c.Get("/api/v1/methods/" + all.Items[0].ID)
		apptest.MustStatus(t, r, http.StatusOK)
		var one knowledge.APIMethod
		if err := json.Unmarshal([]byte(r.Body), &one); err != nil || one.Slug != all.Items[0].Slug {
			t.Fatalf("one method: %v %+v", err, one)
		}
		apptest.MustStatus(t, c.Get("/api/v1/methods/"+draftID), http.StatusNotFound)
		apptest.MustStatus(t, c.Get("/api/v1/methods/"+all.Items[0].Slug), http.StatusNotFound)
	})
}

// The council chooses the open licence (--knowledge-licence): every item of the library's data
// names it, methods, case studies, films, courses and toolkits alike.
func TestTheCouncilChoosesTheLicence(t *testing.T) {
	const odc = "https://opendatacommons.org/licenses/by/1-0/"
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_KNOWLEDGE_LICENCE": odc}})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	for _, path := range []string{"/api/v1/methods", "/api/v1/cases", "/api/v1/media", "/api/v1/courses", "/api/v1/toolkits"} {
		var l struct {
			Items []struct{ Licence string } `json:"items"`
		}
		r := c.Get(path)
		apptest.MustStatus(t, r, http.StatusOK)
		if err := json.Unmarshal([]byte(r.Body), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(l.Items) == 0 {
			t.Errorf("%s: the demo has none", path)
		}
		for _, it := range l.Items {
			if it.Licence != odc {
				t.Errorf("%s: an item under %q, want the council's %q", path, it.Licence, odc)
			}
		}
	}
}
