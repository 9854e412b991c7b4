package knowledge_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
	"commons/internal/network"
	"commons/internal/platform/actor"
)

func searchFor(c *apptest.Client, q string, extra ...string) *apptest.Response {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return c.Get("/search?" + v.Encode())
}

// One search across Commons finds what every capability offers, stemmed in English and Welsh,
// and only where the reader may see it: a private group's discussion reaches its members and
// no one else, a draft case study no one (not even its editor, in the search), and a change
// reaches the index when it is refreshed.
func TestSearchFindsOnlyWhatTheReaderMaySee(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := t.Context()
		if err := a.LoadDemo(ctx); err != nil {
			t.Fatal(err)
		}
		sx := app.Service[*knowledge.Search](a.Server)
		net := app.Service[*network.Service](a.Server)
		ks := app.Service[*knowledge.Service](a.Server)
		memberID := a.MustAccount(t, "Mair Member", "mair@example.org", pw)
		a.MustAccount(t, "Owen Outsider", "owen@example.org", pw)
		editorID := a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		member := &actor.Actor{ID: memberID, Roles: []string{"resident"}}
		editor := &actor.Actor{ID: editorID, Roles: []string{"resident", "officer"}}

		private, err := net.CreateGroup(ctx, member, network.GroupInput{Name: "Meadow keepers", Description: "Private planning.", Visibility: network.Private})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := net.StartThread(ctx, member, "", private.ID, network.PostInput{Title: "Secret wildflower <b>meadow</b> plans", Body: "Sowing yellow rattle in March.", IdemKey: "search-test-key-0001"}); err != nil {
			t.Fatal(err)
		}
		open, err := net.CreateGroup(ctx, member, network.GroupInput{Name: "Wildflower friends", Description: "Anyone who loves meadows.", Visibility: network.Open})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := net.StartThread(ctx, member, "", open.ID, network.PostInput{Title: "Open wildflower walk", Body: "Saturday at ten.", IdemKey: "search-test-key-0002"}); err != nil {
			t.Fatal(err)
		}
		guide, err := net.CreateGuide(ctx, member, open.ID, "Meadow care guide")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := net.AddChapter(ctx, member, open.ID, guide, "Mowing", "Cut the wildflower meadow in late summer and take the hay away."); err != nil {
			t.Fatal(err)
		}
		if err := net.Publish(ctx, member, open.ID, guide); err != nil {
			t.Fatal(err)
		}
		unpublished, err := net.CreateGuide(ctx, member, open.ID, "Unpublished wildflower plan")
		if err != nil {
			t.Fatal(err)
		}
		draft, err := ks.SaveCase(ctx, editor, "", knowledge.CaseInput{Title: knowledge.Text{En: "Wildflower verges draft"}, Summary: knowledge.Text{En: "Not ready."}, Story: knowledge.Text{En: "Drafting."}, Place: "Nant", Year: "2025"})
		if err != nil {
			t.Fatal(err)
		}
		welsh, err := ks.SaveCase(ctx, editor, "", knowledge.CaseInput{Title: knowledge.Text{En: "Orchard for all", Cy: "Perllan y gymuned"},
			Summary: knowledge.Text{En: "Planting trees together.", Cy: "Plannu coed gyda'n gilydd."}, Story: knowledge.Text{En: "We planted."}, Place: "Nant", Year: "2025"})
		if err != nil {
			t.Fatal(err)
		}
		if err := ks.SetCasePublished(ctx, editor, welsh.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := sx.RefreshNow(ctx); err != nil {
			t.Fatal(err)
		}

		// Every capability offers its documents.
		for _, kind := range []string{"method", "case", "media", "course", "toolkit", "document", "group", "thread", "guide", "asset", "event", "idea", "project", "coproduction", "opportunity", "campaign"} {
			if n := a.Count(t, `SELECT count(*) FROM search_docs WHERE kind = $1`, kind); n == 0 {
				t.Errorf("the index holds no %s", kind)
			}
		}

		stranger, outsider, mair, olwen := a.Client(t), a.Client(t), a.Client(t), a.Client(t)
		outsider.SignIn("owen@example.org", pw)
		mair.SignIn("mair@example.org", pw)
		olwen.SignIn("olwen@example.org", pw)
		for name, c := range map[string]*apptest.Client{"a stranger": stranger, "a signed-in outsider": outsider, "an officer": olwen} {
			r := searchFor(c, "wildflowers")
			apptest.MustStatus(t, r, http.StatusOK)
			apptest.MustContain(t, r, "Open <mark>wildflower</mark> walk", "/groups/"+open.ID+"/threads/")
			if strings.Contains(r.Body, "Secret") || strings.Contains(r.Body, "Meadow keepers") || strings.Contains(r.Body, private.ID) {
				t.Errorf("%s found the private group's discussion:\n%s", name, apptest.Excerpt(r.Body))
			}
			if strings.Contains(r.Body, "verges draft") || strings.Contains(r.Body, draft.ID) {
				t.Errorf("%s found a draft case study", name)
			}
		}
		// A published guide is found by the words of its chapters; one not published is not.
		r := searchFor(stranger, "hay", "kind", "guide")
		apptest.MustContain(t, r, "/groups/"+open.ID+"/guides/"+guide, "1 result")
		apptest.MustNotContain(t, searchFor(stranger, "unpublished"), unpublished)
		// The member finds their private group's discussion, its title escaped, the words marked.
		r = searchFor(mair, "wildflower meadow")
		if !strings.Contains(r.Body, "Secret <mark>wildflower</mark> &lt;b&gt;<mark>meadow</mark>&lt;/b&gt; plans") {
			t.Errorf("the member's result, escaped and marked, is not there:\n%s", apptest.Excerpt(r.Body))
		}
		r = searchFor(mair, "meadow keepers", "kind", "group")
		apptest.MustContain(t, r, "<mark>Meadow</mark> <mark>keepers</mark>", "1 result")
		// The API answers the same, for the same reader.
		var body knowledge.APISearchBody
		r = mair.Get("/api/v1/search?q=yellow+rattle")
		apptest.MustStatus(t, r, http.StatusOK)
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Total != 1 || body.Items[0].Kind != "thread" {
			t.Errorf("API as the member: %s", r.Body)
		}
		r = stranger.Get("/api/v1/search?q=yellow+rattle")
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Total != 0 {
			t.Errorf("API as a stranger: %s", r.Body)
		}
		// A member who leaves the group no longer finds it: membership is asked at search time.
		if _, err := a.DB.Exec(ctx, `DELETE FROM network_members WHERE group_id = $1`, private.ID); err != nil {
			t.Fatal(err)
		}
		apptest.MustNotContain(t, searchFor(mair, "yellow rattle"), "Secret")

		// Welsh stemming: a mutated, plural search finds the radical, on a Welsh page too.
		r = searchFor(stranger, "cymunedau")
		apptest.MustContain(t, r, "Orchard for all")
		cy := a.Client(t)
		r = cy.Follow(cy.Get("/search?lang=cy&q=" + url.QueryEscape("gymuned")))
		apptest.MustContain(t, r, "Perllan y <mark>gymuned</mark>")
		// English stemming: "planting" finds "Planting", "tree" finds "trees".
		apptest.MustContain(t, searchFor(stranger, "plant tree"), "Orchard for all")

		// Unpublishing takes the case study out at the next refresh.
		if err := ks.SetCasePublished(ctx, editor, welsh.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := sx.RefreshNow(ctx); err != nil {
			t.Fatal(err)
		}
		apptest.MustNotContain(t, searchFor(stranger, "orchard"), "/cases/"+welsh.ID)

		// A write through the site tells the index at once: the job's next run takes it in,
		// though the index was refreshed moments ago.
		olwen.Get("/cases/" + welsh.ID)
		apptest.MustStatus(t, olwen.PostForm("/cases/"+welsh.ID+"/publish", url.Values{}), http.StatusSeeOther)
		a.Clock.Advance(11 * time.Second)
		if _, err := sx.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		apptest.MustContain(t, searchFor(stranger, "orchard"), "/cases/"+welsh.ID)
		// A change no write announced (a server that died before its refresh) is taken in by
		// the periodic run once the index is 30 seconds old, and not before.
		if err := ks.SetCasePublished(ctx, editor, welsh.ID, false); err != nil {
			t.Fatal(err)
		}
		a.Clock.Advance(11 * time.Second)
		if _, err := sx.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		apptest.MustContain(t, searchFor(stranger, "orchard"), "/cases/"+welsh.ID)
		a.Clock.Advance(31 * time.Second)
		if _, err := sx.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		apptest.MustNotContain(t, searchFor(stranger, "orchard"), "/cases/"+welsh.ID)

		// Filters: a kind the search does not know is refused with a message; an area narrows.
		r = searchFor(stranger, "community", "kind", "spaceship")
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Choose a kind from the list")
		var area string
		if err := a.DB.QueryRow(ctx, `SELECT area_id FROM search_docs WHERE kind = 'asset' AND area_id <> '' LIMIT 1`).Scan(&area); err != nil {
			t.Fatal(err)
		}
		var total, inArea knowledge.APISearchBody
		_ = json.Unmarshal([]byte(stranger.Get("/api/v1/search?kind=asset&q=the").Body), &total)
		_ = json.Unmarshal([]byte(stranger.Get("/api/v1/search?kind=asset&q=the&area="+area).Body), &inArea)
		for _, h := range inArea.Items {
			if h.AreaID != area || h.Kind != "asset" {
				t.Errorf("area and kind filter let through %+v", h)
			}
		}
		// A long search is cut to its first words, and says so.
		r = searchFor(stranger, strings.Repeat("garden ", 300))
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Only the first 8 words")
		apptest.MustStatus(t, stranger.Get("/api/v1/search?q=x&limit=500"), http.StatusUnprocessableEntity)
	})
}
