// Package volunteering is where any organisation posts volunteering opportunities (the UK
// Volunteering Data Standard's activities) with roles, rotas of shifts and micro-actions;
// people apply, sign up, join waiting lists and log hours; coordinators accept people, record
// safeguarding checks that gate roles, check people in by QR code or a ticked list, confirm
// hours (crediting a time bank once) and see the rota's gaps. Opportunities are published as
// JSON-LD in the standard's shape and shifts as an OpenActive RPDE feed.
//
// Tables (all vol_*): settings, opportunities, roles, people, applications, shifts, signups,
// checks, hours, pledges, pledge_matches and counters (the feed's change numbers). Check
// records are criminal-offence data: only the organisation's own members see them, and they
// never leave through exports, feeds or the API.
//
// Coordinators are the members of the organisation (identity's organisation membership);
// admins may manage every organisation's volunteering but never see its checks.
//
// Other capabilities reach it through the services it provides; it finds the asset map's
// postcode and place lookups and the time bank's crediting through interfaces it declares
// (PostcodeLocator, PlaceLookup, Crediter), and works without them.
package volunteering
