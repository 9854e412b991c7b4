// Package events runs events and pop-up days from invitation to published summary: events with
// a programme of sessions, registration with capacity and a waitlist, invitations, walk-ins and
// check-in, attendance insights by sector, area and session, iCalendar feeds, discussion groups'
// notes and the emerging themes drawn from them (package themes), and feedback.
//
// It owns the tables events, event_sessions, event_registrations, event_registration_sessions,
// event_invitations, event_groups, event_notes, event_themes, event_theme_notes and
// event_feedback, and reads identity's organisations and areas. internal/app wires it in
// (cap_events.go); nothing else calls it.
package events
