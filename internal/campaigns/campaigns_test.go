package campaigns_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/campaigns"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
)

const pw = "correct horse battery"

var campaignRE = regexp.MustCompile(`/campaigns/([0-9a-f-]{36})`)
var petitionRE = regexp.MustCompile(`/petitions/([0-9a-f-]{36})`)

// borough is a test borough: an area whose postcode districts are AH3 and AH4, an admin, a
// campaigner (Gwen) and a neighbour.
type borough struct {
	a      *apptest.App
	svc    *campaigns.Service
	admin  *actor.Actor
	areaID string
	gwen   *apptest.Client
	gwenID string
}

func newBorough(t *testing.T, a *apptest.App) *borough {
	t.Helper()
	b := &borough{a: a, svc: app.Service[*campaigns.Service](a.Server)}
	b.admin = &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin), Roles: []string{identity.RoleAdmin}}
	ar, err := a.Identity.SaveArea(context.Background(), b.admin, "", identity.AreaInput{Name: "Nant", Kind: "ward", PostcodeDistricts: "AH3 AH4"})
	if err != nil {
		t.Fatal(err)
	}
	b.areaID = ar.ID
	b.gwenID = a.MustAccount(t, "Gwen Campaigner", "gwen@example.org", pw)
	b.gwen = a.Client(t)
	b.gwen.SignIn("gwen@example.org", pw)
	return b
}

