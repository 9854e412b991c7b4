package network_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
)

// Replies hang one level deep and may quote; the members' list shows organisation and sector
// only for those who choose to; pages render in Welsh.
func TestRepliesMembersAndWelsh(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	host := person(t, a, "Hana Host", "hana@example.org")
	gwen := person(t, a, "Gwen Member", "gwen@example.org")
	var gwenID string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = 'gwen@example.org'`).Scan(&gwenID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Exec(t.Context(), `INSERT INTO organisations (id, name, sector, description, website, created_at) VALUES ('org-1', 'Nant Village Hall', 'vcf', '', '', $1)`, a.DB.Now(t.Context())); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Exec(t.Context(), `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ('org-1', $1, $2)`, gwenID, a.DB.Now(t.Context())); err != nil {
		t.Fatal(err)
	}
	g := newGroup(t, host, "Halls", "open")
	gwen.Get("/groups/" + g)
	mustRedirect(t, gwen, "/groups/"+g+"/join", nil)
	apptest.MustContain(t, a.Client(t).Get("/groups/"+g+"/members"), "Nant Village Hall", "Voluntary, community and faith")
	gwen.Get("/groups/" + g + "/settings")
	mustRedirect(t, gwen, "/groups/"+g+"/settings", url.Values{"frequency": {"weekly"}})
	apptest.MustNotContain(t, a.Client(t).Get("/groups/"+g+"/members"), "Nant Village Hall")

	thread := startThread(t, host, g, "Hall hire", "Rates are going up in April.")
	var first string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE body = 'Rates are going up in April.'`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	gwen.Get(thread + "?reply=" + first + "&quote=" + first)
	mustRedirect(t, gwen, thread+"/posts", url.Values{"body": {"By how much?"}, "parent": {first}, "quote": {first}, "idem": {key()}})
	var reply string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE body = 'By how much?'`).Scan(&reply); err != nil {
		t.Fatal(err)
	}
	// A reply to the reply hangs under the same top-level post.
	host.Get(thread)
	mustRedirect(t, host, thread+"/posts", url.Values{"body": {"Ten per cent."}, "parent": {reply}, "idem": {key()}})
	var parent string
	if err := a.DB.QueryRow(t.Context(), `SELECT parent_id FROM network_posts WHERE body = 'Ten per cent.'`).Scan(&parent); err != nil {
		t.Fatal(err)
	}
	if parent != first {
		t.Errorf("nested reply's parent is %s, want the top-level post", parent)
	}
	page := a.Client(t).Get(thread)
	replies := section(page.Body, `class="commons-replies`, "</main>")
	if !strings.Contains(replies, "By how much?") || !strings.Contains(replies, "Ten per cent.") || !strings.Contains(replies, "Hana Host wrote:") {
		t.Errorf("replies block:\n%s", apptest.Excerpt(replies))
	}

	cy := a.Client(t)
	for _, path := range []string{"/groups?lang=cy", "/groups/" + g, thread, "/groups/" + g + "/members"} {
		r := cy.Get(path)
		if r.Status == http.StatusSeeOther {
			r = cy.Get(r.Location())
		}
		apptest.MustStatus(t, r, http.StatusOK)
		if strings.Contains(r.Body, "[network.") {
			t.Errorf("%s shows a message key", path)
		}
	}
	apptest.MustContain(t, cy.Get("/groups/"+g), "Grŵp agored")
}

// Posting is rate limited per account across servers (platform/ratelimit), and refusals are logged.
func TestPostingIsRateLimited(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	host := person(t, a, "Hana Host", "hana@example.org")
	g := newGroup(t, host, "Busy", "open")
	thread := startThread(t, host, g, "Counting", "one")
	refused := 0
	for i := 0; i < 21; i++ {
		host.Get(thread)
		r := host.PostForm(thread+"/posts", url.Values{"body": {"post " + itoa(i)}, "idem": {key()}})
		if r.Status == http.StatusUnprocessableEntity {
			refused++
			apptest.MustContain(t, r, "post "+itoa(i), "You have posted a lot in a short time")
		}
	}
	// The thread's first post counts too: 20 allowed in the window, so the 20th reply is refused.
	if refused != 2 {
		t.Errorf("%d posts refused, want 2", refused)
	}
	if n := a.Count(t, `SELECT count(*) FROM network_spam_log WHERE reason = 'rate'`); n != refused {
		t.Errorf("%d rate refusals logged", n)
	}
	a.Clock.Advance(11 * 60 * 1e9)
	host.Get(thread)
	mustRedirect(t, host, thread+"/posts", url.Values{"body": {"after the window"}, "idem": {key()}})
}
