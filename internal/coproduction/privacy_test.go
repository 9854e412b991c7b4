package coproduction_test

import (
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
)

var hrefRE = regexp.MustCompile(`href="(/(?:projects|boards)[^"#?]*)"`)

// Every public co-production page of the demo, in English and Welsh, names nobody who did not
// agree: Rhys Resident takes part in projects and sits on a board but agreed to nothing, Siân
// Jones holds a seat without an account, and Ada Admin and Mair Moderator are nowhere. Owen
// Officer and Gwen Member agreed to be named as leads and on their seats.
func TestPublicPagesNameOnlyThoseWhoAgreed(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "cy"} {
		c := a.Client(t)
		c.Follow(c.Get("/projects?lang=" + lang))
		seen := map[string]bool{}
		queue := []string{"/projects", "/boards", "/projects/portfolio", "/projects/reflections"}
		for len(queue) > 0 && len(seen) < 200 {
			path := queue[0]
			queue = queue[1:]
			if seen[path] || strings.HasSuffix(path, ".css") || strings.HasSuffix(path, ".js") {
				continue
			}
			seen[path] = true
			r := c.Get(path)
			if r.Status != 200 {
				continue
			}
			for _, name := range []string{"Rhys Resident", "Siân Jones", "Ada Admin", "Mair Moderator", "01632 960123"} {
				if strings.Contains(r.Body, name) {
					t.Errorf("%s (%s) shows %q", path, lang, name)
				}
			}
			for _, m := range hrefRE.FindAllStringSubmatch(r.Body, -1) {
				queue = append(queue, m[1])
			}
		}
		if len(seen) < 20 {
			t.Errorf("only %d pages walked", len(seen))
		}
	}
}

// A reader sees the council's Welsh where it wrote it, and the English otherwise, marked.
func TestWelshContentAndFallback(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	r := c.Follow(c.Get("/projects?lang=cy"))
	apptest.MustContain(t, r, "Mannau croeso cynnes", "Gofal cymdeithasol i oedolion")
	apptest.MustNotContain(t, r, "Warm welcome spaces")
	r = c.Get("/boards")
	apptest.MustContain(t, r, "Partneriaeth Iechyd a Lles Aberhaven")
	var board string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_boards WHERE kind = 'partnership'`).Scan(&board); err != nil {
		t.Fatal(err)
	}
	r = c.Get("/boards/" + board)
	apptest.MustContain(t, r, "Cadeirydd", "Cynrychiolydd cymunedol", "Aelod o'r bwrdd")
	apptest.MustNotContain(t, r, ">Chair<", "1 decisions")
	// A text written in English only is shown in English, marked, with its language.
	if _, err := a.DB.Exec(t.Context(), `UPDATE coproduction_boards SET purpose_alt = '' WHERE id = $1`, board); err != nil {
		t.Fatal(err)
	}
	r = c.Get("/boards/" + board)
	apptest.MustContain(t, r, `<div lang="en"><p class="govuk-body">The council, the health board`, "Ysgrifennwyd hwn yn Saesneg yn unig.")
	en := a.Client(t)
	r = en.Get("/boards/" + board)
	apptest.MustContain(t, r, "Aberhaven Health and Wellbeing Partnership", "The council, the health board",
		"Owen Officer (Chair)", "Gwen Member (Community representative)", "Carers' representative", "Overdue")
	apptest.MustNotContain(t, r, "Someone outside the board") // every demo action is a member's
}
