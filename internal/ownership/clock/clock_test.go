package clock

import (
	"errors"
	"testing"
	"time"
)

func rule(t *testing.T, timetable, id string) Rule {
	t.Helper()
	r, ok := Timetables[timetable].Rule(id)
	if !ok {
		t.Fatalf("no rule %s in %s", id, timetable)
	}
	return r
}

// Every statutory period, counted as the legislation words it, on the awkward days: 29 February,
// the 31st of a month, over Christmas and the New Year, and across Scotland's bank holidays.
func TestEveryPeriod(t *testing.T) {
	cases := []struct {
		timetable, rule, start, due, why string
	}{
		// England: decide a nomination within 8 weeks of receiving it (start day not counted).
		{England, "acv.decide", "2024-02-29", "2024-04-25", "leap day + 56 days"},
		{England, "acv.decide", "2025-12-24", "2026-02-18", "over Christmas: calendar days, holidays count"},
		{England, "acv.decide", "2026-01-31", "2026-03-28", "the 31st"},
		// A listing lasts 5 years beginning with the date of entry (start day counted).
		{England, "acv.listing", "2024-02-29", "2029-02-28", "leap day: no 29 February in 2029"},
		{England, "acv.listing", "2028-03-01", "2033-02-28", "the day before 1 March 2033"},
		{England, "acv.listing", "2025-01-31", "2030-01-30", "the 31st"},
		{England, "acv.listing", "2026-06-01", "2031-05-31", "an ordinary day"},
		// Review: ask within 8 weeks from the day after notice; decide within 8 weeks.
		{England, "acv.review_request", "2025-12-31", "2026-02-25", "notice on New Year's Eve"},
		{England, "acv.review_request", "2024-02-29", "2024-04-25", "leap day"},
		{England, "acv.review_decide", "2026-01-31", "2026-03-28", "the 31st"},
		// Appeal to the tribunal within 28 days of the review decision being sent.
		{England, "acv.appeal", "2024-02-01", "2024-02-29", "ends on the leap day"},
		{England, "acv.appeal", "2025-12-25", "2026-01-22", "sent on Christmas Day"},
		// Moratoria and protected period: 6 weeks, 6 months, 18 months beginning with receipt.
		{England, "acv.interim", "2024-02-29", "2024-04-10", "leap day + 41 days"},
		{England, "acv.full", "2024-02-29", "2024-08-28", "the day before 29 August"},
		{England, "acv.protected", "2024-02-29", "2025-08-28", "the day before 29 August 2025"},
		{England, "acv.interim", "2025-08-31", "2025-10-11", "the 31st"},
		{England, "acv.full", "2025-08-31", "2026-02-28", "31 August: February has no 30th"},
		{England, "acv.protected", "2025-08-31", "2027-02-28", "31 August: February has no 30th"},
		{England, "acv.full", "2025-03-31", "2025-09-30", "31 March"},
		{England, "acv.interim", "2025-12-24", "2026-02-03", "received on Christmas Eve"},
		{England, "acv.full", "2025-12-24", "2026-06-23", "received on Christmas Eve"},
		{England, "acv.protected", "2025-12-24", "2027-06-23", "received on Christmas Eve"},
		{England, "acv.full", "2024-01-01", "2024-06-30", "January to June"},
		{England, "acv.full", "2026-03-01", "2026-08-31", "1 March: the day before 1 September"},
		{England, "acv.full", "2052-03-01", "2052-08-31", "1 March after a leap day"},
		{England, "acv.full", "2024-01-31", "2024-07-30", "31 January: the day before 31 July"},
		{England, "acv.protected", "2026-03-01", "2027-08-31", "1 March"},
		{England, "acv.full", "2026-06-01", "2026-11-30", "June to November"},
		{England, "acv.protected", "2026-06-01", "2027-11-30", "18 months from 1 June"},
		// Compensation: claim before the end of 13 weeks after the loss.
		{England, "acv.compensation", "2024-02-29", "2024-05-30", "leap day + 91 days"},
		{England, "acv.compensation", "2025-10-31", "2026-01-30", "the 31st, over Christmas"},
		// The proposed community right to buy: a 12-month moratorium beginning with the notice.
		{CommunityRightToBuy, "crtb.moratorium", "2024-02-29", "2025-02-28", "leap day"},
		{CommunityRightToBuy, "crtb.moratorium", "2026-06-01", "2027-05-31", "an ordinary day"},
		// Scotland: decide within 6 months after the validation date (start day not counted).
		{ScotlandTimetable, "atr.decide", "2025-08-31", "2026-02-28", "31 August"},
		{ScotlandTimetable, "atr.decide", "2027-08-31", "2028-02-29", "31 August into a leap year"},
		{ScotlandTimetable, "atr.decide", "2024-02-29", "2024-08-29", "leap day"},
		{ScotlandTimetable, "atr.decide", "2025-12-24", "2026-06-24", "Christmas Eve"},
		// Review and appeal: 20 working days beginning with the decision notice, Scotland's days.
		{ScotlandTimetable, "atr.review", "2025-12-22", "2026-01-22", "Christmas, Boxing Day, 1 and 2 January"},
		{ScotlandTimetable, "atr.appeal", "2025-12-22", "2026-01-22", "the same for an appeal"},
		{ScotlandTimetable, "atr.review", "2026-11-30", "2026-12-30", "notice on St Andrew's Day, Boxing Day on Monday 28th"},
		{ScotlandTimetable, "atr.review", "2026-05-23", "2026-06-22", "notice on a Saturday before the spring holiday"},
		{ScotlandTimetable, "atr.review", "2026-04-02", "2026-04-30", "Good Friday, but Easter Monday is a working day in Scotland"},
		{ScotlandTimetable, "atr.review", "2026-06-01", "2026-06-26", "four plain weeks"},
		{ScotlandTimetable, "atr.review", "2024-02-29", "2024-03-27", "leap day; ends before Good Friday"},
		// The offer date must be at least 6 months from the decision notice.
		{ScotlandTimetable, "atr.offer", "2026-08-31", "2027-02-28", "31 August"},
		{ScotlandTimetable, "atr.offer", "2027-08-31", "2028-02-29", "into a leap year"},
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.start, func(t *testing.T) {
			got, err := rule(t, c.timetable, c.rule).Due(MustParse(c.start))
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != c.due {
				t.Errorf("%s from %s: got %s, want %s (%s)", c.rule, c.start, got, c.due, c.why)
			}
		})
	}
}

