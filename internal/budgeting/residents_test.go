package budgeting_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/ids"
)

// What residents and officers meet along the way: names only by consent, the idea form's rules
// first, the review form keeping the review, residents told by mail and on their own page, a
// returning voter's ballot, changing area, short receipts, plurals, London dates, paper ballots
// with a list and undo, code slips, Welsh content with its fallback, and officers acting for a
// resident.
func TestAlongTheWay(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Owain Officer", "officer@example.org", pw, identity.RoleOfficer)
	a.MustAccount(t, "Rhys Resident", "resident@example.org", pw)
	a.MustAccount(t, "Siân Voter", "voter@example.org", pw)
	a.MustAccount(t, "Dai Offline", "dai@example.org", pw)
	officer, resident, voter, anon := a.Client(t), a.Client(t), a.Client(t), a.Client(t)
	officer.SignIn("officer@example.org", pw)
	resident.SignIn("resident@example.org", pw)
	voter.SignIn("voter@example.org", pw)
	ctx := t.Context()
	nant, river := ids.New(), ids.New()
	for id, name := range map[string]string{nant: "Nant", river: "Riverside"} {
		if _, err := a.DB.Exec(ctx, `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ($1, $2, 'ward', '', $3)`, id, name, a.DB.Now(ctx)); err != nil {
			t.Fatal(err)
		}
	}
	form := processForm("ideas")
	form.Set("area_"+nant, "5000")
	form.Set("area_"+river, "5000")
	form.Set("title_cy", "Gwella'r parc")
	officer.Get("/budgets/new")
	r := officer.PostForm("/budgets", form)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	pid := idRE.FindStringSubmatch(r.Location())[1]
	base := "/budgets/" + pid

	// Welsh: the Welsh title, and the English description marked as English.
	cy := a.Client(t)
	apptest.MustStatus(t, cy.Get("/?lang=cy"), http.StatusSeeOther)
	r = cy.Get(base)
	apptest.MustContain(t, r, `<h1 class="govuk-heading-l">Gwella'r parc</h1>`, `<div class="govuk-body" lang="en">`, "nid yw'r cyngor wedi'i ysgrifennu yn Gymraeg")
	apptest.MustNotContain(t, anon.Get(base), "Gwella", `<div class="govuk-body" lang="en">`)

	// The idea form says its rules before anything is typed; a cost estimate is not required.
	r = resident.Get(base + "/ideas/new")
	apptest.MustContain(t, r, `id="idea-rules"`, "You need a short name and a description", "Your name is shown only if you choose")
	if strings.Index(r.Body, `id="idea-rules"`) > strings.Index(r.Body, `name="title"`) {
		t.Error("the rules come after the form's first field")
	}
	r = resident.PostForm(base+"/ideas", url.Values{"title": {"Benches by the pond"}, "description": {"Four benches"}, "area_id": {nant}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	benches := r.Location()
	r = resident.PostForm(base+"/ideas", url.Values{"title": {"Path lights"}, "description": {"Solar lights"}, "area_id": {river}, "show_name": {"yes"}})
	lights := r.Location()
	// Names only by consent.
	r = anon.Get(benches)
	apptest.MustContain(t, r, `<dd class="govuk-summary-list__value" id="suggested-by">A resident</dd>`)
	apptest.MustNotContain(t, r, "Rhys", "(optional)", "Your estimate")
	apptest.MustContain(t, anon.Get(lights), `id="suggested-by">Rhys Resident</dd>`)
	voter.Get(benches)
	apptest.MustStatus(t, voter.PostForm(benches+"/comments", url.Values{"body": {"Yes please"}}), http.StatusSeeOther)
	apptest.MustStatus(t, voter.PostForm(benches+"/comments", url.Values{"body": {"And a bin", "x"}, "comment_show_name": {"yes"}}), http.StatusSeeOther)
	r = anon.Get(benches)
	apptest.MustContain(t, r, "<strong>A resident</strong>", "<strong>Siân Voter</strong>")
	if strings.Count(r.Body, "Siân Voter") != 1 {
		t.Error("the comment without consent names its author")
	}
	// The author changes their mind.
	resident.Get(benches)
	apptest.MustStatus(t, resident.PostForm(benches+"/name", url.Values{"show_name": {"yes"}}), http.StatusSeeOther)
	apptest.MustContain(t, anon.Get(benches), `id="suggested-by">Rhys Resident</dd>`)
	apptest.MustStatus(t, resident.PostForm(benches+"/name", url.Values{"show_name": {"no"}}), http.StatusSeeOther)
	apptest.MustNotContain(t, anon.Get(benches), "Rhys Resident")
	apptest.MustStatus(t, voter.PostForm(benches+"/name", url.Values{"show_name": {"yes"}}), http.StatusForbidden)

	// An officer suggests an idea for a resident who phoned; it is theirs, recorded with who helped.
	r = officer.Get(base + "/ideas/new")
	apptest.MustContain(t, r, "Suggesting this for a resident?")
	r = officer.PostForm(base+"/ideas", url.Values{"title": {"Dog bins"}, "description": {"Two bins"}, "area_id": {river}, "for_email": {"nobody@example.org"}, "assisted_how": {"phone"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "There is no account with this email address")
	r = officer.PostForm(base+"/ideas", url.Values{"title": {"Dog bins"}, "description": {"Two bins"}, "area_id": {river}, "for_email": {"DAI@example.org"}, "assisted_how": {"phone"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	bins := r.Location()
	apptest.MustContain(t, anon.Get(bins), "A resident, with a council officer's help")
	if n := a.Count(t, `SELECT COUNT(*) FROM budget_ideas i JOIN accounts a ON a.id = i.author_id WHERE a.email = 'dai@example.org' AND i.assisted_how = 'phone' AND i.assisted_by IS NOT NULL`); n != 1 {
		t.Errorf("assisted idea not recorded: %d", n)
	}
	r = resident.PostForm(base+"/ideas", url.Values{"title": {"x"}, "description": {"y"}, "area_id": {river}, "for_email": {"dai@example.org"}, "assisted_how": {"phone"}})
	apptest.MustStatus(t, r, http.StatusForbidden)

	// Review: the form keeps the saved review; the author is told, with the reason.
	officer.Get(benches)
	apptest.MustStatus(t, officer.PostForm(benches+"/review", url.Values{"decision": {"accepted"}, "feasibility": {"Parks can do it"}, "cost": {"3200"},
		"title_en": {"Pond benches"}, "title_cy": {"Meinciau'r pwll"}, "summary": {"Four benches facing the pond."}}), http.StatusSeeOther)
	r = officer.Get(benches)
	apptest.MustContain(t, r, `value="3200"`, ">Parks can do it</textarea>", `value="Meinciau'r pwll"`, `value="accepted" checked`)
	mail := a.MustMailTo(t, "resident@example.org", "Your idea is on the ballot: Benches by the pond")
	if !strings.Contains(mail, benches) || !strings.Contains(mail, "/budgets/mine") {
		t.Errorf("review mail:\n%s", mail)
	}
	apptest.MustStatus(t, officer.PostForm(benches+"/review", url.Values{"decision": {"accepted"}, "feasibility": {"Parks can do it"}, "cost": {"3300"},
		"title_en": {"Pond benches"}, "title_cy": {"Meinciau'r pwll"}, "summary": {"Four benches facing the pond."}}), http.StatusSeeOther)
	a.NoMail(t, 300e6) // a corrected cost is not a new decision
	apptest.MustStatus(t, officer.PostForm(lights+"/review", url.Values{"decision": {"rejected"}, "feasibility": {"Needs wiring"}, "reason": {"The path has no power supply"}}), http.StatusSeeOther)
	mail = a.MustMailTo(t, "resident@example.org", "Your idea is not going forward: Path lights")
	if !strings.Contains(mail, "The path has no power supply") {
		t.Errorf("rejection mail lacks the reason:\n%s", mail)
	}
	apptest.MustStatus(t, officer.PostForm(bins+"/review", url.Values{"decision": {"accepted"}, "feasibility": {"Fine"}, "cost": {"900"}}), http.StatusSeeOther)
	a.MustMailTo(t, "dai@example.org", "Your idea is on the ballot: Dog bins")
	// A reload of the review's address shows the idea.
	r = officer.Get(benches + "/review")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	// The resident's own page.
	r = resident.Get("/budgets/mine")
	apptest.MustContain(t, r, "Your ideas and votes", "Pond benches", "On the ballot", "£3,300", "Not going forward", "The path has no power supply")
	// The ballot in Welsh uses the Welsh title on the ballot.
	officer.Get(base + "/edit")
	form.Set("phase", "voting")
	apptest.MustStatus(t, officer.PostForm(base, form), http.StatusSeeOther)
	r = cy.Get(base + "/vote?area=" + nant)
	apptest.MustContain(t, r, "Meinciau'r pwll", `<span lang="en">Four benches facing the pond.</span>`)

	// A returning voter, a change of area, a short receipt, plurals and London times.
	benchesID := benches[strings.LastIndex(benches, "/")+1:]
	binsID := bins[strings.LastIndex(bins, "/")+1:]
	voter.Get(base + "/vote?area=" + nant)
	r = voter.PostForm(base+"/vote", url.Values{"area_id": {nant}, "choice": {benchesID}, "eligible": {"yes"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	receipt := r.Location()
	if !regexp.MustCompile(`/receipts/[A-Z2-9]{5}-[A-Z2-9]{5}$`).MatchString(receipt) {
		t.Errorf("receipt address %s", receipt)
	}
	r = voter.Get(receipt)
	apptest.MustContain(t, r, "has been recorded, with 1 choice.", "In Nant.")
	apptest.MustNotContain(t, r, "UTC", "1 choices")
	lower := strings.ToLower(receipt[strings.LastIndex(receipt, "/")+1:])
	apptest.MustStatus(t, voter.Get(base+"/receipts/"+strings.ReplaceAll(lower, "-", "")), http.StatusOK)
	apptest.MustStatus(t, voter.Get(base+"/receipts/not-a-receipt"), http.StatusNotFound)
	r = voter.Get(base)
	apptest.MustContain(t, r, `id="you-voted"`, "Change your vote")
	r = voter.Get(base + "/vote")
	apptest.MustContain(t, r, `id="your-vote"`, "You voted in Nant on", "only your latest ballot counts", `value="`+benchesID+`" data-cost="330000" checked`, "Send my new vote")
	r = voter.Get(base + "/vote?area=" + river)
	apptest.MustContain(t, r, `id="other-area"`, "your vote in Nant no longer counts")
	apptest.MustNotContain(t, r, "checked")
	r = voter.Get(base + "/vote?area=")
	apptest.MustContain(t, r, "Each person votes in one area")
	// Signing in from a code ballot comes back to it.
	r = anon.Get(base + "/vote?area=" + nant)
	apptest.MustContain(t, r, `href="/sign-in?next=%2Fbudgets%2F`+pid+`%2Fvote%3Farea%3D`+nant+`"`)

	// An officer records a resident's vote with them on the phone: it is the resident's one vote.
	officer.Get(base + "/assist?area=" + river)
	r = officer.PostForm(base+"/assist", url.Values{"area_id": {river}, "choice": {binsID}, "eligible": {"yes"}, "for_email": {"dai@example.org"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Choose how you helped the resident")
	r = officer.PostForm(base+"/assist", url.Values{"area_id": {river}, "choice": {binsID}, "eligible": {"yes"}, "for_email": {"dai@example.org"}, "assisted_how": {"phone"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	mail = a.MustMailTo(t, "dai@example.org", "Your vote is in")
	if !strings.Contains(mail, "recorded this vote for you on the phone") {
		t.Errorf("assisted vote mail:\n%s", mail)
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM budget_ballots b JOIN accounts a ON b.voter_key = 'account:' || a.id WHERE a.email = 'dai@example.org' AND b.assisted_how = 'phone'`); n != 1 {
		t.Errorf("assisted ballot: %d", n)
	}

	// Paper ballots: a list with a running count, and undo.
	officer.Get(base + "/paper?area=" + nant)
	for _, ref := range []string{"LIB-1", "LIB-2"} {
		apptest.MustStatus(t, officer.PostForm(base+"/paper", url.Values{"area_id": {nant}, "paper_ref": {ref}, "choice": {benchesID}}), http.StatusSeeOther)
	}
	r = officer.Get(base + "/paper?area=" + nant)
	apptest.MustContain(t, r, "2 paper ballots entered so far. 2 of them for Nant.", "LIB-1", "LIB-2", "Undo")
	undo := regexp.MustCompile(`action="(/budgets/[^"]+/paper/[^"]+/withdraw)"`).FindStringSubmatch(r.Body)[1]
	apptest.MustStatus(t, officer.PostForm(undo, url.Values{"area": {nant}}), http.StatusSeeOther)
	r = officer.Get(base + "/paper?area=" + nant)
	apptest.MustContain(t, r, "1 paper ballot entered so far. 1 of them for Nant.")
	apptest.MustStatus(t, officer.PostForm(undo, nil), http.StatusConflict)
	if n := a.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'budget.paper.withdraw'`); n != 1 {
		t.Errorf("undo not audited: %d", n)
	}

	// Voting codes as slips.
	officer.Get(base + "/codes")
	apptest.MustStatus(t, officer.PostForm(base+"/codes", url.Values{"count": {"3"}}), http.StatusSeeOther)
	r = officer.Get(base + "/codes/print")
	apptest.MustContain(t, r, "3 unused codes.", `class="commons-slip"`, "Park improvements", "To vote, go to "+a.URL+base+"/vote")
	if strings.Count(r.Body, `class="commons-slip-code"`) != 3 {
		t.Error("not one slip per unused code")
	}
	apptest.MustStatus(t, resident.Get(base+"/codes/print"), http.StatusForbidden)

	// Count, publish, the results by area, the downloads, and the authors told.
	officer.Get(base)
	apptest.MustStatus(t, officer.PostForm(base+"/count", url.Values{"confirm": {"yes"}, "close_early": {"yes"}}), http.StatusSeeOther)
	apptest.MustStatus(t, officer.PostForm(base+"/publish", url.Values{"publish_confirm": {"yes"}}), http.StatusSeeOther)
	r = anon.Get(base + "/results")
	apptest.MustContain(t, r, "Spending by area", "Nant", "Riverside", "1 of 1")
	a.MustMailTo(t, "resident@example.org", "Your idea has been funded: Benches by the pond")
	r = anon.Get(base + "/results.csv")
	if r.Header.Get("Content-Disposition") != `attachment; filename="park-improvements-results.csv"` {
		t.Errorf("CSV download: %q", r.Header.Get("Content-Disposition"))
	}
	if _, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll(); err != nil {
		t.Errorf("the CSV does not read back: %v", err)
	}
	r = anon.Get(base + "/ballots.pb?area=" + nant)
	if r.Header.Get("Content-Disposition") != `attachment; filename="park-improvements-ballots-nant.pb"` || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Errorf(".pb download: %q %q", r.Header.Get("Content-Disposition"), r.Header.Get("Content-Type"))
	}
	apptest.MustStatus(t, anon.Get(base+"/ballots.pb"), http.StatusUnprocessableEntity)
	r = anon.Get(base + "/grants.json")
	if r.Header.Get("Content-Disposition") != `attachment; filename="park-improvements-grants.json"` || r.Header.Get("Content-Type") != "application/json" || !json.Valid([]byte(r.Body)) {
		t.Errorf("grants download: %q %q", r.Header.Get("Content-Disposition"), r.Header.Get("Content-Type"))
	}
	r = anon.Get(base + "/ideas.geojson")
	if r.Header.Get("Content-Disposition") != `attachment; filename="park-improvements-ideas.geojson"` || r.Header.Get("Content-Type") != "application/geo+json" || !json.Valid([]byte(r.Body)) {
		t.Errorf("GeoJSON download: %q %q", r.Header.Get("Content-Disposition"), r.Header.Get("Content-Type"))
	}
	// The receipt after the count says voting is over; no change link.
	apptest.MustNotContain(t, voter.Get(receipt), "Change your vote")
	r = voter.Get(base + "/vote")
	apptest.MustContain(t, r, "Voting has closed and the votes have been counted", "See the results")
	apptest.MustContain(t, resident.Get("/budgets/mine"), "Funded")

	// Delivery: the author is told and sees it on their page.
	officer.Get(benches)
	apptest.MustStatus(t, officer.PostForm(benches+"/delivered", nil), http.StatusUnprocessableEntity)
	apptest.MustStatus(t, officer.PostForm(benches+"/delivered", url.Values{"delivered_confirm": {"yes"}}), http.StatusSeeOther)
	a.MustMailTo(t, "resident@example.org", "Your idea has been delivered: Benches by the pond")
	apptest.MustContain(t, resident.Get("/budgets/mine"), "Delivered on")
	apptest.MustContain(t, anon.Get(benches), `id="delivered"`)
}
