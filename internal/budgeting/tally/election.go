package tally

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"

	"commons/internal/budgeting/pabulib"
)

// Kind is how a ballot expresses support.
type Kind int

const (
	// Approval ballots (and choose-1 ballots) list the projects a voter
	// supports.
	Approval Kind = iota
	// Cumulative ballots (and scoring ballots) give points to projects.
	Cumulative
	// Ordinal ballots rank projects, best first.
	Ordinal
)

// WithdrawnCost is the cost, in currency units, that Pabulib files give a
// project withdrawn after the vote.
const WithdrawnCost = 999999999

// Project is one project of an election. Cost is in minor units: the cost
// in currency units times the election's Scale.
type Project struct {
	ID   string
	Name string
	Cost int64
}

// Ballot is a group of identical ballots (see Election.Ballot). Projects
// are indices into Election.Projects, each at most once; Values[i] is what
// the ballot gives Projects[i]: 1 on an approval ballot, the points on a
// cumulative ballot, the positional points on an ordinal ballot (the top
// of a ballot naming L projects scores L, the last 1), at most
// 2147483647 (the reader refuses more points). Both share arrays with the
// election's other ballots: they are read only.
type Ballot struct {
	Projects []int32
	Values   []int32
	Weight   int64
}

// Election is an election ready to be counted: costs and budget as exact
// integers, identical ballots merged.
type Election struct {
	Budget   int64 // in minor units
	Scale    int64 // minor units per currency unit (1 unless costs have decimals)
	Currency string
	Kind     Kind
	Rule     string // the META rule, as written
	// Threshold is META min_project_score_threshold, nil when absent.
	Threshold *big.Rat
	Projects  []Project
	Voters    int64 // ballots cast, counting each merged ballot Weight times
	// The groups of identical ballots, read through Ballot: each group's
	// projects and values are a stretch of projs and vals, one group after
	// the other, 12 bytes a group (a Ballot of its own, with two arrays,
	// took 56 bytes and two allocations).
	groups []group
	projs  []int32
	vals   []int32 // nil on approval ballots: their values are all 1 (ones)
	ones   []int32
}

// group is a group of identical ballots: n projects from off in
// Election.projs (and vals), w ballots.
type group struct{ off, n, w int32 }

// NumBallots is the number of groups of identical ballots.
func (e *Election) NumBallots() int { return len(e.groups) }

// Ballot is group g of identical ballots, g < NumBallots.
func (e *Election) Ballot(g int) Ballot {
	r := e.groups[g]
	lo, hi := int(r.off), int(r.off)+int(r.n)
	b := Ballot{Projects: e.projs[lo:hi:hi], Weight: int64(r.w)}
	if e.vals != nil {
		b.Values = e.vals[lo:hi:hi]
	} else {
		b.Values = e.ones[:r.n:r.n]
	}
	return b
}

// appendGrown is append, growing s by a quarter rather than doubling it:
// while an array grows the old and the new are both held, and on large
// files that was the peak of reading.
func appendGrown[T any](s []T, x ...T) []T {
	if cap(s)-len(s) < len(x) {
		s = slices.Grow(s, len(x)+16+len(s)/4)
	}
	return append(s, x...)
}

// FromPabulib prepares a parsed file for counting.
func FromPabulib(pe *pabulib.Election) (*Election, error) {
	b, err := newBuilder(pe)
	if err != nil {
		return nil, err
	}
	for _, v := range pe.Votes {
		if err := b.add(v); err != nil {
			return nil, err
		}
	}
	return b.e, nil
}

// Read reads a .pb file straight into an election ready to be counted,
// merging identical ballots as they come, so that memory grows with the
// number of different ballots rather than the size of the file. It also
// returns the file's META and PROJECTS (its Votes are nil).
func Read(r io.Reader) (*Election, *pabulib.Election, error) {
	var b *builder
	pe, err := pabulib.Scan(r, func(pe *pabulib.Election, v pabulib.Vote) error {
		if b == nil {
			var err error
			if b, err = newBuilder(pe); err != nil {
				return err
			}
		}
		return b.add(v)
	})
	if err != nil {
		return nil, nil, err
	}
	if b == nil { // no ballots
		if b, err = newBuilder(pe); err != nil {
			return nil, nil, err
		}
	}
	return b.e, pe, nil
}

