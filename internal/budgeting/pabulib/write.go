package pabulib

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
)

// Write writes e in the .pb format: META, PROJECTS and VOTES with their
// headers and every column, quoting fields that need it. Read gives back
// every field exactly, except that a carriage return (alone or before a
// line feed) inside a field is written as a line feed, as Read reads it. It writes the
// Fields of projects and votes, so a change made only to ID, Cost, Projects
// or Points is not written.
func Write(w io.Writer, e *Election) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = e.CRLF
	put := func(rec ...string) {
		copied := false
		for i, f := range rec {
			if strings.ContainsRune(f, '\r') {
				// A line break in a field is written as "\n" (CRLF inside quotes on a CRLF file),
				// which is how Read gives it back; a carriage return on its own is a line break.
				if !copied {
					rec, copied = append([]string(nil), rec...), true
				}
				rec[i] = strings.ReplaceAll(strings.ReplaceAll(f, "\r\n", "\n"), "\r", "\n")
			}
		}
		_ = cw.Write(rec)
	}
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
