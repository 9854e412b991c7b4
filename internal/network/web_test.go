package network_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/network"
)

const pw = "correct horse battery"

func person(t *testing.T, a *apptest.App, name, email string, roles ...string) *apptest.Client {
	t.Helper()
	a.MustAccount(t, name, email, pw, roles...)
	c := a.Client(t)
	c.SignIn(email, pw)
	return c
}

// mustRedirect posts and fails unless it redirects; it returns the Location.
func mustRedirect(t *testing.T, c *apptest.Client, path string, form url.Values) string {
	t.Helper()
	r := c.PostForm(path, form)
	if r.Status != http.StatusSeeOther && r.Status != http.StatusFound {
		t.Fatalf("POST %s: %d\n%s", path, r.Status, apptest.Excerpt(r.Body))
	}
	return r.Location()
}

func newGroup(t *testing.T, c *apptest.Client, name, visibility string) string {
	t.Helper()
	c.Get("/groups/new")
	loc := mustRedirect(t, c, "/groups", url.Values{"name": {name}, "description": {"About " + name}, "visibility": {visibility}})
	return strings.TrimPrefix(loc, "/groups/")
}

var keyN int

func key() string {
	keyN++
	return "test-key-000000000000-" + string(rune('a'+keyN%26)) + strings.Repeat("x", keyN%7) + itoa(keyN)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// startThread starts a thread and returns its path.
func startThread(t *testing.T, c *apptest.Client, groupID, title, body string) string {
	t.Helper()
	c.Get("/groups/" + groupID + "/threads/new")
	loc := mustRedirect(t, c, "/groups/"+groupID+"/threads", url.Values{"title": {title}, "body": {body}, "idem": {key()}})
	return loc
}

func TestGroupsMembershipAndDiscussions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		gwen := person(t, a, "Gwen Member", "gwen@example.org")
		rhys := person(t, a, "Rhys Resident", "rhys@example.org")
		anon := a.Client(t)

		open := newGroup(t, host, "Food Network", "open")
		closed := newGroup(t, host, "Youth Workers", "closed")

		// Open: join at once. Closed: ask, and a host approves.
		gwen.Get("/groups/" + open)
		mustRedirect(t, gwen, "/groups/"+open+"/join", nil)
		apptest.MustContain(t, gwen.Get("/groups/"+open), "Leave this group")
		rhys.Get("/groups/" + closed)
		mustRedirect(t, rhys, "/groups/"+closed+"/join", nil)
		apptest.MustContain(t, rhys.Get("/groups/"+closed), "You have asked to join")
		apptest.MustContain(t, host.Get("/groups/"+closed+"/members"), "Rhys Resident", "Asked to join")
		var rhysID string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = 'rhys@example.org'`).Scan(&rhysID); err != nil {
			t.Fatal(err)
		}
		// A member who is not a host may not approve.
		if r := gwen.PostForm("/groups/"+closed+"/members/"+rhysID, url.Values{"action": {"approve"}}); r.Status != http.StatusNotFound {
			t.Errorf("non-member approving: %d", r.Status)
		}
		mustRedirect(t, host, "/groups/"+closed+"/members/"+rhysID, url.Values{"action": {"approve"}})
		apptest.MustContain(t, rhys.Get("/groups/"+closed), "Leave this group")
		a.MustMailTo(t, "rhys@example.org", "You have joined Youth Workers")

		// A closed group's discussions are for members: the public sees the description only.
		thread := startThread(t, host, closed, "Summer grant", "Shall we bid together?")
		apptest.MustStatus(t, anon.Get(thread), http.StatusNotFound)
		apptest.MustNotContain(t, anon.Get("/groups/"+closed), "Summer grant")
		// The count of members shows, but no link to a list the public may not open.
		apptest.MustStatus(t, anon.Get("/groups/"+closed+"/members"), http.StatusNotFound)
		apptest.MustNotContain(t, anon.Get("/groups/"+closed), `href="/groups/`+closed+`/members"`)
		apptest.MustContain(t, rhys.Get("/groups/"+closed), `href="/groups/`+closed+`/members"`)
		apptest.MustContain(t, rhys.Get(thread), "Shall we bid together?")
		apptest.MustContain(t, rhys.Get("/groups/"+closed+"/threads.json"), "Summer grant")
		apptest.MustStatus(t, anon.Get("/groups/"+closed+"/threads.json"), http.StatusNotFound)

		// A thread with Markdown (sanitised) and a mention; a reply quoting it.
		t1 := startThread(t, gwen, open, "Winter fridge rota", "Who covers **Saturdays**? @rhys-resident and @hana-host <script>alert(1)</script>")
		page := anon.Get(t1)
		apptest.MustContain(t, page, "<strong>Saturdays</strong>")
		apptest.MustNotContain(t, page, "<script>alert(1)")
		// Rhys is not in the open group: mentioning him tells him nothing.
		apptest.MustContain(t, host.Get("/notifications"), "Gwen Member mentioned you in")
		apptest.MustNotContain(t, rhys.Get("/notifications"), "Winter fridge rota")

		// A failed submit shows the text again; a double submit makes one post.
		host.Get(t1)
		r := host.PostForm(t1+"/posts", url.Values{"body": {"   "}, "idem": {key()}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		long := strings.Repeat("word ", 4001)
		r = host.PostForm(t1+"/posts", url.Values{"body": {long}, "idem": {key()}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "word word word")
		k := key()
		form := url.Values{"body": {"I can do the first Saturday."}, "idem": {k}}
		mustRedirect(t, host, t1+"/posts", form)
		mustRedirect(t, host, t1+"/posts", form)
		if n := a.Count(t, `SELECT count(*) FROM network_posts WHERE body = 'I can do the first Saturday.'`); n != 1 {
			t.Fatalf("double submit made %d posts", n)
		}
		// Gwen follows the thread she started: the reply is in her notifications.
		apptest.MustContain(t, gwen.Get("/notifications"), "Hana Host replied in")

		// Edits keep a history.
		var postID string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE idem_key = $1`, k).Scan(&postID); err != nil {
			t.Fatal(err)
		}
		host.Get("/groups/" + open + "/posts/" + postID + "/edit")
		mustRedirect(t, host, "/groups/"+open+"/posts/"+postID+"/edit", url.Values{"body": {"I can do the first two Saturdays."}})
		hist := anon.Get("/groups/" + open + "/posts/" + postID + "/history")
		apptest.MustContain(t, hist, "first two Saturdays", "I can do the first Saturday.")
		if r := gwen.PostForm("/groups/"+open+"/posts/"+postID+"/edit", url.Values{"body": {"hijack"}}); r.Status != http.StatusForbidden {
			t.Errorf("editing another's post: %d", r.Status)
		}

		// The host's summary so far.
		mustRedirect(t, host, t1+"/summary", url.Values{"summary": {"So far: Hana does two Saturdays."}})
		apptest.MustContain(t, anon.Get(t1), "So far: Hana does two Saturdays.")
		if r := gwen.PostForm(t1+"/summary", url.Values{"summary": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("member writing the summary: %d", r.Status)
		}

		// Search finds open discussions for anyone and closed ones only for members.
		apptest.MustContain(t, anon.Get("/groups?q=fridge"), "Winter fridge rota")
		apptest.MustNotContain(t, anon.Get("/groups?q=grant"), "Summer grant")
		apptest.MustContain(t, rhys.Get("/groups?q=grant"), "Summer grant")

		// The API shows open groups' discussions; the host exports everything as JSON.
		apptest.MustContain(t, anon.Get("/api/v1/groups"), "Food Network", "Youth Workers")
		apptest.MustStatus(t, anon.Get("/api/v1/groups/"+closed+"/threads"), http.StatusNotFound)
		apptest.MustContain(t, anon.Get("/api/v1/groups/"+open+"/threads"), "Winter fridge rota")
		tid := strings.TrimPrefix(t1, "/groups/"+open+"/threads/")
		apptest.MustContain(t, anon.Get("/api/v1/groups/"+open+"/threads/"+tid), "first two Saturdays")
		exp := host.Get("/groups/" + closed + "/export.json")
		apptest.MustStatus(t, exp, http.StatusOK)
		apptest.MustContain(t, exp, "Shall we bid together?")
		apptest.MustStatus(t, rhys.Get("/groups/"+closed+"/export.json"), http.StatusForbidden)
	})
}