// builder turns ballots into merged groups of identical ballots.
type builder struct {
	e     *Election
	index map[string]int32
	// Ballots by a hash of their projects and values: the latest with
	// each hash, and per ballot the one before it with the same hash (-1
	// when none).
	merged map[uint64]int32
	chain  []int32
	seed   maphash.Seed
	key    []byte
	next   Ballot // the ballot being read, reused
}

func newBuilder(pe *pabulib.Election) (*builder, error) {
	budget, err := pe.Budget()
	if err != nil {
		return nil, err
	}
	e := &Election{Rule: pe.Rule()}
	e.Currency, _ = pe.Get("currency")
	e.Currency = strings.TrimSpace(e.Currency)
	switch pe.VoteType() {
	case pabulib.Approval, pabulib.Choose1:
		e.Kind = Approval
	case pabulib.Cumulative, pabulib.Scoring:
		e.Kind = Cumulative
	case pabulib.Ordinal:
		e.Kind = Ordinal
	default:
		return nil, fmt.Errorf("unknown vote_type %q", pe.VoteType())
	}
	if v, ok := pe.Get("min_project_score_threshold"); ok && strings.TrimSpace(v) != "" {
		if e.Threshold, err = pabulib.ParseDecimal(v); err != nil {
			return nil, fmt.Errorf("min_project_score_threshold %q: %v", v, err)
		}
	}
	// Decimal costs are scaled to whole minor units: the scale is the least
	// common multiple of the denominators of the budget and every cost.
	scale := new(big.Int).Set(budget.Denom())
	for _, p := range pe.Projects {
		d := p.Cost.Denom()
		g := new(big.Int).GCD(nil, nil, scale, d)
		scale.Mul(scale, new(big.Int).Quo(d, g))
	}
	if !scale.IsInt64() || scale.Int64() > 1e9 {
		return nil, fmt.Errorf("costs have too many decimal places")
	}
	e.Scale = scale.Int64()
	if e.Budget, err = toMinor(budget, scale); err != nil {
		return nil, fmt.Errorf("budget: %v", err)
	}
	b := &builder{e: e, index: make(map[string]int32, len(pe.Projects)), merged: map[uint64]int32{}, seed: maphash.MakeSeed()}
	for i, p := range pe.Projects {
		c, err := toMinor(p.Cost, scale)
		if err != nil {
			return nil, fmt.Errorf("line %d: project %q: cost %v", p.Line, p.ID, err)
		}
		name, _ := pe.ProjectField(p, "name")
		e.Projects = append(e.Projects, Project{ID: p.ID, Name: name, Cost: c})
		b.index[p.ID] = int32(i)
	}
	return b, nil
}

func (b *builder) add(v pabulib.Vote) error {
	e := b.e
	bal := &b.next
	if err := e.ballot(v, b.index, bal); err != nil {
		return err
	}
	if e.Voters >= maxWeight {
		return fmt.Errorf("line %d: more than %d ballots", v.Line, maxWeight)
	}
	e.Voters++
	b.key = b.key[:0]
	for i, p := range bal.Projects {
		b.key = binary.AppendVarint(b.key, int64(p))
		b.key = binary.AppendVarint(b.key, int64(bal.Values[i]))
	}
	h := maphash.Bytes(b.seed, b.key)
	first, ok := b.merged[h]
	for at := first; ok && at >= 0; at = b.chain[at] {
		if o := e.Ballot(int(at)); slices.Equal(o.Projects, bal.Projects) && slices.Equal(o.Values, bal.Values) {
			e.groups[at].w++ // below 2^31: so are Voters (see maxWeight)
			return nil
		}
	}
	if !ok {
		first = -1
	}
	n := len(bal.Projects)
	if len(e.projs)+n > math.MaxInt32 {
		return fmt.Errorf("line %d: more than %d votes for projects in all", v.Line, math.MaxInt32)
	}
	b.merged[h] = int32(len(e.groups))
	b.chain = append(b.chain, first)
	e.groups = appendGrown(e.groups, group{off: int32(len(e.projs)), n: int32(n), w: 1})
	e.projs = appendGrown(e.projs, bal.Projects...)
	if e.Kind == Approval {
		for len(e.ones) < n {
			e.ones = append(e.ones, 1)
		}
	} else {
		e.vals = appendGrown(e.vals, bal.Values...)
	}
	return nil
}

