package pabulib

import (
	"fmt"
	"math/big"
	"strings"
)

// Vote types defined by the format. "choose-1" is an approval ballot with a
// single project.
const (
	Approval   = "approval"
	Choose1    = "choose-1"
	Cumulative = "cumulative"
	Scoring    = "scoring"
	Ordinal    = "ordinal"
)

// Election is one participatory-budgeting election as written in a file.
type Election struct {
	Meta           []MetaEntry
	ProjectColumns []string // the PROJECTS header, in file order
	Projects       []Project
	VoteColumns    []string // the VOTES header, in file order
	Votes          []Vote
	// CRLF records whether the file used CRLF line endings, so Write can
	// give back the same bytes for an unchanged election.
	CRLF bool

	voteType string // checked, set once META is
}

// MetaEntry is one key;value line of META.
type MetaEntry struct {
	Key, Value string
	Line       int
}

// Project is one row of PROJECTS. Fields holds every column in the order of
// ProjectColumns and is what Write writes; ID and Cost are parsed from it.
type Project struct {
	ID     string
	Cost   *big.Rat
	Fields []string
	Line   int
}

// Vote is one ballot, one row of VOTES. Projects lists the ids as written
// (the same id may appear twice); Points is parallel to Projects when the
// section has a points column and nil otherwise. Fields holds every column in
// the order of VoteColumns and is what Write writes.
type Vote struct {
	VoterID  string
	Projects []string
	Points   []int64
	Fields   []string
	Line     int
}

// Error is a problem in a file, with the line it was found on (1-based; 0
// when the problem is not on one line, such as a missing section).
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

func errorf(line int, format string, args ...any) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Get returns the META value for key (keys compare case-insensitively).
func (e *Election) Get(key string) (string, bool) {
	for _, m := range e.Meta {
		if strings.EqualFold(m.Key, key) {
			return m.Value, true
		}
	}
	return "", false
}

func (e *Election) metaLine(key string) int {
	for _, m := range e.Meta {
		if strings.EqualFold(m.Key, key) {
			return m.Line
		}
	}
	return 0
}

// VoteType is the META vote_type, lower-cased.
func (e *Election) VoteType() string {
	v, _ := e.Get("vote_type")
	return strings.ToLower(strings.TrimSpace(v))
}

// Rule is the META rule, or "" when there is none.
func (e *Election) Rule() string {
	v, _ := e.Get("rule")
	return strings.TrimSpace(v)
}

// Budget is the META budget as an exact number.
func (e *Election) Budget() (*big.Rat, error) {
	v, ok := e.Get("budget")
	if !ok {
		return nil, errorf(0, "META has no budget")
	}
	r, err := ParseDecimal(v)
	if err != nil {
		return nil, errorf(e.metaLine("budget"), "budget %q: %v", v, err)
	}
	return r, nil
}

// Column returns the index of the named column in header, or -1.
func Column(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

// ProjectField returns the value of the named PROJECTS column for p.
func (e *Election) ProjectField(p Project, name string) (string, bool) {
	i := Column(e.ProjectColumns, name)
	if i < 0 || i >= len(p.Fields) {
		return "", false
	}
	return p.Fields[i], true
}

// ParseDecimal reads a non-negative decimal number such as "100000",
// "2458488.22" or "100000,5" exactly. Surrounding spaces are ignored; signs,
// exponents and thousands separators are refused.
func ParseDecimal(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty number")
	}
	seenPoint := false
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !seenPoint:
			seenPoint = true
		default:
			return nil, fmt.Errorf("not a non-negative number")
		}
	}
	if digits == 0 {
		return nil, fmt.Errorf("not a number")
	}
	r, ok := new(big.Rat).SetString(strings.Replace(s, ",", ".", 1))
	if !ok {
		return nil, fmt.Errorf("not a number")
	}
	return r, nil
}
