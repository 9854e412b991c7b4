package network_test

import (
	"net/http"
	"testing"

	"commons/internal/app/apptest"
)

// The demo borough's network loads on both databases, once, with what the issue asks for.
func TestDemoNetwork(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		for range 2 { // idempotent
			if err := a.LoadDemo(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if n := a.Count(t, `SELECT count(*) FROM network_groups`); n != 4 {
			t.Errorf("%d groups", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM network_chapters`); n != 6 {
			t.Errorf("%d chapters", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM network_comments`); n < 3 {
			t.Errorf("%d comments", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM network_reports WHERE resolved_at IS NULL`); n < 1 {
			t.Errorf("no open report")
		}
		if n := a.Count(t, `SELECT count(*) FROM network_posts WHERE state = 'held'`); n < 1 {
			t.Errorf("no held post")
		}
		anon := a.Client(t)
		r := anon.Get("/groups")
		apptest.MustContain(t, r, "Our Society: A Guide", "Community Food Network", "Youth Work Practitioners")
		apptest.MustNotContain(t, r, "Partnership Leads")
		var guide, group string
		if err := a.DB.QueryRow(t.Context(), `SELECT id, group_id FROM network_guides`).Scan(&guide, &group); err != nil {
			t.Fatal(err)
		}
		page := anon.Get("/groups/" + group + "/guides/" + guide)
		apptest.MustStatus(t, page, http.StatusOK)
		for _, ch := range []string{"Introduction and policy context", "Changing roles", "Structures as networks and systems",
			"Identifying social assets", "Methods and toolkits", "Practical steps"} {
			apptest.MustContain(t, page, ch)
		}
		mod := a.Client(t)
		mod.SignIn("moderator@aberhaven.example", "commons-demo")
		apptest.MustContain(t, mod.Get("/moderation"), "This looks like advertising", "allotments on Station Road")
	})
}