func TestAttachmentsAreSniffedAndServed(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	host := person(t, a, "Hana Host", "hana@example.org")
	g := newGroup(t, host, "Pictures", "open")
	host.Get("/groups/" + g + "/threads/new")
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 40)
	post := func(name, content string) *apptest.Response {
		body, ct := multipart(map[string]string{"csrf_token": host.CSRF, "title": "Photo", "body": "See the picture", "idem": key()}, name, content)
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/groups/"+g+"/threads", strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		return host.Do(req)
	}
	// A script named .png is refused by its content, and the text is shown again.
	r := post("evil.png", "<script>alert(1)</script>")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Attach only images", "See the picture")
	r = post("hall.png", png)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.Status, apptest.Excerpt(r.Body))
	}
	page := host.Get(r.Location())
	var fileID string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_attachments WHERE filename = 'hall.png'`).Scan(&fileID); err != nil {
		t.Fatal(err)
	}
	apptest.MustContain(t, page, "/groups/"+g+"/attachments/"+fileID)
	f := a.Client(t).Get("/groups/" + g + "/attachments/" + fileID)
	if f.Status != 200 || f.Header.Get("Content-Type") != "image/png" || f.Body != png {
		t.Fatalf("attachment: %d %q", f.Status, f.Header.Get("Content-Type"))
	}
	// A PNG (with a web page after it) named as a web page is kept and served under a name of
	// its real type, so "Save as" does not make an .html file of it (V10).
	r = post("evil.html", png+"<html><script>alert(1)</script></html>")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_attachments WHERE filename <> 'hall.png'`).Scan(&fileID); err != nil {
		t.Fatal(err)
	}
	f = a.Client(t).Get("/groups/" + g + "/attachments/" + fileID)
	if got := f.Header.Get("Content-Disposition"); got != `inline; filename=evil.png` {
		t.Errorf("Content-Disposition %q, want the name to end in .png", got)
	}
	for name, want := range map[string]string{"photo.JPEG": "photo.JPEG", "scan.pdf.exe": "scan.pdf.pdf", ".html": "attachment.png", "plain": "plain.png"} {
		ct := "image/png"
		if strings.Contains(name, "JPEG") {
			ct = "image/jpeg"
		} else if strings.Contains(name, "scan") {
			ct = "application/pdf"
		}
		if got := network.NameForType(name, ct); got != want {
			t.Errorf("NameForType(%q, %q) = %q, want %q", name, ct, got, want)
		}
	}
}

