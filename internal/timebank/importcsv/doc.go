// Package importcsv reads the CSV files time banks export from other systems (TimeOverflow,
// Time Online, a spreadsheet kept by a broker): a list of members with their balances, or a
// history of transfers. It checks every row and says, row by row, what is wrong with it, so
// that nothing is saved until the whole file is right.
//
// Pure: standard library only.
//
// Columns are found by their headings, in any order and any case, with the names other systems
// use ("Member name", "source_id", "amount (seconds)"). Amounts are hours unless the heading
// says minutes or seconds, or names its unit in brackets. Dates may be 2026-03-31,
// 2026-03-31 14:05[:00], 2026-03-31T14:05:00Z or 31/03/2026.
//
// It owns no tables; package timebank calls it.
package importcsv
