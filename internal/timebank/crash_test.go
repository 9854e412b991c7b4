package timebank_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest/crashtest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
	"commons/internal/timebank"
)

// TestNoAcknowledgedExchangeLostOrDoubledWhenKilled runs a real `commons serve`, records
// exchanges through the API from many clients (each with an idempotency key, retrying until it
// gets an answer), kills the server with SIGKILL mid-load and starts it again. Every exchange
// the server acknowledged must be there exactly once, every refusal must have left nothing, and
// each bank's books must balance with every limit held.
func TestNoAcknowledgedExchangeLostOrDoubledWhenKilled(t *testing.T) {
	bin := crashtest.Program(t)
	crashtest.Dialects(t, func(t *testing.T, dbURL string) { crashRun(t, bin, dbURL) })
}

func crashRun(t *testing.T, bin, url string) {
	ctx := context.Background()
	// Set up, in this process, over the database the server will use: an admin (a broker of
	// every bank), two banks with an agreement, members, and an API token.
	d, srv := crashtest.Prepare(t, url)
	var err error
	adminID := ids.New()
	if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, email_confirmed_at, created_at) VALUES ($1, 'Ada', 'ada@example.org', '!', $2, $2)`,
		adminID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `INSERT INTO account_roles (account_id, role, granted_at) VALUES ($1, 'admin', $2)`, adminID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	admin := &actor.Actor{ID: adminID, Name: "Ada", Roles: []string{identity.RoleAdmin}}
	svc := app.Service[*timebank.Service](srv)
	var banks [2]timebank.Bank
	var members [2][]timebank.Member
	for i, name := range []string{"North", "South"} {
		if banks[i], err = svc.CreateBank(ctx, admin, timebank.BankInput{Name: name, Summary: "s", Rules: "r", JoinMode: "open",
			PersonLimit: "2", OrganisationLimit: "2", PoolLimit: "2", JoiningCredit: "0", ListingDays: "30"}); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 8; j++ {
			m, err := svc.AddOffline(ctx, admin, banks[i].ID, timebank.OfflineInput{Name: fmt.Sprint(name, j), Channel: "phone"})
			if err != nil {
				t.Fatal(err)
			}
			members[i] = append(members[i], m)
		}
	}
	if _, err := svc.Propose(ctx, admin, banks[0].ID, timebank.AgreementInput{Partner: banks[1].ID, Limit: "3"}); err != nil {
		t.Fatal(err)
	}
	gs, _ := svc.Agreements(ctx, admin, banks[1].ID)
	if err := svc.Answer(ctx, admin, banks[1].ID, gs[0].ID, true); err != nil {
		t.Fatal(err)
	}
	token, err := app.Service[*identity.Service](srv).CreateAPIToken(ctx, adminID, "load", []string{actor.ScopeRead, actor.ScopeWrite})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	s := crashtest.ServeEnv(t, bin, url, []string{"COMMONS_SMTP_URL="}, "--shutdown-timeout", "2s")

	const workers, each = 12, 70
	var mu sync.Mutex
	acked := map[string]string{} // key → exchange id
	refused := map[string]bool{}
	var sent, killed, retried, replayed atomic.Int64
	var gone atomic.Bool     // the server did not come back
	var finished atomic.Bool // every client is done
	var down sync.RWMutex    // held for writing while the server is down
	client := &http.Client{Timeout: 20 * time.Second}
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 99))
			for i := 0; i < each; i++ {
				bi := rng.IntN(2)
				giver := members[bi][rng.IntN(8)]
				receiver := members[bi][rng.IntN(8)]
				if rng.IntN(4) == 0 {
					receiver = members[1-bi][rng.IntN(8)]
				}
				if giver.ID == receiver.ID {
					continue
				}
				key := fmt.Sprintf("crash-%d-%d", g, i)
				body, _ := json.Marshal(map[string]any{"giver": giver.ID, "receiver": receiver.ID, "minutes": 5 + rng.IntN(40),
					"category": "other", "note": key, "happened_on": "2026-01-05", "channel": "phone"})
				sent.Add(1)
				for attempt := 0; ; attempt++ {
					down.RLock()
					req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/timebanks/"+banks[bi].ID+"/exchanges", bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Idempotency-Key", key)
					res, err := client.Do(req)
					down.RUnlock()
					if err != nil {
						if gone.Load() || attempt > 600 {
							t.Errorf("%s: no answer: %v", key, err)
							return
						}
						retried.Add(1)
						time.Sleep(100 * time.Millisecond) // the server is down: ask again, same key
						continue
					}
					b, _ := io.ReadAll(res.Body)
					res.Body.Close()
					var out map[string]any
					_ = json.Unmarshal(b, &out)
					mu.Lock()
					switch {
					case res.StatusCode == 201 || res.StatusCode == 200:
						acked[key] = out["id"].(string)
						if res.StatusCode == 200 {
							replayed.Add(1)
						}
					case res.StatusCode == 409 && strings.Contains(fmt.Sprint(out["detail"]), "limit"):
						refused[key] = true
					default:
						mu.Unlock()
						if res.StatusCode >= 500 && attempt < 50 {
							time.Sleep(100 * time.Millisecond)
							continue
						}
						t.Errorf("%s: %d %s", key, res.StatusCode, b)
						return
					}
					mu.Unlock()
					break
				}
			}
		}(g)
	}
	// Kill the server with SIGKILL when a third of the requests are out, then start it again.
	go func() {
		for sent.Load() < workers*each/3 {
			if finished.Load() { // the clients stopped early (they failed): nothing to kill
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		s.Kill()
		killed.Add(1)
		down.Lock()
		time.Sleep(300 * time.Millisecond)
		if err := s.Start(); err != nil { // the clients give up rather than wait for ever
			t.Errorf("restart after SIGKILL: %v", err)
			gone.Store(true)
		}
		down.Unlock()
	}()
	wg.Wait()
	finished.Store(true)
	for killed.Load() == 0 && !t.Failed() {
		time.Sleep(10 * time.Millisecond)
	}
	down.Lock()
	s.Stop()
	down.Unlock()
	if t.Failed() {
		return
	}

	d, err = db.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	count := func(q string, args ...any) int {
		var n int
		if err := d.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for key, id := range acked {
		if n := count(`SELECT count(*) FROM timebank_exchanges WHERE idem_key = $1 AND id = $2 AND status = 'confirmed'`, timebank.IdemKey(adminID, key), id); n != 1 {
			t.Errorf("acknowledged exchange %s (%s) is there %d times", key, id, n)
		}
	}
	for key := range refused {
		if n := count(`SELECT count(*) FROM timebank_exchanges WHERE idem_key = $1`, timebank.IdemKey(adminID, key)); n != 0 {
			t.Errorf("refused exchange %s is there", key)
		}
	}
	if n := count(`SELECT count(*) FROM timebank_exchanges WHERE note LIKE 'crash-%'`); n != len(acked) {
		t.Errorf("%d exchanges in the database, %d acknowledged", n, len(acked))
	}
	svc2 := timebank.NewService(timebank.Deps{DB: d})
	checkBooks(t, func(q string) int { return count(q) }, svc2)
	if retried.Load() == 0 {
		t.Error("no request met the killed server: the kill came too late to test anything")
	}
	t.Logf("%d acknowledged (%d only on asking again), %d refused at a limit; %d requests met the killed server",
		len(acked), replayed.Load(), len(refused), retried.Load())
}
