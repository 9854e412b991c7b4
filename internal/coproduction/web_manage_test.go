package coproduction_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

func auditCount(t *testing.T, a *apptest.App, action, targetID string) int {
	t.Helper()
	var n int
	if err := a.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND target_id = $2`, action, targetID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Project leads manage their proposal and reflection authors their reflections, on both
// databases; everyone else is refused by the service whatever page they post to.
func TestManageProject(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
		lead, _ := signedIn(t, a, "Lia Lead", "lia@example.org")
		resident, _ := signedIn(t, a, "Rhys Resident", "rhys@example.org")
		partner, _ := signedIn(t, a, "Pat Partner", "pat@example.org")
		stranger, _ := signedIn(t, a, "Sam Stranger", "sam@example.org")
		anon := a.Client(t)

		lead.Get("/projects/new")
		r := lead.PostForm("/projects", url.Values{"title": {"Warm spaces"}, "problem": {"Cold homes."}, "affected": {"Older people."}, "service_area": {"Adult social care"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		project := projectURL.FindStringSubmatch(r.Location())[0]
		pid := strings.TrimPrefix(project, "/projects/")
		for _, e := range []string{"rhys@example.org", "pat@example.org"} {
			apptest.MustStatus(t, lead.PostForm(project+"/participants", url.Values{"kind": {"resident"}, "email": {e}}), http.StatusSeeOther)
		}

		// Editing the proposal: the form comes filled in; errors keep what was typed.
		page := lead.Get(project + "/edit")
		apptest.MustStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, `value="Warm spaces"`) {
			t.Error("the edit form lacks the current title")
		}
		mustSummary(t, lead.PostForm(project+"/edit", url.Values{"title": {""}, "problem": {"Cold homes in winter."}, "affected": {"Older people."}, "service_area": {"Adult social care"}}), "Enter")
		if !strings.Contains(lead.Last.Body, "Cold homes in winter.") {
			t.Error("the re-rendered form lost what was typed")
		}
		apptest.MustStatus(t, resident.Get(project+"/edit"), http.StatusForbidden)
		apptest.MustStatus(t, resident.PostForm(project+"/edit", url.Values{"title": {"Mine now"}, "problem": {"x"}, "affected": {"x"}, "service_area": {"x"}}), http.StatusForbidden)
		apptest.MustStatus(t, stranger.Get(project+"/edit"), http.StatusNotFound)
		if r := anon.Get(project + "/edit"); r.Status == http.StatusOK {
			t.Error("the public may open the edit form")
		}
		apptest.MustStatus(t, lead.Get("/projects/not-an-id/edit"), http.StatusNotFound)
		apptest.MustStatus(t, lead.PostForm(project+"/edit", url.Values{"title": {"Warm spaces this winter"}, "problem": {"Cold homes."}, "affected": {"Older people living alone."}, "service_area": {"Adult social care"}}), http.StatusSeeOther)
		apptest.MustStatus(t, officer.PostForm(project+"/edit", url.Values{"title": {"Warm spaces this winter"}, "problem": {"Cold homes."}, "affected": {"Older people living alone."}, "service_area": {"Public health"}}), http.StatusSeeOther)
		page = lead.Get(project)
		if !strings.Contains(page.Body, "Warm spaces this winter") || !strings.Contains(page.Body, "Public health") || !strings.Contains(page.Body, "Older people living alone.") {
			t.Error("the project page does not show the changed proposal")
		}
		if n := auditCount(t, a, "coproduction.project.edit", pid); n != 2 {
			t.Errorf("audit has %d proposal edits, want 2", n)
		}

		// A reflection: its author and the lead may change or delete it; another participant may not.
		resident.Get(project)
		apptest.MustStatus(t, resident.PostForm(project+"/reflections", url.Values{"perspective": {"resident"}, "worked": {"Tea and talk."}}), http.StatusSeeOther)
		var rid string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_reflections WHERE project_id = $1`, pid).Scan(&rid); err != nil {
			t.Fatal(err)
		}
		ref := project + "/reflections/" + rid
		if page := resident.Get(project); !strings.Contains(page.Body, ref+"/edit") {
			t.Error("the author sees no link to change their reflection")
		}
		if page := partner.Get(project); strings.Contains(page.Body, ref+"/edit") {
			t.Error("another participant sees a link to change the reflection")
		}
		apptest.MustStatus(t, partner.Get(ref+"/edit"), http.StatusForbidden)
		apptest.MustStatus(t, partner.PostForm(ref+"/edit", url.Values{"perspective": {"staff"}, "worked": {"Nothing."}}), http.StatusForbidden)
		apptest.MustStatus(t, partner.PostForm(ref+"/delete", nil), http.StatusForbidden)
		apptest.MustStatus(t, stranger.PostForm(ref+"/delete", nil), http.StatusNotFound)
		apptest.MustStatus(t, resident.Get(project+"/reflections/00000000-0000-4000-8000-000000000000/edit"), http.StatusNotFound)

		page = resident.Get(ref + "/edit")
		apptest.MustStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, "Tea and talk.") {
			t.Error("the reflection form is not filled in")
		}
		mustSummary(t, resident.PostForm(ref+"/edit", url.Values{"perspective": {"alien"}}), "Write what worked")
		apptest.MustStatus(t, resident.PostForm(ref+"/edit", url.Values{"perspective": {"together"}, "worked": {"Tea, talk and a warm room."}}), http.StatusSeeOther)
		if page := lead.Get(project); !strings.Contains(page.Body, "Tea, talk and a warm room.") {
			t.Error("the changed reflection is not shown")
		}
		if n := auditCount(t, a, "coproduction.reflection.edit", rid); n != 1 {
			t.Errorf("audit has %d reflection edits, want 1", n)
		}

		// Deleting asks first, on its own page; the lead may delete a participant's reflection.
		page = lead.Get(ref + "/delete")
		apptest.MustStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, "Rhys Resident") || !strings.Contains(page.Body, `action="`+ref+`/delete"`) {
			t.Error("the confirmation page does not say what will be deleted")
		}
		apptest.MustStatus(t, lead.PostForm(ref+"/delete", nil), http.StatusSeeOther)
		apptest.MustStatus(t, resident.Get(ref+"/edit"), http.StatusNotFound)
		if n := auditCount(t, a, "coproduction.reflection.delete", rid); n != 1 {
			t.Errorf("audit has %d reflection deletions, want 1", n)
		}
	})
}

