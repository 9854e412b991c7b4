//go:build !race

package tally

// raceDetector is false without -race (see race_test.go).
const raceDetector = false
