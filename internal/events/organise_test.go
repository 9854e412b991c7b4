package events_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/events"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

func svc(a *apptest.App) *events.Service { return app.Service[*events.Service](a.Server) }

func addSession(t *testing.T, a *apptest.App, u *actor.Actor, e events.Event, title, start, end, capacity string) events.Session {
	t.Helper()
	ss, err := svc(a).AddSession(context.Background(), u, e.ID, events.SessionInput{Title: title, Kind: "workshop", StartTime: start, EndTime: end, Capacity: capacity})
	if err != nil {
		t.Fatalf("add session %s: %v", title, err)
	}
	return ss
}

// postMultipart posts a form with one file, as a browser does, with the page's CSRF token.
func postMultipart(c *apptest.Client, path string, fields map[string]string, fileField, filename string, content []byte) *apptest.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.CSRF)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(fileField, filename)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req := c.Request(http.MethodPost, path, nil)
	req.Body = io.NopCloser(&body)
	req.ContentLength = int64(body.Len())
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func fieldKey(err error, field string) string { return errs.As(err).Fields[field] }

// calendarMail is the calendar file attached to the last message to an address whose subject
// holds subject, decoded; "" when there is none.
func calendarMail(t *testing.T, a *apptest.App, to, subject string) string {
	t.Helper()
	var raw []byte
	for _, m := range a.Mail.Messages() {
		if len(m.To) > 0 && m.To[0] == to && strings.Contains(m.Subject, subject) {
			raw = m.Raw
		}
	}
	if raw == nil {
		t.Fatalf("no mail to %s about %q", to, subject)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return findCalendar(t, textproto.MIMEHeader(msg.Header), msg.Body)
}

func findCalendar(t *testing.T, h textproto.MIMEHeader, body io.Reader) string {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return ""
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err != nil {
				return ""
			}
			if c := findCalendar(t, part.Header, part); c != "" {
				return c
			}
		}
	}
	if mt != "text/calendar" {
		return ""
	}
	var r io.Reader = body
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineDropper{body})
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type newlineDropper struct{ r io.Reader }

func (n newlineDropper) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	j := 0
	for _, c := range p[:k] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}

