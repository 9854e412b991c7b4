package events

import (
	"strconv"
	"time"

	"commons/internal/platform/web"
)

// page is what every events page embeds: the shell's Page and date formatting in the page's
// language.
type page struct{ web.Page }

// When is an event's date and times in the page's language, in UK time.
func (p *page) When(e Event) string { return when(func(k string) string { return p.T(k) }, e) }

// Day is a date as "Monday 5 January 2026" in the page's language, in UK time.
func (p *page) Day(t time.Time) string { return dayName(func(k string) string { return p.T(k) }, t) }

var weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// day is "Monday 5 January 2026" (or "Dydd Llun 5 Ionawr 2026") in UK time.
func dayName(tr func(string) string, t time.Time) string {
	lt := Local(t)
	return tr("events.day."+weekdayKeys[lt.Weekday()]) + " " + strconv.Itoa(lt.Day()) + " " +
		tr("events.month."+strconv.Itoa(int(lt.Month()))) + " " + strconv.Itoa(lt.Year())
}

// when is an event's date and times: one day with its times, or two days with theirs.
func when(tr func(string) string, e Event) string {
	s, en := Local(e.StartsAt), Local(e.EndsAt)
	if s.Format("2006-01-02") == en.Format("2006-01-02") {
		return dayName(tr, e.StartsAt) + ", " + fmtTime(e.StartsAt) + "–" + fmtTime(e.EndsAt)
	}
	return dayName(tr, e.StartsAt) + " " + fmtTime(e.StartsAt) + " – " + dayName(tr, e.EndsAt) + " " + fmtTime(e.EndsAt)
}
