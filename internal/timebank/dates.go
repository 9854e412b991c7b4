package timebank

import (
	"strconv"
	"time"
	_ "time/tzdata" // Europe/London wherever the server runs
)

// London is where every date a person sees is told.
var London = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// day is a yyyy-mm-dd date given to a mail, written out in the recipient's language.
type day string

// dayIn writes a yyyy-mm-dd date in words with a translator: "5 January 2026".
func dayIn(t func(string) string, s string) string {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return strconv.Itoa(d.Day()) + " " + t("timebank.month."+strconv.Itoa(int(d.Month()))) + " " + strconv.Itoa(d.Year())
}

var zeroTime time.Time
