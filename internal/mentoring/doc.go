// Package mentoring is peer support between organisations: one village hall helping another
// with skill, knowledge and guidance. An organisation says what it can offer and what it needs
// from a shared list of topics a coordinator keeps, with free text, how far it will travel and
// when it can meet; Commons proposes pairings for each need (package match ranks them and says
// why), and a pairing becomes a mentoring relationship: proposed, accepted by both, first
// meeting, check-ins at three and six months (reminded by mail), closed with an outcome and
// what helped. Either side may end it at any time without fault. Coordinators see every
// relationship, its stage and overdue check-ins, and a map of who is helping whom.
//
// Tables (all men_*): topics, coordinators, profiles, offers, needs, relationships, checkins,
// reminders (one row per reminder sent, the worker's claim) and log (what happened in a
// relationship, who did it, and whether a coordinator did it on the organisation's behalf).
//
// Who may act: the members of an organisation (identity's membership) for their organisation;
// coordinators (admins, and the accounts an admin names on /mentoring/coordinators) for every
// organisation, recorded as on its behalf. Organisations' places come from the asset map
// through the place contract (PlaceLookup, PlaceFinder) or from a postcode (PostcodeLocator),
// and the capability works without them (the organisation's area stands in for its place).
package mentoring
