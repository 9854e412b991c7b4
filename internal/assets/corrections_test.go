package assets_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/assets"
	"commons/internal/assets/record"
	"commons/internal/platform/errs"
)

// correctionForm is the correction form as the browser sends it: the entry's fields as the page
// filled them in, with some changed.
func correctionForm(t *testing.T, c *apptest.Client, assetID string, change url.Values) url.Values {
	t.Helper()
	page := c.Get("/assets/" + assetID + "/correction")
	apptest.MustStatus(t, page, http.StatusOK)
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input class="govuk-input[^"]*" id="([a-z0-9_]+)" name="([a-z0-9_]+)" type="[a-z]+" value="([^"]*)"`).FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[2], htmlUnescape(m[3]))
	}
	for _, m := range regexp.MustCompile(`<textarea class="govuk-textarea[^"]*" id="([a-z_]+)" name="([a-z_]+)" rows="5"[^>]*>([^<]*)</textarea>`).FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[2], htmlUnescape(m[3]))
	}
	for _, m := range regexp.MustCompile(`name="([a-z_]+)" type="(?:radio|checkbox)" value="([^"]*)"[^>]*checked`).FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[1], m[2])
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([a-z_]+)"[^>]*>.*?<option value="([^"]*)" selected`).FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[1], m[2])
	}
	for k, v := range change {
		form[k] = v
	}
	return form
}

func fstr(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
func itoa(n int) string     { return strconv.Itoa(n) }

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#39;", "'", "&#34;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
}

// A6 and A7 in the walk: nobody could suggest a correction, and nobody was told of a
// verification. Anyone signed in suggests; the owners decide; the suggester is told.
func TestCorrectionsReviewedByTheOwners(t *testing.T) {
	apptest.Each(t, apptest.Options{Log: testLog(t)}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		hall := w.ids["Nant Village Hall"]
		rhys := client(t, a, "rhys@example.org")
		page := rhys.Get("/assets/" + hall)
		apptest.MustContain(t, page, "Suggest a correction to this entry")
		// Nothing changed and nothing said: refused, with what was typed kept.
		res := rhys.PostForm("/assets/"+hall+"/correction", correctionForm(t, rhys, hall, nil))
		apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
		apptest.MustContain(t, res, "Say what is wrong, or change a field below")
		// A bad value is refused by the same rules as an edit.
		res = rhys.PostForm("/assets/"+hall+"/correction", correctionForm(t, rhys, hall, url.Values{"contact_email": {"not an address"}}))
		apptest.MustStatus(t, res, http.StatusUnprocessableEntity)
		res = rhys.PostForm("/assets/"+hall+"/correction", correctionForm(t, rhys, hall, url.Values{
			"note": {"The lunch club is on Thursdays now"}, "services": {"Lunch club on Thursdays"}, "hours_sa_open1": {"10:00"}, "hours_sa_close1": {"12:00"},
			"hours_always": {""}}))
		apptest.MustStatus(t, res, http.StatusSeeOther)
		apptest.MustContain(t, rhys.Follow(res), "your correction has been sent")
		// The hall's committee is told; the entry is not changed yet.
		body := a.MustMailTo(t, "gwen@example.org", `A correction to "Nant Village Hall"`)
		if !strings.Contains(body, "The lunch club is on Thursdays now") || !strings.Contains(body, "services") {
			t.Errorf("owner's mail: %q", body)
		}
		link := apptest.Link(body[strings.Index(body, "http"):])
		gwen := client(t, a, "gwen@example.org")
		rev := gwen.Get(strings.TrimPrefix(link, a.URL))
		apptest.MustStatus(t, rev, http.StatusOK)
		apptest.MustContain(t, rev, "Lunch club on Thursdays", "Lunch club", "Do you accept the correction?")
		apptest.MustContain(t, gwen.Get("/assets/"+hall), "Corrections waiting for you")
		apptest.MustContain(t, gwen.Get("/assets/mine"), "A correction to Nant Village Hall")
		// Someone else cannot review it; the suggester sees it but has no decision to make.
		apptest.MustNotContain(t, rhys.Get("/assets/"+hall+"/corrections"), "Do you accept the correction?")
		cid := regexp.MustCompile(`name="correction" value="([0-9a-f-]{36})"`).FindStringSubmatch(rev.Body)[1]
		apptest.MustStatus(t, client(t, a, "fran@example.org").PostForm("/assets/"+hall+"/corrections", url.Values{"correction": {cid}, "decision": {"accept"}}), http.StatusNotFound)
		// Accepted: the entry changes, the history says so, the suggester is told.
		res = gwen.PostForm("/assets/"+hall+"/corrections", url.Values{"correction": {cid}, "decision": {"accept"}, "reply": {"Thank you, Rhys"}})
		apptest.MustStatus(t, res, http.StatusSeeOther)
		after := gwen.Follow(res)
		apptest.MustContain(t, after, "Lunch club on Thursdays", "Corrected (Gwen Member)", "Saturday: 10:00–12:00")
		told := a.MustMailTo(t, "rhys@example.org", "has been accepted")
		if !strings.Contains(told, "Thank you, Rhys") || !strings.Contains(told, "/assets/mine") {
			t.Errorf("suggester's mail: %s", told)
		}
		apptest.MustContain(t, rhys.Get("/assets/mine"), "Nant Village Hall", "Accepted", "Thank you, Rhys")
		again := gwen.PostForm("/assets/"+hall+"/corrections", url.Values{"correction": {cid}, "decision": {"decline"}})
		apptest.MustStatus(t, again, http.StatusUnprocessableEntity)
		apptest.MustContain(t, again, "Someone has already decided about this correction")
		// A correction through the wrong entry's address is not found.
		apptest.MustStatus(t, gwen.PostForm("/assets/"+w.ids["Castle Library"]+"/corrections", url.Values{"correction": {cid}, "decision": {"accept"}}), http.StatusNotFound)

		// Declined: nothing changes; the suggester is told.
		c, err := w.svc.SuggestCorrection(context.Background(), w.resident, hall, assets.CorrectionInput{Values: inputOfAsset(t, w, hall), Note: "It is a barn now"})
		if err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "gwen@example.org", "A correction")
		if err := w.svc.ReviewCorrection(context.Background(), w.member, c.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "rhys@example.org", `Your correction to "Nant Village Hall"`)
		// Those who can edit an entry change it instead.
		if _, err := w.svc.SuggestCorrection(context.Background(), w.member, hall, assets.CorrectionInput{Note: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("an owner suggested a correction to their own entry: %v", err)
		}
	})
}

func inputOfAsset(t *testing.T, w *world, id string) record.Input {
	t.Helper()
	a, err := w.svc.Asset(context.Background(), w.officer, id)
	if err != nil {
		t.Fatal(err)
	}
	in := record.Input{Name: a.Name, Category: a.Category, Tags: strings.Join(a.Tags, ", "), Area: a.AreaID, Address: a.Address, Postcode: a.Postcode,
		OpeningHours: a.OpeningHours, ContactEmail: a.ContactEmail, Website: a.Website, Accessibility: a.Accessibility, Ownership: a.Ownership,
		Services: a.Services, Description: a.Description, Facilities: a.Facilities, Organisation: a.OrganisationID}
	if a.Lat != nil {
		in.Latitude, in.Longitude = fstr(*a.Lat), fstr(*a.Lon)
	}
	if a.StepFree {
		in.StepFree = "yes"
	}
	if a.Capacity != nil {
		in.Capacity = itoa(*a.Capacity)
	}
	return in
}

// An officer records a correction someone phoned in, saying whose it is.
func TestOfficerRecordsACorrectionForSomeone(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	cafe := w.ids["Caffi Cwtsh"]
	in := inputOfAsset(t, w, cafe)
	in.ContactPhone = "01792 000000"
	c, err := w.svc.SuggestCorrection(context.Background(), w.officer, cafe, assets.CorrectionInput{Values: in, OnBehalfOf: "Mrs Jones", Channel: "phone"})
	if err != nil || c.Proposed["contact_phone"] != "01792 000000" || len(c.Proposed) != 1 {
		t.Fatalf("%+v %v", c, err)
	}
	off := client(t, a, "officer@example.org")
	apptest.MustContain(t, off.Get("/assets/"+cafe+"/corrections"), "for Mrs Jones (By phone)")
	if _, err := w.svc.SuggestCorrection(context.Background(), w.resident, w.ids["Castle Library"], assets.CorrectionInput{Note: "x", OnBehalfOf: "Someone", Channel: "phone"}); err == nil {
		t.Error("a resident recorded a correction for someone else")
	}
}

// Owners and whoever suggested an entry are told when an officer verifies it, and when
// someone else changes it.
func TestOwnersAreToldOfVerificationAndChanges(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	ctx := context.Background()
	sug, err := w.svc.Create(ctx, w.resident, record.Input{Name: "Castle Community Fridge", Category: "economic", Ownership: "community"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Verify(ctx, w.officer, sug.ID); err != nil {
		t.Fatal(err)
	}
	a.MustMailTo(t, "rhys@example.org", `"Castle Community Fridge" has been verified`)
	hall := w.ids["Nant Village Hall"]
	in := inputOfAsset(t, w, hall)
	in.Capacity = "150"
	if _, err := w.svc.Update(ctx, w.officer, hall, in); err != nil {
		t.Fatal(err)
	}
	body := a.MustMailTo(t, "gwen@example.org", `"Nant Village Hall" has been changed`)
	if !strings.Contains(body, "facilities") {
		t.Errorf("changed mail: %s", body)
	}
	// Nobody is told of their own change.
	in.Capacity = "160"
	if _, err := w.svc.Update(ctx, w.member, hall, in); err != nil {
		t.Fatal(err)
	}
	a.NoMail(t, 100*time.Millisecond)
}

// A5: skills could not be acted on. A signed-in member asks through Commons; neither side's
// address is shown unless the person chooses; they answer or stop sharing.
func TestSkillRequests(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := context.Background()
		bikes, err := w.svc.AddSkill(ctx, w.resident, assets.SkillInput{Kind: "skill", Title: "Bike repairs", Visibility: assets.VisibleMembers})
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := w.svc.AddSkill(ctx, w.resident, assets.SkillInput{Kind: "time", Title: "Saturday mornings", Visibility: assets.VisibleOfficers})
		gwen := client(t, a, "gwen@example.org")
		list := gwen.Get("/assets/skills")
		apptest.MustContain(t, list, "Ask Rhys Resident about this")
		apptest.MustContain(t, client(t, a, "rhys@example.org").Get("/assets/skills/mine"), "Your name (Rhys Resident) and the area are shown")
		apptest.MustContain(t, client(t, a, "").Get("/assets/skills"), "People") // the page works signed out
		apptest.MustStatus(t, gwen.Get("/assets/skills/"+secret.ID+"/request"), http.StatusNotFound)
		gwen.Get("/assets/skills/" + bikes.ID + "/request")
		apptest.MustStatus(t, gwen.PostForm("/assets/skills/"+bikes.ID+"/request", url.Values{"message": {" "}}), http.StatusUnprocessableEntity)
		res := gwen.PostForm("/assets/skills/"+bikes.ID+"/request", url.Values{"message": {"Could you look at the hall's bike on Saturday?"}})
		apptest.MustStatus(t, res, http.StatusSeeOther)
		body := a.MustMailTo(t, "rhys@example.org", "Gwen Member would like your help: Bike repairs")
		if strings.Contains(body, "gwen@example.org") || !strings.Contains(body, "hall's bike") {
			t.Errorf("the request mail: %s", body)
		}
		apptest.MustStatus(t, gwen.PostForm("/assets/skills/"+bikes.ID+"/request", url.Values{"message": {"Again?"}}), http.StatusUnprocessableEntity)
		if _, err := w.svc.RequestSkill(ctx, w.resident, bikes.ID, "me"); err == nil {
			t.Error("asked for one's own skill")
		}
		// Rhys answers yes and shares his address.
		link := ""
		for _, l := range apptest.Links(body) {
			if strings.Contains(l, "/requests/") {
				link = strings.TrimPrefix(l, a.URL)
			}
		}
		rhys := client(t, a, "rhys@example.org")
		reqPage := rhys.Get(link)
		apptest.MustStatus(t, reqPage, http.StatusOK)
		apptest.MustContain(t, reqPage, "Can you help?", "bike on Saturday")
		apptest.MustStatus(t, gwen.PostForm(link, url.Values{"answer": {"accept"}}), http.StatusForbidden)
		res = rhys.PostForm(link, url.Values{"answer": {"accept"}, "reply": {"Saturday at ten"}, "share_email": {"yes"}})
		apptest.MustStatus(t, res, http.StatusSeeOther)
		told := a.MustMailTo(t, "gwen@example.org", "Rhys Resident said yes")
		if !strings.Contains(told, "rhys@example.org") || !strings.Contains(told, "Saturday at ten") {
			t.Errorf("the answer: %s", told)
		}
		apptest.MustContain(t, gwen.Get("/assets/skills/requests"), "rhys@example.org", "Saturday at ten")
		// A second request, answered no: no address goes.
		r2, err := w.svc.RequestSkill(ctx, w.officer, bikes.ID, "Can you run a repair café?")
		if err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "rhys@example.org", "Owen Officer would like your help")
		if err := w.svc.AnswerSkillRequest(ctx, w.resident, r2.ID, false, "", true); err != nil {
			t.Fatal(err)
		}
		no := a.MustMailTo(t, "officer@example.org", "About your request")
		if strings.Contains(no, "rhys@example.org") {
			t.Errorf("the no carried the address: %s", no)
		}
		// A third waits; stopping sharing closes it and tells the asker.
		if _, err := w.svc.RequestSkill(ctx, w.other, bikes.ID, "Puncture?"); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "rhys@example.org", "Fran Foodbank would like your help")
		apptest.MustContain(t, rhys.Get("/assets/skills/"+bikes.ID+"/withdraw"), "Stop sharing this?")
		apptest.MustStatus(t, rhys.PostForm("/assets/skills/"+bikes.ID+"/withdraw", nil), http.StatusSeeOther)
		a.MustMailTo(t, "fran@example.org", "No longer offered: Bike repairs")
		if n := a.Count(t, `SELECT COUNT(*) FROM skill_requests WHERE status = 'withdrawn'`); n != 1 {
			t.Errorf("%d closed requests", n)
		}
	})
}

// Requests are limited per person, so nobody can pester people through the map.
func TestSkillRequestsAreLimited(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	ctx := context.Background()
	var last error
	for i := 0; i < 12; i++ {
		sk, err := w.svc.AddSkill(ctx, w.resident, assets.SkillInput{Kind: "gift", Title: "Cakes " + itoa(i), Visibility: assets.VisibleMembers})
		if err != nil {
			t.Fatal(err)
		}
		_, last = w.svc.RequestSkill(ctx, w.member, sk.ID, "Please")
		if i < 10 && last != nil {
			t.Fatalf("request %d: %v", i, last)
		}
	}
	if !errs.Is(last, errs.RateLimited) {
		t.Errorf("the 12th request: %v", last)
	}
}

// A9 and A8: the CSV wrote every longitude as text and had no byte-order mark; an import could
// not update an entry or see a duplicate.
func TestCSVRoundTripUpdatesAndWarns(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		off := client(t, a, "officer@example.org")
		r := off.Get("/assets.csv?q=hall")
		if !strings.HasPrefix(r.Body, "\ufeffid,") {
			t.Fatalf("no byte-order mark: %q", r.Body[:10])
		}
		if !strings.Contains(r.Body, ",51.642,-3.965,") || strings.Contains(r.Body, "'-3.965") {
			t.Errorf("the longitude is not a plain number:\n%s", r.Body)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("%v %v", rows, err)
		}
		// Edit it "in a spreadsheet": more places, and a new row that is the same hall again.
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		rows[1][col["capacity"]] = "150"
		dup := append([]string(nil), rows[1]...)
		dup[col["id"]] = ""
		rows = append(rows, dup)
		var b strings.Builder
		cw := csv.NewWriter(&b)
		_ = cw.WriteAll(rows)
		off.Get("/assets/import")
		prev := off.PostForm("/assets/import", url.Values{"csv": {b.String()}})
		apptest.MustStatus(t, prev, http.StatusOK)
		apptest.MustContain(t, prev, "1 new, 1 updated, 0 unchanged", "Updated: facilities", "Looks like:", "Nant Village Hall</a> (AH3 4XY)",
			"Import: add 1 and update 1")
		// Only the update: the duplicate row left out.
		b.Reset()
		cw = csv.NewWriter(&b)
		_ = cw.WriteAll(rows[:2])
		res := off.PostForm("/assets/import", url.Values{"csv": {b.String()}, "confirm": {"yes"}})
		apptest.MustStatus(t, res, http.StatusSeeOther)
		apptest.MustContain(t, off.Follow(res), "0 added and 1 updated")
		hall, _ := w.svc.Asset(context.Background(), w.officer, w.ids["Nant Village Hall"])
		if hall.Capacity == nil || *hall.Capacity != 150 {
			t.Errorf("not updated: %+v", hall.Capacity)
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM assets WHERE name = 'Nant Village Hall'`); n != 1 {
			t.Errorf("%d halls after importing the file back", n)
		}
		apptest.MustContain(t, off.Get("/assets/"+hall.ID), "Imported (Owen Officer): facilities")
		// An id that is nobody's is a problem, not a new entry.
		rows[1][col["id"]] = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
		b.Reset()
		cw = csv.NewWriter(&b)
		_ = cw.WriteAll(rows[:2])
		bad := off.PostForm("/assets/import", url.Values{"csv": {b.String()}})
		apptest.MustStatus(t, bad, http.StatusUnprocessableEntity)
		apptest.MustContain(t, bad, "There is no entry with this id")
	})
}

// testLog writes the server's log to the test's log, shown when it fails.
func testLog(t *testing.T) io.Writer { return logWriter{t} }

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// A file of more rows than are searched word by word still flags entries of the same name.
func TestLargeImportFlagsSameNames(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	var b strings.Builder
	b.WriteString("name,category,postcode\n")
	for i := 0; i <= assets.ThoroughDuplicates; i++ {
		b.WriteString("Garden " + itoa(i) + ",spaces,\n")
	}
	b.WriteString("Nant Village Hall,spaces,AH3 4XY\n")
	p, err := w.svc.PreviewImport(context.Background(), w.officer, b.String())
	if err != nil || !p.OK() {
		t.Fatalf("%v %+v", err, p.FileError)
	}
	last := p.Rows[len(p.Rows)-1]
	if p.Duplicates != 1 || len(last.Duplicates) != 1 || last.Duplicates[0].ID != w.ids["Nant Village Hall"] {
		t.Errorf("%d duplicates; last row %+v", p.Duplicates, last.Duplicates)
	}
}
