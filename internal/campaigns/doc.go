// Package campaigns is community organising: people coming together to act on conditions they
// care about. A campaign has an aim, the issue it addresses, its area, its team and a public page
// where people support it (a name, an email, a postcode and whether they may be contacted,
// confirmed by a link). The team records actions (meetings, petitions, letters, events from the
// events capability, deputations to a board) with their dates, turnout and outcomes, and logs
// one-to-one conversations that only the team sees; anyone can ask for their record to be erased
// through a public form. Petitions take signatures whose postcode lies in the campaign's area
// (its postcode districts), one per email, confirmed by a link, with a running count; a team
// delivers one with its count and records the answer, and the signers are told. A timeline draws
// how support and actions grew.
//
// It also runs place-based social action applications: a community group applies, through a
// form the coordinators keep as data (versioned, so old answers keep their questions), for
// research into its place and, if it wishes, development support; coordinators review, ask
// questions the group answers, decide, and link the outcome to the places, areas and campaigns
// it produced.
//
// Tables (all camp_*): campaigns, team, supporters, petitions, signatures, actions,
// conversations, erasures, coordinators, forms, applications, app_messages, app_links.
//
// Who may act: anyone signed in may start a campaign and leads its team; the team manages it.
// Supporters and signers need no account; a team member may add one on someone's behalf
// (recorded with who helped and how). Coordinators of applications are admins and the accounts
// admins name. No supporter's or signer's personal data leaves through a public page, the data
// downloads or the API.
package campaigns
