package events_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/events"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

// mustICal parses a calendar with an independent parser and returns its events.
func mustICal(t *testing.T, body string) []goical.Event {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the calendar: %v\n%s", err, body)
	}
	var buf bytes.Buffer
	if err := goical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Fatalf("go-ical finds the calendar invalid: %v", err)
	}
	evs := cal.Events()
	for _, ev := range evs {
		for _, p := range []string{goical.PropUID, goical.PropDateTimeStamp, goical.PropDateTimeStart} {
			if ev.Props.Get(p) == nil {
				t.Errorf("event lacks %s", p)
			}
		}
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil || start.IsZero() {
			t.Errorf("DTSTART: %v", err)
		}
	}
	return evs
}

var idRE = regexp.MustCompile(`/events/([0-9a-f-]{36})`)

func TestOrganiserJourneyOverHTTP(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	adminID := a.MustAccount(t, "Ada", "ada@example.org", "correct horse battery", identity.RoleAdmin)
	org, err := a.Identity.SaveOrganisation(ctx, &actor.Actor{ID: adminID, Roles: []string{identity.RoleAdmin}}, "", identity.OrganisationInput{Name: "Nant Hall", Sector: "vcf"})
	if err != nil {
		t.Fatal(err)
	}
	member := a.MustAccount(t, "Gwen", "gwen@example.org", "correct horse battery", identity.RoleMember)
	if _, err := a.DB.Exec(ctx, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)`, org.ID, member, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.MustAccount(t, "Rhys", "rhys@example.org", "correct horse battery")

	gwen := a.Client(t)
	gwen.SignIn("gwen@example.org", "correct horse battery")
	apptest.MustStatus(t, gwen.Get("/events/new"), http.StatusOK)
	day := events.Local(a.Clock.Now().Add(48 * time.Hour)).Format("2006-01-02")
	form := url.Values{"title": {"Nant pop-up"}, "description": {"Come **along**"}, "organisation_id": {org.ID}, "start_date": {day},
		"start_time": {"10:00"}, "end_time": {"09:00"}, "venue": {"Nant Hall"}, "capacity": {"1"}}
	r := gwen.PostForm("/events", form)
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "govuk-error-summary", `value="Nant pop-up"`)
	form.Set("end_time", "16:00")
	r = gwen.PostForm("/events", form)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := idRE.FindStringSubmatch(r.Location())[1]
	gwen.Get("/events/" + id + "/edit")
	r = gwen.PostForm("/events/"+id+"/sessions", url.Values{"session_title": {"Fishbowl"}, "kind": {"fishbowl"}, "session_start": {"11:00"}, "session_end": {"12:00"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	page := gwen.Get("/events/" + id)
	apptest.MustContain(t, page, "Fishbowl", "<strong>along</strong>", "11:00–12:00", "/events/"+id+"/registrations")

	// Someone else registers, fills the one place; the next joins the waiting list.
	anon := a.Client(t)
	anon.Get("/events/" + id + "/register")
	r = anon.PostForm("/events/"+id+"/register", url.Values{"name": {"Ann"}, "email": {"ann@example.org"}, "sector": {"public"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, anon.Follow(r), "You have a place")
	r = anon.PostForm("/events/"+id+"/register", url.Values{"name": {"Ben"}, "email": {"ben@example.org"}, "sector": {"private"}, "dietary_needs": {"Vegan"}})
	apptest.MustContain(t, anon.Follow(r), "waiting list")
	r = anon.PostForm("/events/"+id+"/register", url.Values{"name": {""}, "email": {"nope"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)

	// Needs are for organisers only.
	apptest.MustNotContain(t, anon.Get("/events/"+id), "Vegan")
	rhys := a.Client(t)
	rhys.SignIn("rhys@example.org", "correct horse battery")
	apptest.MustStatus(t, rhys.Get("/events/"+id+"/registrations"), http.StatusForbidden)
	apptest.MustStatus(t, rhys.Get("/events/"+id+"/insights"), http.StatusForbidden)
	apptest.MustStatus(t, gwen.Get("/events/not-an-id/registrations"), http.StatusNotFound)
	regs := gwen.Get("/events/" + id + "/registrations")
	apptest.MustContain(t, regs, "Vegan", "Ann", "Ben")
	apptest.MustContain(t, gwen.Get("/events/"+id+"/registrations.csv"), "Ben,ben@example.org,,private,,waitlisted,false,,,Vegan,")
	apptest.MustStatus(t, rhys.Get("/events/"+id+"/registrations.csv"), http.StatusForbidden)

	// Cancel by the emailed link: Ben is promoted and told.
	mail := a.MustMailTo(t, "ann@example.org", "Your place")
	var cancel string
	for _, l := range apptest.Links(mail) {
		if strings.Contains(l, "/cancel/") {
			cancel = strings.TrimPrefix(l, a.URL)
		}
	}
	apptest.MustContain(t, anon.Get(cancel), "Cancel my place")
	r = anon.PostForm(cancel, nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	a.MustMailTo(t, "ben@example.org", "A place has come free")

	// Check Ben in, add a walk-in.
	regs = gwen.Get("/events/" + id + "/registrations")
	benID := regexp.MustCompile(`/registrations/([0-9a-f-]{36})/check-in`).FindStringSubmatch(regs.Body)[1]
	apptest.MustStatus(t, gwen.PostForm("/events/"+id+"/registrations/"+benID+"/check-in", nil), http.StatusSeeOther)
	apptest.MustStatus(t, gwen.PostForm("/events/"+id+"/walk-ins", url.Values{"name": {"Cai"}, "sector": {"resident"}}), http.StatusSeeOther)
	apptest.MustContain(t, gwen.Get("/events/"+id+"/sign-in-sheet"), "Cai", "Ben")
	ins := gwen.Get("/events/" + id + "/insights")
	apptest.MustContain(t, ins, "<svg", "Private sector", "50% (1)")
	csv := gwen.Get("/events/" + id + "/insights.csv")
	if !strings.Contains(csv.Body, "sector,Private sector,1,50.0,1,50.0") {
		t.Errorf("csv:\n%s", csv.Body)
	}

	// Calendars: the event's, every upcoming one, and the organisation's.
	// The event's own file has its session as an event of its own; the feeds list events.
	for path, n := range map[string]int{"/events/" + id + ".ics": 2, "/events.ics": 1, "/events.ics?organisation=" + org.ID: 1} {
		r := anon.Get(path)
		apptest.MustStatus(t, r, http.StatusOK)
		if evs := mustICal(t, r.Body); len(evs) != n || evs[0].Props.Get(goical.PropSummary).Value != "Nant pop-up" {
			t.Errorf("%s: %d events, want %d", path, len(evs), n)
		}
	}
	if evs := mustICal(t, anon.Get("/events/"+id+".ics").Body); evs[1].Props.Get(goical.PropSummary).Value != "Fishbowl – Nant pop-up" {
		t.Errorf("the session's event is %q", evs[1].Props.Get(goical.PropSummary).Value)
	}
	apptest.MustStatus(t, anon.Get("/events/nope.ics"), http.StatusNotFound)

	// Notes, themes, summary.
	gwen.Get("/events/" + id + "/groups")
	apptest.MustStatus(t, gwen.PostForm("/events/"+id+"/groups", url.Values{"group_name": {"Table 1"}}), http.StatusSeeOther)
	groups := gwen.Get("/events/" + id + "/groups")
	apptest.MustContain(t, groups, "1 group, 0 notes.") // the singular: not "1 groups"
	gid := regexp.MustCompile(`<option value="([0-9a-f-]{36})"`).FindStringSubmatch(groups.Body)[1]
	r = gwen.PostForm("/events/"+id+"/notes", url.Values{"group_id": {gid}, "notes": {"Bus service stops early\nEvening bus service\nHousing repairs slow\nHousing repairs late"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, gwen.Get("/events/"+id+"/groups"), "1 group, 4 notes.")
	apptest.MustStatus(t, gwen.PostForm("/events/"+id+"/themes/propose", nil), http.StatusSeeOther)
	th := gwen.Get("/events/" + id + "/themes")
	apptest.MustContain(t, th, "Bus service", "Housing repairs")
	apptest.MustStatus(t, anon.Get("/events/"+id+"/summary"), http.StatusNotFound)
	apptest.MustStatus(t, gwen.PostForm("/events/"+id+"/themes/merge", url.Values{"merge": {"x"}}), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, gwen.PostForm("/events/"+id+"/themes/publish", nil), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get("/events/"+id+"/summary"), "Bus service stops early")

	// The API and the month view.
	apptest.MustContain(t, anon.Get("/api/v1/events"), "Nant pop-up")
	apptest.MustContain(t, anon.Get("/api/v1/events/"+id+"/summary"), `"themes"`)
	apptest.MustStatus(t, anon.Get("/api/v1/events/"+id+"/insights"), http.StatusUnauthorized)
	apptest.MustContain(t, anon.Get("/events/calendar?month="+day[:7]), "Nant pop-up")
	apptest.MustContain(t, anon.Get("/api/v1/openapi.json"), "/events/{id}/summary")

	// Feedback opens when the event starts, and counts once per attendee: the walk-in gives
	// theirs with the code the organisers handed them at the door.
	code := regexp.MustCompile(`Feedback code: ([A-Z0-9]{8})`).FindStringSubmatch(gwen.Get("/events/" + id + "/registrations").Body)[1]
	anon.Get("/events/" + id + "/feedback")
	apptest.MustStatus(t, anon.PostForm("/events/"+id+"/feedback", url.Values{"rating": {"4"}, "code": {code}}), http.StatusUnprocessableEntity)
	a.Clock.Advance(72 * time.Hour)
	r = anon.PostForm("/events/"+id+"/feedback", url.Values{"rating": {"4"}, "comment": {"Lovely"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Enter the feedback code")
	apptest.MustStatus(t, anon.PostForm("/events/"+id+"/feedback", url.Values{"rating": {"4"}, "comment": {"Lovely"}, "code": {"nope"}}), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, anon.PostForm("/events/"+id+"/feedback", url.Values{"rating": {"2"}, "comment": {"Cold"}, "code": {strings.ToLower(code)}}), http.StatusSeeOther)
	r = anon.PostForm("/events/"+id+"/feedback", url.Values{"rating": {"4"}, "comment": {"Lovely"}, "code": {code}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, anon.Follow(r), "your feedback has been updated")
	if n := a.Count(t, `SELECT COUNT(*) FROM event_feedback WHERE event_id = $1`, id); n != 1 {
		t.Errorf("%d answers from one attendee, want 1", n)
	}
	apptest.MustContain(t, gwen.Get("/events/"+id+"/insights"), "Lovely", "4.0")
	apptest.MustNotContain(t, gwen.Get("/events/"+id+"/insights"), "Cold")
}

func TestDemo(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	if err := a.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadDemo(ctx); err != nil { // a second start changes nothing
		t.Fatal(err)
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM events`); n != 2 {
		t.Fatalf("%d demo events", n)
	}
	var pastID string
	if err := a.DB.QueryRow(ctx, `SELECT id FROM events WHERE title = $1`, events.DemoTogether).Scan(&pastID); err != nil {
		t.Fatal(err)
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'`, pastID); n < 100 {
		t.Errorf("%d registrations", n)
	}
	_, ts, err := app.Service[*events.Service](a.Server).Summary(ctx, nil, pastID)
	if err != nil || len(ts) < 5 {
		t.Fatalf("%d themes: %v", len(ts), err)
	}
	var labels []string
	for _, th := range ts {
		labels = append(labels, fmt.Sprintf("%s (%d)", th.Label, len(th.Notes)))
	}
	for _, want := range []string{"bus", "loneliness", "housing", "food", "youth", "mental health"} {
		found := false
		for _, th := range ts {
			found = found || strings.Contains(strings.ToLower(th.Label), want)
		}
		if !found {
			t.Errorf("no theme named for %q among %v", want, labels)
		}
	}
	t.Logf("demo themes: %v", labels)
	c := a.Client(t)
	// Dates follow the page's language.
	c.Get("/events?lang=cy")
	apptest.MustContain(t, c.Get("/events"), "Dydd ", "Digwyddiadau")
	c.Get("/events?lang=en")
	apptest.MustNotContain(t, c.Get("/events"), "Dydd ")
	// The upcoming pop-up day, with its map point, in the feed.
	if evs := mustICal(t, c.Get("/events.ics").Body); len(evs) != 1 || evs[0].Props.Get(goical.PropGeo) == nil {
		t.Errorf("feed: %d events", len(evs))
	}
	c.SignIn("officer@aberhaven.example", identity.DemoPassword)
	apptest.MustContain(t, c.Get("/events/"+pastID+"/insights"), "117 people: 59% public sector, 35% voluntary, community and faith sector, 5% private sector, 1% resident", "Public sector")
	// The pop-up day's advice surgery is full, with people waiting for it.
	var popID string
	if err := a.DB.QueryRow(ctx, `SELECT id FROM events WHERE title = $1`, events.DemoPopUp).Scan(&popID); err != nil {
		t.Fatal(err)
	}
	apptest.MustContain(t, c.Get("/events/"+popID), "Full, ")
	// Each demo answer is one attendee's, and nobody is asked again for the past event.
	if n := a.Count(t, `SELECT COUNT(DISTINCT registration_id) FROM event_feedback WHERE event_id = $1`, pastID); n != 40 {
		t.Errorf("%d attendees answered, want 40", n)
	}
	if n, err := app.Service[*events.Service](a.Server).AskForFeedback(ctx); err != nil || n != 0 {
		t.Errorf("the demo's past event was asked about: %d %v", n, err)
	}
}

