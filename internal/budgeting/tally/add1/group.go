package add1

import (
	"cmp"
	"slices"
)

// Entry is a set of supporters of one project who hold the same budget
// (class C) and get the same utility U: W voters in all. Capped marks
// those who pay all they have.
type Entry struct {
	C      int32
	Capped bool // beside C: 24 bytes an entry, not 32
	U, W   int64
}

// Grouper groups a project's supporters into entries, one per budget
// class and utility: every supporter in an entry pays the same, so a
// count prices and pays per entry, not per voter. Package tally's exact
// count and this package's certified count group the same way, with
// their own classes, each through its own Grouper.
//
// Grouping is on the hot path of every count: Group allocates only when
// its scratch must grow, and keeps it between calls.
type Grouper struct {
	// The ballots, as in Election: per project, the groups whose
	// utility from it is positive (Supporters) and their utilities
	// (Utilities, nil on approval ballots: every utility 1); per ballot
	// group, its weight. All weights sum below 2^31 (a class's weight is
	// summed in an int32).
	Supporters, Utilities [][]int32
	Weights               []int32

	// Entries are the entries of the project last grouped. On other
	// ballots than approval, EntryOf is the entry of each of its
	// supporters (Supporters[p][i] is in Entries[EntryOf[i]]); on
	// approval ballots there is one entry per class, so a supporter's
	// entry is found by its class, and EntryOf is not kept.
	Entries []Entry
	EntryOf []int32
	// Head is, per class, 1 + the index of its last entry while Group
	// runs, and 0 between uses. A caller may borrow it between Groups
	// (moveSupporters maps each class to its new one in it), so long
	// as it leaves it all 0.
	Head []int32
	// Per entry, 1 + the index of the previous entry of the same class
	// (0 when none): a class's entries form a chain from Head.
	chain []int32
	// Approval scratch: per class, the weight summed so far (0 between
	// uses); the classes in the order first met.
	wsum, met []int32
	// Per project, its supporters grouped by utility alone (see
	// ProjectGroups), worked out once.
	groups [][]Entry
}

// Group groups project p's supporters into Entries, each ballot group g
// of class cls[g] < classes, with their total weight, those holding
// nothing (class 0) marked as paying in full. uniform says no payment
// has been made yet, so that every supporter holds the starting budget,
// of class start, whatever cls says: the entries are then p's groups by
// utility (ProjectGroups), worked out once.
func (gr *Grouper) Group(p int, cls []int32, classes int, uniform bool, start int32) {
	gr.Entries = gr.Entries[:0]
	if uniform {
		for _, g := range gr.ProjectGroups(p) {
			g.C, g.Capped = start, start == 0
			gr.Entries = append(gr.Entries, g)
		}
		return
	}
	supp, weight := gr.Supporters[p], gr.Weights
	if len(gr.Head) < classes {
		gr.Head = make([]int32, classes+classes/2)
	}
	if gr.Utilities == nil {
		// Every utility is 1: one entry per class. Two passes: weights
		// summed per class, the classes listed as first met (a class is
		// new while its sum is 0, every group holding at least one
		// ballot; no branch on it, which the processor cannot guess),
		// then one entry per class listed.
		if len(gr.wsum) < classes {
			gr.wsum = make([]int32, classes+classes/2)
		}
		if cap(gr.met) < len(supp)+1 {
			gr.met = make([]int32, len(supp)+1, 2*len(supp)+1)
		}
		// The slices in locals: the stores below would otherwise make
		// the compiler load them from gr again at every supporter.
		wsum, met := gr.wsum, gr.met[:len(supp)+1]
		n := 0
		for _, g := range supp {
			c := cls[g]
			old := wsum[c]
			met[n] = c
			if old == 0 {
				n++
			}
			wsum[c] = old + weight[g]
		}
		entries := gr.Entries
		for _, c := range met[:n] {
			entries = append(entries, Entry{C: c, U: 1, Capped: c == 0, W: int64(wsum[c])})
			wsum[c] = 0
		}
		gr.Entries = entries
		return
	}
	// One entry per class and utility; a class holds few utilities, so
	// its entries are found along a chain.
	if cap(gr.EntryOf) < len(supp) {
		gr.EntryOf = make([]int32, len(supp), 2*len(supp))
	}
	gr.EntryOf = gr.EntryOf[:len(supp)]
	gr.chain = gr.chain[:0]
	utils := gr.Utilities[p]
	for i, g := range supp {
		c, u := cls[g], int64(utils[i])
		j := gr.Head[c] - 1
		for j >= 0 && gr.Entries[j].U != u {
			j = gr.chain[j] - 1
		}
		if j < 0 {
			j = int32(len(gr.Entries))
			gr.Entries = append(gr.Entries, Entry{C: c, U: u, Capped: c == 0})
			gr.chain = append(gr.chain, gr.Head[c])
			gr.Head[c] = j + 1
		}
		gr.Entries[j].W += int64(weight[g])
		gr.EntryOf[i] = j
	}
	for _, en := range gr.Entries {
		gr.Head[en.C] = 0
	}
}

// ProjectGroups is p's supporters grouped by utility, in increasing
// utility, with their weights (the class left unset).
func (gr *Grouper) ProjectGroups(p int) []Entry {
	if gr.groups == nil {
		gr.groups = make([][]Entry, len(gr.Supporters))
	}
	if gr.groups[p] != nil {
		return gr.groups[p]
	}
	gs := []Entry{}
	for i, g := range gr.Supporters[p] {
		u := int64(1)
		if gr.Utilities != nil {
			u = int64(gr.Utilities[p][i])
		}
		j, found := slices.BinarySearchFunc(gs, u, compareU)
		if !found {
			gs = slices.Insert(gs, j, Entry{U: u})
		}
		gs[j].W += int64(gr.Weights[g])
	}
	gr.groups[p] = gs
	return gs
}

func compareU(e Entry, u int64) int { return cmp.Compare(e.U, u) }