// maxWeight is the most ballots an election may hold, so that the weight
// of a merged ballot fits in an int32 (see supporter).
const maxWeight = math.MaxInt32

// maxMinor keeps sums of costs and products with voter counts far from
// int64 overflow.
const maxMinor = 1 << 50

func toMinor(r *big.Rat, scale *big.Int) (int64, error) {
	n := new(big.Int).Mul(r.Num(), scale)
	n.Quo(n, r.Denom())
	if !n.IsInt64() || n.Int64() > maxMinor {
		return 0, fmt.Errorf("%s is too large", r.FloatString(2))
	}
	return n.Int64(), nil
}

// ballot turns one vote into a Ballot, settling repeated projects the way
// the reference implementation does: an approval counts once, on a
// cumulative ballot the last points given win, on an ordinal ballot the
// first (highest) position is kept.
//
// It fills b, whose slices it reuses.
func (e *Election) ballot(v pabulib.Vote, index map[string]int32, b *Ballot) error {
	b.Weight, b.Projects, b.Values = 1, b.Projects[:0], b.Values[:0]
	for i, id := range v.Projects {
		p, ok := index[id]
		if !ok {
			return fmt.Errorf("line %d: vote for unknown project %q", v.Line, id)
		}
		val := int32(1)
		if e.Kind == Cumulative {
			if v.Points == nil {
				return fmt.Errorf("line %d: cumulative ballot without points", v.Line)
			}
			pt := v.Points[i]
			if pt > math.MaxInt32 || pt < -math.MaxInt32 {
				return fmt.Errorf("line %d: %d points for project %q: at most %d may be given to one project", v.Line, pt, id, math.MaxInt32)
			}
			val = int32(pt)
		}
		at := -1 // ballots are short: a scan beats a map
		for j, q := range b.Projects {
			if q == p {
				at = j
				break
			}
		}
		if at >= 0 {
			if e.Kind == Cumulative {
				b.Values[at] = val
			}
			continue
		}
		b.Projects = append(b.Projects, p)
		b.Values = append(b.Values, val)
	}
	if e.Kind == Ordinal {
		for i := range b.Values {
			b.Values[i] = int32(len(b.Values) - i)
		}
	}
	sortByProject(b)
	return nil
}

// sortByProject puts a ballot's projects, and their values with them, in
// order. Ballots are short, and an insertion sort of them allocates
// nothing, where sort.Sort boxes the ballot once for every ballot read.
func sortByProject(b *Ballot) {
	if len(b.Projects) > 32 {
		sort.Sort(byProject(*b))
		return
	}
	for i := 1; i < len(b.Projects); i++ {
		p, v := b.Projects[i], b.Values[i]
		j := i
		for ; j > 0 && b.Projects[j-1] > p; j-- {
			b.Projects[j], b.Values[j] = b.Projects[j-1], b.Values[j-1]
		}
		b.Projects[j], b.Values[j] = p, v
	}
}

type byProject Ballot

func (b byProject) Len() int           { return len(b.Projects) }
func (b byProject) Less(i, j int) bool { return b.Projects[i] < b.Projects[j] }
func (b byProject) Swap(i, j int) {
	b.Projects[i], b.Projects[j] = b.Projects[j], b.Projects[i]
	b.Values[i], b.Values[j] = b.Values[j], b.Values[i]
}

// Scores returns, per project, the number of ballots supporting it (a
// positive value) and its score: approvals, total points or total
// positional points.
func (e *Election) Scores() (votes, scores []int64) {
	votes = make([]int64, len(e.Projects))
	scores = make([]int64, len(e.Projects))
	for g := range e.NumBallots() {
		b := e.Ballot(g)
		for i, p := range b.Projects {
			if b.Values[i] > 0 {
				votes[p] += b.Weight
			}
			scores[p] += b.Weight * int64(b.Values[i])
		}
	}
	return votes, scores
}

// Withdrawn reports whether a project carries the withdrawn-project cost.
func (e *Election) Withdrawn(p int) bool {
	return e.Projects[p].Cost == WithdrawnCost*e.Scale
}

// idLess is the tie-break between projects: ids compared as plain strings.
func (e *Election) idLess(p, q int) bool { return e.Projects[p].ID < e.Projects[q].ID }