// Working days are the nation's: 2 January and St Andrew's Day are holidays in Scotland only,
// Easter Monday in England and Wales only.
func TestWorkingDaysFollowTheNation(t *testing.T) {
	scot := rule(t, ScotlandTimetable, "atr.review")
	ew := scot
	ew.Nation = EnglandAndWales
	for _, c := range []struct{ start, scotland, england string }{
		{"2025-12-22", "2026-01-22", "2026-01-21"},
		{"2026-04-02", "2026-04-30", "2026-05-01"},
		{"2026-11-16", "2026-12-14", "2026-12-11"},
	} {
		s, err := scot.Due(MustParse(c.start))
		if err != nil {
			t.Fatal(err)
		}
		e, err := ew.Due(MustParse(c.start))
		if err != nil {
			t.Fatal(err)
		}
		if s.String() != c.scotland || e.String() != c.england {
			t.Errorf("from %s: Scotland %s (want %s), England and Wales %s (want %s)", c.start, s, c.scotland, e, c.england)
		}
	}
}

// A working-day period reaching past the holiday data is refused, never guessed.
func TestWorkingDaysBeyondTheDataAreRefused(t *testing.T) {
	_, err := rule(t, ScotlandTimetable, "atr.review").Due(MustParse("2030-12-20"))
	if !errors.Is(err, ErrCalendar) {
		t.Fatalf("got %v, want ErrCalendar", err)
	}
	_, err = rule(t, ScotlandTimetable, "atr.review").Due(MustParse("2023-12-01"))
	if !errors.Is(err, ErrCalendar) {
		t.Fatalf("before the data: got %v, want ErrCalendar", err)
	}
}

// Whether the start day counts is stated per rule, as the legislation words it.
func TestStartDayCounting(t *testing.T) {
	want := map[string]bool{"acv.decide": false, "acv.listing": true, "acv.review_request": false, "acv.review_decide": false,
		"acv.appeal": false, "acv.interim": true, "acv.full": true, "acv.protected": true, "acv.compensation": false,
		"atr.decide": false, "atr.review": true, "atr.appeal": true, "atr.offer": false, "crtb.moratorium": true}
	seen := map[string]bool{}
	for _, tt := range Timetables {
		for _, r := range tt.Rules {
			w, ok := want[r.ID]
			if !ok {
				t.Errorf("%s: no expectation for rule %s", tt.ID, r.ID)
				continue
			}
			seen[r.ID] = true
			if r.StartCounted() != w {
				t.Errorf("%s: start counted %v, want %v", r.ID, r.StartCounted(), w)
			}
			if r.Source == "" || r.Words == "" {
				t.Errorf("%s: every rule names its source and wording", r.ID)
			}
			if r.Unit == WorkingDays && r.Nation == "" {
				t.Errorf("%s: a working-day rule names its nation", r.ID)
			}
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("rule %s is in no timetable", id)
		}
	}
}