// A board's chair (and officers) remove members and hand on the chair, on both databases.
func TestManageBoard(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, _ := signedIn(t, a, "Owen Officer", "owen@example.org", identity.RoleOfficer)
		chair, chairID := signedIn(t, a, "Carys Chair", "carys@example.org")
		member, memberID := signedIn(t, a, "Dai Member", "dai@example.org")
		third, thirdID := signedIn(t, a, "Eira Third", "eira@example.org")

		officer.Get("/boards")
		r := officer.PostForm("/boards", url.Values{"name": {"Youth Partnership"}, "kind": {"partnership"}, "chair_email": {"carys@example.org"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		board := r.Location()
		bid := strings.TrimPrefix(board, "/boards/")
		chair.Get(board)
		for _, e := range []string{"dai@example.org", "eira@example.org"} {
			apptest.MustStatus(t, chair.PostForm(board+"/members", url.Values{"email": {e}, "role": {"Youth worker"}}), http.StatusSeeOther)
		}
		seat := func(accountID string) string {
			t.Helper()
			var id string
			if err := a.DB.QueryRow(t.Context(), `SELECT id FROM coproduction_board_members WHERE board_id = $1 AND account_id = $2`, bid, accountID).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		chairSeat, memberSeat, thirdSeat := seat(chairID), seat(memberID), seat(thirdID)

		// Only the chair and officers.
		apptest.MustStatus(t, member.Get(board+"/members/"+thirdSeat+"/remove"), http.StatusForbidden)
		apptest.MustStatus(t, member.PostForm(board+"/members/"+thirdSeat+"/remove", nil), http.StatusForbidden)
		apptest.MustStatus(t, member.Get(board+"/chair/change"), http.StatusForbidden)
		apptest.MustStatus(t, member.PostForm(board+"/chair/change", url.Values{"member": {memberSeat}}), http.StatusForbidden)
		apptest.MustStatus(t, chair.Get(board+"/members/00000000-0000-4000-8000-000000000000/remove"), http.StatusNotFound)

		// Removing asks first; the chair's own seat stays until the chair is handed on.
		page := chair.Get(board + "/members/" + thirdSeat + "/remove")
		apptest.MustStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, "Eira Third") {
			t.Error("the confirmation page does not name the member")
		}
		apptest.MustStatus(t, chair.PostForm(board+"/members/"+thirdSeat+"/remove", nil), http.StatusSeeOther)
		if page := third.Get(board); strings.Contains(page.Body, "Eira Third") {
			t.Error("the removed member is still listed")
		}
		chair.Get(board + "/members/" + chairSeat + "/remove")
		mustSummary(t, chair.PostForm(board+"/members/"+chairSeat+"/remove", nil), "Hand the chair to another member")
		if n := auditCount(t, a, "coproduction.member.remove", bid); n != 1 {
			t.Errorf("audit has %d removals, want 1", n)
		}

		// Handing on the chair.
		page = chair.Get(board + "/chair/change")
		apptest.MustStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, "Dai Member") || strings.Contains(page.Body, `value="`+chairSeat+`"`) {
			t.Error("the chair form should offer the other members, not the chair")
		}
		mustSummary(t, chair.PostForm(board+"/chair/change", url.Values{}), "Choose a member of the board")
		mustSummary(t, chair.PostForm(board+"/chair/change", url.Values{"member": {chairSeat}}), "Choose someone other than the current chair")
		apptest.MustStatus(t, chair.PostForm(board+"/chair/change", url.Values{"member": {memberSeat}}), http.StatusSeeOther)
		if page := member.Get(board); !strings.Contains(page.Body, "Chaired by Dai Member") {
			t.Error("the board does not show its new chair")
		}
		var role string
		if err := a.DB.QueryRow(t.Context(), `SELECT role FROM coproduction_board_members WHERE id = $1`, chairSeat).Scan(&role); err != nil || role != "Youth worker" {
			t.Errorf("the old chair's seat has role %q (%v), want the new chair's old role", role, err)
		}
		// The old chair no longer manages the board; the new one does, and may now remove the old chair.
		apptest.MustStatus(t, chair.Get(board+"/chair/change"), http.StatusForbidden)
		member.Get(board + "/members/" + chairSeat + "/remove")
		apptest.MustStatus(t, member.PostForm(board+"/members/"+chairSeat+"/remove", nil), http.StatusSeeOther)
		if n := auditCount(t, a, "coproduction.board.chair", bid); n != 1 {
			t.Errorf("audit has %d chair changes, want 1", n)
		}
	})
}
