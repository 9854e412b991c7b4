package coproduction_test

import (
	"net/http"
	"testing"

	"commons/internal/app/apptest"
)

// The demo loads on both databases, once, and its pages render.
func TestDemo(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		for range 2 {
			if err := a.LoadDemo(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM coproduction_projects`); n != 5 {
			t.Errorf("%d projects", n)
		}
		if n := a.Count(t, `SELECT COUNT(DISTINCT stage) FROM coproduction_projects`); n < 4 {
			t.Errorf("projects at %d stages", n)
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM coproduction_boards`); n != 2 {
			t.Errorf("%d boards", n)
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM coproduction_standard_scores`); n != 21 {
			t.Errorf("%d standard scores", n)
		}
		anon := a.Client(t)
		r := anon.Get("/projects/portfolio")
		apptest.MustContain(t, r, "Warm welcome spaces", "Food bank referral pathway")
		apptest.MustNotContain(t, r, "Home care visit scheduling", "Library opening hours")
		apptest.MustContain(t, anon.Get("/boards"), "Aberhaven Health and Wellbeing Partnership", "Harbourside Regeneration Steering Group")
		officer := a.Client(t)
		officer.SignIn("officer@aberhaven.example", "commons-demo")
		apptest.MustContain(t, officer.Get("/projects/portfolio"), "Home care visit scheduling", "Library opening hours")
		r = officer.Get("/engagements")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Warm spaces design workshops", "3.1")
	})
}
