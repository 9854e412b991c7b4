// Package record holds the rules for one community asset's fields, shared by the web form, the
// JSON API and the CSV import: what each field may hold, normalised values and the message key of
// each problem. It also reads asset CSV files row by row for the import preview.
//
// Pure: standard library only.
package record
