// Package ledger holds a time bank's posting rules: double entry in whole minutes, append-only.
//
// Pure: standard library only.
//
// A Transaction is two or more Postings, each moving a whole number of minutes into (positive)
// or out of (negative) one account. The postings of every transaction sum to zero within each
// time bank's book, so each bank's book always sums to zero; an exchange between two banks is
// one transaction that passes through each bank's clearing account for the other (Transfer
// builds it). Nothing is ever edited or deleted: a mistake is put right by a reversal (Reverse),
// which points at the original, and a transaction can be reversed once and a reversal never.
// An account may not be taken below its floor, its credit limit (WithinLimit); money coming in
// is never refused.
//
// Book applies these rules in memory. The time bank capability keeps its books in the database
// (one conditional UPDATE per account, in the same transaction as the postings) and checks them
// against the same rules; the tests and the fuzzer use Book as the reference.
//
// It owns no tables and has no callers but package timebank and its tests.
package ledger
