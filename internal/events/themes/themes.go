package themes

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Note is one point written down by a discussion group.
type Note struct {
	ID   string
	Text string
}

// Phrase is a key phrase and how many notes use it.
type Phrase struct {
	Text  string
	Notes int
}

// Theme is a cluster of related notes, named after its heaviest phrases.
type Theme struct {
	Label   string   // the leading phrase, capitalised
	Phrases []string // up to five phrases, heaviest first
	NoteIDs []string // the supporting notes, in input order
}

// Result is what Find proposes.
type Result struct {
	KeyPhrases []Phrase // across all notes, heaviest first
	Themes     []Theme  // largest first
	Unthemed   []string // notes that joined no theme, in input order
}

// Options tune Find; the zero value uses the defaults.
type Options struct {
	Join       float64 // similarity a note needs to join a group (default 0.3; later passes take half)
	Merge      float64 // similarity at which two groups' centroids merge (default 0.35)
	MinNotes   int     // smallest group reported as a theme (default 2)
	MaxPhrases int     // key phrases returned (default 15)
}

func (o Options) withDefaults() Options {
	if o.Join <= 0 {
		o.Join = 0.3
	}
	if o.Merge <= 0 {
		o.Merge = 0.35
	}
	if o.MinNotes <= 0 {
		o.MinNotes = 2
	}
	if o.MaxPhrases <= 0 {
		o.MaxPhrases = 15
	}
	return o
}

type entry struct {
	term int
	w    float64
}

// corpus holds the vocabulary and each note's weighted terms.
type corpus struct {
	terms   []string         // term id → stemmed term ("bus service")
	surface []map[string]int // term id → words as written → count
	df      []int
	vecs    [][]entry // note → unit TF-IDF vector, terms shared by at least two notes only
}