// start starts and publishes a campaign in the area through the pages.
func (b *borough) start(t *testing.T) string {
	t.Helper()
	b.gwen.Get("/campaigns/new")
	r := b.gwen.PostForm("/campaigns", url.Values{"title": {"Keep the evening bus"}, "aim": {"Bring back the 19:40 bus."},
		"issue": {"The last bus leaves at 18:10."}, "area_id": {b.areaID}, "stage": {"building"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := campaignRE.FindStringSubmatch(r.Location())[1]
	b.gwen.Get("/campaigns/" + id + "/manage")
	apptest.MustStatus(t, b.gwen.PostForm("/campaigns/"+id+"/manage", url.Values{"title": {"Keep the evening bus"}, "aim": {"Bring back the 19:40 bus."},
		"issue": {"The last bus leaves at 18:10."}, "area_id": {b.areaID}, "stage": {"building"}, "published": {"yes"}}), http.StatusSeeOther)
	return id
}

func TestCampaignSupportConversationsAndActions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		b := newBorough(t, a)
		// A mistake first: the form comes back with what was typed.
		b.gwen.Get("/campaigns/new")
		r := b.gwen.PostForm("/campaigns", url.Values{"title": {"Keep the evening bus"}, "aim": {""}, "issue": {"x"}, "stage": {"building"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter the campaign's aim", `value="Keep the evening bus"`)
		id := b.start(t)

		// A neighbour supports it and confirms by mail; the count says one.
		visitor := a.Client(t)
		visitor.Get("/campaigns/" + id)
		r = visitor.PostForm("/campaigns/"+id+"/support", url.Values{"name": {"Nia Neighbour"}, "email": {"nia@example.net"}, "postcode": {"ah3 5nv"}, "contact_ok": {"yes"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, visitor.Follow(r), "Check your email")
		link := apptest.Link(a.MustMailTo(t, "nia@example.net", "Confirm your support for Keep the evening bus"))
		apptest.MustContain(t, visitor.Get(link), "Confirm that you support Keep the evening bus")
		apptest.MustStatus(t, visitor.PostForm(strings.TrimPrefix(link, a.URL), url.Values{}), http.StatusSeeOther)
		apptest.MustContain(t, visitor.Get("/campaigns/"+id), "1 supporter")
		apptest.MustStatus(t, visitor.PostForm(strings.TrimPrefix(link, a.URL), url.Values{}), http.StatusNotFound) // spent

		// The same address again: the same answer, and a mail to the address, not a second supporter.
		visitor.Get("/campaigns/" + id)
		apptest.MustStatus(t, visitor.PostForm("/campaigns/"+id+"/support", url.Values{"name": {"Someone"}, "email": {"NIA@example.net"}, "postcode": {"AH3 5NV"}}), http.StatusSeeOther)
		a.MustMailTo(t, "nia@example.net", "You already support Keep the evening bus")
		if n := a.Count(t, `SELECT count(*) FROM camp_supporters WHERE campaign_id = $1`, id); n != 1 {
			t.Errorf("%d supporters", n)
		}

		// Gwen adds a paper supporter on someone's behalf: recorded as such; they are told.
		b.gwen.Get("/campaigns/" + id + "/supporters")
		r = b.gwen.PostForm("/campaigns/"+id+"/supporters", url.Values{"channel": {"paper"}, "name": {"Mr Hughes"}, "email": {"hughes@example.net"}, "postcode": {"AH3 1AB"}, "lang": {"cy"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		a.MustMailTo(t, "hughes@example.net", "Rydych wedi'ch ychwanegu fel cefnogwr Keep the evening bus")
		r = b.gwen.Get("/campaigns/" + id + "/supporters")
		apptest.MustContain(t, r, "Mr Hughes", "On paper", "added by the team on their behalf", "nia@example.net")

		// A one-to-one, seen by the team only.
		b.gwen.Get("/campaigns/" + id + "/conversations")
		day := a.Clock.Now().In(london).Format(time.DateOnly)
		apptest.MustStatus(t, b.gwen.PostForm("/campaigns/"+id+"/conversations", url.Values{"person_name": {"Carys the night nurse"},
			"contact": {"Carys@Example.net"}, "held_on": {day}, "cares_about": {"Getting home after late shifts."}, "next_step": {"Bring two colleagues."}}), http.StatusSeeOther)
		apptest.MustContain(t, b.gwen.Get("/campaigns/"+id+"/conversations"), "Carys the night nurse", "Getting home after late shifts.")
		a.MustAccount(t, "Rhys", "rhys@example.org", pw)
		rhys := a.Client(t)
		rhys.SignIn("rhys@example.org", pw)
		apptest.MustStatus(t, rhys.Get("/campaigns/"+id+"/conversations"), http.StatusForbidden)
		apptest.MustStatus(t, rhys.Get("/campaigns/"+id+"/supporters"), http.StatusForbidden)
		apptest.MustNotContain(t, rhys.Get("/campaigns/"+id), "Carys", "nia@example.net", "Nia Neighbour")

		// Actions: a meeting with its turnout; an event needs its address.
		b.gwen.Get("/campaigns/" + id + "/actions")
		r = b.gwen.PostForm("/campaigns/"+id+"/actions", url.Values{"action_kind": {"event"}, "action_title": {"Walk the route"}, "action_on": {day}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Give the event's address on Commons")
		apptest.MustStatus(t, b.gwen.PostForm("/campaigns/"+id+"/actions", url.Values{"action_kind": {"meeting"}, "action_title": {"Public meeting at the hall"},
			"action_on": {day}, "action_turnout": {"34"}, "action_outcome": {"Twelve offered to help."}}), http.StatusSeeOther)
		r = rhys.Get("/campaigns/" + id)
		apptest.MustContain(t, r, "Public meeting at the hall", "34 people took part", "Twelve offered to help.",
			`role="img"`, "How support and actions grew", "Supporters", "Actions taken")
		// The team's names only with consent: Gwen did not agree, so the page counts.
		apptest.MustContain(t, r, "A team of 1")
		apptest.MustNotContain(t, r, "Gwen Campaigner")
		apptest.MustStatus(t, b.gwen.PostForm("/campaigns/"+id+"/team/name", url.Values{"show_name": {"yes"}}), http.StatusSeeOther)
		apptest.MustContain(t, rhys.Get("/campaigns/"+id), "Gwen Campaigner")
	})
}

var london = func() *time.Location { l, _ := time.LoadLocation("Europe/London"); return l }()

// newPetition starts a petition on a published campaign through the pages.
func (b *borough) newPetition(t *testing.T, id string) string {
	t.Helper()
	b.gwen.Get("/campaigns/" + id + "/petitions/new")
	r := b.gwen.PostForm("/campaigns/"+id+"/petitions", url.Values{"petition_title": {"Restore the 19:40 bus"}, "petition_ask": {"We ask the council to restore it."},
		"petition_target": {"Transport committee"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	return petitionRE.FindStringSubmatch(r.Location())[1]
}

func TestPetitionInTheAreaConfirmedCountedDeliveredAndAnswered(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		b := newBorough(t, a)
		id := b.start(t)
		pid := b.newPetition(t, id)
		page := "/campaigns/" + id + "/petitions/" + pid
		visitor := a.Client(t)

		// From outside the area: refused, with what was typed kept.
		visitor.Get(page)
		r := visitor.PostForm(page+"/sign", url.Values{"name": {"Owain Outside"}, "email": {"owain@example.net"}, "postcode": {"AH9 1AA"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "your postcode is outside it", `value="Owain Outside"`)

		// Inside: confirmed by the link, counted once.
		apptest.MustStatus(t, visitor.PostForm(page+"/sign", url.Values{"name": {"Nia"}, "email": {"nia@example.net"}, "postcode": {"AH4 2PB"}}), http.StatusSeeOther)
		link := strings.TrimPrefix(apptest.Link(a.MustMailTo(t, "nia@example.net", "Confirm your signature: Restore the 19:40 bus")), a.URL)
		apptest.MustContain(t, visitor.Get(page), "0 signatures")
		visitor.Get(link)
		apptest.MustStatus(t, visitor.PostForm(link, url.Values{}), http.StatusSeeOther)
		apptest.MustContain(t, visitor.Get(page), "1 signature")
		// One per email: signing again changes nothing and says so by mail.
		apptest.MustStatus(t, visitor.PostForm(page+"/sign", url.Values{"name": {"Nia"}, "email": {"nia@example.net"}, "postcode": {"AH4 2PB"}}), http.StatusSeeOther)
		a.MustMailTo(t, "nia@example.net", "You have already signed")

		// Another signer clicks their link many times at once: counted once.
		apptest.MustStatus(t, visitor.PostForm(page+"/sign", url.Values{"name": {"Tomos"}, "email": {"tomos@example.net"}, "postcode": {"AH3 1AA"}}), http.StatusSeeOther)
		token := strings.TrimPrefix(apptest.Link(a.MustMailTo(t, "tomos@example.net", "Confirm your signature")), a.URL+"/campaigns/"+id+"/petitions/"+pid+"/confirm/")
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = b.svc.ConfirmSignature(context.Background(), token) }()
		}
		wg.Wait()
		if n := a.Count(t, `SELECT signatures FROM camp_petitions WHERE id = $1`, pid); n != 2 {
			t.Fatalf("count %d, want 2", n)
		}

		// A paper signature, added by the team, counts at once; outside the area it is refused too.
		b.gwen.Get(page + "/manage")
		r = b.gwen.PostForm(page+"/signatures", url.Values{"sig_channel": {"paper"}, "sig_name": {"Mrs Evans"}, "sig_postcode": {"AH10 3YR"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "your postcode is outside it")
		apptest.MustStatus(t, b.gwen.PostForm(page+"/signatures", url.Values{"sig_channel": {"paper"}, "sig_name": {"Mrs Evans"}, "sig_postcode": {"AH3 4EV"}}), http.StatusSeeOther)
		apptest.MustContain(t, b.gwen.Get(page+"/manage"), "3 signatures", "Mrs Evans", "On paper")

		// Delivered with its count: signing stops and every signer with an address is told.
		day := a.Clock.Now().In(london).Format(time.DateOnly)
		apptest.MustStatus(t, b.gwen.PostForm(page+"/deliver", url.Values{"delivered_on": {day}, "delivered_to": {"Full council"}}), http.StatusSeeOther)
		for _, to := range []string{"nia@example.net", "tomos@example.net"} {
			text := a.MustMailTo(t, to, "The petition you signed has been delivered")
			if !strings.Contains(text, "with 3 signatures") {
				t.Errorf("delivery mail:\n%s", text)
			}
		}
		apptest.MustContain(t, visitor.Get(page), "Full council", "with 3 signatures", "no longer taking signatures")
		r = visitor.PostForm(page+"/sign", url.Values{"name": {"Late"}, "email": {"late@example.net"}, "postcode": {"AH3 1AA"}})
		apptest.MustStatus(t, r, http.StatusConflict)
		// The answer is recorded and the signers told.
		apptest.MustStatus(t, b.gwen.PostForm(page+"/answer", url.Values{"answer": {"The bus returns in April."}, "answered_on": {day}}), http.StatusSeeOther)
		if text := a.MustMailTo(t, "nia@example.net", "The answer to the petition you signed"); !strings.Contains(text, "The bus returns in April.") {
			t.Errorf("answer mail:\n%s", text)
		}
		apptest.MustContain(t, visitor.Get("/campaigns/"+id), "Deputation", "Delivered with 3 signatures.")
	})
}

func TestErasureOnRequest(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		b := newBorough(t, a)
		id := b.start(t)
		pid := b.newPetition(t, id)
		gwen := &actor.Actor{ID: b.gwenID, Name: "Gwen", Email: "gwen@example.org"}
		if err := b.svc.AddSupporter(ctx, gwen, id, campaigns.PersonInput{Name: "Carys", Email: "carys@example.net", Postcode: "AH3 1AA", Channel: "phone"}); err != nil {
			t.Fatal(err)
		}
		if err := b.svc.AddSignature(ctx, gwen, id, pid, campaigns.PersonInput{Name: "Carys", Email: "carys@example.net", Postcode: "AH3 1AA", Channel: "paper"}); err != nil {
			t.Fatal(err)
		}
		if err := b.svc.LogConversation(ctx, gwen, id, campaigns.ConversationInput{PersonName: "Carys", Contact: "carys@example.net",
			HeldOn: a.Clock.Now().In(london).Format(time.DateOnly), CaresAbout: "Late shifts."}); err != nil {
			t.Fatal(err)
		}
		visitor := a.Client(t)
		visitor.Get("/campaigns/" + id + "/erase")
		apptest.MustStatus(t, visitor.PostForm("/campaigns/"+id+"/erase", url.Values{"name": {"Carys"}, "email": {"Carys@example.net"}}), http.StatusSeeOther)
		team := a.MustMailTo(t, "gwen@example.org", "Someone asked for their record to be erased")
		if !strings.Contains(team, "carys@example.net") {
			t.Errorf("team mail:\n%s", team)
		}
		link := strings.TrimPrefix(apptest.Link(a.MustMailTo(t, "carys@example.net", "Confirm: erase your record")), a.URL)
		visitor.Get(link)
		r := visitor.PostForm(link, url.Values{})
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Your record has been erased")
		a.MustMailTo(t, "gwen@example.org", "A record has been erased")
		a.MustMailTo(t, "carys@example.net", "Your record has been erased")
		for _, q := range []string{`SELECT count(*) FROM camp_supporters WHERE email = 'carys@example.net'`, `SELECT count(*) FROM camp_signatures WHERE email = 'carys@example.net'`,
			`SELECT count(*) FROM camp_conversations WHERE contact = 'carys@example.net'`, `SELECT count(*) FROM camp_erasures WHERE email = 'carys@example.net'`,
			`SELECT signatures FROM camp_petitions`} {
			if n := a.Count(t, q); n != 0 {
				t.Errorf("%s: %d", q, n)
			}
		}
		apptest.MustStatus(t, visitor.PostForm(link, url.Values{}), http.StatusNotFound)
	})
}

// TestNoSupportersPersonalDataInOpenOutputs reads every open output of the demo borough's
// campaigns, as anyone, and finds no supporter's, signer's or conversation's name, address or
// postcode, and no team member who did not agree to be named.
func TestNoSupportersPersonalDataInOpenOutputs(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	if err := a.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, q := range []string{
		`SELECT name FROM camp_supporters WHERE name <> ''`, `SELECT email FROM camp_supporters WHERE email IS NOT NULL`, `SELECT postcode FROM camp_supporters WHERE postcode <> ''`,
		`SELECT name FROM camp_signatures WHERE name <> ''`, `SELECT email FROM camp_signatures WHERE email IS NOT NULL`, `SELECT postcode FROM camp_signatures WHERE postcode <> ''`,
		`SELECT person_name FROM camp_conversations`, `SELECT contact FROM camp_conversations WHERE contact <> ''`, `SELECT cares_about FROM camp_conversations`,
	} {
		found, err := db.Strings(ctx, a.DB, q)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, found...)
	}
	if len(secrets) < 300 {
		t.Fatalf("only %d things to look for: the demo has changed?", len(secrets))
	}
	secrets = append(secrets, "Rhys Resident") // leads the crossing campaign without agreeing to be named
	c := a.Client(t)
	paths := []string{"/campaigns", "/campaigns.json", "/campaigns.csv", "/campaigns/petitions.csv", "/api/v1/campaigns", "/social-action"}
	var list struct {
		Items []struct {
			ID        string `json:"id"`
			Petitions []struct {
				ID string `json:"id"`
			} `json:"petitions"`
		} `json:"items"`
	}
	r := c.Get("/api/v1/campaigns")
	if err := json.Unmarshal([]byte(r.Body), &list); err != nil || len(list.Items) != 2 {
		t.Fatalf("%v %s", err, r.Body)
	}
	for _, it := range list.Items {
		paths = append(paths, "/campaigns/"+it.ID, "/campaigns/"+it.ID+"?lang=cy", "/api/v1/campaigns/"+it.ID, "/api/v1/campaigns/"+it.ID+"/petitions",
			"/api/v1/campaigns/"+it.ID+"/actions", "/campaigns/"+it.ID+"/erase")
		for _, p := range it.Petitions {
			paths = append(paths, "/campaigns/"+it.ID+"/petitions/"+p.ID)
		}
	}
	for _, p := range paths {
		r := c.Get(p)
		if r.Status != http.StatusOK && r.Status != http.StatusSeeOther {
			t.Errorf("%s: %d", p, r.Status)
		}
		for _, s := range secrets {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s shows %q", p, s)
			}
		}
	}
	// The team's pages are not open.
	for _, it := range list.Items {
		for _, p := range []string{"/manage", "/supporters", "/conversations", "/actions"} {
			if r := c.Get("/campaigns/" + it.ID + p); r.Status != http.StatusSeeOther {
				t.Errorf("%s%s answered %d to someone signed out", it.ID, p, r.Status)
			}
		}
	}
}
