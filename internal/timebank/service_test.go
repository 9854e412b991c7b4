package timebank_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/timebank"
)

func TestBrokerRecordsForAnOfflineMember(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a, true)
		// The broker adds Mrs Price, who has no internet, and records that Ann helped her.
		w.broker.Get("/timebanks/" + w.bank.ID + "/manage")
		r := w.broker.PostForm("/timebanks/"+w.bank.ID+"/members/offline", url.Values{"name": {"Mrs Price"},
			"contact": {"01234 567890"}, "channel": {"phone"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		priceID := strings.TrimPrefix(r.Location(), "/timebanks/"+w.bank.ID+"/members/")
		w.broker.Get("/timebanks/" + w.bank.ID + "/record")
		r = w.broker.PostForm("/timebanks/"+w.bank.ID+"/record", url.Values{"giver": {w.annMember.ID}, "receiver": {priceID},
			"hours": {"2"}, "category": {"shopping"}, "happened_on": {"2026-02-01"}, "note": {"Weekly shop"},
			"channel": {"paper"}, "assist_note": {"Slip handed in at the library"}, "key": {"b1"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		ex := w.broker.Follow(r)
		apptest.MustContain(t, ex, "Confirmed", "by a broker", "On a paper slip", "Slip handed in at the library")
		if b := w.balance(t, w.annMember); b != 150 {
			t.Fatalf("Ann's balance after the broker's record: %d", b)
		}
		a.MustMailTo(t, "ann@example.org", "An exchange of 2 hours is in your account")
		// Only brokers record for others.
		w.ann.Get("/timebanks/" + w.bank.ID + "/me")
		r = w.ann.PostForm("/timebanks/"+w.bank.ID+"/record", url.Values{"giver": {w.annMember.ID}, "receiver": {priceID},
			"hours": {"1"}, "category": {"shopping"}, "happened_on": {"2026-02-01"}, "note": {"x"}, "channel": {"paper"}})
		apptest.MustStatus(t, r, http.StatusForbidden)

		// She has reached her limit; the broker gives her a limit of her own.
		w.broker.Get("/timebanks/" + w.bank.ID + "/members/" + priceID)
		r = w.broker.PostForm("/timebanks/"+w.bank.ID+"/members/"+priceID+"/limit", url.Values{"limit": {"5"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, w.broker.Follow(r), "5 hours below zero", "their own")
		// Bob records that he helped Mrs Price: it waits for her, and a broker confirms for her,
		// saying how they checked.
		w.bob.Get("/timebanks/" + w.bank.ID + "/exchanges/new")
		r = w.bob.PostForm("/timebanks/"+w.bank.ID+"/exchanges", url.Values{"role": {"giver"}, "other": {priceID}, "mins": {"45"},
			"category": {"befriending"}, "happened_on": {"2026-02-02"}, "note": {"Cup of tea and a chat"}, "key": {"b2"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		exID := idRE.FindStringSubmatch(r.Location())[1]
		a.MustMailTo(t, "bethan@example.org", "An exchange waits for Mrs Price")
		manage := w.broker.Get("/timebanks/" + w.bank.ID + "/manage")
		apptest.MustContain(t, manage, "Cup of tea and a chat")
		r = w.broker.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/confirm", nil)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity) // how they checked is asked for
		r = w.broker.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/confirm", url.Values{"channel": {"phone"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, w.broker.Follow(r), "By phone")
		if b := w.balance(t, w.bobMemb); b != 75 {
			t.Fatalf("Bob's balance: %d", b)
		}
		w.booksBalance(t)
	})
}

func TestGroupExchangeIsOneTransaction(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		tb := newTwoBanks(t, a, 4, "1", "")
		b := tb.banks[0]
		ms := tb.members[0]
		// The pool pays three helpers of a repair café.
		e, made, err := tb.svc.Group(ctx, tb.admin, b.ID, timebank.GroupInput{Direction: "pay", One: "pool",
			People: []timebank.GroupPerson{{ms[0].ID, 120}, {ms[1].ID, 120}, {ms[2].ID, 60}}, Category: "diy", Note: "Repair café",
			HappenedOn: "2026-03-01", Key: "g1"})
		if err != nil || !made {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions WHERE exchange_id = $1`, e.ID); n != 1 {
			t.Fatalf("%d transactions for one group exchange", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_postings p JOIN timebank_transactions t ON t.id = p.transaction_id WHERE t.exchange_id = $1`, e.ID); n != 4 {
			t.Fatalf("%d postings, want 4", n)
		}
		// Four attendees are charged 30 minutes each for a session ms[0] ran; ms[3] has only
		// an hour of credit... but one of them cannot pay 90: the whole group is refused.
		_, _, err = tb.svc.Group(ctx, tb.admin, b.ID, timebank.GroupInput{Direction: "charge", One: ms[0].ID,
			People: []timebank.GroupPerson{{ms[1].ID, 30}, {ms[2].ID, 30}, {ms[3].ID, 61}}, Category: "teaching", Note: "Phone class",
			HappenedOn: "2026-03-02", Key: "g2"})
		le, ok := timebank.AsLimit(err)
		if !ok || le.Account.ID != ms[3].Account {
			t.Fatalf("a charge past one attendee's limit: %v", err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE note = 'Phone class'`); n != 0 {
			t.Fatal("a refused group exchange was kept")
		}
		checkLedger(t, a, tb.svc)
	})
}

func TestExchangeBetweenBanks(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		tb := newTwoBanks(t, a, 3, "10", "")
		north, south := tb.members[0], tb.members[1]
		// Without an agreement the banks' members cannot exchange.
		_, _, err := tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[0].ID, timebank.BrokerInput{Giver: south[0].ID, Receiver: north[0].ID,
			Minutes: 60, Category: "transport", Note: "Lift to hospital", HappenedOn: "2026-03-01", Channel: "phone"})
		if errs.CodeOf(err) != errs.Invalid {
			t.Fatalf("an exchange between banks with no agreement: %v", err)
		}
		if _, err := tb.svc.Propose(ctx, tb.admin, tb.banks[0].ID, timebank.AgreementInput{Partner: tb.banks[1].ID, Limit: "2"}); err != nil {
			t.Fatal(err)
		}
		gs, _ := tb.svc.Agreements(ctx, tb.admin, tb.banks[1].ID)
		if err := tb.svc.Answer(ctx, tb.admin, tb.banks[0].ID, gs[0].ID, true); errs.CodeOf(err) != errs.Forbidden {
			t.Fatalf("the proposer answered its own proposal: %v", err)
		}
		if err := tb.svc.Answer(ctx, tb.admin, tb.banks[1].ID, gs[0].ID, true); err != nil {
			t.Fatal(err)
		}
		// A southern member gives a northern one an hour and a half.
		e, _, err := tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[0].ID, timebank.BrokerInput{Giver: south[0].ID, Receiver: north[0].ID,
			Minutes: 90, Category: "transport", Note: "Lift to hospital", HappenedOn: "2026-03-01", Channel: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_postings p JOIN timebank_transactions t ON t.id = p.transaction_id WHERE t.exchange_id = $1`, e.ID); n != 4 {
			t.Fatalf("%d postings for an exchange between banks, want 4", n)
		}
		checkLedger(t, a, tb.svc)
		var southClearing int64
		if err := a.DB.QueryRow(ctx, `SELECT balance FROM timebank_accounts WHERE bank_id = $1 AND kind = 'clearing'`, tb.banks[1].ID).Scan(&southClearing); err != nil {
			t.Fatal(err)
		}
		if southClearing != -90 {
			t.Fatalf("south's clearing account for north: %d, want -90", southClearing)
		}
		// The agreement lets each side give two hours net: 31 more minutes south → north is refused.
		_, _, err = tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[1].ID, timebank.BrokerInput{Giver: south[1].ID, Receiver: north[1].ID,
			Minutes: 31, Category: "transport", Note: "Another lift", HappenedOn: "2026-03-02", Channel: "phone"})
		if le, ok := timebank.AsLimit(err); !ok || le.Account.Kind != "clearing" {
			t.Fatalf("past the agreement's limit: %v", err)
		}
		// Time flowing back is always welcome.
		if _, _, err := tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[1].ID, timebank.BrokerInput{Giver: north[1].ID, Receiver: south[1].ID,
			Minutes: 120, Category: "cooking", Note: "Soup", HappenedOn: "2026-03-02", Channel: "phone"}); err != nil {
			t.Fatal(err)
		}
		// Reversing the exchange between banks undoes it in both books.
		if err := tb.svc.Reverse(ctx, tb.admin, tb.banks[0].ID, e.ID, "wrong person"); err != nil {
			t.Fatal(err)
		}
		checkLedger(t, a, tb.svc)
		// Both banks' brokers (and its parties) may read it; an ended agreement stops new ones.
		if err := tb.svc.End(ctx, tb.admin, tb.banks[1].ID, gs[0].ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = tb.svc.BrokerRecord(ctx, tb.admin, tb.banks[0].ID, timebank.BrokerInput{Giver: south[0].ID, Receiver: north[0].ID,
			Minutes: 10, Category: "transport", Note: "After the end", HappenedOn: "2026-03-03", Channel: "phone"})
		if err == nil {
			t.Fatal("an exchange between banks after their agreement ended")
		}
	})
}

func TestConfirmingAtOnceFromManyPlacesPostsOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, true)
		ann := &actor.Actor{ID: w.annID, Name: "Ann Jones", Roles: []string{"resident"}}
		bob := &actor.Actor{ID: w.bobID, Name: "Bob Evans", Roles: []string{"resident"}}
		e, _, err := w.svc.Record(ctx, ann, w.bank.ID, timebank.ExchangeInput{Role: timebank.AsGiver, Other: w.bobMemb.ID, Minutes: 20,
			Category: "pets", Note: "Walked the dog", HappenedOn: "2026-01-05"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := w.svc.Confirm(ctx, bob, w.bank.ID, e.ID, ""); err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				} else if errs.CodeOf(err) != errs.Conflict {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d confirmations succeeded", ok)
		}
		if b := w.balance(t, w.bobMemb); b != 10 {
			t.Fatalf("Bob's balance %d, want 10", b)
		}
		w.booksBalance(t)
	})
}

func TestMembership(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, false)
		broker := &actor.Actor{ID: w.brokerID, Name: "Bethan Broker", Roles: []string{"resident", "officer"}}
		ms, _ := w.svc.Memberships(ctx, broker)
		// The last broker cannot leave or step down.
		if err := w.svc.Leave(ctx, broker, w.bank.ID, ms[0].ID); errs.CodeOf(err) != errs.Conflict {
			t.Fatalf("the last broker left: %v", err)
		}
		if err := w.svc.SetRole(ctx, broker, w.bank.ID, ms[0].ID, timebank.RoleMember); errs.CodeOf(err) != errs.Conflict {
			t.Fatalf("the last broker stepped down: %v", err)
		}
		// Ann leaves and joins again: one account, one welcome gift.
		ann := &actor.Actor{ID: w.annID, Name: "Ann Jones", Roles: []string{"resident"}}
		if err := w.svc.Leave(ctx, ann, w.bank.ID, w.annMember.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Join(ctx, ann, w.bank.ID, timebank.JoinInput{}); err != nil {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_accounts WHERE member_id = $1`, w.annMember.ID); n != 1 {
			t.Fatalf("%d accounts after rejoining", n)
		}
		if b := w.balance(t, w.annMember); b != 30 {
			t.Fatalf("balance after rejoining %d: the welcome gift is paid once", b)
		}
		// A limit of her own, then back to the bank's.
		if err := w.svc.SetLimit(ctx, broker, w.bank.ID, w.annMember.ID, "0"); err != nil {
			t.Fatal(err)
		}
		_, _, err := w.svc.Record(ctx, ann, w.bank.ID, timebank.ExchangeInput{Role: timebank.AsReceiver, Other: w.bobMemb.ID, Minutes: 31,
			Category: "pets", Note: "Fed the cat", HappenedOn: "2026-01-05"})
		if _, ok := timebank.AsLimit(err); !ok {
			t.Fatalf("spending past a limit of zero: %v", err)
		}
		if err := w.svc.SetLimit(ctx, broker, w.bank.ID, w.annMember.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.Record(ctx, ann, w.bank.ID, timebank.ExchangeInput{Role: timebank.AsReceiver, Other: w.bobMemb.ID, Minutes: 31,
			Category: "pets", Note: "Fed the cat", HappenedOn: "2026-01-05"}); err != nil {
			t.Fatal(err)
		}
		// This bank asks no confirmation: the receiver's own record is posted at once.
		if b := w.balance(t, w.annMember); b != -1 {
			t.Fatalf("balance %d, want -1", b)
		}
		// Someone who is not a member cannot record, nor give a date in the future.
		cai := &actor.Actor{ID: a.MustAccount(t, "Cai", "cai@example.org", pw), Name: "Cai"}
		if _, _, err := w.svc.Record(ctx, cai, w.bank.ID, timebank.ExchangeInput{Role: timebank.AsGiver, Other: w.bobMemb.ID, Minutes: 5,
			Category: "pets", Note: "x", HappenedOn: "2026-01-05"}); errs.CodeOf(err) != errs.Forbidden {
			t.Fatalf("a stranger recorded: %v", err)
		}
		_, _, err = w.svc.Record(ctx, ann, w.bank.ID, timebank.ExchangeInput{Role: timebank.AsGiver, Other: w.bobMemb.ID, Minutes: 5,
			Category: "pets", Note: "x", HappenedOn: "2999-01-01"})
		if e := errs.As(err); e.Fields["happened_on"] == "" {
			t.Fatalf("a date in the future: %v", err)
		}
	})
}

// A refusal part-way through a transaction, inside a larger one that carries on (a welcome
// gift the pool cannot pay, while someone joins), must leave none of it behind.
func TestRefusalInsideALargerTransactionLeavesNoHalfTransaction(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, false)
		broker := &actor.Actor{ID: w.brokerID, Name: "Bethan Broker", Roles: []string{"resident", "officer"}}
		in := bankInputOf(w.bank, "2")
		in.PoolLimit, in.JoiningCredit = "1", "0:30" // below what the pool has paid already
		if _, err := w.svc.UpdateBank(ctx, broker, w.bank.ID, in); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 8; i++ {
			id := a.MustAccount(t, "Joiner", "joiner"+string(rune('a'+i))+"@example.org", pw)
			if _, err := w.svc.Join(ctx, &actor.Actor{ID: id, Name: "Joiner"}, w.bank.ID, timebank.JoinInput{}); err != nil {
				t.Fatal(err)
			}
		}
		w.booksBalance(t)
		// The broker, Ann and Bob had theirs; the pool is now past its new limit.
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions WHERE kind = 'joining'`); n != 3 {
			t.Fatalf("%d welcome gifts, want the three paid before the limit was lowered", n)
		}
	})
}
