package timebank_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/timebank"
)

// twoBanks is a test app with two banks that have an agreement, and offline members in each.
type twoBanks struct {
	svc     *timebank.Service
	admin   *actor.Actor
	banks   [2]timebank.Bank
	members [2][]timebank.Member
}

func newTwoBanks(t *testing.T, a *apptest.App, perBank int, personLimit, agreement string) *twoBanks {
	t.Helper()
	ctx := context.Background()
	tb := &twoBanks{svc: app.Service[*timebank.Service](a.Server)}
	id := a.MustAccount(t, "Ada Admin", "ada@example.org", pw, identity.RoleAdmin)
	tb.admin = &actor.Actor{ID: id, Name: "Ada Admin", Roles: []string{identity.RoleResident, identity.RoleAdmin}}
	for i, name := range []string{"North Time Bank", "South Time Bank"} {
		b, err := tb.svc.CreateBank(ctx, tb.admin, timebank.BankInput{Name: name, Summary: "A time bank", Rules: "Be kind",
			JoinMode: timebank.JoinOpen, MustConfirm: true, PersonLimit: personLimit, OrganisationLimit: "20", PoolLimit: "100",
			JoiningCredit: "0", ListingDays: "60"})
		if err != nil {
			t.Fatal(err)
		}
		tb.banks[i] = b
		for j := 0; j < perBank; j++ {
			m, err := tb.svc.AddOffline(ctx, tb.admin, b.ID, timebank.OfflineInput{Name: fmt.Sprintf("%s member %d", name, j), Channel: "phone"})
			if err != nil {
				t.Fatal(err)
			}
			tb.members[i] = append(tb.members[i], m)
		}
	}
	if agreement != "" {
		if _, err := tb.svc.Propose(ctx, tb.admin, tb.banks[0].ID, timebank.AgreementInput{Partner: tb.banks[1].ID, Limit: agreement}); err != nil {
			t.Fatal(err)
		}
		gs, err := tb.svc.Agreements(ctx, tb.admin, tb.banks[1].ID)
		if err != nil || len(gs) != 1 {
			t.Fatalf("agreements: %v %v", gs, err)
		}
		if err := tb.svc.Answer(ctx, tb.admin, tb.banks[1].ID, gs[0].ID, true); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

// checkLedger checks every bank's books: postings sum to zero, balances are the sums of their
// postings, no account is below its limit, clearing accounts mirror each other, and each
// confirmed or reversed exchange was posted exactly once.
func checkLedger(t *testing.T, a *apptest.App, svc *timebank.Service) {
	t.Helper()
	checkBooks(t, func(q string) int { return a.Count(t, q) }, svc)
}

// checkBooks is checkLedger over any database: count runs a count(*) query.
func checkBooks(t *testing.T, count func(q string) int, svc *timebank.Service) {
	t.Helper()
	ctx := context.Background()
	checks, err := svc.CheckBooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.Total != 0 || len(c.Problems) > 0 {
			t.Errorf("books of %s: total %d, problems %v", c.BankID, c.Total, c.Problems)
		}
	}
	if n := count(`SELECT count(*) FROM timebank_accounts WHERE balance < floor`); n != 0 {
		t.Errorf("%d accounts below their limit", n)
	}
	if n := count(`SELECT count(*) FROM timebank_accounts a JOIN timebank_accounts b
		ON a.kind = 'clearing' AND b.kind = 'clearing' AND a.bank_id = b.partner_bank_id AND b.bank_id = a.partner_bank_id
		WHERE a.balance <> -b.balance`); n != 0 {
		t.Errorf("%d clearing accounts do not mirror their partner", n)
	}
	if n := count(`SELECT count(*) FROM timebank_exchanges e WHERE e.status IN ('confirmed', 'reversed') AND
		(SELECT count(*) FROM timebank_transactions t WHERE t.exchange_id = e.id AND t.kind = 'exchange') <> 1`); n != 0 {
		t.Errorf("%d posted exchanges without exactly one transaction", n)
	}
	if n := count(`SELECT count(*) FROM timebank_exchanges e WHERE e.status IN ('pending', 'declined', 'cancelled') AND
		EXISTS (SELECT 1 FROM timebank_transactions t WHERE t.exchange_id = e.id)`); n != 0 {
		t.Errorf("%d unposted exchanges have transactions", n)
	}
	if n := count(`SELECT count(*) FROM timebank_exchanges e WHERE e.status = 'reversed' AND
		(SELECT count(*) FROM timebank_transactions t WHERE t.exchange_id = e.id AND t.kind = 'reversal') <> 1`); n != 0 {
		t.Errorf("%d reversed exchanges without exactly one reversal", n)
	}
}

// TestConcurrentExchangesKeepTheBooks runs a few thousand random exchanges from many
// goroutines on each database: single exchanges within a bank and between the two, group
// exchanges paid by the pool, reversals, double submits with one key, and a crowd racing for
// the last minutes of one account's limit.
func TestConcurrentExchangesKeepTheBooks(t *testing.T) {
	if testing.Short() {
		t.Skip("a few thousand exchanges")
	}
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		tb := newTwoBanks(t, a, 10, "3", "5")
		const workers, each = 16, 190
		var mu sync.Mutex
		acked := map[string]string{} // exchange id → key
		var posted []string
		var wg sync.WaitGroup
		for g := 0; g < workers; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(g), 7))
				for i := 0; i < each; i++ {
					key := fmt.Sprintf("w%d-%d", g, i)
					bi := rng.IntN(2)
					bank := tb.banks[bi]
					var e timebank.Exchange
					var err error
					switch r := rng.IntN(100); {
					case r < 70: // one exchange; a fifth of them between the two banks
						giver := tb.members[bi][rng.IntN(10)]
						receiver := tb.members[bi][rng.IntN(10)]
						if rng.IntN(5) == 0 {
							receiver = tb.members[1-bi][rng.IntN(10)]
						}
						if giver.ID == receiver.ID {
							continue
						}
						e, _, err = tb.svc.BrokerRecord(ctx, tb.admin, bank.ID, timebank.BrokerInput{Giver: giver.ID, Receiver: receiver.ID,
							Minutes: int64(1 + rng.IntN(120)), Category: "gardening", Note: "help", HappenedOn: "2026-01-05", Channel: "phone", Key: key})
					case r < 80: // the pool pays three helpers
						var people []timebank.GroupPerson
						for _, j := range rng.Perm(10)[:3] {
							people = append(people, timebank.GroupPerson{Member: tb.members[bi][j].ID, Minutes: int64(1 + rng.IntN(60))})
						}
						e, _, err = tb.svc.Group(ctx, tb.admin, bank.ID, timebank.GroupInput{Direction: "pay", One: "pool", People: people,
							Category: "community", Note: "workshop", HappenedOn: "2026-01-05", Key: key})
					case r < 90: // a reversal of something posted earlier
						mu.Lock()
						var target string
						if len(posted) > 0 {
							target = posted[rng.IntN(len(posted))]
						}
						mu.Unlock()
						if target == "" {
							continue
						}
						ex, ferr := exchangeBank(ctx, a, target)
						if ferr != nil {
							t.Error(ferr)
							return
						}
						err = tb.svc.Reverse(ctx, tb.admin, ex, target, "a mistake")
						if err != nil && errs.CodeOf(err) == errs.Conflict {
							err = nil // reversed already, or the limit refused it
						}
						continue
					default: // a double submit: the same key twice at once
						giver, receiver := tb.members[bi][0], tb.members[bi][1+rng.IntN(9)]
						in := timebank.BrokerInput{Giver: giver.ID, Receiver: receiver.ID, Minutes: 5, Category: "other", Note: "twice",
							HappenedOn: "2026-01-05", Channel: "paper", Key: key}
						var e1, e2 timebank.Exchange
						var err1, err2 error
						var inner sync.WaitGroup
						inner.Add(2)
						go func() { defer inner.Done(); e1, _, err1 = tb.svc.BrokerRecord(ctx, tb.admin, bank.ID, in) }()
						go func() { defer inner.Done(); e2, _, err2 = tb.svc.BrokerRecord(ctx, tb.admin, bank.ID, in) }()
						inner.Wait()
						if err1 == nil && err2 == nil && e1.ID != e2.ID {
							t.Errorf("one key made two exchanges: %s and %s", e1.ID, e2.ID)
						}
						e, err = e1, err1
						if err1 != nil {
							e, err = e2, err2
						}
					}
					if _, limited := timebank.AsLimit(err); limited {
						continue
					}
					if err != nil {
						t.Errorf("worker %d step %d: %v %v", g, i, err, errs.As(err).Fields)
						return
					}
					mu.Lock()
					acked[e.ID] = key
					posted = append(posted, e.ID)
					mu.Unlock()
				}
			}(g)
		}
		wg.Wait()

		// Twenty people race for the last minutes of one account: it holds exactly 60 minutes
		// above its limit, and each asks for 31. One gets them.
		rich, poor := tb.members[0][0], tb.members[0][1]
		acc, err := tb.svc.StatementFor(ctx, tb.admin, tb.banks[0].ID, poor.Account, "", "")
		if err != nil {
			t.Fatal(err)
		}
		left := acc.Closing - acc.Account.Floor
		if left > 60 {
			if _, _, err := tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[0].ID, timebank.BrokerInput{Giver: rich.ID, Receiver: poor.ID,
				Minutes: left - 60, Category: "other", Note: "set up", HappenedOn: "2026-01-05", Channel: "phone"}); err != nil {
				t.Fatal(err)
			}
		} else if left < 60 {
			if _, _, err := tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[0].ID, timebank.BrokerInput{Giver: poor.ID, Receiver: tb.members[0][2].ID,
				Minutes: 60 - left, Category: "other", Note: "set up", HappenedOn: "2026-01-05", Channel: "phone"}); err != nil {
				t.Fatal(err)
			}
		}
		var won, refused int
		var rmu sync.Mutex
		var race sync.WaitGroup
		for i := 0; i < 20; i++ {
			race.Add(1)
			go func(i int) {
				defer race.Done()
				giver := tb.members[i%2][3+i%7]
				_, _, err := tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[0].ID, timebank.BrokerInput{Giver: giver.ID, Receiver: poor.ID,
					Minutes: 31, Category: "other", Note: "race", HappenedOn: "2026-01-05", Channel: "phone"})
				rmu.Lock()
				defer rmu.Unlock()
				var le *timebank.LimitError
				switch {
				case err == nil:
					won++
				case errors.As(err, &le):
					refused++
				default:
					t.Errorf("race %d: %v", i, err)
				}
			}(i)
		}
		race.Wait()
		if won != 1 || refused != 19 {
			t.Errorf("racing for the last 60 minutes with 31 each: %d won, %d refused; want 1 and 19", won, refused)
		}

		checkLedger(t, a, tb.svc)
		// Every acknowledged exchange is there once, and nothing unacknowledged was posted.
		for id, key := range acked {
			if n := a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE id = $1 AND idem_key = $2`, id, timebank.IdemKey(tb.admin.ID, key)); n != 1 {
				t.Errorf("acknowledged exchange %s (key %s) found %d times", id, key, n)
			}
		}
		total := a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE idem_key IS NOT NULL`)
		if total != len(acked) {
			t.Errorf("%d exchanges with keys, %d acknowledged", total, len(acked))
		}
		t.Logf("%d exchanges acknowledged, %d reversed", len(acked), a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE status = 'reversed'`))
	})
}

func exchangeBank(ctx context.Context, a *apptest.App, id string) (string, error) {
	var bank string
	err := a.DB.QueryRow(ctx, `SELECT bank_id FROM timebank_exchanges WHERE id = $1`, id).Scan(&bank)
	return bank, err
}
