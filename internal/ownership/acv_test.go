package ownership_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/ownership"
	"commons/internal/ownership/clock"
	"commons/internal/platform/i18n"
)

var caseRE = regexp.MustCompile(`/ownership/cases/([0-9a-f-]{36})`)

// postMultipart posts a form with one file, as a browser does, with the client's CSRF token.
func postMultipart(t *testing.T, c *apptest.Client, path string, form url.Values, file, name string, data []byte) *apptest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	form.Set("csrf_token", c.CSRF)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if file != "" {
		fw, err := mw.CreateFormFile(file, name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req := c.Request(http.MethodPost, path, nil)
	req.Body = ioNop(b.Bytes())
	req.ContentLength = int64(b.Len())
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func today() clock.Date { return clock.On(time.Now(), i18n.London) }

// A community group nominates a pub online with its constitution; the officer sees the
// eligibility checks, tells the owner, lists it with reasons and the notices; the group and the
// owner are told by mail with the dates; the owner, signed in, sees it on their page and asks
// for a review; the review upholds the listing and the tribunal clock starts. On both databases.
func TestNominateListAndReview(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		w.person(t, "Sam Group", "sam@example.org")
		w.person(t, "Olwen Owner", "owner@brewery.example")
		if err := w.svc.SaveSettings(w.ctx, w.officer, ownership.SettingsInput{TeamEmail: "rights@council.example", Authority: "local",
			EOIMonths: "1", AssessmentMonths: "6", Complete: "12"}); err != nil {
			t.Fatal(err)
		}
		c := a.Client(t)
		c.SignIn("sam@example.org", pw)
		r := c.Get("/ownership/new/acv?asset=none")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Nominate an asset of community value", "Why is it of community value?")
		form := url.Values{"asset_id": {"none"}, "name": {"The Drovers Arms"}, "address": {"1 Market Street"}, "postcode": {"AH3 2NA"},
			"reasons": {"The only pub in the village: quiz nights, the darts league."}, "group_name": {"Friends of the Drovers"},
			"group_type": {"unincorporated"}, "group_members": {"12"}, "group_connection": {"We live in the village."}, "group_no_profit": {"yes"},
			"contact_name": {"Sam Group"}, "contact_email": {"sam@example.org"}, "owner_name": {"Brewery plc"}, "owner_email": {"owner@brewery.example"},
			"boundary":      {`{"type":"Polygon","coordinates":[[[-3.95,51.62],[-3.94,51.62],[-3.94,51.63],[-3.95,51.62]]]}`},
			"document_kind": {"constitution"}}
		// Without the confirmation nothing is lost: the form comes back with what was typed.
		r = postMultipart(t, c, "/ownership/new/acv", form, "document", "rules.pdf", []byte("%PDF-1.4 constitution"))
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Confirm that what you have written is true", "The only pub in the village")
		form.Set("confirm", "yes")
		r = postMultipart(t, c, "/ownership/new/acv", form, "document", "rules.pdf", []byte("%PDF-1.4 constitution"))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		id := caseRE.FindStringSubmatch(r.Location())[1]
		r = c.Follow(r)
		apptest.MustContain(t, r, "Your nomination was sent", "The Drovers Arms", "Decision on the nomination", "rules.pdf")
		receipt := a.MustMailTo(t, "sam@example.org", "Nomination received")
		if !strings.Contains(receipt, "We must decide whether to list it by "+i18n.DayOf("en", today().AddDays(56).String())) {
			t.Errorf("the receipt gives no decision date (8 weeks):\n%s", receipt)
		}
		a.MustMailTo(t, "rights@council.example", "Nomination received")

		// The public page names the group, never the contact or the owner.
		anon := a.Client(t)
		r = anon.Get("/ownership/cases/" + id)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Friends of the Drovers")
		apptest.MustNotContain(t, r, "Sam Group", "Brewery plc", "owner@brewery.example", "rules.pdf")

		// The officer sees the checks: 12 members is fewer than 21.
		oc := a.Client(t)
		oc.SignIn("officer@example.org", pw)
		r = oc.Get("/ownership/cases/" + id)
		apptest.MustContain(t, r, "At least 21 members on the local electoral register", "Brewery plc", "Tell the owner and occupier")
		r = oc.PostForm("/ownership/cases/"+id+"/steps/acv.notify", url.Values{})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		a.MustMailTo(t, "owner@brewery.example", "The owner and occupier were told of the nomination")
		// A decision needs its reasons: the form comes back with the choice kept.
		oc.Get("/ownership/cases/" + id)
		r = oc.PostForm("/ownership/cases/"+id+"/steps/acv.decide", url.Values{"outcome": {"listed"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Write the reasons or details", `href="#acv-decide-reasons"`)
		r = oc.PostForm("/ownership/cases/"+id+"/steps/acv.decide", url.Values{"outcome": {"listed"}, "reasons": {"The pub furthers the social wellbeing of the village."}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		listedUntil := i18n.DayOf("en", today().AddDays(-1).AddMonths(60).String())
		if d := today().AddMonths(60); d.Day() != today().Day() {
			listedUntil = i18n.DayOf("en", d.String())
		}
		mail := a.MustMailTo(t, "sam@example.org", "Listed as an asset of community value")
		if !strings.Contains(mail, "It is listed until "+listedUntil) || !strings.Contains(mail, "furthers the social wellbeing") {
			t.Errorf("the group's mail lacks the listing date %s or the reasons:\n%s", listedUntil, mail)
		}
		a.MustMailTo(t, "owner@brewery.example", "Listed as an asset of community value")
		r = anon.Get("/ownership/cases/" + id + "/notices/decision")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Notice of the decision on a nomination", "stays on the list until "+listedUntil, "Your right to a review")
		apptest.MustNotContain(t, r, "Brewery plc")
		r = anon.Get("/ownership/acv")
		apptest.MustContain(t, r, "The Drovers Arms", "Listed until "+listedUntil)

		// The owner signs in, finds it on their page and asks for a review; the group is told.
		own := a.Client(t)
		own.SignIn("owner@brewery.example", pw)
		r = own.Get("/ownership/mine")
		apptest.MustContain(t, r, "The Drovers Arms")
		r = own.Get("/ownership/cases/" + id)
		apptest.MustContain(t, r, "Ask for a review of the listing", "Brewery plc")
		r = own.PostForm("/ownership/cases/"+id+"/steps/acv.review_request", url.Values{"reasons": {"The pub is a business; its use is commercial."}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		a.MustMailTo(t, "sam@example.org", "The owner asked for a review of the listing")
		// A resident who is neither the owner nor in the group cannot take the owner's steps.
		other := a.Client(t)
		w.person(t, "Nosy", "nosy@example.org")
		other.SignIn("nosy@example.org", pw)
		other.Get("/ownership/cases/" + id)
		r = other.PostForm("/ownership/cases/"+id+"/steps/acv.review_decide", url.Values{"outcome": {"removed"}, "reasons": {"x"}})
		apptest.MustStatus(t, r, http.StatusForbidden)

		oc.Get("/ownership/cases/" + id)
		r = oc.PostForm("/ownership/cases/"+id+"/steps/acv.review_decide", url.Values{"outcome": {"upheld"}, "reasons": {"Its main use is social."}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		v, err := w.svc.Case(w.ctx, w.officer, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != "listed" {
			t.Errorf("after an upheld review: %s", v.Status)
		}
		ap, ok := v.Clock("acv.appeal")
		if !ok || ap.Due != today().AddDays(28) {
			t.Errorf("the tribunal clock: %+v (want due %s)", ap, today().AddDays(28))
		}
		rq, _ := v.Clock("acv.review_request")
		if rq.Status != clock.Met {
			t.Errorf("the review request clock: %s", rq.Status)
		}
		_ = identity.RoleOfficer
	})
}
