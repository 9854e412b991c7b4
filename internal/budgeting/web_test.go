package budgeting_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"commons/internal/app/apptest"
	"commons/internal/budgeting"
	"commons/internal/budgeting/tallycmd"
	"commons/internal/identity"
	"commons/internal/platform/ids"
)

const pw = "correct horse battery"

var idRE = regexp.MustCompile(`/budgets/([0-9a-f-]{36})`)

// day is the London date offset days from today: voting is open by its dates while the test runs.
func day(offset int) string {
	return time.Now().AddDate(0, 0, offset).In(budgeting.London).Format(time.DateOnly)
}

func processForm(phase string) url.Values {
	return url.Values{"title": {"Park improvements"}, "description": {"Choose **two** things for the park."}, "total": {"10,000"},
		"phase": {phase}, "ideas_from": {day(-60)}, "review_from": {day(-30)}, "voting_from": {day(-10)},
		"voting_until": {day(20)}, "results_from": {day(30)}, "format": {"approval_budget"}, "rule": {"mes"},
		"min_age": {"16"}, "voter_access": {"either"}, "min_choices": {"1"}, "max_choices": {"3"}, "points": {"10"}}
}

func TestWholeCycleOverHTTP(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_MAP_TILE_URL": "https://tiles.example.org/{z}/{x}/{y}.png", "COMMONS_MAP_CENTRE": "52.4,-4.08",
		"COMMONS_360GIVING_PREFIX": "360G-aberhaven", "COMMONS_ORG_ID": "GB-LAE-ABH"}})
	a.MustAccount(t, "Owain Officer", "officer@example.org", pw, identity.RoleOfficer)
	a.MustAccount(t, "Mari Moderator", "moderator@example.org", pw, identity.RoleModerator)
	a.MustAccount(t, "Rhys Resident", "resident@example.org", pw)
	a.MustAccount(t, "Siân Voter", "voter@example.org", pw)
	officer, moderator, resident, voter, anon := a.Client(t), a.Client(t), a.Client(t), a.Client(t), a.Client(t)
	officer.SignIn("officer@example.org", pw)
	moderator.SignIn("moderator@example.org", pw)
	resident.SignIn("resident@example.org", pw)
	voter.SignIn("voter@example.org", pw)

	// 1. The officer creates a process; a bad form comes back with an error summary and what was typed.
	officer.Get("/budgets/new")
	bad := processForm("ideas")
	bad.Set("total", "lots")
	bad.Set("voting_until", day(-20))
	r := officer.PostForm("/budgets", bad)
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	if s := apptest.ErrorSummary(r); !strings.Contains(s, "Enter an amount in pounds") || !strings.Contains(s, "must not be before") {
		t.Errorf("error summary: %q", s)
	}
	apptest.MustContain(t, r, `value="Park improvements"`)
	r = officer.PostForm("/budgets", processForm("ideas"))
	apptest.MustStatus(t, r, http.StatusSeeOther)
	pid := idRE.FindStringSubmatch(r.Location())[1]
	r = anon.Get("/budgets/" + pid)
	apptest.MustContain(t, r, "<strong>two</strong>", "£10,000")
	apptest.MustNotContain(t, r, `id="ideas-map"`) // no idea has a place yet
	apptest.MustStatus(t, anon.Get("/budgets/not-an-id"), http.StatusNotFound)

	// 2. Residents submit ideas; a moderator hides one with a reason its author sees.
	// The form's map uses the council's tile server and starts in the middle of its area.
	apptest.MustContain(t, resident.Get("/budgets/"+pid+"/ideas/new"), `data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"`,
		`data-lat="52.4"`, `data-lng="-4.08"`)
	r = resident.PostForm("/budgets/"+pid+"/ideas", url.Values{"title": {"New benches"}, "description": {"Four benches by the pond"}, "estimate": {"4000"}, "lat": {"51.6"}, "lng": {"-3.9"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	benches := r.Location()
	apptest.MustContain(t, anon.Get("/budgets/"+pid), `id="ideas-map"`, `data-geojson="/budgets/`+pid+`/ideas.geojson"`,
		`data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"`)
	r = resident.PostForm("/budgets/"+pid+"/ideas", url.Values{"title": {"Tree planting"}, "description": {"Twenty trees"}, "estimate": {"3000"}})
	trees := r.Location()
	r = resident.PostForm("/budgets/"+pid+"/ideas", url.Values{"title": {"Rude idea"}, "description": {"Abuse"}, "estimate": {"1"}})
	rude := r.Location()
	r = resident.PostForm("/budgets/"+pid+"/ideas", url.Values{"title": {""}, "estimate": {"x"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	voter.Get(benches)
	apptest.MustStatus(t, voter.PostForm(benches+"/support", nil), http.StatusSeeOther)
	apptest.MustStatus(t, voter.PostForm(benches+"/comments", url.Values{"body": {"Yes please"}}), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get(benches), "Yes please", "51.6")
	moderator.Get(rude)
	apptest.MustStatus(t, moderator.PostForm(rude+"/hide", url.Values{"hide_reason": {"Offensive language"}}), http.StatusSeeOther)
	apptest.MustStatus(t, anon.Get(rude), http.StatusNotFound)
	apptest.MustContain(t, resident.Get(rude), "Offensive language")
	apptest.MustStatus(t, resident.PostForm(rude+"/hide", url.Values{"hide_reason": {"x"}}), http.StatusForbidden)

	// 3. Review: accepted ideas go on the ballot at their costed estimate; a rejection needs a public reason.
	// A resident reviews only once an officer has put them on the review panel.
	treesReview := url.Values{"decision": {"accepted"}, "feasibility": {"Panel: fine"}, "cost": {"3200"}}
	apptest.MustStatus(t, voter.PostForm(trees+"/review", treesReview), http.StatusForbidden)
	apptest.MustNotContain(t, voter.Get(trees), "Save the review")
	officer.Get("/budgets/" + pid)
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/reviewers", url.Values{"reviewer": {"nobody@example.org"}}), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/reviewers", url.Values{"reviewer": {"voter@example.org"}}), http.StatusSeeOther)
	apptest.MustContain(t, voter.Get(trees), "Save the review")
	apptest.MustStatus(t, voter.PostForm(trees+"/review", treesReview), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get(trees), "Panel: fine", "£3,200")
	officer.Get(benches)
	r = officer.PostForm(trees+"/review", url.Values{"decision": {"rejected"}, "feasibility": {"Too shady"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustStatus(t, officer.PostForm(trees+"/review", url.Values{"decision": {"accepted"}, "feasibility": {"Fine"}, "cost": {"3500"}}), http.StatusSeeOther)
	apptest.MustStatus(t, officer.PostForm(benches+"/review", url.Values{"decision": {"accepted"}, "feasibility": {"Fine"}, "cost": {"7000"}}), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get(trees), "£3,500", "On the ballot")

	// 4. Voting.
	officer.Get("/budgets/" + pid + "/edit")
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid, processForm("voting")), http.StatusSeeOther)
	treesID, benchesID := trees[strings.LastIndex(trees, "/")+1:], benches[strings.LastIndex(benches, "/")+1:]
	r = voter.Get("/budgets/" + pid + "/vote")
	apptest.MustContain(t, r, `name="choice"`, `value="`+treesID+`"`)
	r = voter.PostForm("/budgets/"+pid+"/vote", url.Values{"choice": {treesID, benchesID}, "eligible": {"yes"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	if s := apptest.ErrorSummary(r); !strings.Contains(s, "cost more than the budget") {
		t.Errorf("over budget summary: %q", s)
	}
	apptest.MustContain(t, r, `value="`+treesID+`" data-cost="350000" checked`)
	r = voter.PostForm("/budgets/"+pid+"/vote", url.Values{"choice": {benchesID}, "eligible": {"yes"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	receipt := r.Location()
	apptest.MustContain(t, voter.Get(receipt), "Your vote is in")
	mail := a.MustMailTo(t, "voter@example.org", "Your vote is in")
	if !strings.Contains(mail, receipt) {
		t.Errorf("mail has no receipt link %s:\n%s", receipt, mail)
	}
	// Changing the vote replaces it.
	apptest.MustStatus(t, voter.PostForm("/budgets/"+pid+"/vote", url.Values{"choice": {treesID}, "eligible": {"yes"}}), http.StatusSeeOther)
	if n := a.Count(t, `SELECT COUNT(*) FROM budget_ballots WHERE process_id = $1`, pid); n != 1 {
		t.Errorf("%d ballots after a change", n)
	}
	// A one-time code, then paper ballots.
	officer.Get("/budgets/" + pid + "/codes")
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/codes", url.Values{"count": {"2"}}), http.StatusSeeOther)
	code := regexp.MustCompile(`<code>([A-Z0-9-]{14})</code>`).FindStringSubmatch(officer.Get("/budgets/" + pid + "/codes").Body)[1]
	riverside := ids.New()
	if _, err := a.DB.Exec(context.Background(), `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ($1, 'Riverside', 'ward', '', $2)`, riverside, a.DB.Now(context.Background())); err != nil {
		t.Fatal(err)
	}
	apptest.MustContain(t, anon.Get("/budgets/"+pid+"/vote"), "Which area do you live in? (optional)", ">Riverside</option>")
	r = anon.PostForm("/budgets/"+pid+"/vote", url.Values{"code": {code}, "choice": {benchesID}, "eligible": {"yes"}, "area_id": {ids.New()}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	r = anon.PostForm("/budgets/"+pid+"/vote", url.Values{"code": {code}, "choice": {benchesID}, "eligible": {"yes"}, "area_id": {riverside}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	r = anon.PostForm("/budgets/"+pid+"/vote", url.Values{"code": {code}, "choice": {benchesID}, "eligible": {"yes"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	officer.Get("/budgets/" + pid + "/paper")
	for _, ref := range []string{"P-1", "P-2"} {
		apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/paper", url.Values{"paper_ref": {ref}, "choice": {benchesID}}), http.StatusSeeOther)
	}
	r = officer.PostForm("/budgets/"+pid+"/paper", url.Values{"paper_ref": {"p-1"}, "choice": {treesID}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "already been entered")
	apptest.MustStatus(t, resident.PostForm("/budgets/"+pid+"/paper", url.Values{"paper_ref": {"P-9"}, "choice": {treesID}}), http.StatusForbidden)

	// 5. The count asks for confirmation and, before the published closing day, to close voting
	// early; the results wait for an officer to check and publish them.
	officer.Get("/budgets/" + pid)
	r = officer.PostForm("/budgets/"+pid+"/count", nil)
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Tick the box to confirm", "Voting is published to close later")
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/count", url.Values{"confirm": {"yes"}, "close_early": {"yes"}}), http.StatusSeeOther)
	apptest.MustStatus(t, anon.Get("/budgets/"+pid+"/results"), http.StatusNotFound)
	apptest.MustStatus(t, anon.Get("/budgets/"+pid+"/results.csv"), http.StatusNotFound)
	apptest.MustContain(t, anon.Get("/budgets/"+pid), "will be published once they have been checked")
	r = officer.Get("/budgets/" + pid + "/results")
	apptest.MustContain(t, r, "These results have not been published", "Publish the results", "closed on")
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/publish", nil), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/publish", url.Values{"publish_confirm": {"yes"}}), http.StatusSeeOther)
	r = anon.Get("/budgets/" + pid + "/results")
	apptest.MustContain(t, r, "<svg", `<table class="govuk-table">`, "4 ballots", "Paper", "Online with a code", "Funded",
		"The Method of Equal Shares, completed")
	apptest.MustNotContain(t, r, "These results have not been published")
	if !regexp.MustCompile(`Riverside</td><td class="govuk-table__cell">Online with a code</td><td class="govuk-table__cell govuk-table__cell--numeric">1<`).MatchString(r.Body) {
		t.Error("turnout has no Riverside line for the code voter")
	}
	csv := anon.Get("/budgets/" + pid + "/results.csv")
	apptest.MustContain(t, csv, "project_id,title", "New benches,,,7000,3,3,true,1,")
	pb := anon.Get("/budgets/" + pid + "/ballots.pb")
	file := t.TempDir() + "/b.pb"
	if err := os.WriteFile(file, []byte(pb.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	if code := tallycmd.Run([]string{"--file", file}, &out, &stderr); code != 0 || strings.TrimSpace(out.String()) != benchesID+"\n"+treesID && strings.TrimSpace(out.String()) != benchesID {
		t.Errorf("tally of the download: %d %q %s", code, out.String(), stderr.String())
	}
	grants := anon.Get("/budgets/" + pid + "/grants.json")
	apptest.MustStatus(t, grants, http.StatusOK)
	if err := validateGrants(t, []byte(grants.Body)); err != nil {
		t.Errorf("grants.json against the 360Giving schema: %v\n%s", err, grants.Body)
	}
	apptest.MustContain(t, grants, `"amountAwarded": 7000`, "New benches", `"id": "360G-aberhaven-`, `"id": "GB-LAE-ABH"`)
	apptest.MustNotContain(t, grants, "XI-COMMONS", "360G-commons")
	var api struct {
		Projects []struct {
			Title  string `json:"title"`
			Funded bool   `json:"funded"`
			Reason string `json:"reason"`
		} `json:"projects"`
		Ballots int `json:"ballots"`
	}
	if err := json.Unmarshal([]byte(anon.Get("/api/v1/budgets/"+pid+"/results").Body), &api); err != nil || api.Ballots != 4 || len(api.Projects) != 2 || api.Projects[0].Reason == "" {
		t.Errorf("API results: %+v %v", api, err)
	}

	ideas := anon.Get("/api/v1/budgets/" + pid + "/ideas")
	apptest.MustContain(t, ideas, "New benches", "Tree planting", `"status": "accepted"`)
	apptest.MustNotContain(t, ideas, "Rude idea")
	geo := anon.Get("/budgets/" + pid + "/ideas.geojson")
	apptest.MustContain(t, geo, `"type":"FeatureCollection"`, "New benches", "-3.9")
	apptest.MustNotContain(t, geo, "Tree planting", "Rude idea") // no point; hidden

	// 6. Delivery on the funded project, public on its page.
	officer.Get(benches)
	apptest.MustStatus(t, officer.PostForm(benches+"/milestones", url.Values{"m_title": {"Benches ordered"}, "m_status": {"in_progress"}, "m_percent": {"50"}}), http.StatusSeeOther)
	r = officer.PostForm(benches+"/milestones", url.Values{"m_title": {"x"}, "m_status": {"in_progress"}, "m_percent": {"150"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustStatus(t, officer.PostForm(benches+"/updates", url.Values{"update": {"The benches **arrive** next week."}}), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get(benches), "Benches ordered", "50%", "<strong>arrive</strong>", "In progress")
	mid := regexp.MustCompile(`<option value="([0-9a-f-]{36})">Benches ordered</option>`).FindStringSubmatch(officer.Get(benches).Body)
	if mid == nil {
		t.Fatal("no milestone to update")
	}
	apptest.MustStatus(t, officer.PostForm(benches+"/milestones", url.Values{"milestone": {mid[1]}, "m_title": {"Benches installed"}, "m_status": {"done"}, "m_percent": {"100"}}), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get(benches), "Benches installed", "100%", "Done")
}

func validateGrants(t *testing.T, data []byte) error {
	t.Helper()
	load := func(name string) any {
		f, err := os.Open("testdata/schema/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	grant := load("360-giving-schema.json")
	for _, v := range []string{"1.4.3", "1.4.2"} {
		if err := c.AddResource("https://raw.githubusercontent.com/ThreeSixtyGiving/standard/"+v+"/schema/360-giving-schema.json", grant); err != nil {
			t.Fatal(err)
		}
	}
	pkgURL := "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
	if err := c.AddResource(pkgURL, load("360-giving-package-schema.json")); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(pkgURL)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(doc)
}

// A photo on an idea: type-checked by its bytes, size-limited, described, and shown only where
// its idea is.
func TestIdeaPhoto(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Owain Officer", "officer@example.org", pw, identity.RoleOfficer)
	a.MustAccount(t, "Rhys Resident", "resident@example.org", pw)
	officer, resident, anon := a.Client(t), a.Client(t), a.Client(t)
	officer.SignIn("officer@example.org", pw)
	resident.SignIn("resident@example.org", pw)
	officer.Get("/budgets/new")
	pid := idRE.FindStringSubmatch(officer.PostForm("/budgets", processForm("ideas")).Location())[1]
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	post := func(file []byte, alt string) *apptest.Response {
		resident.Get("/budgets/" + pid + "/ideas/new")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"csrf_token": resident.CSRF, "title": "Mural", "description": "A mural", "estimate": "900", "photo_alt": alt} {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("photo", "anything.png")
		_, _ = fw.Write(file)
		_ = mw.Close()
		req := resident.Request(http.MethodPost, "/budgets/"+pid+"/ideas", nil)
		req.Body = io.NopCloser(&body)
		req.ContentLength = int64(body.Len())
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return resident.Do(req)
	}
	r := post([]byte("<html><script>alert(1)</script></html>"), "A mural")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "must be a JPEG, PNG or WebP")
	r = post(png, "")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Describe the photo in up to 300 characters")
	r = post(bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0}, budgeting.MaxPhoto/4+1), "Too big")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "800 KB or smaller")
	r = post(png, "A painted wall by the station")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	page := anon.Get(r.Location())
	src := regexp.MustCompile(`src="(/budgets/[^"]+/photos/[^"]+)" alt="A painted wall by the station"`).FindStringSubmatch(page.Body)
	if src == nil {
		t.Fatalf("no photo on the idea page:\n%s", apptest.Excerpt(page.Body))
	}
	img := anon.Get(src[1])
	if img.Status != http.StatusOK || img.Header.Get("Content-Type") != "image/png" || img.Body != string(png) {
		t.Errorf("photo: %d %s %d bytes", img.Status, img.Header.Get("Content-Type"), len(img.Body))
	}
}
