// Package pabulib reads and writes participatory-budgeting elections in the
// Pabulib ".pb" format (pabulib.org/format).
//
// Pure: standard library only.
//
// A file has three sections, META, PROJECTS and VOTES, each introduced by
// its name alone on a line and followed by a header line. Every section is a
// table separated by ';' with RFC 4180 quoting, so a name may contain ';' or
// doubled quotes. Columns are addressed by their header name, never by
// position, and columns this package does not know are kept: Write puts back
// every column Read found, in the same order. Line endings may be CRLF or LF;
// a leading UTF-8 byte-order mark is ignored.
//
// Project and voter ids are opaque strings and are never converted to
// numbers. Costs and the budget are exact decimals (a decimal comma is
// accepted, as some files use it) and are returned as *big.Rat. Points are
// integers.
//
// Read refuses a file that a count could not trust and says which line is
// wrong and why: a missing section or required column, a row with the wrong
// number of fields, a cost or budget that is not a non-negative number, a
// repeated project or voter id, a vote for a project that is not listed, a
// points list that does not match its vote list, an unknown vote_type. It
// does not enforce META limits such as max_length or max_sum_points: those
// describe the ballot paper, and ballots are counted as cast.
//
// The package is pure (no files, no network): callers pass an io.Reader. It
// owns no tables and anyone may call it.
package pabulib
