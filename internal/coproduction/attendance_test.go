package coproduction_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

// Attendance at a board's meetings, on both databases: a member sends apologies for a coming
// meeting with a note only the chair and they see, the chair is told by mail, and the member can
// take them back; nobody sends apologies for a meeting already held or for a board they do not
// sit on; the chair records who came and apologies given by phone for a member without an
// account, who is told by mail; a public page shows roles, not names nobody agreed to show.
func TestAttendanceAndApologies(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
		member, _ := signedIn(t, a, "Dai Member", "dai@example.org")
		stranger, _ := signedIn(t, a, "Sam Stranger", "sam@example.org")
		anon := a.Client(t)
		officer.Get("/boards")
		r := officer.PostForm("/boards", url.Values{"name": {"Carers' Partnership"}, "kind": {"partnership"},
			"purpose": {"Carers shape the services they use."}, "chair_email": {"owen@example.org"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		board := r.Location()
		officer.Get(board)
		apptest.MustStatus(t, officer.PostForm(board+"/members", url.Values{"email": {"dai@example.org"}, "role": {"Carer"}}), http.StatusSeeOther)
		apptest.MustStatus(t, officer.PostForm(board+"/members", url.Values{"person_name": {"Nia Evans"}, "contact_email": {"nia@example.org"}, "role": {"Young carer"}}), http.StatusSeeOther)

		london, _ := time.LoadLocation("Europe/London")
		day := func(d int) string { return time.Now().In(london).AddDate(0, 0, d).Format(time.DateOnly) }
		meeting := func(held string) string {
			r := officer.PostForm(board+"/meetings", url.Values{"held_on": {held}, "starts": {"18:30"}, "agenda": {"Welcome"}})
			apptest.MustStatus(t, r, http.StatusSeeOther)
			return strings.Split(r.Location(), "#")[0]
		}
		coming, past := meeting(day(10)), meeting(day(-10))
		if !strings.Contains(coming, "/meetings/") || !strings.Contains(past, "/meetings/") {
			t.Fatalf("meeting addresses %q %q", coming, past)
		}

		// Dai sends apologies; the chair hears, with the note.
		member.Get(coming)
		apptest.MustStatus(t, member.PostForm(coming+"/apologies", url.Values{"note": {"A hospital appointment"}}), http.StatusSeeOther)
		body := a.MustMailTo(t, "owen@example.org", "apologies from Dai Member")
		if !strings.Contains(body, "A hospital appointment") {
			t.Errorf("the chair's mail lacks the note:\n%s", body)
		}
		apptest.MustContain(t, member.Get(coming), "You have sent your apologies", "A hospital appointment", "Apologies (1)")
		apptest.MustContain(t, member.Get("/boards/my-actions"), "Apologies sent")
		r = anon.Get(coming)
		apptest.MustContain(t, r, "Apologies (1)", "Carer")
		apptest.MustNotContain(t, r, "Dai Member", "A hospital appointment", "Send apologies")
		apptest.MustContain(t, officer.Get(coming), "Dai Member", "A hospital appointment")

		// Taken back: nothing recorded.
		apptest.MustStatus(t, member.PostForm(coming+"/apologies", url.Values{"withdraw": {"1"}}), http.StatusSeeOther)
		apptest.MustContain(t, member.Get(coming), "No attendance or apologies recorded yet", "Send apologies")

		// Too late, or not on the board.
		member.Get(past)
		mustSummary(t, member.PostForm(past+"/apologies", url.Values{"note": {"Sorry"}}), "This meeting has been held")
		stranger.Get(coming)
		apptest.MustStatus(t, stranger.PostForm(coming+"/apologies", url.Values{"note": {"Me too"}}), http.StatusForbidden)
		mustSummary(t, member.PostForm(coming+"/apologies", url.Values{"note": {strings.Repeat("x", 501)}}), "500 characters or fewer")

		// The chair records the past meeting: Dai and the chair came; Nia rang with her apologies and is told.
		var seats struct {
			Seats []struct {
				ID, Role string
			} `json:"seats"`
		}
		id := strings.TrimPrefix(board, "/boards/")
		if err := json.Unmarshal([]byte(officer.Get("/api/v1/boards/"+id).Body), &seats); err != nil || len(seats.Seats) != 3 {
			t.Fatalf("seats %+v %v", seats, err)
		}
		form := url.Values{"how": {"phone"}}
		for _, s := range seats.Seats {
			if s.Role == "Young carer" {
				form.Set("status_"+s.ID, "apologies")
			} else {
				form.Set("status_"+s.ID, "present") // Dai and the chair
			}
		}
		officer.Get(past)
		bad := url.Values{"how": {"phone"}, "status_" + seats.Seats[0].ID: {"asleep"}}
		mustSummary(t, officer.PostForm(past+"/attendance", bad), "Choose present, joined online, apologies or absent")
		apptest.MustStatus(t, member.PostForm(past+"/attendance", form), http.StatusForbidden)
		apptest.MustStatus(t, officer.PostForm(past+"/attendance", form), http.StatusSeeOther)
		if body := a.MustMailTo(t, "nia@example.org", "your apologies for"); !strings.Contains(body, "Owen Officer") || !strings.Contains(body, "By phone") {
			t.Errorf("Nia's mail does not say who recorded her apologies and how:\n%s", body)
		}
		r = anon.Get(past)
		apptest.MustContain(t, r, "Present (2)", "Apologies (1)", "Young carer")
		apptest.MustNotContain(t, r, "Nia Evans")
		apptest.MustContain(t, officer.Get(past), "Nia Evans", "By phone")

		// The same as data: statuses by seat, no notes.
		var b struct {
			Meetings []struct {
				ID         string
				Attendance []map[string]any
			}
		}
		raw := anon.Get("/api/v1/boards/" + id).Body
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range b.Meetings {
			n += len(m.Attendance)
		}
		if n != 3 || strings.Contains(raw, "hospital") {
			t.Errorf("the API's attendance: %s", raw)
		}
	})
}
