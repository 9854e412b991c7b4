// Command commons-tally is "commons tally" on its own: the same flags,
// output and exit status, in a program that holds none of the web
// application. The commons binary holds some 17 MB before it reads a
// byte; this one under 3 MB, which matters when a count's peak memory is
// set against the size of the file it reads (bench/README.md).
package main

import (
	"os"

	"commons/internal/budgeting/tallycmd"
)

func main() { os.Exit(tallycmd.RunAs("commons-tally", os.Args[1:], os.Stdout, os.Stderr)) }