func TestNotesUpload(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	officer, e := fixture(t, a, 5)
	gid, err := app.Service[*events.Service](a.Server).AddGroup(ctx, officer, e.ID, "Table 9", "")
	if err != nil {
		t.Fatal(err)
	}
	a.MustAccount(t, "Ola", "ola@example.org", "correct horse battery", identity.RoleOfficer)
	c := a.Client(t)
	c.SignIn("ola@example.org", "correct horse battery")
	c.Get("/events/" + e.ID + "/groups")
	upload := func(filename, content string) *apptest.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf_token", c.CSRF)
		_ = mw.WriteField("group_id", gid)
		fw, _ := mw.CreateFormFile("file", filename)
		_, _ = fw.Write([]byte(content))
		_ = mw.Close()
		req := c.Request(http.MethodPost, "/events/"+e.ID+"/notes", nil)
		req.Body = io.NopCloser(&body)
		req.ContentLength = int64(body.Len())
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return c.Do(req)
	}
	apptest.MustStatus(t, upload("notes.csv", "table,note\n9,\"Buses, late\"\n9,Damp flats\n"), http.StatusSeeOther)
	apptest.MustStatus(t, upload("notes.txt", "- Lunch club\n"), http.StatusSeeOther)
	r := upload("bad.txt", "\xff\xfe")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "UTF-8")
	apptest.MustContain(t, c.Get("/events/"+e.ID+"/groups"), "Buses, late", "Damp flats", "Lunch club", "3 notes")
	apptest.MustContain(t, c.Get("/events/"+e.ID+"/notes.csv"), "group,note,theme", "Table 9,\"Buses, late\",")
}

