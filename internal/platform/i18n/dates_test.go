package i18n

import (
	"testing"
	"time"
)

func TestDatesInBothLanguagesAndLondonTime(t *testing.T) {
	winter := time.Date(2026, 12, 6, 13, 24, 0, 0, time.UTC) // GMT: the same clock
	summer := time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC)  // BST: already 2 July in London
	cases := []struct{ got, want string }{
		{Day("en", winter), "6 December 2026"},
		{Day("cy", winter), "6 Rhagfyr 2026"},
		{DayShort("en", winter), "6 Dec 2026"},
		{DayShort("cy", winter), "6 Rhag 2026"},
		{DayTime("en", winter), "6 December 2026 at 13:24"},
		{DayTime("cy", winter), "6 Rhagfyr 2026 am 13:24"},
		{Weekday("en", winter), "Sunday 6 December 2026"},
		{Weekday("cy", winter), "Dydd Sul 6 Rhagfyr 2026"},
		{MonthYear("cy", winter), "Rhagfyr 2026"},
		{Day("en", summer), "2 July 2026"},
		{Day("cy", summer), "2 Gorffennaf 2026"},
		{Clock(summer), "00:30"},
		{DayTime("xx", summer), "2 July 2026 at 00:30"}, // unknown languages read as English
		{Day("cy", time.Time{}), ""},
		{DayOf("cy", "2027-02-14"), "14 Chwefror 2027"},
		{DayOf("en", "not a day"), "not a day"},
		{MonthName("cy", 13), ""},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
	for m := time.January; m <= time.December; m++ {
		if MonthName("cy", m) == MonthName("en", m) {
			t.Errorf("month %d has no Welsh name", m)
		}
	}
}
