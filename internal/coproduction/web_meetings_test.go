package coproduction_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/coproduction"
	"commons/internal/identity"
)

// postFile posts a multipart form with one file, carrying the client's CSRF token.
func postFile(t *testing.T, c *apptest.Client, path string, fields map[string]string, name string, data []byte) *apptest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("csrf_token", c.CSRF)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if data != nil {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req := c.Request("POST", path, nil)
	req.Body = http.NoBody
	req, _ = http.NewRequest("POST", req.URL.String(), &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

const pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// A board between meetings, on both databases: a meeting with its time in UK time, place and
// online link; papers of the right kinds and sizes; the notice mailed to every member with an
// address (with a calendar entry) and the others listed to be told another way; the minutes
// drafted, then approved at the next meeting and kept; an overdue action mailed to its owner once.
func TestBoardBetweenMeetings(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
		member, _ := signedIn(t, a, "Dai Member", "dai@example.org")
		anon := a.Client(t)
		officer.Get("/boards")
		r := officer.PostForm("/boards", url.Values{"name": {"Carers' Partnership"}, "name_cy": {"Partneriaeth Gofalwyr"}, "kind": {"partnership"},
			"purpose": {"Carers shape the services they use."}, "chair_email": {"owen@example.org"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		board := r.Location()
		officer.Get(board)

		// Seats: a member with an account (mail in Welsh), a person without one (named by the
		// officer, with how to reach them), an organisation's.
		if _, err := a.DB.Exec(t.Context(), `UPDATE accounts SET language = 'cy' WHERE email = 'dai@example.org'`); err != nil {
			t.Fatal(err)
		}
		apptest.MustStatus(t, officer.PostForm(board+"/members", url.Values{"email": {"dai@example.org"}, "role": {"Carer"}, "role_cy": {"Gofalwr"}}), http.StatusSeeOther)
		mustSummary(t, officer.PostForm(board+"/members", url.Values{"person_name": {"Siân Jones"}, "email": {"dai@example.org"}, "role": {"Carer"},
			"contact_email": {"not an address"}, "named": {"yes"}}),
			"Give either an account's email address or the name of a person without one", "Enter an email address like", "Say how the person told you")
		apptest.MustStatus(t, officer.PostForm(board+"/members", url.Values{"person_name": {"Siân Jones"}, "contact_phone": {"01632 960123"},
			"contact_note": {"Ring in the afternoon"}, "role": {"Carers' representative"}, "language": {"cy"}}), http.StatusSeeOther)
		apptest.MustStatus(t, officer.PostForm(board+"/members", url.Values{"person_name": {"Nia Evans"}, "contact_email": {"nia@example.org"}, "role": {"Young carer"}}), http.StatusSeeOther)
		r = anon.Get(board)
		apptest.MustContain(t, r, "Carers' representative", "A member of the board")
		apptest.MustNotContain(t, r, "Siân Jones", "01632 960123", "Nia Evans", "nia@example.org")
		apptest.MustContain(t, officer.Get(board), "Siân Jones", "01632 960123", "Ring in the afternoon")
		apptest.MustNotContain(t, member.Get(board), "01632 960123") // contact details are for the chair and officers

		// A meeting at 18:30 UK time on a summer day is 17:30 UTC.
		mustSummary(t, officer.PostForm(board+"/meetings", url.Values{"held_on": {"2026-07-02"}, "starts": {"25:00"}, "ends": {"17:00"}, "online": {"meet.example.org"}, "agenda": {"Welcome"}}),
			"Enter a time of day", "Enter the meeting's web address")
		mustSummary(t, officer.PostForm(board+"/meetings", url.Values{"held_on": {"2026-07-02"}, "starts": {"18:30"}, "ends": {"17:00"}, "agenda": {"Welcome"}}),
			"The finish time must be after the start time")
		r = officer.PostForm(board+"/meetings", url.Values{"held_on": {"2026-07-02"}, "starts": {"6.30pm"}, "ends": {"20:00"}, "place": {"Nant Village Hall"},
			"online": {"https://meet.example.org/carers"}, "agenda": {"Welcome\nRespite breaks\nAny other business"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		first := r.Location()
		var starts time.Time
		if err := a.DB.QueryRow(t.Context(), `SELECT starts_at FROM coproduction_meetings WHERE board_id = (SELECT id FROM coproduction_boards WHERE name = 'Carers'' Partnership')`).Scan(&starts); err != nil {
			t.Fatal(err)
		}
		if got := starts.UTC().Format(time.RFC3339); got != "2026-07-02T17:30:00Z" {
			t.Errorf("starts at %s, want 17:30 UTC", got)
		}
		r = anon.Get(first)
		apptest.MustContain(t, r, "Thursday 2 July 2026 at 18:30 to 20:00", "Nant Village Hall", "https://meet.example.org/carers", "Respite breaks")
		apptest.MustNotContain(t, r, "17:30", "Send the notice")
		cal := anon.Get(first + "/calendar.ics")
		apptest.MustContain(t, cal, "BEGIN:VCALENDAR", "DTSTART:20260702T173000Z", "DTEND:20260702T190000Z", "LOCATION:Nant Village Hall")

		// Papers: a PDF is kept; a file that only claims to be a PDF, an empty one and a large
		// one are refused with a clear message.
		officer.Get(first)
		mustSummary(t, postFile(t, officer, first+"/papers", map[string]string{"paper_title": "Respite report"}, "report.pdf", []byte("MZ\x90\x00 not a pdf")), "The file must be a PDF")
		mustSummary(t, postFile(t, officer, first+"/papers", map[string]string{"paper_title": ""}, "report.pdf", []byte{}), "Enter the paper's title", "The chosen file is empty")
		mustSummary(t, postFile(t, officer, first+"/papers", map[string]string{"paper_title": "Big"}, "big.pdf", append([]byte("%PDF-"), make([]byte, coproduction.MaxPaper)...)), "smaller than 900 KB")
		apptest.MustStatus(t, postFile(t, member, first+"/papers", map[string]string{"paper_title": "Mine"}, "mine.pdf", []byte(pdf)), http.StatusForbidden)
		apptest.MustStatus(t, postFile(t, officer, first+"/papers", map[string]string{"paper_title": "Respite report"}, `..\evil"name.pdf`, []byte(pdf)), http.StatusSeeOther)
		r = anon.Get(first)
		apptest.MustContain(t, r, "Respite report", "PDF, 1 KB")
		var paper string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_papers WHERE title = 'Respite report'`).Scan(&paper); err != nil {
			t.Fatal(err)
		}
		f := anon.Get(first + "/papers/" + paper)
		apptest.MustStatus(t, f, http.StatusOK)
		if f.Body != pdf || f.Header.Get("Content-Type") != "application/pdf" || f.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(f.Header.Get("Content-Disposition"), `attachment; filename="evilname.pdf"`) {
			t.Errorf("paper download %v %q", f.Header, f.Body)
		}

		// The notice: the confirmation says who it cannot reach; each member gets it in their own
		// language with the meeting as a calendar entry.
		r = officer.Get(first + "/notice")
		apptest.MustContain(t, r, "to 3 members", "1 seat has no email address here", "Siân Jones", "01632 960123")
		apptest.MustStatus(t, member.PostForm(first+"/notice", nil), http.StatusForbidden)
		apptest.MustStatus(t, officer.PostForm(first+"/notice", nil), http.StatusSeeOther)
		cy := a.MustMailTo(t, "dai@example.org", "Partneriaeth Gofalwyr")
		for _, want := range []string{"Dydd Iau 2 Gorffennaf 2026 am 18:30", "Nant Village Hall", "https://meet.example.org/carers", "Respite breaks", "Respite report", "/papers/" + paper} {
			if !strings.Contains(cy, want) {
				t.Errorf("Welsh notice lacks %q:\n%s", want, cy)
			}
		}
		en := a.MustMailTo(t, "nia@example.org", "Carers' Partnership: meeting on Thursday 2 July 2026 at 18:30")
		if !strings.Contains(en, "(UK time)") {
			t.Errorf("notice:\n%s", en)
		}
		a.MustMailTo(t, "owen@example.org", "meeting on")
		var raw []byte
		for _, m := range a.Mail.Messages() {
			if len(m.To) > 0 && m.To[0] == "nia@example.org" {
				raw = m.Raw
			}
		}
		if !bytes.Contains(raw, []byte("meeting.ics")) || !bytes.Contains(raw, []byte("text/calendar")) {
			t.Errorf("the notice has no calendar entry")
		}
		apptest.MustContain(t, officer.Get(first), "to 3 members", "Send the notice again")

		// Minutes: a draft, then approved at the next meeting, then kept as they are.
		apptest.MustStatus(t, officer.PostForm(first, url.Values{"minutes": {"Six carers came."}}), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get(first), "Draft minutes", "Six carers came.")
		r = officer.PostForm(board+"/meetings", url.Values{"held_on": {"2026-09-03"}, "starts": {"18:30"}, "agenda": {"Minutes of the last meeting"}})
		second := r.Location()
		apptest.MustContain(t, officer.Get(second), "Approve the minutes of 2 July 2026")
		mustSummary(t, officer.PostForm(second+"/minutes/approve", url.Values{"approved_in": {strings.TrimPrefix(first, board+"/meetings/")}}), "Choose a later meeting")
		apptest.MustStatus(t, member.PostForm(first+"/minutes/approve", url.Values{"approved_in": {strings.TrimPrefix(second, board+"/meetings/")}}), http.StatusForbidden)
		apptest.MustStatus(t, officer.PostForm(first+"/minutes/approve", url.Values{"approved_in": {strings.TrimPrefix(second, board+"/meetings/")}, "back": {"later"}}), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get(first), "Approved minutes", "Approved at the meeting on 3 September 2026.")
		mustSummary(t, officer.PostForm(first, url.Values{"minutes": {"Rewritten"}}), "cannot be changed")

		// An action for Dai, overdue once the clock passes its date: mailed once, flagged.
		officer.Get(first)
		apptest.MustStatus(t, officer.PostForm(first+"/actions", url.Values{"action": {"Ask carers about respite"}, "owner": {"dai@example.org"}, "due_on": {"2026-07-20"}}), http.StatusSeeOther)
		a.MustMailTo(t, "dai@example.org", "cam gweithredu i chi")
		// Several servers run the worker at once: the action is mailed once all the same.
		svc := app.Service[*coproduction.Service](a.Server)
		var wg sync.WaitGroup
		var mu sync.Mutex
		sent := 0
		for range 4 {
			wg.Go(func() {
				n, err := svc.MailOverdue(t.Context())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				sent += n
				mu.Unlock()
			})
		}
		wg.Wait()
		if sent != 1 {
			t.Errorf("%d overdue mails queued by four workers at once, want 1", sent)
		}
		body := a.MustMailTo(t, "dai@example.org", "yn hwyr")
		if !strings.Contains(body, "Ask carers about respite") || !strings.Contains(body, "20 Gorffennaf 2026") {
			t.Errorf("overdue mail:\n%s", body)
		}
		a.NoMail(t, 300*time.Millisecond)
		apptest.MustContain(t, anon.Get(board), "Overdue")
	})
}
