package timebank_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/timebank"
)

func apiCall(t *testing.T, a *apptest.App, token, method, path, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, a.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return res.StatusCode, out
}

func TestAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, true)
		ids := app.Service[*identity.Service](a.Server)
		token := func(account string) string {
			tok, err := ids.CreateAPIToken(ctx, account, "test", []string{actor.ScopeRead, actor.ScopeWrite})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		ann, bob, broker := token(w.annID), token(w.bobID), token(w.brokerID)
		cai := token(a.MustAccount(t, "Cai", "cai@example.org", pw))

		status, body := apiCall(t, a, "", http.MethodGet, "/api/v1/timebanks", "")
		if status != 200 || len(body["items"].([]any)) != 1 {
			t.Fatalf("banks: %d %v", status, body)
		}
		rec := `{"role":"giver","other":"` + w.bobMemb.ID + `","minutes":45,"category":"pets","note":"Walked the dog","happened_on":"2026-01-05"}`
		status, body = apiCall(t, a, ann, http.MethodPost, "/api/v1/timebanks/"+w.bank.ID+"/exchanges", rec, "Idempotency-Key", "k-1")
		if status != http.StatusCreated || body["status"] != "pending" {
			t.Fatalf("record: %d %v", status, body)
		}
		id := body["id"].(string)
		status, body = apiCall(t, a, ann, http.MethodPost, "/api/v1/timebanks/"+w.bank.ID+"/exchanges", rec, "Idempotency-Key", "k-1")
		if status != http.StatusOK || body["id"] != id {
			t.Fatalf("repeated request: %d %v", status, body)
		}
		// Another person's key is their own: the same key from Bob is a new exchange.
		if n := a.Count(t, `SELECT count(*) FROM timebank_exchanges`); n != 1 {
			t.Fatalf("%d exchanges", n)
		}
		// Parties and brokers read it; nobody else.
		for who, want := range map[string]int{ann: 200, bob: 200, broker: 200, cai: 404} {
			if status, _ := apiCall(t, a, who, http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/exchanges/"+id, ""); status != want {
				t.Errorf("reading the exchange: %d, want %d", status, want)
			}
		}
		if status, _ := apiCall(t, a, "", http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/exchanges/"+id, ""); status != http.StatusUnauthorized {
			t.Errorf("signed out: %d", status)
		}
		status, body = apiCall(t, a, bob, http.MethodPost, "/api/v1/timebanks/"+w.bank.ID+"/exchanges/"+id+"/confirm", "{}")
		if status != 200 || body["status"] != "confirmed" {
			t.Fatalf("confirm: %d %v", status, body)
		}
		// Past the limit: a problem with the reason.
		big := `{"role":"receiver","other":"` + w.annMember.ID + `","minutes":200,"category":"pets","note":"Too much","happened_on":"2026-01-05"}`
		status, body = apiCall(t, a, bob, http.MethodPost, "/api/v1/timebanks/"+w.bank.ID+"/exchanges", big)
		if status != http.StatusConflict || !strings.Contains(body["detail"].(string), "credit limit") {
			t.Fatalf("past the limit: %d %v", status, body)
		}
		// Members see their own exchanges; brokers see the bank's and its members.
		status, body = apiCall(t, a, bob, http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/exchanges", "")
		if status != 200 || len(body["items"].([]any)) != 1 {
			t.Fatalf("Bob's exchanges: %d %v", status, body)
		}
		if status, _ := apiCall(t, a, bob, http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/members", ""); status != http.StatusForbidden {
			t.Fatalf("a member listed the members: %d", status)
		}
		status, body = apiCall(t, a, broker, http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/members", "")
		if status != 200 || len(body["items"].([]any)) != 3 {
			t.Fatalf("members: %d %v", status, body)
		}
		status, body = apiCall(t, a, bob, http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/accounts/"+w.bobMemb.Account+"/statement", "")
		if status != 200 || body["closing_balance_minutes"].(float64) != -15 {
			t.Fatalf("statement: %d %v", status, body)
		}
		status, body = apiCall(t, a, broker, http.MethodPost, "/api/v1/timebanks/"+w.bank.ID+"/exchanges/"+id+"/reverse", `{"reason":"test"}`)
		if status != 200 || body["status"] != timebank.ExReversed {
			t.Fatalf("reverse: %d %v", status, body)
		}
		if status, _ := apiCall(t, a, broker, http.MethodPost, "/api/v1/timebanks/"+w.bank.ID+"/exchanges/"+id+"/reverse", `{"reason":"again"}`); status != http.StatusConflict {
			t.Fatalf("reversed twice: %d", status)
		}
		if status, _ := apiCall(t, a, broker, http.MethodGet, "/api/v1/timebanks/"+w.bank.ID+"/insights", ""); status != 200 {
			t.Fatalf("insights: %d", status)
		}
		w.booksBalance(t)
	})
}
