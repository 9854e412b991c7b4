// Package timebank runs time banks: an hour given is an hour earned, whatever the task. A place
// hosts several banks, each with brokers (coordinators), members (people, organisations, and
// people without internet whom a broker looks after), rules, a public page and a pool account;
// a member may belong to several banks, with one account in each. Members list offers and
// requests, find each other by category, area and distance and write to each other through
// Commons; exchanges are recorded by the giver, requested by the receiver, or entered by a
// broker for an offline member, confirmed by the other party where the bank asks for it, and
// posted to an append-only double-entry ledger in whole minutes (package ledger holds the
// rules). Credit limits are enforced in one conditional UPDATE per account; mistakes are put
// right by reversals. Two banks may agree to exchange, through a clearing account in each.
// Confirmed volunteering is credited by CreditVolunteering, once per reference. Brokers get
// insights, statements and an import of another system's CSV.
//
// It owns the tables timebank_banks, timebank_members, timebank_accounts, timebank_agreements,
// timebank_exchanges, timebank_exchange_lines, timebank_transactions, timebank_postings,
// timebank_listings, timebank_photos, timebank_messages and timebank_imports; it reads people,
// organisations and areas through identity. internal/app lists it in capabilities.go; the
// volunteering capability calls CreditVolunteering through its own one-method interface.
package timebank