func TestClockStatus(t *testing.T) {
	decide := rule(t, England, "acv.decide")
	c := Clock{Rule: decide, Start: MustParse("2026-03-02")} // due 2026-04-27
	for _, s := range []struct {
		today string
		want  Status
	}{{"2026-03-02", Running}, {"2026-04-20", DueSoon}, {"2026-04-27", DueSoon}, {"2026-04-28", Overdue}} {
		if got, _ := c.Status(MustParse(s.today)); got != s.want {
			t.Errorf("on %s: %s, want %s", s.today, got, s.want)
		}
	}
	c.Met = MustParse("2026-04-27")
	if got, _ := c.Status(MustParse("2026-06-01")); got != Met {
		t.Errorf("met on the last day: %s", got)
	}
	c.Met = MustParse("2026-04-28")
	if got, _ := c.Status(MustParse("2026-06-01")); got != MetLate {
		t.Errorf("met a day late: %s", got)
	}
	full := Clock{Rule: rule(t, England, "acv.full"), Start: MustParse("2026-06-01")}
	for _, s := range []struct {
		today string
		want  Status
	}{{"2026-05-31", NotStarted}, {"2026-06-01", InForce}, {"2026-11-30", InForce}, {"2026-12-01", Ended}} {
		if got, _ := full.Status(MustParse(s.today)); got != s.want {
			t.Errorf("moratorium on %s: %s, want %s", s.today, got, s.want)
		}
	}
	full.Stopped = MustParse("2026-07-01")
	if got, _ := full.Status(MustParse("2026-07-02")); got != Stopped {
		t.Errorf("stopped: %s", got)
	}
}

// Scotland's decision period can be extended only by an agreement made before it ends; the
// nomination period cannot be extended at all; statutory clocks cannot be paused.
func TestExtensionsAndPauses(t *testing.T) {
	atr := Clock{Rule: rule(t, ScotlandTimetable, "atr.decide"), Start: MustParse("2026-01-15")} // due 2026-07-15
	if err := atr.Extend(MustParse("2026-07-16"), MustParse("2026-09-30")); !errors.Is(err, ErrExtendTooLate) {
		t.Errorf("agreed after the deadline: %v", err)
	}
	if err := atr.Extend(MustParse("2026-07-15"), MustParse("2026-07-10")); !errors.Is(err, ErrExtendNotLater) {
		t.Errorf("an extension that shortens: %v", err)
	}
	if err := atr.Extend(MustParse("2026-07-15"), MustParse("2026-09-30")); err != nil {
		t.Fatalf("agreed on the last day: %v", err)
	}
	if due, _ := atr.Due(MustParse("2026-08-01")); due.String() != "2026-09-30" {
		t.Errorf("extended due %s", due)
	}
	if st, _ := atr.Status(MustParse("2026-08-01")); st != Running {
		t.Errorf("extended status %s", st)
	}
	acv := Clock{Rule: rule(t, England, "acv.decide"), Start: MustParse("2026-01-15")}
	if err := acv.Extend(MustParse("2026-01-20"), MustParse("2026-05-01")); !errors.Is(err, ErrNotExtendable) {
		t.Errorf("nomination extended: %v", err)
	}
	if err := acv.Pause(MustParse("2026-01-20"), "waiting"); !errors.Is(err, ErrNotPausable) {
		t.Errorf("statutory clock paused: %v", err)
	}

	policy := PolicyRules(30, 26, 12, Days)
	cat := Clock{Rule: policy[0], Start: MustParse("2026-03-01")} // due 2026-03-31
	if err := cat.Pause(MustParse("2026-03-10"), "waiting for the group's accounts"); err != nil {
		t.Fatal(err)
	}
	if err := cat.Pause(MustParse("2026-03-11"), "again"); !errors.Is(err, ErrPauseState) {
		t.Errorf("paused twice: %v", err)
	}
	if st, _ := cat.Status(MustParse("2026-04-15")); st != Paused {
		t.Errorf("open pause: %s", st)
	}
	if due, _ := cat.Due(MustParse("2026-03-15")); due.String() != "2026-04-05" {
		t.Errorf("open pause of 5 days: due %s", due)
	}
	if err := cat.Resume(MustParse("2026-03-20")); err != nil {
		t.Fatal(err)
	}
	if due, _ := cat.Due(MustParse("2026-06-01")); due.String() != "2026-04-10" {
		t.Errorf("after a 10-day pause: due %s, want 2026-04-10", due)
	}
	if err := cat.Resume(MustParse("2026-03-21")); !errors.Is(err, ErrPauseState) {
		t.Errorf("resumed twice: %v", err)
	}
}

