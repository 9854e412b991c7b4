// Package giving360 writes the 360Giving Data Standard 1.4.3 JSON that
// councils publish for funded participatory-budgeting projects and small
// grants (https://standard.threesixtygiving.org).
//
// Money in Commons is integer pence; Amount turns it into an exact JSON
// number. GrantID builds grant identifiers as 360Giving's guidance asks.
// Validate repeats in Go the rules the official schema states, with errors a
// council officer can act on; the tests check the output against the schema
// itself.
//
// It owns no tables and imports no capability; any capability may call it.
package giving360
