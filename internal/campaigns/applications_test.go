package campaigns_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
)

var applicationRE = regexp.MustCompile(`/social-action/applications/([0-9a-f-]{36})`)

func TestApplicationsThroughAVersionedForm(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		b := newBorough(t, a)
		ctx := context.Background()
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw)
		admin := a.Client(t)
		admin.SignIn("ada@example.org", pw)
		admin.Get("/social-action/coordinators")
		apptest.MustStatus(t, admin.PostForm("/social-action/coordinators", url.Values{"email": {"olwen@example.org"}}), http.StatusSeeOther)
		olwen := a.Client(t)
		olwen.SignIn("olwen@example.org", pw)

		// The group applies on version 1; a required answer missing comes back with the rest kept.
		b.gwen.Get("/social-action")
		form := url.Values{"group_name": {"Friends of Greenfields Park"}, "area_id": {b.areaID}, "place": {"Greenfields Park"},
			"q_who": {"Fifteen neighbours."}, "q_find_out": {""}, "q_done_before": {"no"}, "q_size": {"5to20"}, "wants_development": {"yes"}}
		r := b.gwen.PostForm("/social-action", form)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Answer this question", "Fifteen neighbours.")
		form.Set("q_find_out", "Why teenagers avoid the park.")
		form.Set("q_size", "lots") // not one of the choices
		apptest.MustContain(t, b.gwen.PostForm("/social-action", form), "Choose one of the answers")
		form.Set("q_size", "5to20")
		r = b.gwen.PostForm("/social-action", form)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		appID := applicationRE.FindStringSubmatch(r.Location())[1]
		a.MustMailTo(t, "gwen@example.org", "Your application has been received")
		a.MustMailTo(t, "olwen@example.org", "A new application: Friends of Greenfields Park")

		// The coordinator changes the form: a new question in a draft, then version 2.
		olwen.Get("/social-action/form")
		r = olwen.PostForm("/social-action/form/questions", url.Values{"q_kind": {"choice"}, "q_label_en": {"When does your group meet?"},
			"q_label_cy": {"Pryd mae eich grŵp yn cwrdd?"}, "q_choices": {"Daytime | Yn ystod y dydd\nEvenings | Gyda'r nos"}, "q_required": {"yes"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, olwen.Get("/social-action/form"), "You are changing version 2", "When does your group meet?")
		apptest.MustStatus(t, olwen.PostForm("/social-action/form/publish", url.Values{}), http.StatusSeeOther)
		apptest.MustContain(t, b.gwen.Get("/social-action"), "When does your group meet?")
		// The first application keeps version 1's questions.
		r = olwen.Get("/social-action/applications/" + appID)
		apptest.MustContain(t, r, "form version 1", "Why teenagers avoid the park.", "5 to 20")
		apptest.MustNotContain(t, r, "When does your group meet?")
		// A new application needs the new question.
		b.gwen.Get("/social-action")
		apptest.MustContain(t, b.gwen.PostForm("/social-action", form), "Answer this question")

		// Questions and answers, then the decision with development support; the group is told.
		olwen.Get("/social-action/applications/" + appID)
		apptest.MustStatus(t, olwen.PostForm("/social-action/applications/"+appID+"/messages", url.Values{"message": {"Who from the school?"}}), http.StatusSeeOther)
		if text := a.MustMailTo(t, "gwen@example.org", "A question about your application"); !strings.Contains(text, "Who from the school?") {
			t.Errorf("question mail:\n%s", text)
		}
		b.gwen.Get("/social-action/applications/" + appID)
		apptest.MustStatus(t, b.gwen.PostForm("/social-action/applications/"+appID+"/messages", url.Values{"message": {"The eco club."}}), http.StatusSeeOther)
		a.MustMailTo(t, "olwen@example.org", "The group has answered")
		apptest.MustStatus(t, olwen.PostForm("/social-action/applications/"+appID+"/decide", url.Values{"decision": {"approved"}, "development": {"yes"},
			"decision_note": {"A walking survey first."}}), http.StatusSeeOther)
		if text := a.MustMailTo(t, "gwen@example.org", "Your application has been approved"); !strings.Contains(text, "development support") {
			t.Errorf("decision mail:\n%s", text)
		}

		// The outcome linked to the area and a campaign it produced.
		id := b.start(t)
		apptest.MustStatus(t, olwen.PostForm("/social-action/applications/"+appID+"/links", url.Values{"kind": {"area"}, "link_area": {b.areaID}}), http.StatusSeeOther)
		apptest.MustStatus(t, olwen.PostForm("/social-action/applications/"+appID+"/links", url.Values{"kind": {"campaign"}, "link_campaign": {id}}), http.StatusSeeOther)
		r = b.gwen.Get("/social-action/applications/" + appID)
		apptest.MustContain(t, r, "Approved", "with development support", "Keep the evening bus", "The eco club.")

		// Others cannot see it; the coordinators' API lists it with its links.
		a.MustAccount(t, "Rhys", "rhys@example.org", pw)
		rhys := a.Client(t)
		rhys.SignIn("rhys@example.org", pw)
		apptest.MustStatus(t, rhys.Get("/social-action/applications/"+appID), http.StatusNotFound)
		apptest.MustStatus(t, rhys.Get("/api/v1/social-action/applications"), http.StatusForbidden)
		r = olwen.Get("/api/v1/social-action/applications")
		apptest.MustStatus(t, r, http.StatusOK)
		var list struct {
			Items []struct {
				ID    string                  `json:"id"`
				Links []struct{ Kind string } `json:"links"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(r.Body), &list); err != nil || len(list.Items) != 1 || len(list.Items[0].Links) != 2 {
			t.Fatalf("%v %s", err, r.Body)
		}
		if strings.Contains(r.Body, "gwen@example.org") {
			t.Errorf("the API shows the contact's address")
		}
		_ = ctx
	})
}

func TestCampaignAccountHooks(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	b := newBorough(t, a)
	id := b.start(t)
	pid := b.newPetition(t, id)
	// Gwen signs and supports while signed in with her own address: confirmed at once.
	b.gwen.Get("/campaigns/" + id)
	apptest.MustStatus(t, b.gwen.PostForm("/campaigns/"+id+"/support", url.Values{"name": {"Gwen Campaigner"}, "email": {"gwen@example.org"}, "postcode": {"AH3 5NV"}}), http.StatusSeeOther)
	apptest.MustStatus(t, b.gwen.PostForm("/campaigns/"+id+"/petitions/"+pid+"/sign", url.Values{"name": {"Gwen Campaigner"}, "email": {"gwen@example.org"}, "postcode": {"AH3 5NV"}}), http.StatusSeeOther)
	if n := a.Count(t, `SELECT signatures FROM camp_petitions WHERE id = $1`, pid); n != 1 {
		t.Fatalf("count %d", n)
	}
	out, err := b.svc.Export(ctx, b.gwenID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(out)
	for _, want := range []string{`"role":"lead"`, `"email":"gwen@example.org"`, `"postcode":"AH3 5NV"`, pid} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("export lacks %s: %s", want, raw)
		}
	}
	if err := a.DB.WithTx(ctx, func(ctx context.Context) error { return b.svc.DeleteAccount(ctx, b.gwenID) }); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`SELECT count(*) FROM camp_supporters WHERE email = 'gwen@example.org' OR name <> ''`,
		`SELECT count(*) FROM camp_signatures WHERE email = 'gwen@example.org' OR name <> ''`, `SELECT count(*) FROM camp_team`} {
		if n := a.Count(t, q); n != 0 {
			t.Errorf("%s: %d", q, n)
		}
	}
	// The counts stay.
	if n := a.Count(t, `SELECT signatures FROM camp_petitions WHERE id = $1`, pid) + a.Count(t, `SELECT count(*) FROM camp_supporters WHERE confirmed_at IS NOT NULL`); n != 2 {
		t.Errorf("counts changed: %d", n)
	}
}
