// Package add1 searches for mes-add1's increment: the number of currency
// units by which every voter's share is raised before the Method of
// Equal Shares is counted (see package tally's doc).
//
// Pure: standard library only.
//
// It takes plain slices, never tally's types: Search takes an Election
// (costs, ids, ballot weights, each project's supporters and their
// utilities) and follows the increments in certified counts (Counter,
// search.go and price.go: budgets in floats with proven error bounds,
// every decision taken only when the floats are apart by more than
// them), skipping those whose outcome cannot differ from the one just
// counted and resuming a count from the first round that can
// (resume.go). It returns the increment, or "not sure" at the increment
// whose count met a comparison too close to call; tally then counts that
// increment exactly and, unless it ends the search, asks again from the
// next (Search's from). Both these counts and tally's exact one group a
// project's supporters into entries, one per budget class and utility,
// with Grouper (group.go).
//
// Each comparison a count makes is an affine quantity
// h(dt) = h0 + h1·dt, known within e0 + e1·dt, where dt is the extra money
// per voter, in minor units, since the increment the count was made at:
// Bound says how far dt may grow before h could change sign, Aside when a
// project set aside starts to matter, and Log (drift.go) lets a count
// reach past a change of who pays in full.
// The count at the increment finally chosen is tally's exact count, so
// nothing here decides a result: it only decides which increments need
// counting. A bound that errs early costs an extra count; one that errs
// late would skip an increment whose outcome differs, which
// tally/add1_test.go checks never happens, increment by increment, on
// random and real elections.
package add1
