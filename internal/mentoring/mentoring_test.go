package mentoring_test

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
	"commons/internal/identity"
	"commons/internal/mentoring"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/place"
)

const pw = "correct horse battery"

// postcodes stands in for the asset map's postcode file (LocatePostcode, CONTRACTS.md).
type postcodes map[string]place.Point

func (p postcodes) LocatePostcode(_ context.Context, pc string) (place.Point, error) {
	if pt, ok := p[pc]; ok {
		return pt, nil
	}
	return place.Point{}, errs.E(errs.NotFound, "error.not_found")
}

var testPostcodes = postcodes{
	"AH3 5NV": {Lat: 51.6312, Lng: -3.9702}, // Nant
	"AH4 2PB": {Lat: 51.6405, Lng: -3.9865}, // Bryn, 1.7 km away
	"AH1 4CL": {Lat: 51.6221, Lng: -3.9462}, // the library, 2 km from Bryn... and a council service
}

// programme is a test borough with three organisations and their members.
type programme struct {
	a                  *apptest.App
	svc                *mentoring.Service
	admin              *actor.Actor
	nant, bryn, lib    string
	gwen, bryn1, libby *apptest.Client
}

func newProgramme(t *testing.T, a *apptest.App) *programme {
	t.Helper()
	ctx := context.Background()
	p := &programme{a: a, svc: app.Service[*mentoring.Service](a.Server)}
	p.svc.Locator = testPostcodes
	p.admin = &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin), Roles: []string{identity.RoleAdmin}}
	area, err := a.Identity.SaveArea(ctx, p.admin, "", identity.AreaInput{Name: "Nant", Kind: "ward", PostcodeDistricts: "AH3 AH4"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct {
		name, sector, email string
		id                  *string
		c                   **apptest.Client
	}{
		{"Nant Hall", "vcf", "gwen@example.org", &p.nant, &p.gwen},
		{"Bryn Hall", "vcf", "bryn@example.org", &p.bryn, &p.bryn1},
		{"Castle Library", "public", "libby@example.org", &p.lib, &p.libby},
	} {
		org, err := a.Identity.SaveOrganisation(ctx, p.admin, "", identity.OrganisationInput{Name: o.name, Sector: o.sector, AreaID: area.ID})
		if err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
		a.MustAccount(t, strings.Split(o.email, "@")[0], o.email, pw, identity.RoleMember)
		if err := a.Identity.AddMember(ctx, p.admin, org.ID, o.email); err != nil {
			t.Fatal(err)
		}
		c := a.Client(t)
		c.SignIn(o.email, pw)
		*o.c = c
	}
	return p
}

var (
	topicBookings = "d6391542-6c5d-4e11-8b94-bb1667cda494"
	topicEnergy   = "a4846f67-84f6-40e4-9d70-6969b704086f"
	relRE         = regexp.MustCompile(`/mentoring/relationships/([0-9a-f-]{36})`)
	needRE        = regexp.MustCompile(`/mentoring/needs/([0-9a-f-]{36})`)
)

// join posts an organisation's profile and an offer through the pages.
func (p *programme) join(t *testing.T, c *apptest.Client, org, kind, postcode string, offer string) {
	t.Helper()
	c.Get("/mentoring/organisations/" + org + "/profile")
	r := c.PostForm("/mentoring/organisations/"+org+"/profile", url.Values{"kind": {kind}, "postcode": {postcode}, "travel_km": {"15"},
		"capacity": {"2"}, "slots": {"weekday_evening"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if offer != "" {
		c.Get("/mentoring/organisations/" + org)
		apptest.MustStatus(t, c.PostForm("/mentoring/organisations/"+org+"/offers", url.Values{"offer_topic": {offer}, "offer_level": {"3"},
			"offer_detail": {"Our hire agreement and deposits."}}), http.StatusSeeOther)
	}
}

func TestPairingFromNeedToClosedWithCheckinsByMail(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		p := newProgramme(t, a)

		// Nant joins; a mistake first comes back with the error summary and what was typed.
		p.gwen.Get("/mentoring/organisations/" + p.nant + "/profile")
		r := p.gwen.PostForm("/mentoring/organisations/"+p.nant+"/profile", url.Values{"kind": {""}, "postcode": {"AH3 5NV"}, "travel_km": {"far"}, "capacity": {"2"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "govuk-error-summary", "Choose what sort of organisation it is", `value="AH3 5NV"`)
		p.join(t, p.gwen, p.nant, "village_hall", "ah35nv", topicBookings)
		p.join(t, p.libby, p.lib, "council_service", "AH1 4CL", topicBookings)
		p.join(t, p.bryn1, p.bryn, "village_hall", "AH4 2PB", "")

		// Bryn needs help with bookings: the hall nearby comes first, with its reasons.
		p.bryn1.Get("/mentoring/organisations/" + p.bryn)
		r = p.bryn1.PostForm("/mentoring/organisations/"+p.bryn+"/needs", url.Values{"need_topic": {topicBookings}, "need_detail": {"Deposits go astray."}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		needID := needRE.FindStringSubmatch(r.Location())[1]
		r = p.bryn1.Get(r.Location())
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Best match:", "Offers help with Bookings and lettings: has helped others with it before",
			"The same sort of organisation: Village hall", "km away", "Both can meet at weekday evenings", "Ask Nant Hall to help")
		if i, j := strings.Index(r.Body, "Ask Nant Hall"), strings.Index(r.Body, "Ask Castle Library"); i < 0 || j < 0 || i > j {
			t.Errorf("Nant should come before the library (%d, %d)", i, j)
		}
		// In Welsh too.
		p.bryn1.Get("/mentoring/needs/" + needID + "?lang=cy")
		cy := p.bryn1.Get("/mentoring/needs/" + needID)
		apptest.MustContain(t, cy, "Yr un math o sefydliad: Neuadd bentref", "Gofyn i Nant Hall helpu")
		p.bryn1.Get("/mentoring/needs/" + needID + "?lang=en")

		// Bryn asks Nant: its side counts as accepted, and Nant is asked by mail with the reasons.
		r = p.bryn1.PostForm("/mentoring/needs/"+needID+"/propose", url.Values{"mentor": {p.nant}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		relID := relRE.FindStringSubmatch(r.Location())[1]
		text := a.MustMailTo(t, "gwen@example.org", "Could you help Bryn Hall with Bookings and lettings?")
		if !strings.Contains(text, "- The same sort of organisation: Village hall") || !strings.Contains(text, "/mentoring/relationships/"+relID) {
			t.Errorf("mail:\n%s", text)
		}
		// Asking again while it waits is refused.
		apptest.MustStatus(t, p.bryn1.PostForm("/mentoring/needs/"+needID+"/propose", url.Values{"mentor": {p.lib}}), http.StatusConflict)

		// Nant says yes: both are told.
		p.gwen.Get("/mentoring/relationships/" + relID)
		apptest.MustStatus(t, p.gwen.PostForm("/mentoring/relationships/"+relID+"/accept", url.Values{}), http.StatusSeeOther)
		a.MustMailTo(t, "gwen@example.org", "You are paired: Nant Hall and Bryn Hall")
		a.MustMailTo(t, "bryn@example.org", "You are paired: Nant Hall and Bryn Hall")

		// The first meeting: not in the future.
		p.gwen.Get("/mentoring/relationships/" + relID)
		tomorrow := a.Clock.Now().Add(48 * time.Hour).Format(time.DateOnly)
		r = p.gwen.PostForm("/mentoring/relationships/"+relID+"/meeting", url.Values{"met_on": {tomorrow}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "The first meeting must have happened")
		met := a.Clock.Now().In(london).Format(time.DateOnly)
		apptest.MustStatus(t, p.gwen.PostForm("/mentoring/relationships/"+relID+"/meeting", url.Values{"met_on": {met}}), http.StatusSeeOther)
		rel, err := p.svc.Relationship(ctx, p.admin, relID)
		if err != nil || rel.Stage != mentoring.StageUnderway || rel.Checkin3Due == "" {
			t.Fatalf("%+v %v", rel, err)
		}

		// Nothing is due yet; three months on, both are reminded, once.
		if err := p.svc.Work(ctx); err != nil {
			t.Fatal(err)
		}
		a.NoMail(t, 50*time.Millisecond)
		p.advance(93 * 24 * time.Hour)
		for range 2 {
			if err := p.svc.Work(ctx); err != nil {
				t.Fatal(err)
			}
		}
		a.MustMailTo(t, "gwen@example.org", "Time for your 3-month check-in: Bookings and lettings")
		a.MustMailTo(t, "bryn@example.org", "Time for your 3-month check-in: Bookings and lettings")
		a.NoMail(t, 50*time.Millisecond)
		for _, c := range []*apptest.Client{p.gwen, p.bryn1} {
			c.Get("/mentoring/relationships/" + relID)
			apptest.MustStatus(t, c.PostForm("/mentoring/relationships/"+relID+"/checkins", url.Values{"milestone": {"3"}, "going": {"well"},
				"checkin_note": {"Monthly calls."}}), http.StatusSeeOther)
		}
		// A second check-in for the same milestone is refused.
		r = p.bryn1.PostForm("/mentoring/relationships/"+relID+"/checkins", url.Values{"milestone": {"3"}, "going": {"well"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "That check-in has already been made for your organisation")

		// Six months: the reminder, then two weeks later the overdue one, and the coordinator sees it.
		p.advance(92 * 24 * time.Hour)
		if err := p.svc.Work(ctx); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "bryn@example.org", "Time for your 6-month check-in")
		a.MustMailTo(t, "gwen@example.org", "Time for your 6-month check-in")
		p.gwen.Get("/mentoring/relationships/" + relID)
		apptest.MustStatus(t, p.gwen.PostForm("/mentoring/relationships/"+relID+"/checkins", url.Values{"milestone": {"6"}, "going": {"mixed"}}), http.StatusSeeOther)
		p.advance(16 * 24 * time.Hour)
		if err := p.svc.Work(ctx); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "bryn@example.org", "Reminder: your 6-month check-in on Bookings and lettings")
		a.NoMail(t, 50*time.Millisecond) // Nant checked in: not reminded
		admin := a.Client(t)
		admin.SignIn("ada@example.org", pw)
		r = admin.Get("/mentoring/coordinate?stage=overdue")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Nant Hall helping Bryn Hall", "Check-in overdue")

		// Bryn closes it with the outcome; Nant is told.
		p.bryn1.Get("/mentoring/relationships/" + relID)
		r = p.bryn1.PostForm("/mentoring/relationships/"+relID+"/close", url.Values{"outcome": {""}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Choose whether it helped")
		apptest.MustStatus(t, p.bryn1.PostForm("/mentoring/relationships/"+relID+"/close", url.Values{"outcome": {"met"},
			"helped": {"Their hire agreement, line by line."}}), http.StatusSeeOther)
		text = a.MustMailTo(t, "gwen@example.org", "The pairing on Bookings and lettings has closed")
		if !strings.Contains(text, "Yes, it did") {
			t.Errorf("closed mail:\n%s", text)
		}
		r = p.gwen.Get("/mentoring/relationships/" + relID)
		apptest.MustContain(t, r, "Their hire agreement, line by line.", "Closed")
		if n := a.Count(t, `SELECT count(*) FROM men_needs WHERE id = $1 AND status = 'closed'`, needID); n != 1 {
			t.Errorf("need not closed")
		}
	})
}

// advance moves the clock on and signs everyone in again (sessions last 30 days).
func (p *programme) advance(d time.Duration) {
	p.a.Clock.Advance(d)
	p.gwen.SignIn("gwen@example.org", pw)
	p.bryn1.SignIn("bryn@example.org", pw)
	p.libby.SignIn("libby@example.org", pw)
}

var london = func() *time.Location { l, _ := time.LoadLocation("Europe/London"); return l }()

// underway makes a relationship under way between Nant (mentor) and Bryn, met today.
func (p *programme) underway(t *testing.T) (relID, needID string) {
	t.Helper()
	ctx := context.Background()
	p.join(t, p.gwen, p.nant, "village_hall", "AH3 5NV", topicEnergy)
	p.join(t, p.bryn1, p.bryn, "village_hall", "AH4 2PB", "")
	member := func(org string) *actor.Actor {
		return &actor.Actor{ID: p.admin.ID, Roles: []string{identity.RoleMember}, Orgs: []string{org}}
	}
	n, err := p.svc.AddNeed(ctx, member(p.bryn), p.bryn, topicEnergy, "")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := p.svc.Propose(ctx, member(p.bryn), n.ID, p.nant)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.svc.Accept(ctx, member(p.nant), rel.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := p.svc.RecordMeeting(ctx, member(p.nant), rel.ID, "", p.a.Clock.Now().In(london).Format(time.DateOnly)); err != nil {
		t.Fatal(err)
	}
	return rel.ID, n.ID
}

func TestEitherSideEndsWithoutFault(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		p := newProgramme(t, a)
		relID, needID := p.underway(t)
		p.gwen.Get("/mentoring/relationships/" + relID)
		apptest.MustStatus(t, p.gwen.PostForm("/mentoring/relationships/"+relID+"/end", url.Values{"end_note": {"Our treasurer left."}}), http.StatusSeeOther)
		text := a.MustMailTo(t, "bryn@example.org", "The pairing on Energy and buildings has ended")
		if strings.Contains(text, "treasurer") || !strings.Contains(text, "without fault") {
			t.Errorf("ended mail:\n%s", text)
		}
		// The note is for coordinators only; the need looks for help again.
		apptest.MustNotContain(t, p.bryn1.Get("/mentoring/relationships/"+relID), "Our treasurer left.")
		admin := a.Client(t)
		admin.SignIn("ada@example.org", pw)
		apptest.MustContain(t, admin.Get("/mentoring/relationships/"+relID), "Our treasurer left.")
		if n := a.Count(t, `SELECT count(*) FROM men_needs WHERE id = $1 AND status = 'open'`, needID); n != 1 {
			t.Errorf("need not open again")
		}
		// The ended pair is not proposed again for that need.
		_, sugg, err := p.svc.Suggestions(context.Background(), p.admin, needID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sugg {
			if s.MentorID == p.nant {
				t.Errorf("Nant proposed again")
			}
		}
	})
}

func TestWhoMaySeeAndTheCoordinatorActingOnBehalf(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	p := newProgramme(t, a)
	relID, _ := p.underway(t)
	a.MustAccount(t, "Rhys", "rhys@example.org", pw)
	rhys := a.Client(t)
	rhys.SignIn("rhys@example.org", pw)
	apptest.MustStatus(t, rhys.Get("/mentoring/organisations/"+p.nant), http.StatusForbidden)
	apptest.MustStatus(t, rhys.Get("/mentoring/relationships/"+relID), http.StatusForbidden)
	apptest.MustStatus(t, rhys.Get("/mentoring/coordinate"), http.StatusForbidden)
	apptest.MustStatus(t, p.libby.Get("/mentoring/relationships/"+relID), http.StatusForbidden)
	apptest.MustStatus(t, p.gwen.Get("/api/v1/mentoring/relationships"), http.StatusForbidden)
	apptest.MustStatus(t, a.Client(t).Get("/mentoring/organisations/"+p.nant), http.StatusSeeOther) // to sign-in
	// The public page names no organisation's needs.
	r := a.Client(t).Get("/mentoring")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustNotContain(t, r, "Bryn Hall")

	// An admin names Rhys a coordinator; he checks in for Bryn, on its behalf.
	admin := a.Client(t)
	admin.SignIn("ada@example.org", pw)
	admin.Get("/mentoring/coordinators")
	apptest.MustStatus(t, admin.PostForm("/mentoring/coordinators", url.Values{"email": {"rhys@example.org"}}), http.StatusSeeOther)
	p.advance(80 * 24 * time.Hour)
	rhys.SignIn("rhys@example.org", pw)
	r = rhys.Get("/mentoring/relationships/" + relID)
	apptest.MustContain(t, r, "On behalf of")
	apptest.MustStatus(t, rhys.PostForm("/mentoring/relationships/"+relID+"/checkins", url.Values{"org": {p.bryn}, "milestone": {"3"}, "going": {"struggling"}}), http.StatusSeeOther)
	rel, err := p.svc.Relationship(ctx, p.admin, relID)
	if err != nil || len(rel.Checkins) != 1 || !rel.Checkins[0].Assisted || rel.Checkins[0].OrganisationID != p.bryn {
		t.Fatalf("%+v %v", rel.Checkins, err)
	}
	// Acting for a third organisation is refused.
	apptest.MustStatus(t, rhys.PostForm("/mentoring/relationships/"+relID+"/checkins", url.Values{"org": {p.lib}, "milestone": {"3"}, "going": {"well"}}), http.StatusUnprocessableEntity)

	// The coordinator's API and map.
	r = rhys.Get("/api/v1/mentoring/relationships")
	apptest.MustStatus(t, r, http.StatusOK)
	var list struct {
		Items []struct {
			ID      string `json:"id"`
			Stage   string `json:"stage"`
			Reasons []struct {
				Code, Text string
			} `json:"reasons"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.Body), &list); err != nil || len(list.Items) != 1 || list.Items[0].Stage != "underway" || len(list.Items[0].Reasons) == 0 || list.Items[0].Reasons[0].Text == "" {
		t.Fatalf("%v %s", err, r.Body)
	}
	r = rhys.Get("/mentoring/coordinate/map.geojson")
	apptest.MustContain(t, r, `"LineString"`, "Nant Hall helping Bryn Hall with Energy and buildings")
}

func TestRemindersGoOnceWhenSeveralServersWork(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		p := newProgramme(t, a)
		p.underway(t)
		a.Clock.Advance(95 * 24 * time.Hour)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := p.svc.Work(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := a.Count(t, `SELECT count(*) FROM outbox WHERE subject LIKE 'Time for your 3-month check-in%'`); n != 2 {
			t.Errorf("%d reminders, want one to each hall", n)
		}
	})
}

func TestAccountHooks(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	p := newProgramme(t, a)
	relID, _ := p.underway(t)
	a.Clock.Advance(80 * 24 * time.Hour)
	var gwenID string
	if err := a.DB.QueryRow(ctx, `SELECT id FROM accounts WHERE email = 'gwen@example.org'`).Scan(&gwenID); err != nil {
		t.Fatal(err)
	}
	gwen := &actor.Actor{ID: gwenID, Roles: []string{identity.RoleMember}, Orgs: []string{p.nant}}
	if err := p.svc.CheckIn(ctx, gwen, relID, "", 3, "well", "Good calls."); err != nil {
		t.Fatal(err)
	}
	out, err := p.svc.Export(ctx, gwenID)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(out)
	if !strings.Contains(string(b), "Good calls.") || !strings.Contains(string(b), `"kind":"checkin_3"`) {
		t.Errorf("export: %s", b)
	}
	if err := a.DB.WithTx(ctx, func(ctx context.Context) error { return p.svc.DeleteAccount(ctx, gwenID) }); err != nil {
		t.Fatal(err)
	}
	if n := a.Count(t, `SELECT count(*) FROM men_checkins WHERE account_id = $1`, gwenID) + a.Count(t, `SELECT count(*) FROM men_log WHERE account_id = $1`, gwenID); n != 0 {
		t.Errorf("%d rows still name the account", n)
	}
	// The organisation's check-in stays.
	if n := a.Count(t, `SELECT count(*) FROM men_checkins WHERE relationship_id = $1`, relID); n != 1 {
		t.Errorf("check-in gone")
	}
}