// B2 in the walk: two parallel workshops could both be booked. A person is in one place at a
// time; sessions one after the other are fine.
func TestOnePlacePerTimeSlot(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, e := fixture(t, a, 10)
	learn := addSession(t, a, officer, e, "Learn & Share", "10:45", "11:45", "2")
	food := addSession(t, a, officer, e, "Food", "10:45", "11:45", "2")
	lunch := addSession(t, a, officer, e, "Lunch talk", "11:45", "12:30", "")
	e, _ = svc(a).Event(context.Background(), e.ID)

	_, err := register(a, e, 1, learn.ID, food.ID)
	if fieldKey(err, "sessions") != "events.err.session_clash" {
		t.Fatalf("two sessions at once: %v", err)
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM event_registrations`); n != 0 {
		t.Fatalf("a refused registration left %d rows", n)
	}
	r, err := register(a, e, 1, learn.ID, lunch.ID)
	if err != nil || len(r.Sessions) != 2 || r.Sessions[0].Status != events.Confirmed || r.Sessions[1].Status != events.Confirmed {
		t.Fatalf("back-to-back sessions: %+v %v", r.Sessions, err)
	}
	// Over HTTP the form says so, keeping what was typed.
	c := a.Client(t)
	c.Get("/events/" + e.ID + "/register")
	res := c.PostForm("/events/"+e.ID+"/register", url.Values{"name": {"Rhiannon"}, "email": {"rhi@example.org"}, "sector": {"vcf"},
		"sessions": {learn.ID, food.ID}})
	apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
	apptest.MustContain(t, res, "You chose two sessions at the same time", `value="Rhiannon"`)
}

// A full session has its own waiting list: people with a place at the event queue for it and
// get it in turn, by mail, when a place comes free (a cancellation, more places).
func TestSessionWaitingList(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 10)
		ws := addSession(t, a, officer, e, "Repair café", "11:00", "12:00", "1")
		e, _ = svc(a).Event(ctx, e.ID)
		r1, _ := register(a, e, 1, ws.ID)
		r2, _ := register(a, e, 2, ws.ID)
		r3, _ := register(a, e, 3, ws.ID)
		if r1.Sessions[0].Status != events.Confirmed || r2.Sessions[0].Status != events.Waitlisted || r3.Sessions[0].Status != events.Waitlisted {
			t.Fatalf("choices: %v %v %v", r1.Sessions, r2.Sessions, r3.Sessions)
		}
		e, _ = svc(a).Event(ctx, e.ID)
		if s, _ := e.Session(ws.ID); s.Waiting != 2 || s.Taken != 1 {
			t.Fatalf("session: taken %d, waiting %d", s.Taken, s.Waiting)
		}
		apptest.MustContain(t, a.Client(t).Get("/events/"+e.ID), "Full, 2 waiting")
		reg := a.Client(t).Get("/events/" + e.ID + "/register")
		apptest.MustContain(t, reg, "Full: tick it to join its waiting list")
		apptest.MustNotContain(t, reg, "disabled")

		// More places: the first in the queue gets one.
		if err := svc(a).UpdateSession(ctx, officer, e.ID, ws.ID, events.SessionInput{Title: "Repair café", Kind: "workshop", StartTime: "11:00", EndTime: "12:00", Capacity: "2"}); err != nil {
			t.Fatal(err)
		}
		body := a.MustMailTo(t, "p2@example.org", "A place has come free for you in Repair café")
		if !strings.Contains(body, "11:00–12:00") {
			t.Errorf("session mail: %s", body)
		}
		if cal := calendarMail(t, a, "p2@example.org", "Repair café"); len(mustICal(t, cal)) != 2 {
			t.Errorf("the calendar with the session place:\n%s", cal)
		}
		// Fewer places than people in it is refused.
		err := svc(a).UpdateSession(ctx, officer, e.ID, ws.ID, events.SessionInput{Title: "Repair café", Kind: "workshop", StartTime: "11:00", EndTime: "12:00", Capacity: "1"})
		if fieldKey(err, "session_capacity") != "events.err.session_capacity_below" {
			t.Fatalf("capacity below taken: %v", err)
		}
		// Person 1 gives up their place: person 3 gets the session place.
		_, r1full, _ := svc(a).Registration(ctx, officer, e.ID, r1.ID)
		_ = r1full
		if err := svc(a).RemoveRegistration(ctx, officer, e.ID, r1.ID, "Registered twice"); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "p3@example.org", "A place has come free for you in Repair café")
		removed := a.MustMailTo(t, "p1@example.org", "Your place at Pop-up day has been cancelled")
		if !strings.Contains(removed, "Registered twice") {
			t.Errorf("removal mail lacks the reason: %s", removed)
		}
		if n := a.Count(t, `SELECT taken FROM event_sessions WHERE id = $1`, ws.ID); n != 2 {
			t.Errorf("taken = %d, want 2", n)
		}
		if err := svc(a).RemoveRegistration(ctx, officer, e.ID, r1.ID, ""); err == nil {
			t.Error("removed twice")
		}
	})
}

// Many people choose a session of two places at once: exactly two get it, the rest wait, and
// the counter agrees with the rows.
func TestConcurrentSessionPlaces(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, e := fixture(t, a, 100)
		ws := addSession(t, a, officer, e, "Workshop", "11:00", "12:00", "2")
		e, _ = svc(a).Event(context.Background(), e.ID)
		const n = 12
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				if _, err := register(a, e, i, ws.ID); err != nil {
					errc <- err
				}
			}(i)
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		held := a.Count(t, `SELECT COUNT(*) FROM event_registration_sessions WHERE session_id = $1 AND status = 'confirmed'`, ws.ID)
		waiting := a.Count(t, `SELECT COUNT(*) FROM event_registration_sessions WHERE session_id = $1 AND status = 'waitlisted'`, ws.ID)
		taken := a.Count(t, `SELECT taken FROM event_sessions WHERE id = $1`, ws.ID)
		if held != 2 || taken != 2 || waiting != n-2 {
			t.Fatalf("held %d, taken %d, waiting %d", held, taken, waiting)
		}
	})
}

// B1: a session outside the event's hours was accepted; sessions could not be edited.
func TestSessionsWithinTheEventAndEditable(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, e := fixture(t, a, 10)
	_, err := svc(a).AddSession(context.Background(), officer, e.ID, events.SessionInput{Title: "Evening", Kind: "panel", StartTime: "18:00", EndTime: "19:00"})
	if fieldKey(err, "session_start") != "events.err.session_outside" {
		t.Fatalf("a session after the event ends: %v", err)
	}
	_, err = svc(a).AddSession(context.Background(), officer, e.ID, events.SessionInput{Title: "Early", Kind: "panel", StartTime: "09:00", EndTime: "10:30"})
	if fieldKey(err, "session_start") != "events.err.session_outside" {
		t.Fatalf("a session before the event starts: %v", err)
	}
	ss := addSession(t, a, officer, e, "Panel", "13:00", "14:00", "")
	r, _ := register(a, e, 1)
	_ = r
	if _, err := register(a, e, 2); err != nil {
		t.Fatal(err)
	}
	e, _ = svc(a).Event(context.Background(), e.ID)
	// Over HTTP: the edit page, an error kept on the form, then a save that tells the people in it.
	c := a.Client(t)
	c.SignIn("owen@example.org", "correct horse battery")
	edit := c.Get("/events/" + e.ID + "/sessions/" + ss.ID + "/edit")
	apptest.MustContain(t, edit, `value="Panel"`, `value="13:00"`, "10:00–15:00")
	res := c.PostForm("/events/"+e.ID+"/sessions/"+ss.ID+"/edit", url.Values{"session_title": {"Panel"}, "kind": {"panel"}, "session_start": {"14:30"}, "session_end": {"16:00"}})
	apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
	apptest.MustContain(t, res, "within the event", `value="14:30"`)
	res = c.PostForm("/events/"+e.ID+"/sessions/"+ss.ID+"/edit", url.Values{"session_title": {"Panel: what next"}, "kind": {"panel"}, "session_start": {"14:00"}, "session_end": {"15:00"}, "room": {"Hall"}})
	apptest.MustStatus(t, res, http.StatusSeeOther)
	e, _ = svc(a).Event(context.Background(), e.ID)
	if got, _ := e.Session(ss.ID); got.Title != "Panel: what next" || got.Times() != "14:00–15:00" || got.Room != "Hall" {
		t.Fatalf("after edit: %+v", got)
	}
	// The event cannot be cut short of its programme.
	in := events.EventInput{Title: e.Title, OrganisationID: e.OrganisationID, Venue: "Hall", StartDate: events.Local(e.StartsAt).Format("2006-01-02"),
		StartTime: "10:00", EndTime: "14:30", Capacity: "10"}
	if _, err := svc(a).Save(context.Background(), officer, "en", e.ID, in); fieldKey(err, "start_time") != "events.err.sessions_outside" {
		t.Fatalf("cutting the event short of a session: %v", err)
	}
}

// B5: after a walk-in took the event over its places, the event could not be saved until
// places were raised. B11: changing the date told nobody.
func TestWalkInsAndChangesTellRegistrants(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 2)
		ws := addSession(t, a, officer, e, "Workshop", "11:00", "12:00", "")
		e, _ = svc(a).Event(ctx, e.ID)
		register(a, e, 1, ws.ID)
		register(a, e, 2)
		register(a, e, 3) // waiting
		if _, err := svc(a).AddWalkIn(ctx, officer, e.ID, events.RegistrationInput{Name: "Cai", Sector: "resident"}); err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{"p1@example.org", "p2@example.org", "p3@example.org"} {
			a.MustMailTo(t, to, "Pop-up day")
		}
		day := events.Local(e.StartsAt).Format("2006-01-02")
		in := events.EventInput{Title: e.Title, OrganisationID: e.OrganisationID, Venue: "Hall", StartDate: day, StartTime: "10:00", EndTime: "15:00",
			Capacity: "2", AccessInfo: "Ramp at the side door"}
		if _, err := svc(a).Save(ctx, officer, "en", e.ID, in); err != nil {
			t.Fatalf("saving an event a walk-in took over its places: %v", err)
		}
		in.Capacity = "1"
		if _, err := svc(a).Save(ctx, officer, "en", e.ID, in); fieldKey(err, "capacity") != "events.err.capacity_below_registered" {
			t.Fatalf("places below the booked places: %v", err)
		}
		a.NoMail(t, 100*time.Millisecond) // access information is not a change people must be told of

		in.Capacity = "2"
		in.StartDate = events.Local(e.StartsAt.AddDate(0, 0, 7)).Format("2006-01-02")
		in.Venue = "Nant Village Hall"
		if _, err := svc(a).Save(ctx, officer, "en", e.ID, in); err != nil {
			t.Fatal(err)
		}
		body := a.MustMailTo(t, "p1@example.org", "Change to Pop-up day")
		if !strings.Contains(body, "the date or times, the place") || !strings.Contains(body, "Nant Village Hall") || !strings.Contains(body, "Workshop") {
			t.Errorf("change mail: %s", body)
		}
		cal := calendarMail(t, a, "p1@example.org", "Change to")
		evs := mustICal(t, cal)
		if len(evs) != 2 || !strings.Contains(cal, "Nant Village Hall") || evs[0].Props.Get(goical.PropSequence).Value == "0" {
			t.Errorf("the updated calendar in the change mail:\n%s", cal)
		}
		if start, _ := evs[0].DateTimeStart(time.UTC); events.Local(start).Format("2006-01-02") != in.StartDate {
			t.Errorf("the calendar has the old date: %v", start)
		}
		a.MustMailTo(t, "p2@example.org", "Change to Pop-up day")
		if waiting := a.MustMailTo(t, "p3@example.org", "Change to Pop-up day"); !strings.Contains(waiting, "Waiting list") {
			t.Errorf("the person waiting is not told they are waiting: %s", waiting)
		}
		a.NoMail(t, 100*time.Millisecond) // the walk-in has no address
	})
}

// Organisers write to all or some of their people; nobody sees anyone else's address.
func TestMessageRegistrants(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	officer, e := fixture(t, a, 2)
	ws := addSession(t, a, officer, e, "Workshop", "11:00", "12:00", "")
	e, _ = svc(a).Event(ctx, e.ID)
	r1, _ := register(a, e, 1, ws.ID)
	r2, _ := register(a, e, 2)
	register(a, e, 3) // waiting
	for i := 1; i <= 3; i++ {
		a.MustMailTo(t, fmt.Sprintf("p%d@example.org", i), "Pop-up day")
	}
	send := func(in events.MessageInput) int {
		t.Helper()
		n, err := svc(a).MessageRegistrants(ctx, officer, e.ID, in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		return n
	}
	if n := send(events.MessageInput{To: events.ToSession, SessionID: ws.ID, Subject: "Bring a mug", Body: "We are short of mugs."}); n != 1 {
		t.Fatalf("to the session: %d", n)
	}
	body := a.MustMailTo(t, "p1@example.org", "Bring a mug – Pop-up day")
	if !strings.Contains(body, "We are short of mugs.") || !strings.Contains(body, "Testborough Council") {
		t.Errorf("message: %s", body)
	}
	if n := send(events.MessageInput{To: events.ToWaitlisted, Subject: "Still waiting", Body: "Hold on."}); n != 1 {
		t.Fatalf("to the waiting list: %d", n)
	}
	a.MustMailTo(t, "p3@example.org", "Still waiting")
	if n := send(events.MessageInput{To: events.ToChosen, RegistrationIDs: []string{r2.ID, "not-one-of-theirs"}, Subject: "Your talk", Body: "Slides?"}); n != 1 {
		t.Fatalf("to the ticked: %d", n)
	}
	a.MustMailTo(t, "p2@example.org", "Your talk")
	_ = r1
	_, err := svc(a).MessageRegistrants(ctx, officer, e.ID, events.MessageInput{To: events.ToCheckedIn, Subject: "Thanks", Body: "For coming"})
	if fieldKey(err, "to") != "events.err.message_nobody" {
		t.Fatalf("nobody checked in: %v", err)
	}
	a.NoMail(t, 100*time.Millisecond)

	// Over HTTP, ticking people in the list (the checkboxes belong to the message form).
	c := a.Client(t)
	c.SignIn("owen@example.org", "correct horse battery")
	page := c.Get("/events/" + e.ID + "/registrations")
	apptest.MustContain(t, page, `form="message-form"`, "Message the people registered")
	res := c.PostForm("/events/"+e.ID+"/messages", url.Values{"to": {"chosen"}, "subject": {""}, "body": {"Hello"}, "registration": {r1.ID}})
	apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
	apptest.MustContain(t, res, "Enter a subject", ">Hello</textarea>")
	res = c.PostForm("/events/"+e.ID+"/messages", url.Values{"to": {"chosen"}, "subject": {"Parking"}, "body": {"Use the back gate."}, "registration": {r1.ID}})
	apptest.MustStatus(t, res, http.StatusSeeOther)
	a.MustMailTo(t, "p1@example.org", "Parking")
	a.NoMail(t, 100*time.Millisecond)
}

// An organiser calls the event off: everyone is told with the message, calendars drop it,
// and nobody can register any more.
func TestCancelEvent(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	officer, e := fixture(t, a, 1)
	register(a, e, 1)
	register(a, e, 2)
	a.MustMailTo(t, "p1@example.org", "Pop-up day")
	a.MustMailTo(t, "p2@example.org", "Pop-up day")
	c := a.Client(t)
	c.SignIn("owen@example.org", "correct horse battery")
	c.Get("/events/" + e.ID + "/cancel-event")
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/cancel-event", url.Values{"message": {""}}), http.StatusUnprocessableEntity)
	res := c.PostForm("/events/"+e.ID+"/cancel-event", url.Values{"message": {"The hall is flooded.\nWe will find another date."}})
	apptest.MustStatus(t, res, http.StatusSeeOther)
	body := a.MustMailTo(t, "p1@example.org", "Cancelled: Pop-up day")
	if !strings.Contains(body, "The hall is flooded.") {
		t.Errorf("cancel mail: %s", body)
	}
	if cal := calendarMail(t, a, "p1@example.org", "Cancelled"); !strings.Contains(cal, "STATUS:CANCELLED") {
		t.Errorf("the calendar file does not cancel the event:\n%s", cal)
	}
	a.MustMailTo(t, "p2@example.org", "Cancelled: Pop-up day")
	apptest.MustContain(t, a.Client(t).Get("/events/"+e.ID), "This event has been cancelled", "The hall is flooded.")
	apptest.MustNotContain(t, a.Client(t).Get("/events/"+e.ID), "/events/"+e.ID+"/register")
	if _, err := register(a, e, 3); errs.As(err).Key != "events.err.cancelled" {
		t.Fatalf("registering for a cancelled event: %v", err)
	}
	evs := mustICal(t, a.Client(t).Get("/events/"+e.ID+".ics").Body)
	if evs[0].Props.Get(goical.PropStatus).Value != "CANCELLED" {
		t.Error("the event's calendar is not cancelled")
	}
	if err := svc(a).CancelEvent(ctx, officer, e.ID, "again"); err == nil {
		t.Error("cancelled twice")
	}
}

// B6: three sessions each attended by all 117 showed "33% (117)" each.
func TestInsightsBySessionAreSharesOfThePeople(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, e := fixture(t, a, 10)
	s1 := addSession(t, a, officer, e, "Opening", "10:00", "10:30", "")
	s2 := addSession(t, a, officer, e, "Close", "14:30", "15:00", "")
	e, _ = svc(a).Event(context.Background(), e.ID)
	for i := 0; i < 4; i++ {
		register(a, e, i, s1.ID, s2.ID)
	}
	c := a.Client(t)
	c.SignIn("owen@example.org", "correct horse battery")
	page := c.Get("/events/" + e.ID + "/insights")
	apptest.MustContain(t, page, "100% (4)")
	apptest.MustNotContain(t, page, "50% (4)")
}

// B7: a binary file became a garbage note, and notes could be neither edited nor deleted.
func TestNotesUploadsAndEdits(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	_, e := fixture(t, a, 10)
	c := a.Client(t)
	c.SignIn("owen@example.org", "correct horse battery")
	c.Get("/events/" + e.ID + "/groups")
	for _, name := range []string{"Table 10", "Table 2", "Table 1"} {
		apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/groups", url.Values{"group_name": {name}}), http.StatusSeeOther)
	}
	page := c.Get("/events/" + e.ID + "/groups")
	if i1, i2, i10 := strings.Index(page.Body, ">Table 1"), strings.Index(page.Body, ">Table 2"), strings.Index(page.Body, ">Table 10"); !(i1 < i2 && i2 < i10) {
		t.Errorf("groups not in natural order: %d %d %d", i1, i2, i10)
	}
	gid := regexp.MustCompile(`<option value="([0-9a-f-]{36})"[^>]*>Table 1<`).FindStringSubmatch(page.Body)[1]
	docx := append([]byte("PK\x03\x04\x14\x00\x06\x00"), []byte("word/document.xml")...)
	res := postMultipart(c, "/events/"+e.ID+"/notes", map[string]string{"group_id": gid, "notes": "Typed note"}, "file", "notes.docx", docx)
	apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
	apptest.MustContain(t, res, "Upload a plain text (.txt) or CSV (.csv) file", "Typed note")
	res = postMultipart(c, "/events/"+e.ID+"/notes", map[string]string{"group_id": gid}, "file", "notes.txt", docx)
	apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
	if n := a.Count(t, `SELECT COUNT(*) FROM event_notes`); n != 0 {
		t.Fatalf("%d notes saved from refused uploads", n)
	}
	res = c.PostForm("/events/"+e.ID+"/notes", url.Values{"group_id": {gid}, "notes": {"Zebra crossing\nApples\nMiddle"}})
	apptest.MustStatus(t, res, http.StatusSeeOther)
	page = c.Get("/events/" + e.ID + "/groups")
	if z, ap, m := strings.Index(page.Body, "Zebra crossing"), strings.Index(page.Body, "Apples"), strings.Index(page.Body, "Middle"); !(z < ap && ap < m) {
		t.Errorf("notes not in the order typed")
	}
	nid := regexp.MustCompile(`id="note-([0-9a-f-]{36})">Apples`).FindStringSubmatch(page.Body)[1]
	c.Get("/events/" + e.ID + "/notes/" + nid + "/edit")
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/notes/"+nid+"/edit", url.Values{"body": {" "}}), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/notes/"+nid+"/edit", url.Values{"body": {"Apple trees in the park"}}), http.StatusSeeOther)
	apptest.MustContain(t, c.Get("/events/"+e.ID+"/groups"), "Apple trees in the park")
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/notes/"+nid+"/delete", nil), http.StatusSeeOther)
	apptest.MustNotContain(t, c.Get("/events/"+e.ID+"/groups"), "Apple trees")
	// A group renamed, then removed with its notes.
	c.Get("/events/" + e.ID + "/groups/" + gid + "/edit")
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/groups/"+gid+"/edit", url.Values{"group_name": {"Table 2"}}), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/groups/"+gid+"/edit", url.Values{"group_name": {"Window table"}, "facilitator": {"Mair"}}), http.StatusSeeOther)
	apptest.MustContain(t, c.Get("/events/"+e.ID+"/groups"), "Window table", "(Mair)")
	apptest.MustStatus(t, c.PostForm("/events/"+e.ID+"/groups/"+gid+"/delete", nil), http.StatusSeeOther)
	if n := a.Count(t, `SELECT COUNT(*) FROM event_notes`); n != 0 {
		t.Errorf("%d notes left after their group went", n)
	}
	// Another organisation's member cannot touch them.
	apptest.MustStatus(t, a.Client(t).Get("/events/"+e.ID+"/notes/"+nid+"/edit"), http.StatusSeeOther)
}

func FuzzCheckUpload(f *testing.F) {
	f.Add("notes.txt", []byte("Buses\nDamp\n"))
	f.Add("notes.docx", []byte("PK\x03\x04"))
	f.Add("", []byte("a,b\r\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		isCSV, err := events.CheckUpload(name, data)
		if err != nil {
			return
		}
		for _, c := range data {
			if c == 0 {
				t.Fatalf("a file with a NUL byte was taken as text")
			}
		}
		if _, err := events.ParseNotes(data, isCSV); err != nil && errs.As(err).Fields["file"] == "" {
			t.Fatalf("ParseNotes: %v", err)
		}
	})
}

// B10: raw Markdown and a relative link in the calendar's description; no sessions.
func TestCalendarDescriptionIsPlainText(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, e := fixture(t, a, 10)
	in := events.EventInput{Title: e.Title, OrganisationID: e.OrganisationID, Venue: "Hall", StartDate: events.Local(e.StartsAt).Format("2006-01-02"),
		StartTime: "10:00", EndTime: "15:00", Capacity: "10", Description: "Bring **village halls** together.\n\nSee [the asset map](/assets) first."}
	if _, err := svc(a).Save(context.Background(), officer, "en", e.ID, in); err != nil {
		t.Fatal(err)
	}
	addSession(t, a, officer, e, "Warm spaces", "11:00", "12:00", "")
	evs := mustICal(t, a.Client(t).Get("/events/"+e.ID+".ics").Body)
	desc, _ := evs[0].Props.Get(goical.PropDescription).Text()
	if strings.Contains(desc, "**") || strings.Contains(desc, "](") || !strings.Contains(desc, "the asset map ("+a.URL+"/assets)") ||
		!strings.Contains(desc, "11:00–12:00 Warm spaces") || !strings.Contains(desc, "together.\n\nSee") {
		t.Errorf("description: %q", desc)
	}
	if len(evs) != 2 {
		t.Fatalf("%d events in the file", len(evs))
	}
	// Times are UTC with Z: 11:00 in London on the event's day.
	start, err := evs[1].DateTimeStart(time.UTC)
	if err != nil || !strings.HasSuffix(evs[1].Props.Get(goical.PropDateTimeStart).Value, "Z") || events.Local(start).Format("15:04") != "11:00" {
		t.Errorf("session start %v (%v)", start, err)
	}
}

// After the event, the people who came are asked for feedback once, each with their code.
func TestFeedbackRequests(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 10)
		r1, _ := register(a, e, 1)
		register(a, e, 2)
		a.MustMailTo(t, "p1@example.org", "Pop-up day")
		a.MustMailTo(t, "p2@example.org", "Pop-up day")
		if err := svc(a).CheckIn(ctx, officer, e.ID, r1.ID, false); err != nil {
			t.Fatal(err)
		}
		if n, err := svc(a).AskForFeedback(ctx); err != nil || n != 0 {
			t.Fatalf("before the event: %d %v", n, err)
		}
		a.Clock.Advance(8 * 24 * time.Hour)
		if n, err := svc(a).AskForFeedback(ctx); err != nil || n != 1 {
			t.Fatalf("after the event: %d %v", n, err)
		}
		body := a.MustMailTo(t, "p1@example.org", "How was Pop-up day?")
		link := ""
		for _, l := range apptest.Links(body) {
			if strings.Contains(l, "/feedback?code=") {
				link = l
			}
		}
		if link == "" {
			t.Fatalf("no feedback link: %s", body)
		}
		if n, _ := svc(a).AskForFeedback(ctx); n != 0 {
			t.Fatal("asked twice")
		}
		a.NoMail(t, 100*time.Millisecond) // p2 did not come
		c := a.Client(t)
		form := c.Get(strings.TrimPrefix(link, a.URL))
		apptest.MustContain(t, form, r1.FeedbackCode)
	})
}

// Moving a one-day event's date from its edit form moves its end with it: the end date is left
// empty ("ends on the day it starts"), not the old day, which refused the change.
func TestMovingAOneDayEvent(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	_, e := fixture(t, a, 10)
	c := a.Client(t)
	c.SignIn("owen@example.org", "correct horse battery")
	edit := c.Get("/events/" + e.ID + "/edit")
	apptest.MustContain(t, edit, `id="end_date" name="end_date" type="date" value=""`)
	next := events.Local(e.StartsAt.AddDate(0, 0, 1)).Format("2006-01-02")
	res := c.PostForm("/events/"+e.ID+"/edit", url.Values{"title": {e.Title}, "organisation_id": {e.OrganisationID}, "start_date": {next},
		"start_time": {"10:00"}, "end_date": {""}, "end_time": {"15:00"}, "venue": {"Hall"}, "capacity": {"10"}})
	apptest.MustStatus(t, res, http.StatusSeeOther)
}