func TestOfferDateNoSoonerThanSixMonths(t *testing.T) {
	c := Clock{Rule: rule(t, ScotlandTimetable, "atr.offer"), Start: MustParse("2026-08-31")}
	if err := c.SetDeadline(MustParse("2027-02-27")); !errors.Is(err, ErrTooSoon) {
		t.Errorf("a day too soon: %v", err)
	}
	if err := c.SetDeadline(MustParse("2027-03-31")); err != nil {
		t.Fatal(err)
	}
	if due, _ := c.Due(MustParse("2026-09-01")); due.String() != "2027-03-31" {
		t.Errorf("chosen offer date: %s", due)
	}
}

func TestParse(t *testing.T) {
	for _, bad := range []string{"", "2025-02-29", "2024-13-01", "2024-1-01", "24-01-01", "1899-12-31", "2200-01-01", "2024/01/01", "2024-01-01T00:00"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if d := MustParse("2024-02-29"); d.String() != "2024-02-29" || d.Weekday() != time.Thursday {
		t.Errorf("leap day: %s %s", d, d.Weekday())
	}
	if d := MustParse("2025-08-31").AddMonths(-6); d.String() != "2025-02-28" {
		t.Errorf("back 6 months from 31 August: %s", d)
	}
	if d := MustParse("2025-01-31").AddMonths(13); d.String() != "2026-02-28" {
		t.Errorf("13 months: %s", d)
	}
}

// The holiday data matches the standing pattern year by year, and GOV.UK's published days.
func TestHolidaysFollowThePattern(t *testing.T) {
	for y := FirstHolidayYear; y <= LastHolidayYear; y++ {
		for nation, want := range pattern(y) {
			var got []string
			for _, s := range Holidays[nation] {
				if MustParse(s).Year() == y {
					got = append(got, s)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s %d: %v, want %v", nation, y, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s %d: %v, want %v", nation, y, got, want)
					break
				}
			}
		}
	}
	published := map[string][]string{ // gov.uk/bank-holidays
		EnglandAndWales: {"2024-04-01", "2025-08-25", "2026-12-28"},
		Scotland:        {"2024-12-02", "2025-12-01", "2026-11-30", "2026-08-03", "2025-01-02"},
	}
	for nation, days := range published {
		for _, s := range days {
			if w, ok := IsWorkingDay(nation, MustParse(s)); !ok || w {
				t.Errorf("%s: %s is a bank holiday", nation, s)
			}
		}
	}
	if w, _ := IsWorkingDay(Scotland, MustParse("2026-04-06")); !w {
		t.Error("Easter Monday is a working day in Scotland")
	}
}

// pattern is the standing rule for the bank holidays of year y, independent of the data.
func pattern(y int) map[string][]string {
	easter := func() Date {
		a, b, c := y%19, y/100, y%100
		d, e := b/4, b%4
		f := (b + 8) / 25
		g := (b - f + 1) / 3
		h := (19*a + b - d - g + 15) % 30
		i, k := c/4, c%4
		l := (32 + 2*e + 2*i - h - k) % 7
		m := (a + 11*h + 22*l) / 451
		return NewDate(y, time.Month((h+l-7*m+114)/31), (h+l-7*m+114)%31+1)
	}()
	monday := func(m time.Month, last bool) Date {
		d := NewDate(y, m, 1)
		if last {
			d = NewDate(y, m+1, 0)
		}
		for d.Weekday() != time.Monday {
			if last {
				d = d.AddDays(-1)
			} else {
				d = d.AddDays(1)
			}
		}
		return d
	}
	pair := func(days ...Date) []Date {
		taken := map[Date]bool{}
		var out []Date
		for _, d := range days {
			for d.weekend() || taken[d] {
				d = d.AddDays(1)
			}
			taken[d] = true
			out = append(out, d)
		}
		return out
	}
	str := func(ds ...Date) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.String())
		}
		return out
	}
	xmas := pair(NewDate(y, 12, 25), NewDate(y, 12, 26))
	ew := append(pair(NewDate(y, 1, 1)), easter.AddDays(-2), easter.AddDays(1), monday(5, false), monday(5, true), monday(8, true))
	standrew := pair(NewDate(y, 11, 30))
	sc := append(pair(NewDate(y, 1, 1), NewDate(y, 1, 2)), easter.AddDays(-2), monday(5, false), monday(5, true), monday(8, false), standrew[0])
	return map[string][]string{EnglandAndWales: str(append(ew, xmas...)...), Scotland: str(append(sc, xmas...)...)}
}
