// Package tallycmd is the "commons tally" sub-command: it reads a Pabulib
// .pb file, counts it by a participatory-budgeting rule and prints the
// funded projects, a JSON report with a reason for every project, or one
// project's story round by round.
//
// Run is the whole command; internal/app wires it into the binary. It owns
// no tables and touches nothing but the file it is given and its writers.
package tallycmd
