package network_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/markdown"
)

// unread is the number the menu shows beside Notifications ("" when there is none).
func unread(t *testing.T, c *apptest.Client) string {
	t.Helper()
	body := c.Get("/groups").Body
	i := strings.Index(body, `<span class="commons-nav-count">`)
	if i < 0 {
		return ""
	}
	rest := body[i+len(`<span class="commons-nav-count">`):]
	return rest[:strings.IndexByte(rest, '<')]
}

// Hosts hear of requests to join, authors of comments on their chapters and of what moderators
// did to their posts (with the reason), reporters of the outcome: in the app, counted in the
// menu, and by mail.
func TestPeopleAreToldWhatHappened(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		cerys := person(t, a, "Cerys Newydd", "cerys@example.org")
		mod := person(t, a, "Mair Moderator", "mair@example.org", identity.RoleModerator)

		closed := newGroup(t, host, "Hall Treasurers", "closed")
		if n := unread(t, host); n != "" {
			t.Fatalf("a count before anything happened: %q", n)
		}
		cerys.Get("/groups/" + closed)
		mustRedirect(t, cerys, "/groups/"+closed+"/join", nil)
		if n := unread(t, host); n != "1" {
			t.Fatalf("the host's menu count is %q, want 1", n)
		}
		r := host.Get("/notifications")
		apptest.MustContain(t, r, "Cerys Newydd asked to join Hall Treasurers", `href="/groups/`+closed+`/members"`)
		mail := a.MustMailTo(t, "hana@example.org", "Cerys Newydd asked to join Hall Treasurers")
		if !strings.Contains(mail, "/groups/"+closed+"/members") {
			t.Errorf("the mail has no link to the members' page:\n%s", mail)
		}
		mustRedirect(t, host, "/notifications/read", nil)
		if n := unread(t, host); n != "" {
			t.Errorf("still %q unread after marking all read", n)
		}
		// Approving twice: the second changes nothing, says so and is not audited.
		host.Get("/groups/" + closed + "/members")
		cerysID := ""
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = 'cerys@example.org'`).Scan(&cerysID); err != nil {
			t.Fatal(err)
		}
		mustRedirect(t, host, "/groups/"+closed+"/members/"+cerysID, url.Values{"action": {"approve"}})
		loc := mustRedirect(t, host, "/groups/"+closed+"/members/"+cerysID, url.Values{"action": {"approve"}})
		apptest.MustContain(t, host.Get(loc), "Nothing has changed")
		if n := a.Count(t, `SELECT count(*) FROM audit_log WHERE action = 'network.member.approve' AND actor_name = 'Hana Host'
			AND detail = 'Hall Treasurers: Cerys Newydd'`); n != 1 {
			t.Errorf("%d audit entries of the approval naming who did it and whom, want 1", n)
		}

		// A comment on a chapter reaches whoever drafted it.
		guide := strings.TrimPrefix(mustRedirect(t, host, "/groups/"+closed+"/guides", url.Values{"title": {"Money guide"}}), "/groups/"+closed+"/guides/")
		body := "Count the float twice.\n\nBank it on Monday."
		chapterLoc := mustRedirect(t, host, "/groups/"+closed+"/guides/"+guide+"/chapters", url.Values{"title": {"Cash"}, "body": {body}})
		paras := markdown.Paragraphs(body)
		cerys.Get(chapterLoc)
		mustRedirect(t, cerys, chapterLoc+"/comments", url.Values{"paragraph": {"1"}, "hash": {paras[1].Hash}, "comment": {"Tuesday suits the bank better."}})
		apptest.MustContain(t, host.Get("/notifications"), "Cerys Newydd commented on your chapter Cash", "Tuesday suits the bank better.")
		a.MustMailTo(t, "hana@example.org", "Cerys Newydd commented on your chapter Cash")

		// A post hidden with a reason: its author hears why, its reporter the outcome.
		thread := startThread(t, cerys, closed, "Float", "Call me on 07700 900123")
		var postID string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM network_posts WHERE body = 'Call me on 07700 900123'`).Scan(&postID); err != nil {
			t.Fatal(err)
		}
		host.Get(thread)
		mustRedirect(t, host, "/groups/"+closed+"/posts/"+postID+"/report", url.Values{"reason": {"A phone number"}})
		mod.Get("/moderation")
		mustRedirect(t, mod, "/moderation/posts/"+postID, url.Values{"action": {"hide"}, "reason": {"Personal contact details"}})
		r = cerys.Get("/notifications")
		apptest.MustContain(t, r, "A moderator hid your post in Float", "The reason given: Personal contact details")
		a.MustMailTo(t, "cerys@example.org", "A moderator hid your post in Float")
		apptest.MustContain(t, host.Get("/notifications"), "The post you reported in Float: the moderators hid it")
		a.MustMailTo(t, "hana@example.org", "The post you reported in Float")
		if strings.Contains(host.Get("/notifications").Body, "Mair Moderator") {
			t.Error("the reporter is told who the moderator was")
		}

		// The same as data: every kind with the sentence the page shows and where it leads,
		// and still no moderator's name.
		var list []struct{ Kind, Text, URL, Author string }
		r = cerys.Get("/notifications.json")
		if err := json.Unmarshal([]byte(r.Body), &list); err != nil {
			t.Fatalf("%v: %s", err, r.Body)
		}
		hidden := false
		for _, n := range list {
			if n.Kind == "post_hidden" && n.Text == "A moderator hid your post in Float" && strings.HasPrefix(n.URL, "/groups/") && n.Author == "" {
				hidden = true
			}
		}
		if !hidden {
			t.Errorf("the hidden post's notice is missing from the data or lacks its text: %s", r.Body)
		}
		r = host.Get("/notifications.json")
		list = nil
		if err := json.Unmarshal([]byte(r.Body), &list); err != nil {
			t.Fatalf("%v: %s", err, r.Body)
		}
		got := map[string]string{}
		for _, n := range list {
			got[n.Text] = n.Kind + "/" + n.Author
		}
		for text, want := range map[string]string{"Cerys Newydd asked to join Hall Treasurers": "join_request/Cerys Newydd",
			"The post you reported in Float: the moderators hid it": "report_outcome/"} {
			if got[text] != want {
				t.Errorf("the host's data has %q as %q, want %q: %s", text, got[text], want, r.Body)
			}
		}
		if strings.Contains(r.Body, "Mair Moderator") {
			t.Error("the data names the moderator")
		}

		// Welsh, on the page and in the data.
		host.Get("/notifications?lang=cy")
		apptest.MustContain(t, host.Get("/notifications"), "Gofynnodd Cerys Newydd am ymuno â Hall Treasurers")
		apptest.MustContain(t, host.Get("/notifications.json"), "Gofynnodd Cerys Newydd am ymuno â Hall Treasurers")
	})
}

