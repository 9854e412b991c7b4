// Package hours reads opening times written like "Mo-Fr 09:00-17:00; Sa 10:00-12:30" (a small
// subset of OpenStreetMap's opening_hours) and says whether a place is open at a given moment.
//
// Pure: standard library only.
package hours
