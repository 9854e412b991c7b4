package digest

import (
	"sort"
	"time"
)

// Frequencies a person can choose for a group's mail.
const (
	Immediate = "immediate"
	Daily     = "daily"
	Weekly    = "weekly"
	Off       = "off"
)

// SendHour is the hour of day (UTC) digests go out.
const SendHour = 7

// NextDue is when the next digest after from is due: the next SendHour for daily, the next
// Monday at SendHour for weekly. Immediate and off have no digest: it returns from plus a year
// so the row is not looked at again soon.
func NextDue(frequency string, from time.Time) time.Time {
	from = from.UTC()
	day := time.Date(from.Year(), from.Month(), from.Day(), SendHour, 0, 0, 0, time.UTC)
	switch frequency {
	case Daily:
		if !day.After(from) {
			day = day.AddDate(0, 0, 1)
		}
		return day
	case Weekly:
		for !day.After(from) || day.Weekday() != time.Monday {
			day = day.AddDate(0, 0, 1)
		}
		return day
	}
	return from.AddDate(1, 0, 0)
}

// Item is one new post a digest may mention.
type Item struct {
	ThreadID  string
	Title     string
	Excerpt   string
	Author    string
	At        time.Time
	Mentioned bool // the person was mentioned in this post
	Followed  bool // the person follows the thread
}

// Line is one thread in a digest.
type Line struct {
	ThreadID  string
	Title     string
	Excerpt   string // of the newest post
	Author    string
	Posts     int
	Mentioned bool
	Followed  bool
	Latest    time.Time
}

// Build groups items by thread and orders the threads: mentioned first, then followed, then
// the rest, each newest first (ties by title). It keeps at most max lines and reports how many
// more threads there were.
func Build(items []Item, max int) (lines []Line, more int) {
	byThread := map[string]*Line{}
	var order []string
	for _, it := range items {
		l, ok := byThread[it.ThreadID]
		if !ok {
			l = &Line{ThreadID: it.ThreadID, Title: it.Title}
			byThread[it.ThreadID] = l
			order = append(order, it.ThreadID)
		}
		l.Posts++
		l.Mentioned = l.Mentioned || it.Mentioned
		l.Followed = l.Followed || it.Followed
		if !it.At.Before(l.Latest) {
			l.Latest, l.Excerpt, l.Author = it.At, it.Excerpt, it.Author
		}
	}
	for _, id := range order {
		lines = append(lines, *byThread[id])
	}
	rank := func(l Line) int {
		switch {
		case l.Mentioned:
			return 0
		case l.Followed:
			return 1
		}
		return 2
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		if !a.Latest.Equal(b.Latest) {
			return a.Latest.After(b.Latest)
		}
		return a.Title < b.Title
	})
	if max >= 0 && len(lines) > max {
		more = len(lines) - max
		lines = lines[:max]
	}
	return lines, more
}
