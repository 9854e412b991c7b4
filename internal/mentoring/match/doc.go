// Package match proposes peer-support pairings between organisations: for each thing an
// organisation needs help with, which others could help, best first, and why.
//
// A candidate mentor must offer the topic, be neither paused nor full (its load below its
// capacity), be reachable (within the distance either side will travel, or both will meet
// online), and not be excluded (already asked, or declined, for that need). Candidates are then
// scored from 0 to 1 on four parts, weighted as Weights says:
//
//   - fit: how well the offer meets the need (the level of experience offered, and how many of
//     the organisation's other needs the mentor also offers);
//   - distance: how near the two places are, against how far they will travel (or the same
//     area when a place has no point);
//   - similarity: the same kind of organisation (a hall mentoring a hall), the same sector, the
//     same kind of place on the asset map;
//   - load: how much room the mentor has left.
//
// Each candidate carries its reasons as codes with their numbers, for the caller to write in
// the reader's language. Propose assigns one mentor to each need across a whole programme,
// respecting capacities: it takes first the need that would lose most by waiting (the largest
// gap between its best and second-best mentor still free), so a mentor that only one need can
// use goes to that need.
//
// Pure: standard library only.
package match
