package audit

import (
	"context"
	"testing"
	"time"

	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

func TestRecordAndFilter(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i, e := range []Entry{
			{ActorID: "a1", ActorName: "Ada Admin", Action: "area.create", TargetType: "area", TargetID: "x1", Detail: "Riverside"},
			{ActorID: "a1", ActorName: "Ada Admin", Action: "role.grant", TargetType: "account", TargetID: "u1", Detail: "officer"},
			{ActorID: "a2", ActorName: "Bob Boss", Action: "role.revoke", TargetType: "account", TargetID: "u1", Detail: "officer"},
		} {
			clk.Advance(time.Minute)
			if err := Record(ctx, d, e); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
		}
		check := func(f Filter, want ...string) {
			t.Helper()
			got, _, err := List(ctx, d, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%+v: got %d entries, want %v", f, len(got), want)
			}
			for i := range want {
				if got[i].Action != want[i] {
					t.Fatalf("%+v: entry %d is %s, want %s", f, i, got[i].Action, want[i])
				}
			}
		}
		check(Filter{}, "role.revoke", "role.grant", "area.create")
		check(Filter{Actor: "ada"}, "role.grant", "area.create")
		check(Filter{Action: "role."}, "role.revoke", "role.grant")
		check(Filter{Action: "area.create"}, "area.create")
		check(Filter{Target: "u1"}, "role.revoke", "role.grant")
		check(Filter{Since: clk.Now().Add(-90 * time.Second)}, "role.revoke", "role.grant")
		got, more, _ := List(ctx, d, Filter{Limit: 2})
		if len(got) != 2 || !more {
			t.Fatalf("paging: %d more=%v", len(got), more)
		}
	})
}

// An action by something that is not an account (the system, a worker) is recorded under its
// id; an account's is recorded under its name, read when the caller gives only its id.
func TestRecordNamesWhoActed(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, `CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name) VALUES ('u1', 'Ada Admin')`); err != nil {
			t.Fatal(err)
		}
		for _, e := range []Entry{{ActorID: "u1", Action: "area.create"}, {ActorID: "system", Action: "pledge.match"}} {
			if err := Record(ctx, d, e); err != nil {
				t.Fatalf("%s: %v", e.Action, err)
			}
		}
		got, _, err := List(ctx, d, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, e := range got {
			names[e.Action] = e.ActorName
		}
		if names["area.create"] != "Ada Admin" || names["pledge.match"] != "system" {
			t.Fatalf("names %v", names)
		}
	})
}
