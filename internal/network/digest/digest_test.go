package digest

import (
	"testing"
	"time"
)

func TestNextDue(t *testing.T) {
	wed := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) // a Wednesday
	if got := NextDue(Daily, wed); !got.Equal(time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("daily: %v", got)
	}
	early := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	if got := NextDue(Daily, early); !got.Equal(time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("daily early: %v", got)
	}
	if got := NextDue(Weekly, wed); !got.Equal(time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("weekly: %v", got)
	}
	mon := time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
	if got := NextDue(Weekly, mon); !got.Equal(mon.AddDate(0, 0, 7)) {
		t.Errorf("weekly on the hour: %v", got)
	}
	if got := NextDue(Off, wed); got.Before(wed.AddDate(0, 11, 0)) {
		t.Errorf("off: %v", got)
	}
}

func TestBuildOrdersMentionedThenFollowed(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	items := []Item{
		{ThreadID: "a", Title: "Newest other", At: t0.Add(5 * time.Hour)},
		{ThreadID: "b", Title: "Followed", At: t0.Add(time.Hour), Followed: true},
		{ThreadID: "c", Title: "Mentioned", At: t0, Mentioned: true},
		{ThreadID: "b", Title: "Followed", At: t0.Add(2 * time.Hour), Excerpt: "latest", Followed: true},
		{ThreadID: "d", Title: "Older other", At: t0.Add(3 * time.Hour)},
	}
	lines, more := Build(items, 3)
	var got string
	for _, l := range lines {
		got += l.ThreadID
	}
	if got != "cba" || more != 1 {
		t.Fatalf("order %q more %d", got, more)
	}
	if lines[1].Posts != 2 || lines[1].Excerpt != "latest" {
		t.Errorf("thread b: %+v", lines[1])
	}
}
