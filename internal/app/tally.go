package app

import (
	"io"

	"commons/internal/budgeting/tallycmd"
)

// tally counts a participatory budgeting election from a Pabulib file (see docs/tally.md).
func tally(args []string, stdout, stderr io.Writer) error {
	switch code := tallycmd.Run(args, stdout, stderr); code {
	case 0:
		return nil
	case 2:
		return ErrUsage
	default:
		return ExitError(code)
	}
}
