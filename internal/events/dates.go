package events

import (
	"time"

	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// page is what every events page embeds: the shell's Page and date formatting in the page's
// language.
type page struct{ web.Page }

// When is an event's date and times in the page's language, in UK time.
func (p *page) When(e Event) string { return when(p.Lang, e) }

// when is an event's date and times in lang: one day with its times, or two days with theirs
// ("Dydd Sadwrn 17 Ebrill 2027, 10:00–16:00").
func when(lang string, e Event) string {
	s, en := Local(e.StartsAt), Local(e.EndsAt)
	if s.Format(time.DateOnly) == en.Format(time.DateOnly) {
		return i18n.Weekday(lang, e.StartsAt) + ", " + fmtTime(e.StartsAt) + "–" + fmtTime(e.EndsAt)
	}
	return i18n.Weekday(lang, e.StartsAt) + " " + fmtTime(e.StartsAt) + " – " + i18n.Weekday(lang, e.EndsAt) + " " + fmtTime(e.EndsAt)
}