func build(notes []Note) *corpus {
	c := &corpus{}
	index := map[string]int{}
	counts := make([]map[int]int, len(notes))
	for i, n := range notes {
		counts[i] = map[int]int{}
		toks := tokenise(n.Text)
		add := func(stem, word string) {
			id, ok := index[stem]
			if !ok {
				id = len(c.terms)
				index[stem] = id
				c.terms = append(c.terms, stem)
				c.surface = append(c.surface, map[string]int{})
				c.df = append(c.df, 0)
			}
			if counts[i][id] == 0 {
				c.df[id]++
			}
			counts[i][id]++
			c.surface[id][word]++
		}
		for j, t := range toks {
			if t.stem == "" {
				continue
			}
			add(t.stem, t.word)
			if j+1 < len(toks) && toks[j+1].stem != "" && toks[j+1].stem != t.stem {
				add(t.stem+" "+toks[j+1].stem, t.word+" "+toks[j+1].word)
			}
		}
	}
	n := float64(len(notes))
	c.vecs = make([][]entry, len(notes))
	for i, m := range counts {
		var v []entry
		var norm float64
		for id, tf := range m {
			if c.df[id] < 2 {
				continue
			}
			w := (1 + math.Log(float64(tf))) * c.idf(id, n)
			if strings.Contains(c.terms[id], " ") {
				w *= 1.5 // a shared two-word phrase says more than either word
			}
			v = append(v, entry{id, w})
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for k := range v {
			v[k].w /= norm
		}
		sort.Slice(v, func(a, b int) bool { return v[a].term < v[b].term })
		c.vecs[i] = v
	}
	return c
}

func (c *corpus) idf(id int, n float64) float64 {
	return math.Log((1+n)/(1+float64(c.df[id]))) + 1
}

// label is the commonest way a term was written.
func (c *corpus) label(id int) string {
	best, bestN := "", -1
	for w, n := range c.surface[id] {
		if n > bestN || n == bestN && w < best {
			best, bestN = w, n
		}
	}
	return best
}

// group is a cluster being built: its members and the sum of their unit vectors.
type group struct {
	members []int
	sum     map[int]float64
	sumSq   float64
}

func (g *group) add(v []entry) {
	var dot float64
	for _, e := range v {
		dot += e.w * g.sum[e.term]
	}
	for _, e := range v {
		g.sum[e.term] += e.w
	}
	g.sumSq += 2*dot + 1
}

// Find proposes themes for the notes.
func Find(notes []Note, opt Options) Result {
	opt = opt.withDefaults()
	c := build(notes)
	res := Result{KeyPhrases: keyPhrases(c, opt.MaxPhrases)}

	// Pass 1: each note joins the most similar group, or starts one.
	var groups []*group
	posting := map[int][]int{} // term → groups whose centroid holds it
	assign := make([]int, len(notes))
	acc := map[int]float64{}
	best := func(v []entry) (int, float64) {
		clear(acc)
		for _, e := range v {
			for _, gi := range posting[e.term] {
				acc[gi] += e.w * groups[gi].sum[e.term]
			}
		}
		bi, bs := -1, 0.0
		for gi, dot := range acc {
			s := dot / math.Sqrt(groups[gi].sumSq)
			if s > bs || s == bs && gi < bi {
				bi, bs = gi, s
			}
		}
		return bi, bs
	}
	join := func(gi int, i int) {
		g := groups[gi]
		for _, e := range c.vecs[i] {
			if g.sum[e.term] == 0 {
				posting[e.term] = append(posting[e.term], gi)
			}
		}
		g.add(c.vecs[i])
		g.members = append(g.members, i)
	}
	for i, v := range c.vecs {
		assign[i] = -1
		if len(v) == 0 {
			continue
		}
		gi, s := best(v)
		if gi < 0 || s < opt.Join {
			gi = len(groups)
			groups = append(groups, &group{sum: map[int]float64{}})
		}
		join(gi, i)
		assign[i] = gi
	}

	// Pass 2: groups of one are dissolved, and every note moves to its nearest centroid, at a
	// looser threshold, a few times over (as in k-means, but the number of groups is found).
	next := assign
	for round := 0; round < 3; round++ {
		groups, posting = regroup(c, next, len(groups), 2)
		moved := make([]int, len(notes))
		for i, v := range c.vecs {
			moved[i] = -1
			if len(v) == 0 {
				continue
			}
			if gi, s := best(v); gi >= 0 && s >= opt.Join/2 {
				moved[i] = gi
			}
		}
		next = moved
	}
	groups, posting = regroup(c, next, len(groups), 1)

	// Merge groups whose centroids are alike (union-find over the pairs).
	parent := make([]int, len(groups))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for gi, g := range groups {
		if len(g.members) == 0 {
			continue
		}
		dots := map[int]float64{}
		for t, w := range g.sum {
			for _, gj := range posting[t] {
				if gj > gi {
					dots[gj] += w * groups[gj].sum[t]
				}
			}
		}
		for gj, dot := range dots {
			if len(groups[gj].members) > 0 && dot/math.Sqrt(g.sumSq*groups[gj].sumSq) >= opt.Merge {
				a, b := find(gi), find(gj)
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}
	final := map[int]*group{}
	var order []int
	for i, gi := range next {
		if gi < 0 {
			res.Unthemed = append(res.Unthemed, notes[i].ID)
			continue
		}
		root := find(gi)
		g, ok := final[root]
		if !ok {
			g = &group{sum: map[int]float64{}}
			final[root] = g
			order = append(order, root)
		}
		g.add(c.vecs[i])
		g.members = append(g.members, i)
	}

	var unthemed []int
	for _, root := range order {
		g := final[root]
		if len(g.members) < opt.MinNotes {
			unthemed = append(unthemed, g.members...)
			continue
		}
		phrases := topTerms(c, g.sum, 5)
		if len(phrases) == 0 {
			unthemed = append(unthemed, g.members...)
			continue
		}
		t := Theme{Label: capitalise(phrases[0]), Phrases: phrases}
		for _, i := range g.members {
			t.NoteIDs = append(t.NoteIDs, notes[i].ID)
		}
		res.Themes = append(res.Themes, t)
	}
	if len(unthemed) > 0 {
		sort.Ints(unthemed)
		var ids []string
		seen := map[int]bool{}
		for _, i := range unthemed {
			seen[i] = true
		}
		for i := range notes {
			if seen[i] || (next[i] < 0) {
				ids = append(ids, notes[i].ID)
			}
		}
		res.Unthemed = ids
	}
	sort.SliceStable(res.Themes, func(a, b int) bool { return len(res.Themes[a].NoteIDs) > len(res.Themes[b].NoteIDs) })
	return res
}

// topTerms are a weight vector's heaviest terms as written, leaving out single words already
// inside a chosen two-word phrase.
func topTerms(c *corpus, weights map[int]float64, n int) []string {
	ids := make([]int, 0, len(weights))
	for id, w := range weights {
		if w > 0 {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool {
		wa, wb := weights[ids[a]], weights[ids[b]]
		if wa != wb {
			return wa > wb
		}
		return c.terms[ids[a]] < c.terms[ids[b]]
	})
	var out []string
	covered := map[string]bool{}
	for _, id := range ids {
		term := c.terms[id]
		if covered[term] {
			continue
		}
		parts := strings.Fields(term)
		if len(parts) == 2 && (covered[parts[0]+" "+parts[1]]) {
			continue
		}
		for _, p := range parts {
			covered[p] = true
		}
		covered[term] = true
		out = append(out, c.label(id))
		if len(out) == n {
			break
		}
	}
	return dropCovered(out)
}

// dropCovered removes a single word listed before the phrase that holds it.
func dropCovered(phrases []string) []string {
	var out []string
	for i, p := range phrases {
		inside := false
		if !strings.Contains(p, " ") {
			for j, q := range phrases {
				if j != i && strings.Contains(q, " ") && containsWord(q, p) {
					inside = true
				}
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

func containsWord(phrase, word string) bool {
	for _, w := range strings.Fields(phrase) {
		if w == word || stem(w) == stem(word) {
			return true
		}
	}
	return false
}

func keyPhrases(c *corpus, n int) []Phrase {
	total := map[int]float64{}
	for _, v := range c.vecs {
		for _, e := range v {
			total[e.term] += e.w
		}
	}
	var out []Phrase
	for _, text := range topTerms(c, total, n) {
		out = append(out, Phrase{Text: text})
	}
	// Count notes per phrase by its stemmed form.
	index := map[string]int{}
	for id, t := range c.terms {
		index[t] = id
	}
	for i := range out {
		var stems []string
		for _, w := range strings.Fields(out[i].Text) {
			stems = append(stems, stem(w))
		}
		if id, ok := index[strings.Join(stems, " ")]; ok {
			out[i].Notes = c.df[id]
		}
	}
	return out
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// regroup builds groups from an assignment (note → group index, -1 for none), leaving empty the
// groups with fewer than min members, and the posting lists of the groups' terms.
func regroup(c *corpus, assign []int, n, min int) ([]*group, map[int][]int) {
	size := make([]int, n)
	for _, gi := range assign {
		if gi >= 0 {
			size[gi]++
		}
	}
	groups := make([]*group, n)
	for gi := range groups {
		groups[gi] = &group{sum: map[int]float64{}}
	}
	for i, gi := range assign {
		if gi >= 0 && size[gi] >= min {
			groups[gi].add(c.vecs[i])
			groups[gi].members = append(groups[gi].members, i)
		}
	}
	posting := map[int][]int{}
	for gi, g := range groups {
		for t := range g.sum {
			posting[t] = append(posting[t], gi)
		}
	}
	for _, ps := range posting {
		sort.Ints(ps)
	}
	return groups, posting
}