func multipart(fields map[string]string, filename, content string) (string, string) {
	const b = "----commonsboundary"
	var s strings.Builder
	for k, v := range fields {
		s.WriteString("--" + b + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
	}
	s.WriteString("--" + b + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename + "\"\r\nContent-Type: image/png\r\n\r\n" + content + "\r\n")
	s.WriteString("--" + b + "--\r\n")
	return s.String(), "multipart/form-data; boundary=" + b
}

// Every page and API route under a private group answers a non-member with 404, never 403,
// and says nothing of what is in it.
func TestPrivateGroupsLeakNothing(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		outsider := person(t, a, "Olly Outsider", "olly@example.org")
		anon := a.Client(t)
		g := newGroup(t, host, "Secret Board", "private")
		thread := startThread(t, host, g, "Confidential agenda", "Budget cuts list @olly-outsider")
		tid := strings.TrimPrefix(thread, "/groups/"+g+"/threads/")
		host.Get("/groups/" + g)
		guide := strings.TrimPrefix(mustRedirect(t, host, "/groups/"+g+"/guides", url.Values{"title": {"Hidden guide"}}), "/groups/"+g+"/guides/")
		chapter := mustRedirect(t, host, "/groups/"+g+"/guides/"+guide+"/chapters", url.Values{"title": {"One"}, "body": {"Secret paragraph."}})
		cid := chapter[strings.LastIndex(chapter, "/")+1:]
		mustRedirect(t, host, "/groups/"+g+"/guides/"+guide+"/publish", nil)
		var postID string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE thread_id = $1`, tid).Scan(&postID); err != nil {
			t.Fatal(err)
		}
		real := map[string]string{"id": g, "thread": tid, "guide": guide, "chapter": cid, "post": postID, "account": postID, "file": postID, "comment": postID}
		routes := 0
		for _, rt := range a.Routes() {
			method, path, _ := strings.Cut(rt.Pattern, " ")
			if !strings.Contains(path, "/groups/{id}") {
				continue
			}
			for k, v := range real {
				path = strings.ReplaceAll(path, "{"+k+"}", v)
			}
			routes++
			for who, c := range map[string]*apptest.Client{"outsider": outsider, "anonymous": anon} {
				var r *apptest.Response
				if method == http.MethodPost {
					r = c.PostForm(path, url.Values{"body": {"x"}, "title": {"x"}, "idem": {key()}, "reason": {"x"}, "action": {"approve"}, "state": {"answered"}})
				} else {
					r = c.Get(path)
				}
				if who == "anonymous" && rt.Access == app.SignedIn {
					continue // the sign-in guard answers first, as for any group
				}
				if r.Status != http.StatusNotFound {
					t.Errorf("%s %s as %s: %d, want 404", method, path, who, r.Status)
				}
				for _, secret := range []string{"Secret Board", "Confidential", "Secret paragraph", "Hidden guide"} {
					if strings.Contains(r.Body, secret) {
						t.Errorf("%s %s as %s shows %q", method, path, who, secret)
					}
				}
			}
		}
		if routes < 20 {
			t.Fatalf("only %d group routes tried", routes)
		}
		for _, path := range []string{"/groups", "/groups?q=agenda", "/groups?q=board", "/groups.json", "/api/v1/groups", "/notifications", "/notifications.json"} {
			r := outsider.Get(path)
			for _, secret := range []string{"Secret Board", "Confidential"} {
				if strings.Contains(r.Body, secret) {
					t.Errorf("%s shows %q to an outsider", path, secret)
				}
			}
		}
		if n := a.Count(t, `SELECT count(*) FROM network_notifications n JOIN accounts a ON a.id = n.account_id WHERE a.email = 'olly@example.org'`); n != 0 {
			t.Errorf("the outsider was notified %d times", n)
		}
		// The invited see the group and can accept; then they read it.
		host.Get("/groups/" + g + "/members")
		mustRedirect(t, host, "/groups/"+g+"/members", url.Values{"email": {"olly@example.org"}})
		a.MustMailTo(t, "olly@example.org", "You are invited to Secret Board")
		apptest.MustContain(t, outsider.Get("/groups/"+g), "Accept the invitation")
		apptest.MustStatus(t, outsider.Get(thread), http.StatusNotFound)
		mustRedirect(t, outsider, "/groups/"+g+"/join", nil)
		apptest.MustContain(t, outsider.Get(thread), "Confidential agenda")
	})
}

func TestGuideCommentsFollowTheirParagraph(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		gwen := person(t, a, "Gwen Member", "gwen@example.org")
		g := newGroup(t, host, "Our Society", "open")
		gwen.Get("/groups/" + g)
		mustRedirect(t, gwen, "/groups/"+g+"/join", nil)
		host.Get("/groups/" + g)
		guide := mustRedirect(t, host, "/groups/"+g+"/guides", url.Values{"title": {"Our Society: A Guide"}})
		v1 := "Councils are changing how they work.\n\nVolunteers run the lunch club on Tuesdays in the hall.\n\nThis paragraph will go."
		chapter := mustRedirect(t, host, guide+"/chapters", url.Values{"title": {"Changing roles"}, "body": {v1}})
		cid := chapter[strings.LastIndex(chapter, "/")+1:]

		page := gwen.Get(chapter)
		hashes := hiddenValues(page.Body, "hash")
		if len(hashes) != 3 {
			t.Fatalf("want 3 comment forms, got %d", len(hashes))
		}
		mustRedirect(t, gwen, guide+"/chapters/"+cid+"/comments", url.Values{"hash": {hashes[1]}, "paragraph": {"1"}, "comment": {"Which hall? Name it."}})
		mustRedirect(t, gwen, guide+"/chapters/"+cid+"/comments", url.Values{"hash": {hashes[2]}, "paragraph": {"2"}, "comment": {"Why keep this at all?"}})
		// A comment on a paragraph that is no longer where the form said is refused, text kept.
		r := gwen.PostForm(guide+"/chapters/"+cid+"/comments", url.Values{"hash": {"0000000000000000"}, "paragraph": {"0"}, "comment": {"stale"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		// Members may not draft.
		if r := gwen.PostForm(guide+"/chapters/"+cid+"/versions", url.Values{"body": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("member drafting: %d", r.Status)
		}

		// Version 2: a new first paragraph, the lunch club paragraph reworded, the last removed.
		v2 := "A new opening.\n\nCouncils are changing how they work.\n\nVolunteers run the lunch club on Tuesdays and Thursdays in the hall."
		host.Get(chapter)
		mustRedirect(t, host, guide+"/chapters/"+cid+"/versions", url.Values{"body": {v2}})

		page = gwen.Get(chapter)
		apptest.MustContain(t, page, "What changed since you last read version 1", "A new opening.")
		// The comment on the reworded paragraph sits beside it (paragraph 2 now).
		p2 := section(page.Body, `id="paragraph-2"`, `id="paragraph-3"`)
		if !strings.Contains(p2, "Which hall? Name it.") {
			t.Errorf("the comment did not follow its paragraph:\n%s", p2)
		}
		// The comment on the removed paragraph shows as on an earlier version with its text.
		earlier := section(page.Body, "Comments on an earlier version", "Draft a new version")
		if !strings.Contains(earlier, "Why keep this at all?") || !strings.Contains(earlier, "This paragraph will go.") {
			t.Errorf("earlier comment missing:\n%s", earlier)
		}
		// Read now: no changes the next time.
		apptest.MustNotContain(t, gwen.Get(chapter), "What changed since")

		// The editor marks a comment taken in.
		var commentID string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_comments WHERE body = 'Which hall? Name it.'`).Scan(&commentID); err != nil {
			t.Fatal(err)
		}
		host.Get(chapter)
		mustRedirect(t, host, guide+"/comments/"+commentID, url.Values{"state": {"taken_in"}, "chapter": {cid}})
		apptest.MustContain(t, gwen.Get(chapter), "Taken in")

		// Published: the clean page and the print view carry the text, not the comments.
		apptest.MustStatus(t, a.Client(t).Get(guide+"/published"), http.StatusNotFound)
		mustRedirect(t, host, guide+"/publish", nil)
		pub := a.Client(t).Get(guide + "/published")
		apptest.MustContain(t, pub, "Changing roles", "Tuesdays and Thursdays")
		apptest.MustNotContain(t, pub, "Which hall?")
		apptest.MustContain(t, a.Client(t).Get(guide+"/print"), `/network/print.css`, "Tuesdays and Thursdays")
		css := a.Client(t).Get("/network/print.css")
		if css.Status != 200 || !strings.Contains(css.Body, "@media print") {
			t.Errorf("print css: %d", css.Status)
		}
	})
}

