package ownership_test

import (
	"net/http"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/ownership"
	"commons/internal/platform/i18n"
)

// On the demo borough: the asset's page can list its ownership journey (AtPlace), the pages
// read in Welsh with Welsh dates, the officer's casework shows what is due, and every public
// page of the capability answers.
func TestDemoPagesAndAtPlace(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, a)
	es, err := w.svc.Entries(w.ctx, ownership.RegisterACV, "Nant Arms")
	if err != nil || len(es) != 1 || es[0].AssetID == "" {
		t.Fatalf("the demo pub on the asset map: %v %+v", err, es)
	}
	pub := es[0]
	if pub.Moratorium() != "full" {
		t.Errorf("the demo pub's moratorium: %q", pub.Moratorium())
	}
	ms, err := w.svc.AtPlace(w.ctx, pub.AssetID, "cy", nil)
	if err != nil || len(ms) != 1 {
		t.Fatalf("at place: %v %+v", err, ms)
	}
	if !strings.Contains(ms[0].Title, "The Nant Arms") || !strings.Contains(ms[0].Status, "Moratoriwm llawn tan") || ms[0].URL != "/ownership/cases/"+pub.ID {
		t.Errorf("the mention: %+v", ms[0])
	}

	c := a.Client(t)
	for _, p := range []string{"/ownership", "/ownership/acv", "/ownership/unsuccessful", "/ownership/transfers", "/ownership/land",
		"/ownership/reports", "/ownership/rules", "/ownership/cases/" + pub.ID, "/ownership/cases/" + pub.ID + "/notices/moratorium"} {
		apptest.MustStatus(t, c.Get(p), http.StatusOK)
	}
	apptest.MustStatus(t, c.Get("/ownership?lang=cy"), http.StatusSeeOther)
	r := c.Get("/ownership/cases/" + pub.ID)
	protected, _ := pub.Clock("acv.protected")
	apptest.MustContain(t, r, `lang="cy"`, "Moratoriwm llawn", i18n.DayOf("cy", protected.Due.String()), "Cyfnod gwarchodedig")
	apptest.MustNotContain(t, r, "[ownership.")
	r = c.Get("/ownership/rules")
	apptest.MustContain(t, r, "Sut rydym yn cyfrif", "Moratoriwm interim")
	apptest.MustNotContain(t, r, "[ownership.")

	oc := a.Client(t)
	oc.SignIn("officer@aberhaven.example", "commons-demo")
	r = oc.Get("/ownership/casework")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Casework", "Pen-y-bryn Park")
	apptest.MustNotContain(t, r, "[ownership.")
	for _, p := range []string{"/ownership/settings", "/ownership/land/new", "/ownership/new/acv", "/ownership/new/atr?asset=none", "/ownership/new/cat?q=centre"} {
		r := oc.Get(p)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustNotContain(t, r, "[ownership.")
	}
	apptest.MustContain(t, oc.Get("/ownership/new/acv?q=Arms"), "Choose The Nant Arms")
	for _, e := range append(mustEntries(t, w, ownership.RegisterACVAll), mustEntries(t, w, ownership.RegisterTransfers)...) {
		r := oc.Get("/ownership/cases/" + e.ID)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustNotContain(t, r, "[ownership.")
	}
}

func mustEntries(t *testing.T, w *world, reg ownership.Register) []ownership.Entry {
	t.Helper()
	es, err := w.svc.Entries(w.ctx, reg, "")
	if err != nil {
		t.Fatal(err)
	}
	return es
}
