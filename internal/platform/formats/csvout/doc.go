// Package csvout writes the CSV downloads that every list in Commons offers
// (for example /budgets/{id}/results.csv).
//
// Output is RFC 4180: a header row, comma separators, CRLF line ends, fields
// quoted when they hold a comma, quote or line break. Text is UTF-8 and every
// file starts with a byte-order mark, so Excel opens "Café" and Welsh text
// correctly (Options.NoBOM leaves it out).
//
// Cells that a spreadsheet would run as a formula (starting with = + - @, tab or
// carriage return) are prefixed with an apostrophe, so a user-supplied title
// such as "=HYPERLINK(...)" stays text (CSV injection). A plain number such as
// a negative longitude is not a formula and is written as it is.
//
// It owns no tables and imports no capability; any handler may call it.
package csvout
