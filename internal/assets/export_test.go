package assets

// SetCommonPostings changes where a word counts as common, so tests can take both plans of a
// text search; it returns a function that puts it back.
func SetCommonPostings(n int) (undo func()) {
	old := commonPostings
	commonPostings = n
	return func() { commonPostings = old }
}