func TestPublicFormsAreLimited(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	_, e := fixture(t, a, 5)
	c := a.Client(t)
	c.Get("/events/" + e.ID + "/register")
	for i := 0; i < 30; i++ {
		r := c.PostForm("/events/"+e.ID+"/register", url.Values{"name": {"X"}, "email": {"bad"}})
		apptest.MustNotContain(t, r, "Too many forms")
	}
	r := c.PostForm("/events/"+e.ID+"/register", url.Values{"name": {"X"}, "email": {"x@example.org"}, "sector": {"public"}})
	apptest.MustContain(t, r, "Too many forms")
	r = c.PostForm("/events/"+e.ID+"/feedback", url.Values{"rating": {"5"}})
	apptest.MustContain(t, r, "Too many forms")
	if n := a.Count(t, `SELECT COUNT(*) FROM event_registrations`); n != 0 {
		t.Fatalf("%d registrations", n)
	}
}

// An event with a map point gets a Leaflet map when JavaScript runs; the address, access
// information and the OpenStreetMap link stay on the page for everyone. Without a point, no map.
func TestEventMap(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	officer, e := fixture(t, a, 10)
	anon := a.Client(t)
	page := anon.Get("/events/" + e.ID)
	apptest.MustNotContain(t, page, `id="event-map"`, "leaflet.js")

	in := events.EventInput{Title: e.Title, Description: e.Description, OrganisationID: e.OrganisationID, Venue: "Quay Hall",
		Address: "1 Quay Street", Latitude: "51.6214", Longitude: "-3.9436", AccessInfo: "Step-free entrance on the left",
		StartDate: events.Local(e.StartsAt).Format("2006-01-02"), StartTime: "10:00", EndTime: "15:00", Capacity: "10"}
	if _, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", e.ID, in); err != nil {
		t.Fatal(err)
	}
	page = anon.Get("/events/" + e.ID)
	apptest.MustContain(t, page, `id="event-map"`, `role="region"`, `aria-label="Map showing where Quay Hall is"`,
		`data-lat="51.6214"`, `data-lng="-3.9436"`, `data-tiles="`+a.Config.MapTileURL+`"`, "leaflet/leaflet.js", `src="/events/map.js?v=`,
		"1 Quay Street", "Step-free entrance on the left", "https://www.openstreetmap.org/?mlat=51.6214")
	apptest.MustNotContain(t, page, "<script>")
	js := anon.Get("/events/map.js")
	apptest.MustStatus(t, js, http.StatusOK)
	if !strings.Contains(js.Header.Get("Content-Type"), "javascript") || !strings.Contains(js.Body, "L.tileLayer(el.dataset.tiles") {
		t.Errorf("map script: %q", js.Header.Get("Content-Type"))
	}
}
