//go:build race

package tally

// raceDetector is true under -race, which makes the count about ten times slower: the heaviest
// property tests then check fewer random elections (as under -short), so the package stays well
// inside go test's default ten minutes on two cores. The full numbers run without -race.
const raceDetector = true