// An @mention of a member links to their page in the group; other handles stay text.
func TestMentionsLinkToThePerson(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	host := person(t, a, "Hana Host", "hana@example.org")
	gwen := person(t, a, "Gwen Member", "gwen@example.org")
	g := newGroup(t, host, "Village Halls", "open")
	gwen.Get("/groups/" + g)
	mustRedirect(t, gwen, "/groups/"+g+"/join", nil)
	var gwenID string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = 'gwen@example.org'`).Scan(&gwenID); err != nil {
		t.Fatal(err)
	}
	thread := startThread(t, host, g, "Energy bills", "What do you pay, @gwen-member? Ask @nobody-here too.")
	r := a.Client(t).Get(thread)
	apptest.MustContain(t, r, `href="/groups/`+g+`/members/`+gwenID+`">@gwen-member</a>`, "Ask @nobody-here too.")
	r = a.Client(t).Get("/groups/" + g + "/members/" + gwenID)
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Gwen Member", "@gwen-member")
	apptest.MustStatus(t, a.Client(t).Get("/groups/"+g+"/members/00000000-0000-4000-8000-000000000001"), http.StatusNotFound)
}

// Images attached to a post show in it, described for people who cannot see them; an image
// without a description is refused with the text kept.
func TestImagesShowInThePost(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	host := person(t, a, "Hana Host", "hana@example.org")
	g := newGroup(t, host, "Pictures", "open")
	host.Get("/groups/" + g + "/threads/new")
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 40)
	post := func(alt string) *apptest.Response {
		body, ct := multipartField(map[string]string{"csrf_token": host.CSRF, "title": "Ramp", "body": "The new ramp", "idem": key(), "alt1": alt}, "file1", "ramp.png", png)
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/groups/"+g+"/threads", strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		return host.Do(req)
	}
	r := post("  ")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Describe what the image shows", "The new ramp", `href="#alt1"`)
	r = post("A wooden ramp up to the hall's side door")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	page := a.Client(t).Get(r.Location())
	apptest.MustContain(t, page, `<img class="commons-post__image" src="/groups/`+g+`/attachments/`, `alt="A wooden ramp up to the hall`)
	if strings.Contains(page.Body, `<ul class="govuk-list"></ul>`) {
		t.Error("an empty list of files")
	}
}

func multipartField(fields map[string]string, field, filename, content string) (string, string) {
	const b = "----commonsboundary"
	var s strings.Builder
	for k, v := range fields {
		s.WriteString("--" + b + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
	}
	s.WriteString("--" + b + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\nContent-Type: image/png\r\n\r\n" + content + "\r\n")
	s.WriteString("--" + b + "--\r\n")
	return s.String(), "multipart/form-data; boundary=" + b
}

// A host invites someone with no account by email; registering with that address joins the
// group. Someone with an account is invited as before, and the form says the same either way.
func TestInviteByEmail(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		person(t, a, "Gwen Member", "gwen@example.org")
		g := newGroup(t, host, "Committee", "private")
		host.Get("/groups/" + g + "/members")
		for _, tc := range []struct{ email, want string }{{"", "Enter their email address"}, {"not an address", "Enter an email address in the correct format"}} {
			r := host.PostForm("/groups/"+g+"/members", url.Values{"email": {tc.email}})
			apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
			apptest.MustContain(t, r, tc.want)
		}
		a1 := mustRedirect(t, host, "/groups/"+g+"/members", url.Values{"email": {"New.Person@Example.org"}})
		a2 := mustRedirect(t, host, "/groups/"+g+"/members", url.Values{"email": {"gwen@example.org"}})
		if a1 != a2 {
			t.Errorf("the answers differ: %q and %q", a1, a2)
		}
		apptest.MustContain(t, host.Get("/groups/"+g+"/members"), "Invited by email, not joined yet", "new.person@example.org")
		a.MustMailTo(t, "gwen@example.org", "You are invited to Committee")
		mail := a.MustMailTo(t, "new.person@example.org", "You are invited to join Committee on Commons")
		link := ""
		for _, l := range apptest.Links(mail) {
			if strings.Contains(l, "/invitations/") {
				link = l
			}
		}
		if link == "" {
			t.Fatalf("no invitation link in:\n%s", mail)
		}
		// The link's page, signed out, offers to register with the address.
		visitor := a.Client(t)
		r := visitor.Get(link)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Hana Host has invited you to join Committee", "/register?email=new.person%40example.org")
		r = visitor.Get("/register?email=new.person%40example.org")
		apptest.MustContain(t, r, `value="new.person@example.org"`)
		r = visitor.PostForm("/register", url.Values{"name": {"Nia Newydd"}, "email": {"new.person@example.org"}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusOK)
		confirm := apptest.Link(a.MustMailTo(t, "new.person@example.org", "Confirm your email address"))
		visitor.Get(confirm)
		visitor.PostForm(confirm, nil)
		visitor.SignIn("new.person@example.org", pw)
		apptest.MustContain(t, visitor.Get("/groups/"+g), "Leave this group")
		apptest.MustStatus(t, visitor.Get(link), http.StatusGone)
	})
}

// An invitation link works for whoever follows it signed in, once.
func TestInvitationLinkSignedIn(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	host := person(t, a, "Hana Host", "hana@example.org")
	other := person(t, a, "Owain Other", "owain@example.org")
	g := newGroup(t, host, "Committee", "private")
	host.Get("/groups/" + g + "/members")
	mustRedirect(t, host, "/groups/"+g+"/members", url.Values{"email": {"owain.at.home@example.org"}})
	var link string
	for _, l := range apptest.Links(a.MustMailTo(t, "owain.at.home@example.org", "You are invited")) {
		if strings.Contains(l, "/invitations/") {
			link = l
		}
	}
	r := other.Get(link)
	apptest.MustContain(t, r, "Join Committee")
	loc := mustRedirect(t, other, link, nil)
	if loc != "/groups/"+g {
		t.Errorf("accepting goes to %q", loc)
	}
	apptest.MustContain(t, other.Get(loc), "Leave this group")
	apptest.MustStatus(t, other.PostForm(link, nil), http.StatusGone)
}
