package timebank_test

import (
	"context"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

func TestImportFromAnotherSystem(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, false)
		broker := &actor.Actor{ID: w.brokerID, Name: "Bethan Broker", Roles: []string{"resident", "officer"}}
		members := "Member name,ID,Phone,Balance (hours)\n" +
			"Gwen Davies,101,01234 000001,3\n" +
			"Huw Morgan,102,,-1.5\n" +
			"Iris Lloyd,103,,-3\n" // below the bank's 2-hour limit
		rep, err := w.svc.CheckImport(ctx, broker, w.bank.ID, "members.csv", []byte(members))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 3 || rep.Problems != 1 || len(rep.Lines) != 3 || rep.Lines[2].Problems[0] != "timebank.import.p.below_limit" {
			t.Fatalf("report %+v", rep)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_members WHERE bank_id = $1`, w.bank.ID); n != 3 {
			t.Fatalf("a checked file saved members: %d", n)
		}
		if _, err := w.svc.ApplyImport(ctx, broker, w.bank.ID, rep.ID); errs.CodeOf(err) != errs.Conflict {
			t.Fatalf("a file with problems was imported: %v", err)
		}
		// Fixed: the broker raises the bank's limit; the same file checks clean and imports.
		b := w.bank
		if _, err := w.svc.UpdateBank(ctx, broker, b.ID, bankInputOf(b, "3")); err != nil {
			t.Fatal(err)
		}
		rep, err = w.svc.CheckImport(ctx, broker, w.bank.ID, "members.csv", []byte(members))
		if err != nil || !rep.OK() {
			t.Fatalf("%+v %v", rep, err)
		}
		if n, err := w.svc.ApplyImport(ctx, broker, w.bank.ID, rep.ID); err != nil || n != 3 {
			t.Fatalf("applied %d: %v", n, err)
		}
		if _, err := w.svc.ApplyImport(ctx, broker, w.bank.ID, rep.ID); errs.CodeOf(err) != errs.Conflict {
			t.Fatalf("a file imported twice: %v", err)
		}
		w.booksBalance(t)

		// History: by id and by name, in seconds, TimeOverflow's way.
		history := "source_id,destination_id,amount (seconds),created_at,reason\n" +
			"102,101,3600,2025-06-01 10:00:00,Garden\n" +
			"Ann Jones,103,1800,2025-06-02,Shopping\n" +
			"999,101,60,2025-06-03,Nobody\n"
		rep, err = w.svc.CheckImport(ctx, broker, w.bank.ID, "history.csv", []byte(history))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Problems != 1 || rep.Lines[2].Problems[0] != "timebank.import.p.unknown_member.from" {
			t.Fatalf("history report %+v", rep)
		}
		history = strings.Replace(history, "999,101,60,2025-06-03,Nobody\n", "", 1)
		rep, err = w.svc.CheckImport(ctx, broker, w.bank.ID, "history.csv", []byte(history))
		if err != nil || !rep.OK() {
			t.Fatalf("%+v %v", rep, err)
		}
		if _, err := w.svc.ApplyImport(ctx, broker, w.bank.ID, rep.ID); err != nil {
			t.Fatal(err)
		}
		var gwen int64
		if err := a.DB.QueryRow(ctx, `SELECT a.balance FROM timebank_accounts a JOIN timebank_members m ON m.id = a.member_id WHERE m.imported_ref = '101'`).Scan(&gwen); err != nil {
			t.Fatal(err)
		}
		if gwen != 240 {
			t.Fatalf("Gwen's balance after her history: %d, want 240", gwen)
		}
		// The same history uploaded again is found already there, row by row.
		rep, err = w.svc.CheckImport(ctx, broker, w.bank.ID, "history-again.csv", []byte(history))
		if err != nil || rep.Problems != 2 || rep.Lines[0].Problems[0] != "timebank.import.p.already_imported" {
			t.Fatalf("history again: %+v %v", rep, err)
		}
		w.booksBalance(t)
		// The report page, for brokers only.
		r := w.broker.Get("/timebanks/" + w.bank.ID + "/import/" + rep.ID)
		apptest.MustContain(t, r, "This exchange is already in the time bank", "2 rows need putting right")
		apptest.MustStatus(t, w.ann.Get("/timebanks/"+w.bank.ID+"/import/"+rep.ID), 403)
	})
}
