package budgeting_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

// apiClient calls the API with a personal token.
type apiClient struct {
	t     *testing.T
	c     *apptest.Client
	token string
}

func (a *apiClient) do(method, path string, body any) *apptest.Response {
	a.t.Helper()
	req := a.c.Request(method, path, nil)
	if body != nil {
		b, _ := json.Marshal(body)
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.ContentLength = int64(len(b))
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	return a.c.Do(req)
}

func tokenFor(t *testing.T, a *apptest.App, email string, scopes ...string) *apiClient {
	t.Helper()
	var id string
	if err := a.DB.QueryRow(context.Background(), `SELECT id FROM accounts WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	tok, err := a.Identity.CreateAPIToken(context.Background(), id, "test "+strings.Join(scopes, " "), scopes)
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, c: a.Client(t), token: tok}
}

// A third party submits ideas, reviews them, casts ballots with one-time codes and records
// delivery through the API, each within the scopes of its token; lists filter and say how many
// match.
func TestAPIWritesWithScopedTokens(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Owain Officer", "officer@example.org", pw, identity.RoleOfficer)
		a.MustAccount(t, "Rhys Resident", "resident@example.org", pw)
		officer := a.Client(t)
		officer.SignIn("officer@example.org", pw)
		officer.Get("/budgets/new")
		r := officer.PostForm("/budgets", processForm("ideas"))
		apptest.MustStatus(t, r, http.StatusSeeOther)
		pid := idRE.FindStringSubmatch(r.Location())[1]
		base := "/api/v1/budgets/" + pid

		reader := tokenFor(t, a, "resident@example.org", actor.ScopeRead)
		resident := tokenFor(t, a, "resident@example.org", actor.ScopeRead, actor.ScopeWrite)
		officerNoAdmin := tokenFor(t, a, "officer@example.org", actor.ScopeRead, actor.ScopeWrite)
		officerAPI := tokenFor(t, a, "officer@example.org", actor.ScopeRead, actor.ScopeWrite, actor.ScopeAdmin)

		idea := map[string]any{"title": "Benches by the pond", "description": "Four benches", "estimate_pence": 400000, "lang": "en", "show_name": true}
		// A read-only token cannot write; a malformed body is refused with the field named.
		apptest.MustStatus(t, reader.do(http.MethodPost, base+"/ideas", idea), http.StatusForbidden)
		r = resident.do(http.MethodPost, base+"/ideas", map[string]any{"title": "x", "colour": "blue"})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, `"body"`)
		apptest.MustStatus(t, resident.do(http.MethodPost, base+"/ideas", map[string]any{"title": "", "description": ""}), http.StatusUnprocessableEntity)
		r = resident.do(http.MethodPost, base+"/ideas", idea)
		apptest.MustStatus(t, r, http.StatusCreated)
		var created struct {
			ID, State, Lang string
		}
		if err := json.Unmarshal([]byte(r.Body), &created); err != nil || created.State != "submitted" || created.Lang != "en" {
			t.Fatalf("created idea: %+v %v\n%s", created, err, r.Body)
		}
		apptest.MustNotContain(t, r, "Rhys") // the API never names people
		second := resident.do(http.MethodPost, base+"/ideas", map[string]any{"title": "Tree planting", "description": "Twenty trees"})
		apptest.MustStatus(t, second, http.StatusCreated)
		var trees struct{ ID string }
		_ = json.Unmarshal([]byte(second.Body), &trees)

		// Reviews: a resident's token, and an officer's token without the admin scope, may not.
		review := map[string]any{"decision": "accepted", "feasibility": "Parks can do it", "cost_pence": 450000, "title_cy": "Meinciau wrth y pwll"}
		apptest.MustStatus(t, resident.do(http.MethodPost, base+"/ideas/"+created.ID+"/review", review), http.StatusForbidden)
		apptest.MustStatus(t, officerNoAdmin.do(http.MethodPost, base+"/ideas/"+created.ID+"/review", review), http.StatusForbidden)
		r = officerAPI.do(http.MethodPost, base+"/ideas/"+created.ID+"/review", review)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, `"state": "accepted"`, `"cost_pence": 450000`, `"official_title_cy": "Meinciau wrth y pwll"`)
		a.MustMailTo(t, "resident@example.org", "Your idea is on the ballot")
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, base+"/ideas/"+trees.ID+"/review",
			map[string]any{"decision": "rejected", "feasibility": "Too shady"}), http.StatusUnprocessableEntity)
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, base+"/ideas/"+trees.ID+"/review",
			map[string]any{"decision": "rejected", "feasibility": "Too shady", "reason": "The ground is too shady for fruit trees"}), http.StatusOK)
		a.MustMailTo(t, "resident@example.org", "Your idea is not going forward")

		// Filters and totals.
		var list struct {
			Items []struct{ ID, State string } `json:"items"`
			Total int                          `json:"total"`
			Next  string                       `json:"next"`
		}
		get := func(path string) {
			t.Helper()
			r := reader.do(http.MethodGet, path, nil)
			apptest.MustStatus(t, r, http.StatusOK)
			list.Items, list.Next = nil, ""
			if err := json.Unmarshal([]byte(r.Body), &list); err != nil {
				t.Fatal(err)
			}
		}
		get(base + "/ideas?status=rejected")
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != trees.ID {
			t.Errorf("rejected ideas: %+v", list)
		}
		get(base + "/ideas?limit=1")
		if list.Total != 2 || len(list.Items) != 1 || list.Next == "" {
			t.Errorf("first page of ideas: %+v", list)
		}
		get(base + "/ideas?since=2999-01-01")
		if list.Total != 0 || list.Items == nil {
			t.Errorf("ideas from the future: %+v", list)
		}
		get(base + "/projects")
		if list.Total != 1 || list.Items[0].ID != created.ID {
			t.Errorf("projects: %+v", list)
		}
		get("/api/v1/budgets?phase=ideas")
		if list.Total != 1 {
			t.Errorf("processes taking ideas: %+v", list)
		}
		get("/api/v1/budgets?phase=voting")
		if list.Total != 0 {
			t.Errorf("processes in voting: %+v", list)
		}
		for _, bad := range []string{"/api/v1/budgets?phase=party", base + "/ideas?status=maybe", base + "/ideas?since=yesterday", "/api/v1/budgets?from=1/2/2026"} {
			apptest.MustStatus(t, reader.do(http.MethodGet, bad, nil), http.StatusUnprocessableEntity)
		}

		// Ballots by one-time code: the code is the voter, whoever's token lets it in.
		officer.Get("/budgets/" + pid + "/edit")
		apptest.MustStatus(t, officer.PostForm("/budgets/"+pid, processForm("voting")), http.StatusSeeOther)
		officer.Get("/budgets/" + pid + "/codes")
		apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/codes", url.Values{"count": {"1"}}), http.StatusSeeOther)
		code := regexp.MustCompile(`<code>([A-Z0-9-]{14})</code>`).FindStringSubmatch(officer.Get("/budgets/" + pid + "/codes").Body)[1]
		ballot := map[string]any{"code": strings.ToLower(code), "eligible": true, "choices": []map[string]any{{"project_id": created.ID, "points": 1}}}
		r = resident.do(http.MethodPost, base+"/ballots", ballot)
		apptest.MustStatus(t, r, http.StatusCreated)
		var receipt struct {
			Receipt    string `json:"receipt"`
			ReceiptURL string `json:"receipt_url"`
		}
		_ = json.Unmarshal([]byte(r.Body), &receipt)
		if !regexp.MustCompile(`^[A-Z2-9]{5}-[A-Z2-9]{5}$`).MatchString(receipt.Receipt) || !strings.HasSuffix(receipt.ReceiptURL, "/receipts/"+receipt.Receipt) {
			t.Errorf("receipt: %+v", receipt)
		}
		// The same ballot sent again (its answer lost) gets its receipt back (V8); a code that
		// is not one is refused.
		r = resident.do(http.MethodPost, base+"/ballots", ballot)
		apptest.MustContain(t, r, receipt.Receipt)
		ballot["code"] = "ZZZZ-ZZZZ-ZZZZ"
		r = resident.do(http.MethodPost, base+"/ballots", ballot)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "already been used")
		if n := a.Count(t, `SELECT COUNT(*) FROM budget_ballots WHERE voter_key LIKE 'account:%'`); n != 0 {
			t.Errorf("the token owner got %d ballots of their own", n)
		}

		// Count, publish, then delivery through the API.
		officer.Get("/budgets/" + pid)
		apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/count", url.Values{"confirm": {"yes"}, "close_early": {"yes"}}), http.StatusSeeOther)
		apptest.MustStatus(t, reader.do(http.MethodGet, base+"/results", nil), http.StatusNotFound)
		apptest.MustStatus(t, officer.PostForm("/budgets/"+pid+"/publish", url.Values{"publish_confirm": {"yes"}}), http.StatusSeeOther)
		r = reader.do(http.MethodGet, base+"/results", nil)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, `"rule": "mes-add1-greedy"`, `"state": "published"`, `"closed_early": true`)
		a.MustMailTo(t, "resident@example.org", "Your idea has been funded")

		project := base + "/ideas/" + created.ID
		apptest.MustStatus(t, officerNoAdmin.do(http.MethodPost, project+"/milestones", map[string]any{"title": "Order", "status": "planned", "percent": 0}), http.StatusForbidden)
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, project+"/milestones", map[string]any{"title": "Order", "status": "planned", "percent": 150}), http.StatusUnprocessableEntity)
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, project+"/milestones", map[string]any{"title": "Order", "status": "in_progress", "percent": 40}), http.StatusCreated)
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, project+"/updates", map[string]any{"body": "Benches **ordered**."}), http.StatusCreated)
		r = reader.do(http.MethodGet, project+"/delivery", nil)
		apptest.MustContain(t, r, `"title": "Order"`, `"percent": 40`, "<strong>ordered</strong>")
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, project+"/delivered", nil), http.StatusOK)
		apptest.MustStatus(t, officerAPI.do(http.MethodPost, project+"/delivered", nil), http.StatusConflict)
		a.MustMailTo(t, "resident@example.org", "Your idea has been delivered")
		get(base + "/ideas?status=delivered")
		if list.Total != 1 {
			t.Errorf("delivered ideas: %+v", list)
		}
	})
}
