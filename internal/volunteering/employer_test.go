package volunteering_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/volunteering"
)

// A business pledges people × days for causes; an organisation's team challenge shows the
// pledges that fit; the business offers its team, the organisation books a team day for the
// named group with one lead, records the day's hours, and the business sees its hours and the
// causes it supported.
func TestPledgeMatchedToTeamChallenge(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		admin := &actor.Actor{ID: "x", Roles: []string{identity.RoleAdmin}}
		biz, err := a.Identity.SaveOrganisation(w.ctx, admin, "", identity.OrganisationInput{Name: "Valley Builders Ltd", Sector: "private"})
		if err != nil {
			t.Fatal(err)
		}
		bossID := a.MustAccount(t, "Bryn Builder", "bryn@example.org", pw, identity.RoleMember)
		a.DB.Exec(w.ctx, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)`, biz.ID, bossID, a.Clock.Now())
		challenge, err := w.svc.CreateOpportunity(w.ctx, w.coord, volunteering.OpportunityInput{OrganisationID: w.org.ID, Title: "Meadow restoration day",
			Description: "Rake and sow.", Kind: volunteering.Team, Causes: []string{"Environment"}, Where: "address", Venue: "Top meadow",
			TeamMin: "6", TeamMax: "15", Role: volunteering.RoleInput{Title: "Team member", CheckNeeded: volunteering.CheckNone}})
		if err != nil {
			t.Fatal(err)
		}
		w.opportunity(t, "Food bank", volunteering.CheckNone, true, "") // not a team challenge
		bryn := a.Client(t)
		bryn.SignIn("bryn@example.org", pw)
		r := bryn.Get("/volunteering/employers")
		apptest.MustContain(t, r, "Pledge your team", "Meadow restoration day")
		r = bryn.PostForm("/volunteering/pledges", url.Values{"organisation_id": {biz.ID}, "people": {"8"}, "days": {"0"}, "causes": {"Environment"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		r = bryn.PostForm("/volunteering/pledges", url.Values{"organisation_id": {biz.ID}, "people": {"8"}, "days": {"1"}, "causes": {"Environment", "Heritage"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		pledgePath := r.Location()
		needs, _, err := w.svc.Needs(w.ctx)
		if err != nil || len(needs) != 1 || len(needs[0].Pledges) != 1 || needs[0].Pledges[0].OrgName != "Valley Builders Ltd" {
			t.Fatalf("needs %+v %v", needs, err)
		}
		r = bryn.Get(pledgePath)
		apptest.MustContain(t, r, "Meadow restoration day", "Offer our team")
		pledgeID := pledgePath[len("/volunteering/pledges/"):]
		for i := 0; i < 2; i++ {
			apptest.MustStatus(t, bryn.PostForm(pledgePath+"/offers", url.Values{"opportunity_id": {challenge.ID}}), http.StatusSeeOther)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_pledge_matches WHERE pledge_id = $1`, pledgeID); n != 1 {
			t.Fatalf("%d offers, want 1", n)
		}
		a.MustMailTo(t, w.coord.Email, "Valley Builders Ltd offers a team of 8")
		// The coordinator books the team day.
		offers, err := w.svc.Offers(w.ctx, w.coord, challenge)
		if err != nil || len(offers) != 1 {
			t.Fatalf("offers %v %v", offers, err)
		}
		day := volunteering.Local(a.Clock.Now().AddDate(0, 0, 10)).Format("2006-01-02")
		gwen := a.Client(t)
		gwen.SignIn("gwen@example.org", pw)
		apptest.MustContain(t, gwen.Get("/volunteering/opportunities/"+challenge.ID+"/manage"), "Book the team day")
		r = gwen.PostForm("/volunteering/matches/"+offers[0].ID+"/book", url.Values{"date": {day}, "start": {"09:30"}, "end": {"16:00"}, "lead": {"Ranger Dafydd"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		a.MustMailTo(t, "bryn@example.org", "Team day booked")
		sh := a.Count(t, `SELECT count(*) FROM vol_shifts WHERE team_name = 'Valley Builders Ltd' AND lead_name = 'Ranger Dafydd' AND max_volunteers = 8 AND pledge_id = $1`, pledgeID)
		if sh != 1 {
			t.Fatal("no team day shift for the named group")
		}
		// After the day, the coordinator records the team's hours; the business sees them.
		var shiftID string
		a.DB.QueryRow(w.ctx, `SELECT id FROM vol_shifts WHERE pledge_id = $1`, pledgeID).Scan(&shiftID)
		a.Clock.Advance(11 * 24 * time.Hour)
		if _, err := w.svc.LogTeamHours(w.ctx, w.coord, shiftID, "7"); err != nil {
			t.Fatal(err)
		}
		bossUser, _ := a.Identity.User(w.ctx, bossID)
		v, err := w.svc.ViewPledge(w.ctx, bossUser, pledgeID)
		if err != nil || v.Minutes != 7*390 || len(v.ByCause) != 1 || v.ByCause[0].Key != "Environment" {
			t.Fatalf("pledge view %+v %v", v, err)
		}
		apptest.MustContain(t, bryn.Get(pledgePath), "45 h 30 min", "Environment", "Team day booked")
		// Someone else's business cannot see the pledge.
		apptest.MustStatus(t, gwen.Get(pledgePath), http.StatusForbidden)
	})
}
