// Package digest decides when a person's daily or weekly digest of a group is next due, and
// what goes in it, in what order: threads they were mentioned in first, then threads they
// follow, then the rest, each newest first, cut to a short list.
//
// Pure: standard library only.
package digest
