// Package add1 holds the arithmetic of mes-add1's search for its
// increment that does not need the count itself: how far the extra money
// every voter gets may grow before a comparison a count made could come
// out differently (Bound), and the drift bounds that let a certified
// count reach past a change of who pays in full (Log, drift.go).
//
// Pure: standard library only.
//
// It takes plain numbers and slices, never tally's types: package tally
// runs the counts (tally/mes.go, tally/certified.go, tally/skip.go) and
// hands this package each comparison as an affine quantity
// h(dt) = h0 + h1·dt, known within e0 + e1·dt, where dt is the extra money
// per voter, in minor units, since the increment the count was made at.
// The count at the increment finally chosen is tally's exact count, so
// nothing here decides a result: it only decides which increments need
// counting. A bound that errs early costs an extra count; one that errs
// late would skip an increment whose outcome differs, which
// tally/add1_test.go checks never happens, increment by increment, on
// random and real elections.
package add1
