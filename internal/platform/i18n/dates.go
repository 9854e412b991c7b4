package i18n

import (
	"strconv"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database
)

// Dates and times shown to people: every capability formats them here, so a Welsh page never
// shows an English month and nobody is shown UTC. Times are read in Europe/London (GMT or BST as
// the day falls) and written on the 24-hour clock, which reads the same in both languages.
// Pages call these through web.Page (Day, DayTime, Weekday, MonthYear, Clock, DayShort); mail
// written without a request calls them with the account's language.

// London is the time zone every date and time is shown in.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("i18n: no Europe/London time zone: " + err.Error())
	}
	return loc
}()

var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"cy": {"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"},
}

// Short month names, for tables and narrow columns only (GOV.UK style: months in full elsewhere).
var monthShort = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"cy": {"Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag"},
}

var weekdayNames = map[string][7]string{
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"cy": {"Dydd Sul", "Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener", "Dydd Sadwrn"},
}

// "at" between a date and its time.
var atWord = map[string]string{"en": "at", "cy": "am"}

func langOf(lang string) string {
	if lang == "cy" {
		return "cy"
	}
	return "en"
}

// MonthName is a month's name: "December", "Rhagfyr".
func MonthName(lang string, m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return monthNames[langOf(lang)][m-1]
}

// WeekdayName is a day of the week's name: "Monday", "Dydd Llun".
func WeekdayName(lang string, d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return weekdayNames[langOf(lang)][d]
}

// Day is the date of t in London: "6 December 2026", "6 Rhagfyr 2026". The zero time is "".
func Day(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(London)
	return strconv.Itoa(lt.Day()) + " " + MonthName(lang, lt.Month()) + " " + strconv.Itoa(lt.Year())
}

// DayShort is Day with the month shortened, for tables: "6 Dec 2026", "6 Rhag 2026".
func DayShort(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(London)
	return strconv.Itoa(lt.Day()) + " " + monthShort[langOf(lang)][lt.Month()-1] + " " + strconv.Itoa(lt.Year())
}

// Clock is the time of t in London on the 24-hour clock: "13:24".
func Clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format("15:04")
}

// DayTime is the date and time of t in London: "6 December 2026 at 13:24",
// "6 Rhagfyr 2026 am 13:24".
func DayTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Day(lang, t) + " " + atWord[langOf(lang)] + " " + Clock(t)
}

// Weekday is the date of t in London with its day of the week: "Sunday 6 December 2026",
// "Dydd Sul 6 Rhagfyr 2026".
func Weekday(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return WeekdayName(lang, t.In(London).Weekday()) + " " + Day(lang, t)
}

// MonthYear is the month of t in London: "December 2026", "Rhagfyr 2026".
func MonthYear(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(London)
	return MonthName(lang, lt.Month()) + " " + strconv.Itoa(lt.Year())
}

// CalendarDay reads a day stored as text (YYYY-MM-DD, a date with no time, such as a meeting's
// or a vote's closing day) as midnight in London, so Day and Weekday show that same day.
func CalendarDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, London)
	return t, err == nil
}

// DayOf is Day for a day stored as text (YYYY-MM-DD); anything else is returned as it is.
func DayOf(lang, s string) string {
	t, ok := CalendarDay(s)
	if !ok {
		return s
	}
	return Day(lang, t)
}
