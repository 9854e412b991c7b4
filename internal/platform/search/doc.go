// Package search is the one search across Commons: the document every capability offers to
// the index (Doc), who may see it (its audience), and the index itself over SQLite FTS5 or
// PostgreSQL full-text search, with the words stemmed in English and Welsh by package stem.
//
// It owns the tables search_docs, search_refresh and (SQLite) search_fts; their migrations are
// listed by the knowledge capability, which runs the refresh job and the /search page. It
// imports no capability: each capability implements Source (and network, Audiences) with these
// types, and the knowledge hub finds them with capability.All.
//
// # How the index stays current
//
// Pull, by a job that claims its work: every minute (and at once when the knowledge hub kicks
// it after a change of its own) one server claims the refresh with a conditional UPDATE of
// search_refresh, asks every Source for all its searchable documents, and reconciles: a document
// whose content hash changed is rewritten, one no longer offered (deleted, unpublished, made
// private) is removed. Taking the whole set each time, rather than what changed since a time,
// means a capability needs no change log or tombstones for a deletion or a change of visibility
// to reach the index. The cost is one read of each capability's searchable rows a minute.
//
// # Who sees what
//
// Every document carries its audience: tokens such as "public", "signed-in", "officers",
// "org:<id>" and "group:<id>". A search names the reader's tokens and finds only documents with
// one of them, so private group content and unpublished items (which a Source never offers)
// never appear for anyone else.
package search
