package anchor

// Kind is what happened to a paragraph between two versions.
type Kind string

// The kinds of change.
const (
	Same    Kind = "same"
	Added   Kind = "added"
	Removed Kind = "removed"
	Changed Kind = "changed"
)

// Change is one paragraph of a diff: Old is empty for Added, New for Removed.
type Change struct {
	Kind     Kind
	Old, New string
	NewIndex int // index in the new version, -1 for Removed
}

// Diff lists the paragraphs of next against prev in next's order. Between two unchanged
// paragraphs, a removed paragraph that is similar enough (MinSimilarity) to an added one is
// reported as one Changed paragraph at the added one's place; other removed paragraphs come
// first in that stretch.
func Diff(prev, next []Para) []Change {
	n, m := len(prev), len(next)
	// lcs[i][j] is the length of the longest common run of hashes of prev[i:] and next[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if prev[i].Hash == next[j].Hash {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out, removed, added []Change
	flush := func() {
		// Pair each removed paragraph of the run with the most similar added one.
		addedWords := make([]map[string]bool, len(added))
		for k, a := range added {
			addedWords[k] = wordSet(a.New)
		}
		for _, r := range removed {
			best, bestSim := -1, MinSimilarity
			rw := wordSet(r.Old)
			for k, a := range added {
				if a.Kind == Added {
					if s := jaccard(rw, addedWords[k]); s >= bestSim {
						best, bestSim = k, s
					}
				}
			}
			if best >= 0 {
				added[best] = Change{Kind: Changed, Old: r.Old, New: added[best].New, NewIndex: added[best].NewIndex}
			} else {
				out = append(out, r)
			}
		}
		out = append(out, added...)
		removed, added = nil, nil
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && prev[i].Hash == next[j].Hash:
			flush()
			out = append(out, Change{Kind: Same, Old: prev[i].Text, New: next[j].Text, NewIndex: j})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			added = append(added, Change{Kind: Added, New: next[j].Text, NewIndex: j})
			j++
		default:
			removed = append(removed, Change{Kind: Removed, Old: prev[i].Text, NewIndex: -1})
			i++
		}
	}
	flush()
	return out
}
