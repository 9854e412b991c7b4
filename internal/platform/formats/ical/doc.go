// Package ical writes RFC 5545 iCalendar for event downloads and calendar
// subscriptions (/events.ics, one event's "add to calendar" link).
//
// The writer emits UTC date-times (so no VTIMEZONE is needed), DATE values for
// all-day events, CRLF line ends, 75-octet folding that never splits a UTF-8
// character, and TEXT escaping. With METHOD:PUBLISH each event must name an
// organizer, as RFC 5546 asks; subscription feeds should leave Method empty.
//
// It owns no tables and imports no capability; any capability may call it.
package ical
