package pabulib

import (
	"bufio"
	"encoding/csv"
	"io"
)

// Write writes e in the .pb format: META, PROJECTS and VOTES with their
// headers and every column, quoting fields that need it. It writes the
// Fields of projects and votes, so a change made only to ID, Cost, Projects
// or Points is not written.
func Write(w io.Writer, e *Election) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = e.CRLF
	put := func(rec ...string) { _ = cw.Write(rec) }
	put("META")
	put("key", "value")
	for _, m := range e.Meta {
		put(m.Key, m.Value)
	}
	put("PROJECTS")
	put(e.ProjectColumns...)
	for _, p := range e.Projects {
		put(p.Fields...)
	}
	put("VOTES")
	put(e.VoteColumns...)
	for _, v := range e.Votes {
		put(v.Fields...)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