func hiddenValues(body, name string) []string {
	var out []string
	marker := `name="` + name + `" value="`
	for {
		i := strings.Index(body, marker)
		if i < 0 {
			return out
		}
		body = body[i+len(marker):]
		out = append(out, body[:strings.IndexByte(body, '"')])
	}
}

func section(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	body = body[i:]
	if j := strings.Index(body, to); j >= 0 {
		return body[:j]
	}
	return body
}

func TestModerationAndSpamDefences(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_HOLD_FIRST_POSTS": "1"}})
	host := person(t, a, "Hana Host", "hana@example.org")
	newbie := person(t, a, "Nia Newbie", "nia@example.org")
	mod := person(t, a, "Mair Moderator", "mair@example.org", identity.RoleModerator)
	g := newGroup(t, host, "Allotments", "open")
	newbie.Get("/groups/" + g)
	mustRedirect(t, newbie, "/groups/"+g+"/join", nil)

	// A new account's first post waits for a moderator.
	thread := startThread(t, newbie, g, "Hello", "My first post about compost.")
	apptest.MustNotContain(t, a.Client(t).Get(thread), "My first post about compost.")
	apptest.MustContain(t, newbie.Get(thread), "Waiting for a moderator")
	q := mod.Get("/moderation")
	apptest.MustContain(t, q, "My first post about compost.")
	var held string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE state = 'held'`).Scan(&held); err != nil {
		t.Fatal(err)
	}
	mustRedirect(t, mod, "/moderation/posts/"+held, url.Values{"action": {"approve"}})
	apptest.MustContain(t, a.Client(t).Get(thread), "My first post about compost.")

	// Spam defences: the honeypot and too many links from a new account are refused and logged.
	newbie.Get(thread)
	r := newbie.PostForm(thread+"/posts", url.Values{"body": {"Nice"}, "idem": {key()}, "website": {"http://spam.example"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	r = newbie.PostForm(thread+"/posts", url.Values{"body": {"https://a.example https://b.example https://c.example"}, "idem": {key()}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "https://c.example")
	if n := a.Count(t, `SELECT count(*) FROM network_spam_log WHERE reason IN ('honeypot', 'links')`); n != 2 {
		t.Errorf("spam log has %d entries, want 2", n)
	}
	apptest.MustContain(t, mod.Get("/moderation"), "Filled in the hidden field", "Too many links from a new account")

	// Report, hide with a reason the author sees, restore.
	newbie.Get(thread)
	mustRedirect(t, newbie, thread+"/posts", url.Values{"body": {"Buy cheap watches"}, "idem": {key()}})
	var bad string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE body = 'Buy cheap watches'`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	host.Get("/groups/" + g + "/posts/" + bad + "/report")
	r = host.PostForm("/groups/"+g+"/posts/"+bad+"/report", url.Values{"reason": {""}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	mustRedirect(t, host, "/groups/"+g+"/posts/"+bad+"/report", url.Values{"reason": {"Advertising"}})
	apptest.MustContain(t, mod.Get("/moderation"), "Reported by Hana Host: Advertising")
	apptest.MustContain(t, mod.Get("/moderation.json"), `"reason": "Advertising"`)
	apptest.MustStatus(t, host.Get("/moderation"), http.StatusForbidden)
	mustRedirect(t, mod, "/moderation/posts/"+bad, url.Values{"action": {"hide"}, "reason": {"Advertising is not allowed"}})
	apptest.MustNotContain(t, a.Client(t).Get(thread), "Buy cheap watches")
	apptest.MustContain(t, newbie.Get(thread), "A moderator hid this post: Advertising is not allowed")
	apptest.MustNotContain(t, mod.Get("/moderation"), "Reported by Hana Host")
	mustRedirect(t, mod, "/moderation/posts/"+bad, url.Values{"action": {"restore"}})
	apptest.MustContain(t, a.Client(t).Get(thread), "Buy cheap watches")

	// Block: a blocked account can no longer post.
	var nia string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = 'nia@example.org'`).Scan(&nia); err != nil {
		t.Fatal(err)
	}
	mustRedirect(t, mod, "/moderation/accounts/"+nia+"/block", url.Values{"reason": {"Repeated advertising"}})
	newbie.Get(thread)
	if r := newbie.PostForm(thread+"/posts", url.Values{"body": {"again"}, "idem": {key()}}); r.Status != http.StatusForbidden {
		t.Errorf("blocked account posting: %d", r.Status)
	}
	if n := a.Count(t, `SELECT count(*) FROM audit_log WHERE action LIKE 'network.%'`); n < 4 {
		t.Errorf("audit has %d network entries", n)
	}
}

func TestDigestsAndOneClickUnsubscribe(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		gwen := person(t, a, "Gwen Member", "gwen@example.org")
		g := newGroup(t, host, "Food Network", "open")
		gwen.Get("/groups/" + g)
		mustRedirect(t, gwen, "/groups/"+g+"/join", nil)
		startThread(t, host, g, "Plain news", "Nothing for Gwen in particular.")
		startThread(t, host, g, "Rota question", "Can you help, @gwen-member?")

		// Two servers' workers at once: the digest is claimed by one and queued once.
		gwen.Get("/groups/" + g + "/settings")
		mustRedirect(t, gwen, "/groups/"+g+"/settings", url.Values{"frequency": {"daily"}, "show_org": {"yes"}})
		if _, err := a.DB.Exec(t.Context(), `UPDATE network_prefs SET next_digest_at = $1
			WHERE account_id = (SELECT id FROM accounts WHERE email = 'gwen@example.org')`, a.DB.Now(t.Context()).Add(-1)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := app.Service[*network.Service](a.Server).SendDue(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := a.Count(t, `SELECT count(*) FROM outbox WHERE recipient = 'gwen@example.org'`); n != 1 {
			t.Fatalf("%d digests queued, want 1", n)
		}
		text := a.MustMailTo(t, "gwen@example.org", "Today in Food Network")
		// Mentioned first.
		if i, j := strings.Index(text, "Rota question"), strings.Index(text, "Plain news"); i < 0 || j < 0 || i > j {
			t.Errorf("digest order wrong:\n%s", text)
		}
		var raw []byte
		for _, m := range a.Mail.Messages() {
			if strings.Contains(m.Subject, "Today in") {
				raw = m.Raw
			}
		}
		if !strings.Contains(string(raw), "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
			t.Fatalf("no List-Unsubscribe-Post header:\n%s", raw)
		}
		var unsub string
		for _, l := range apptest.Links(text) {
			if strings.Contains(l, "/unsubscribe/") {
				unsub = l
			}
		}
		if unsub == "" || !strings.Contains(string(raw), "List-Unsubscribe: <"+unsub+">") {
			t.Fatalf("unsubscribe link %q not in the header", unsub)
		}
		// Nothing new: the next run sends nothing.
		if n, err := app.Service[*network.Service](a.Server).SendDue(t.Context()); err != nil || n != 0 {
			t.Fatalf("second run sent %d (%v)", n, err)
		}

		// One click, as a mail program does it: a bare POST without cookies or CSRF token.
		req, _ := http.NewRequest(http.MethodPost, unsub, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
		}
		if n := a.Count(t, `SELECT count(*) FROM network_prefs WHERE frequency = 'off'`); n != 1 {
			t.Fatalf("%d prefs off", n)
		}
		startThread(t, host, g, "After unsubscribing", "More news.")
		if _, err := a.DB.Exec(t.Context(), `UPDATE network_prefs SET next_digest_at = $1`, a.DB.Now(t.Context()).Add(-1)); err != nil {
			t.Fatal(err)
		}
		if n, err := app.Service[*network.Service](a.Server).SendDue(t.Context()); err != nil || n != 0 {
			t.Fatalf("sent %d after unsubscribing (%v)", n, err)
		}
		apptest.MustStatus(t, a.Client(t).Get("/unsubscribe/not-a-token"), http.StatusNotFound)

		// Immediate mail: one message per post, each with its own unsubscribe link.
		mustRedirect(t, gwen, "/groups/"+g+"/settings", url.Values{"frequency": {"immediate"}})
		startThread(t, host, g, "Urgent: fridge broken", "Please check the fridge @gwen-member")
		// Again two workers at once: each notification is claimed once.
		sent := make(chan int, 2)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := app.Service[*network.Service](a.Server).SendDue(context.Background())
				if err != nil {
					t.Error(err)
				}
				sent <- n
			}()
		}
		wg.Wait()
		if n := <-sent + <-sent; n != 1 {
			t.Fatalf("immediate: %d messages queued by two workers, want 1", n)
		}
		a.MustMailTo(t, "gwen@example.org", "Hana Host mentioned you")
	})
}
