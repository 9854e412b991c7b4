package pabulib

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

var voteTypes = map[string]bool{Approval: true, Choose1: true, Cumulative: true, Scoring: true, Ordinal: true}

// Read parses a .pb file. The error, when there is one, is an *Error naming
// the line and the problem.
func Read(r io.Reader) (*Election, error) {
	var votes []Vote
	e, err := Scan(r, func(_ *Election, v Vote) error {
		votes = append(votes, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.Votes = votes
	return e, nil
}

// Scan parses a .pb file like Read but hands each ballot, checked, to fn
// instead of keeping it, so a caller that only needs a summary of the
// ballots never holds them all; the Election it returns has no Votes. fn
// also gets the election read so far: its META and PROJECTS are complete.
// An error from fn stops the reading and is returned as it is.
func Scan(r io.Reader, fn func(*Election, Vote) error) (*Election, error) {
	br := bufio.NewReaderSize(r, bufferSize(r))
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	crlf := sniffCRLF(br)
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	// Some real files have a bare quote inside an unquoted name
	// (Częstochowa 2020: Budowa boiska ... "Orlik"); keep it as text.
	cr.LazyQuotes = true
	e := &Election{CRLF: crlf}
	section := ""
	var header []string
	seen := map[string]int{}
	projectIndex := map[string]int{}
	voterLine := &voterLines{byNumber: map[int64]int{}, byText: map[string]int{}}
	var pending []Vote // ballots read before META or PROJECTS
	ready := false
	var idCol, costCol, voterCol, voteCol, pointsCol int
	openQuote := 0 // line of the last field that ran over several lines
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, errorf(pe.Line, "%v", pe.Err)
			}
			return nil, errorf(line, "%v", err)
		}
		for _, f := range rec {
			if strings.ContainsAny(f, "\r\n") {
				openQuote = line
			}
			// The CSV reader turns a line break inside a quoted field into "\n", so a "\r" left
			// in a field stood on its own: no text means it, and no writer could give it back
			// on a file with CRLF line endings (it is part of their line breaks).
			if strings.ContainsRune(f, '\r') {
				return nil, errorf(line, "a field holds a carriage return that is not part of a line break")
			}
		}
		if len(rec) == 1 {
			name := strings.ToUpper(strings.TrimSpace(rec[0]))
			if name == "META" || name == "PROJECTS" || name == "VOTES" {
				if prev, ok := seen[name]; ok {
					return nil, errorf(line, "section %s appears twice (first on line %d)", name, prev)
				}
				if section != "" && header == nil {
					return nil, errorf(line, "section %s has no header line", section)
				}
				seen[name] = line
				section, header = name, nil
				continue
			}
		}
		if section == "" {
			return nil, errorf(line, "expected a section name (META, PROJECTS or VOTES), found %q", strings.Join(rec, ";"))
		}
		if header == nil {
			header = rec
			switch section {
			case "META":
				if len(rec) < 2 {
					return nil, errorf(line, "META header must have two columns (key;value)")
				}
			case "PROJECTS":
				e.ProjectColumns = rec
				idCol, costCol = Column(rec, "project_id"), Column(rec, "cost")
				if idCol < 0 || costCol < 0 {
					return nil, errorf(line, "PROJECTS header needs project_id and cost columns, found %q", strings.Join(rec, ";"))
				}
			case "VOTES":
				e.VoteColumns = rec
				voterCol, voteCol, pointsCol = Column(rec, "voter_id"), Column(rec, "vote"), Column(rec, "points")
				if voterCol < 0 || voteCol < 0 {
					return nil, errorf(line, "VOTES header needs voter_id and vote columns, found %q", strings.Join(rec, ";"))
				}
			}
			if err := checkHeader(rec, line); err != nil {
				return nil, err
			}
			continue
		}
		if len(rec) != len(header) {
			return nil, errorf(line, "%s row has %d fields, the header has %d", section, len(rec), len(header))
		}
		switch section {
		case "META":
			if e.Meta == nil {
				e.Meta = make([]MetaEntry, 0, 24) // the real files here have 12 to 21 keys
			}
			e.Meta = append(e.Meta, MetaEntry{Key: strings.TrimSpace(rec[0]), Value: rec[1], Line: line})
		case "PROJECTS":
			id := strings.TrimSpace(rec[idCol])
			if id == "" {
				return nil, errorf(line, "project with an empty project_id")
			}
			if prev, ok := projectIndex[id]; ok {
				return nil, errorf(line, "project %q is listed twice (first on line %d)", id, e.Projects[prev].Line)
			}
			cost, err := ParseDecimal(rec[costCol])
			if err != nil {
				return nil, errorf(line, "project %q: cost %q: %v", id, rec[costCol], err)
			}
			projectIndex[id] = len(e.Projects)
			e.Projects = append(e.Projects, Project{ID: id, Cost: cost, Fields: rec, Line: line})
		case "VOTES":
			v, err := parseVote(rec, line, voterCol, voteCol, pointsCol)
			if err != nil {
				return nil, err
			}
			if prev, ok := voterLine.seen(v.VoterID, line); ok {
				return nil, errorf(line, "voter %q appears twice (first on line %d)", v.VoterID, prev)
			}
			if !ready {
				_, metaSeen := seen["META"]
				_, projectsSeen := seen["PROJECTS"]
				if !metaSeen || !projectsSeen {
					pending = append(pending, v)
					continue
				}
				if err := e.checkMeta(pointsCol >= 0); err != nil {
					return nil, err
				}
				ready = true
			}
			if err := e.checkVote(v, projectIndex); err != nil {
				return nil, err
			}
			if err := fn(e, v); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range []string{"META", "PROJECTS", "VOTES"} {
		if _, ok := seen[s]; !ok {
			if openQuote > 0 {
				return nil, errorf(openQuote, "the quote opened here is never closed, so the rest of the file was read as one field")
			}
			return nil, errorf(0, "the file has no %s section", s)
		}
	}
	if section != "" && header == nil {
		return nil, errorf(0, "section %s has no header line", section)
	}
	if !ready {
		if err := e.checkMeta(pointsCol >= 0 || len(pending) == 0); err != nil {
			return nil, err
		}
	}
	for _, v := range pending {
		if err := e.checkVote(v, projectIndex); err != nil {
			return nil, err
		}
		if err := fn(e, v); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func checkHeader(rec []string, line int) error {
	names := map[string]bool{}
	for _, h := range rec {
		k := strings.ToLower(strings.TrimSpace(h))
		if names[k] {
			return errorf(line, "column %q appears twice in the header", h)
		}
		names[k] = true
	}
	return nil
}

// bufferSize is the size of the read buffer for r: 64 kB, or less when r
// says it holds less (a file, or bytes in memory), down to 4 kB, the
// least the CSV reader takes as its own buffer. A file of 2 kB would
// otherwise need 30 times its size for the buffer alone.
func bufferSize(r io.Reader) int {
	const least, most = 4 << 10, 64 << 10
	n := int64(most)
	switch x := r.(type) {
	case interface{ Len() int }:
		n = int64(x.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			n = fi.Size()
		}
	}
	return int(min(max(n, least), most))
}

// sniffCRLF looks at the first line without consuming it.
func sniffCRLF(br *bufio.Reader) bool {
	b, _ := br.Peek(br.Size())
	i := bytes.IndexByte(b, '\n')
	return i > 0 && b[i-1] == '\r'
}

func parseVote(rec []string, line, voterCol, voteCol, pointsCol int) (Vote, error) {
	v := Vote{VoterID: strings.TrimSpace(rec[voterCol]), Fields: rec, Line: line}
	if v.VoterID == "" {
		return v, errorf(line, "ballot with an empty voter_id")
	}
	v.Projects = splitList(rec[voteCol])
	if pointsCol >= 0 {
		items := splitList(rec[pointsCol])
		if len(items) != len(v.Projects) {
			return v, errorf(line, "voter %q: %d points for %d projects", v.VoterID, len(items), len(v.Projects))
		}
		v.Points = make([]int64, len(items))
		for i, s := range items {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return v, errorf(line, "voter %q: points %q is not a whole number", v.VoterID, s)
			}
			v.Points[i] = n
		}
	}
	return v, nil
}

// splitList splits a comma-separated list, trimming spaces and dropping empty
// items.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	n := strings.Count(s, ",") + 1
	out := make([]string, 0, n)
	for len(s) > 0 {
		item := s
		if i := strings.IndexByte(s, ','); i >= 0 {
			item, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// checkMeta checks what every count needs from META, once the first ballot
// is met (hasPoints: the VOTES section has a points column, or there are no
// ballots).
func (e *Election) checkMeta(hasPoints bool) error {
	vt := e.VoteType()
	if vt == "" {
		return errorf(0, "META has no vote_type")
	}
	if !voteTypes[vt] {
		return errorf(e.metaLine("vote_type"), "unknown vote_type %q (want approval, choose-1, cumulative, scoring or ordinal)", vt)
	}
	if _, err := e.Budget(); err != nil {
		return err
	}
	if (vt == Cumulative || vt == Scoring) && !hasPoints {
		return errorf(0, "a %s election needs a points column in VOTES", vt)
	}
	e.voteType = vt
	return nil
}

func (e *Election) checkVote(v Vote, projectIndex map[string]int) error {
	for _, id := range v.Projects {
		if _, ok := projectIndex[id]; !ok {
			return errorf(v.Line, "voter %q votes for project %q, which is not in PROJECTS", v.VoterID, id)
		}
	}
	if len(v.Projects) > 1 && e.voteType == Choose1 {
		return errorf(v.Line, "voter %q chose %d projects in a choose-1 election", v.VoterID, len(v.Projects))
	}
	return nil
}

// voterLines remembers the line of every voter id. Ids written as plain
// numbers (most files) are kept as numbers, which takes a third of the
// memory of keeping the text; "7" and "07" stay different ids. While the
// numbers are dense (most files number their voters 1, 2, 3, ...), each
// number's line is kept in an array from the least number seen, four
// bytes a voter instead of some thirty in a map.
type voterLines struct {
	lo       int64   // the number of dense[0]
	dense    []int32 // per number from lo, its line; 0 when not seen
	sparse   bool    // the numbers are too far apart: byNumber holds them
	count    int64   // numbers seen
	byNumber map[int64]int
	byText   map[string]int
}

// plainNumber is id as a number when it is one written plainly: digits
// only, no leading zero, at most 18 of them (or a minus and such digits).
func plainNumber(id string) (int64, bool) {
	digits := strings.TrimPrefix(id, "-")
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && (len(digits) > 1 || len(id) > 1)) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		d := digits[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	if len(id) > len(digits) {
		n = -n
	}
	return n, true
}

// seen records id on line, or returns the line where it was first seen.
func (v *voterLines) seen(id string, line int) (int, bool) {
	n, ok := plainNumber(id)
	if !ok {
		prev, ok := v.byText[id]
		if !ok {
			// A copy of the id, so the map does not keep the whole line.
			v.byText[strings.Clone(id)] = line
		}
		return prev, ok
	}
	if !v.sparse && line <= math.MaxInt32 && v.fitDense(n) {
		at := &v.dense[n-v.lo]
		if *at != 0 {
			return int(*at), true
		}
		*at = int32(line)
		v.count++
		return 0, false
	}
	prev, ok := v.byNumber[n]
	if !ok {
		v.byNumber[n] = line
	}
	return prev, ok
}

// fitDense makes room for n in dense and reports true, or, when that
// would take over four entries a voter (and 64 more), moves the numbers
// to byNumber for good and reports false.
func (v *voterLines) fitDense(n int64) bool {
	if v.dense == nil {
		v.lo = n
		v.dense = make([]int32, 1, 16)
		return true
	}
	hi := v.lo + int64(len(v.dense)) // one past the last number held
	if n >= v.lo && n < hi {
		return true
	}
	lo, top := min(v.lo, n), max(hi, n+1)
	if top-lo <= 4*v.count+64 {
		if n < v.lo {
			grown := make([]int32, top-lo, top-lo+(top-lo)/4)
			copy(grown[v.lo-lo:], v.dense)
			v.lo, v.dense = lo, grown
		} else {
			v.dense = append(v.dense, make([]int32, top-hi)...)
		}
		return true
	}
	v.sparse = true
	for i, line := range v.dense {
		if line != 0 {
			v.byNumber[v.lo+int64(i)] = int(line)
		}
	}
	v.dense = nil
	return false
}
