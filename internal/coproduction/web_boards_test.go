package coproduction_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

var boardURL = regexp.MustCompile(`^/boards/([0-9a-f-]{36})$`)
var meetingURL = regexp.MustCompile(`^/boards/[0-9a-f-]{36}/meetings/([0-9a-f-]{36})$`)

// A board on both databases: set up by an officer, run by its chair (members from any sector, a
// meeting with agenda, minutes, decisions and actions), read by anyone; seats across boards.
func TestBoardJourney(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
		chair, chairID := signedIn(t, a, "Carys Chair", "carys@example.org")
		member, _ := signedIn(t, a, "Dai Member", "dai@example.org")
		anon := a.Client(t)
		admin := &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin), Name: "Ada", Roles: []string{identity.RoleAdmin}}
		org, err := a.Identity.SaveOrganisation(t.Context(), admin, "", identity.OrganisationInput{Name: "Harbourside Food Bank", Sector: "vcf"})
		if err != nil {
			t.Fatal(err)
		}

		apptest.MustStatus(t, chair.PostForm("/boards", url.Values{"name": {"X"}}), http.StatusForbidden)
		officer.Get("/boards")
		mustSummary(t, officer.PostForm("/boards", url.Values{"name": {"Health and Wellbeing Partnership"}, "kind": {"club"}, "chair_email": {"nobody@example.org"}}),
			"Choose the kind of board")
		mustSummary(t, officer.PostForm("/boards", url.Values{"name": {"Health and Wellbeing Partnership"}, "kind": {"partnership"}, "chair_email": {"nobody@example.org"}}),
			"There is no account with this email address")
		r := officer.PostForm("/boards", url.Values{"name": {"Health and Wellbeing Partnership"}, "kind": {"partnership"}, "purpose": {"Join up care."}, "chair_email": {"carys@example.org"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		m := boardURL.FindStringSubmatch(r.Location())
		if m == nil {
			t.Fatalf("redirect %q", r.Location())
		}
		board := r.Location()
		mustSummary(t, officer.PostForm("/boards", url.Values{"name": {"Health and Wellbeing Partnership"}, "kind": {"steering"}, "chair_email": {"carys@example.org"}}),
			"There is already a board with this name")

		// The chair runs the board; a member who is not chair cannot.
		apptest.MustStatus(t, member.PostForm(board+"/members", url.Values{"email": {"dai@example.org"}, "role": {"Member"}}), http.StatusForbidden)
		chair.Get(board)
		mustSummary(t, chair.PostForm(board+"/members", url.Values{"role": {""}}), "Enter the email address of a person's account or the name of a person without one, or choose an organisation", "Enter their role on the board")
		apptest.MustStatus(t, chair.PostForm(board+"/members", url.Values{"email": {"dai@example.org"}, "organisation_id": {org.ID}, "role": {"Voluntary sector representative"}}), http.StatusSeeOther)
		apptest.MustStatus(t, chair.PostForm(board+"/members", url.Values{"organisation_id": {org.ID}, "role": {"Observer"}}), http.StatusSeeOther)

		mustSummary(t, chair.PostForm(board+"/meetings", url.Values{"held_on": {"someday"}}), "Enter a real date", "Enter the agenda")
		r = chair.PostForm(board+"/meetings", url.Values{"held_on": {"2026-04-02"}, "agenda": {"Welcome\nWinter pressures\nAny other business"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if meetingURL.FindStringSubmatch(r.Location()) == nil {
			t.Fatalf("meeting redirect %q", r.Location())
		}
		meeting := r.Location()
		apptest.MustContain(t, anon.Get(meeting), "Winter pressures", "The minutes have not been written yet.")
		apptest.MustStatus(t, chair.PostForm(meeting, url.Values{"minutes": {"Ten members came.\n\nWe agreed a winter plan."}}), http.StatusSeeOther)
		apptest.MustStatus(t, chair.PostForm(meeting+"/decisions", url.Values{"decision": {"Fund two warm hubs"}}), http.StatusSeeOther)
		mustSummary(t, chair.PostForm(meeting+"/actions", url.Values{"action": {"Find venues"}, "owner": {"dai@example.org"}, "due_on": {"2026-13-01"}}), "Enter a real date")
		apptest.MustStatus(t, chair.PostForm(meeting+"/actions", url.Values{"action": {"Find venues"}, "owner": {"dai@example.org"}, "due_on": {"2026-05-01"}}), http.StatusSeeOther)
		apptest.MustStatus(t, chair.PostForm(meeting+"/actions", url.Values{"action": {"Write to the health board"}, "owner": {"Nia Jones"}, "due_on": {"1/6/2026"}}), http.StatusSeeOther)
		apptest.MustStatus(t, member.PostForm(meeting+"/decisions", url.Values{"decision": {"Sneaky"}}), http.StatusForbidden)

		// The public sees what was decided and done, and who only where they agreed: Dai holds a
		// seat but has not agreed, so his action shows his role; Nia is outside the board.
		r = anon.Get(meeting)
		apptest.MustContain(t, r, "We agreed a winter plan.", "Draft minutes", "Fund two warm hubs", "Find venues", "Voluntary sector representative",
			"1 May 2026", "Someone outside the board", "1 June 2026")
		apptest.MustNotContain(t, r, "Dai Member", "Nia Jones", "Mark as done", "Record the decision", "1 decisions")
		apptest.MustContain(t, chair.Get(meeting), "Dai Member", "Nia Jones")
		var action, nias string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_actions WHERE text = 'Find venues'`).Scan(&action); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_actions WHERE text = 'Write to the health board'`).Scan(&nias); err != nil {
			t.Fatal(err)
		}
		// Dai was told by mail, and marks his own action done; Nia's is not his.
		apptest.MustContain(t, &apptest.Response{Body: a.MustMailTo(t, "dai@example.org", "an action for you")}, "Find venues", "1 May 2026", "/boards/my-actions")
		apptest.MustContain(t, member.Get("/boards/my-actions"), "Find venues", "Overdue")
		apptest.MustStatus(t, member.PostForm(board+"/actions/"+nias+"/done", nil), http.StatusForbidden)
		apptest.MustStatus(t, member.PostForm(board+"/actions/"+action+"/done", url.Values{"back": {"mine"}}), http.StatusSeeOther)
		// The chair records Nia's action done for her, saying how she told them.
		mustSummary(t, chair.PostForm(board+"/actions/"+nias+"/done", nil), "Choose how the owner told you the action is done")
		apptest.MustStatus(t, chair.PostForm(board+"/actions/"+nias+"/done", url.Values{"how": {"phone"}}), http.StatusSeeOther)
		mustSummary(t, chair.PostForm(board+"/actions/"+nias+"/done", url.Values{"how": {"phone"}}), "This action is already done")
		apptest.MustContain(t, chair.Get(board), "recorded by Carys Chair, told by phone")
		r = anon.Get(board)
		apptest.MustContain(t, r, "Harbourside Food Bank", "Voluntary, community and faith", "Done", "Thursday 2 April 2026", "1 decision ·")
		apptest.MustNotContain(t, r, "Carys Chair", "Dai Member")

		// The chair agrees to be named; Dai's page stays private until he does.
		var chairSeat, daiSeat string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_board_members WHERE account_id = $1`, chairID).Scan(&chairSeat); err != nil {
			t.Fatal(err)
		}
		apptest.MustStatus(t, member.PostForm(board+"/members/"+chairSeat+"/named", url.Values{"named": {"yes"}}), http.StatusForbidden)
		apptest.MustStatus(t, chair.PostForm(board+"/members/"+chairSeat+"/named", url.Values{"named": {"yes"}}), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get(board), "Chaired by Carys Chair.")

		// Seats: the organisation has two seats on one board; the chair sits on one board.
		var dai string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = 'dai@example.org'`).Scan(&dai); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_board_members WHERE account_id = $1`, dai).Scan(&daiSeat); err != nil {
			t.Fatal(err)
		}
		r = anon.Get("/boards/organisations/" + org.ID)
		apptest.MustContain(t, r, "Harbourside Food Bank sits on 1 board.", "Observer", "Voluntary sector representative", "A member of the board")
		apptest.MustNotContain(t, r, "Dai Member")
		apptest.MustContain(t, anon.Get("/boards/people/"+chairID), "Carys Chair sits on 1 board.", "Chair")
		apptest.MustStatus(t, anon.Get("/boards/people/"+dai), http.StatusNotFound)
		apptest.MustContain(t, member.Get("/boards/people/"+dai), "Dai Member sits on 1 board.")
		// The officer records Dai's consent, given by phone.
		mustSummary(t, officer.PostForm(board+"/members/"+daiSeat+"/named", url.Values{"named": {"yes"}}), "Say how the person told you")
		apptest.MustStatus(t, officer.PostForm(board+"/members/"+daiSeat+"/named", url.Values{"named": {"yes"}, "consent_how": {"phone"}}), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get("/boards/people/"+dai), "Dai Member sits on 1 board.")
		apptest.MustStatus(t, anon.Get("/boards/people/not-an-id"), http.StatusNotFound)

		// API
		r = anon.Get("/api/v1/boards/" + m[1])
		apptest.MustStatus(t, r, http.StatusOK)
		var b struct {
			Name     string
			Seats    []struct{ Role string }
			Meetings []struct{ Decisions []struct{ Text string } }
			Actions  []struct {
				Owner  string
				DoneAt *string `json:"done_at"`
			}
		}
		if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
			t.Fatal(err)
		}
		if len(b.Seats) != 3 || len(b.Meetings) != 1 || len(b.Meetings[0].Decisions) != 1 || len(b.Actions) != 2 || b.Actions[1].DoneAt == nil || strings.Contains(r.Body, "Nia Jones") {
			t.Errorf("API board %+v", b)
		}
		apptest.MustContain(t, anon.Get("/api/v1/boards"), "Health and Wellbeing Partnership")
	})
}

// Engagement activities scored against the seven National Standards, drawn as a radar chart,
// compared across activities; officers only.
func TestEngagementSelfAssessment(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
	resident, _ := signedIn(t, a, "Rhys", "rhys@example.org")
	apptest.MustStatus(t, resident.Get("/engagements"), http.StatusForbidden)

	officer.Get("/engagements")
	mustSummary(t, officer.PostForm("/engagements", url.Values{"phase": {"later"}, "held_on": {"x"}}), "Enter the name", "Choose plan or evaluation", "Enter a real date")
	var pages []string
	for _, title := range []string{"Park survey", "Youth forum"} {
		r := officer.PostForm("/engagements", url.Values{"title": {title}, "phase": {"evaluated"}, "held_on": {"2026-03-01"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		pages = append(pages, r.Location())
	}
	apptest.MustContain(t, officer.Get(pages[0]), "Not scored yet.")
	mustSummary(t, officer.PostForm(pages[0], url.Values{}), "Score at least one standard")
	mustSummary(t, officer.PostForm(pages[0], url.Values{"score-inclusion": {"5"}}), "Choose a score from 0 to 4")
	form := url.Values{"score-inclusion": {"4"}, "evidence-inclusion": {"Met people at the school gate"}, "score-support": {"2"}, "score-planning": {"3"},
		"score-working_together": {"3"}, "score-methods": {"1"}, "score-communication": {"2"}, "score-impact": {"0"}}
	apptest.MustStatus(t, officer.PostForm(pages[0], form), http.StatusSeeOther)
	apptest.MustStatus(t, officer.PostForm(pages[1], url.Values{"score-inclusion": {"1"}, "score-impact": {"4"}}), http.StatusSeeOther)

	r := officer.Get(pages[0])
	apptest.MustContain(t, r, `class="app-chart"`, "Park survey: highest Inclusion (4), lowest Impact (0).", "Met people at the school gate", "Working together")
	if n := strings.Count(r.Body, `class="series"`); n != 1 {
		t.Errorf("%d radar shapes", n)
	}
	r = officer.Get("/engagements")
	apptest.MustContain(t, r, "Scores compared across activities", "Park survey", "Youth forum", "2.1", "2.5", "The four most recent activities compared")
	if n := strings.Count(r.Body, `class="series"`); n != 2 {
		t.Errorf("%d shapes on the comparison radar, want 2", n)
	}
	r = officer.Get("/engagements.csv")
	apptest.MustStatus(t, r, http.StatusOK)
	if strings.Count(r.Body, "Park survey") != 7 || strings.Count(r.Body, "Youth forum") != 2 {
		t.Errorf("engagements CSV:\n%s", r.Body)
	}
}
