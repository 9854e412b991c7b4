package ratelimit

import (
	"context"
	"testing"
	"time"

	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

func TestWindowsCountAndReset(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := &Limiter{DB: d, Limit: 3, Window: 10 * time.Minute}
		for want := 1; want <= 4; want++ {
			n, err := l.Hit(ctx, "a")
			if err != nil || n != want {
				t.Fatalf("hit %d: n=%d err=%v", want, n, err)
			}
		}
		if b, _ := l.Blocked(ctx, "a"); !b {
			t.Fatal("not blocked after 4 hits with limit 3")
		}
		if b, _ := l.Blocked(ctx, "b"); b {
			t.Fatal("another key is blocked")
		}
		clk.Advance(11 * time.Minute)
		if b, _ := l.Blocked(ctx, "a"); b {
			t.Fatal("still blocked after the window")
		}
		if n, _ := l.Hit(ctx, "a"); n != 1 {
			t.Fatalf("new window starts at %d", n)
		}
		_ = l.Reset(ctx, "a")
		if n, _ := l.Count(ctx, "a"); n != 0 {
			t.Fatalf("after reset %d", n)
		}
	})
}

func TestAllowCountsFirstAndUndoTakesOneBack(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := &Limiter{DB: d, Limit: 2, Window: 10 * time.Minute}
		for i, want := range []bool{true, true, false} {
			if ok, err := l.Allow(ctx, "k"); err != nil || ok != want {
				t.Fatalf("attempt %d: %v %v, want %v", i+1, ok, err, want)
			}
		}
		if err := l.Undo(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if n, _ := l.Count(ctx, "k"); n != 2 {
			t.Fatalf("after undo: %d, want 2", n)
		}
		_ = l.Undo(ctx, "k")
		_ = l.Undo(ctx, "k")
		_ = l.Undo(ctx, "k")
		if n, _ := l.Count(ctx, "k"); n != 0 {
			t.Fatalf("undo below zero: %d", n)
		}
	})
}
