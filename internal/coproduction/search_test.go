package coproduction_test

import (
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/coproduction"
)

// The search across Commons is offered every published co-production project and no other,
// each in English and Welsh where the council wrote both.
func TestSearchIsOfferedOnlyPublishedProjects(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		docs, err := app.Service[*coproduction.Service](a.Server).SearchDocuments(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		published := a.Count(t, `SELECT count(*) FROM coproduction_projects WHERE published = 1`)
		hidden := a.Count(t, `SELECT count(*) FROM coproduction_projects WHERE published = 0`)
		if len(docs) != published || published == 0 || hidden == 0 {
			t.Fatalf("%d documents for %d published projects (and %d not published)", len(docs), published, hidden)
		}
		for _, d := range docs {
			if d.Kind != "coproduction" || d.Title == "" || d.URL != "/projects/"+d.ID {
				t.Errorf("document %+v", d)
			}
			if a.Count(t, `SELECT count(*) FROM coproduction_projects WHERE id = $1 AND published = 1`, d.ID) != 1 {
				t.Errorf("%s is not published", d.ID)
			}
		}
	})
}
