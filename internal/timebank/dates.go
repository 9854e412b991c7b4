package timebank

import (
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
