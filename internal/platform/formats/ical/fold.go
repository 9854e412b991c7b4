package ical

import (
	"bufio"
	"unicode/utf8"
)

// maxOctets is the longest content line RFC 5545 §3.1 allows, excluding the
// CRLF.
const maxOctets = 75

// lineWriter writes content lines, folding them; the first error sticks.
type lineWriter struct {
	w   *bufio.Writer
	err error
}

func (lw *lineWriter) line(name, value string) {
	if lw.err != nil {
		return
	}
	_, lw.err = lw.w.WriteString(Fold(name + ":" + value))
}

// Fold returns one content line folded into pieces of at most 75 octets,
// each ending in CRLF, continuation pieces starting with a space. It cuts
// only between UTF-8 characters, so a Welsh ŵ is never split.
func Fold(line string) string {
	out := make([]byte, 0, len(line)+len(line)/maxOctets*3+2)
	limit := maxOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8 after all: cut at the octet limit
			cut = limit
		}
		out = append(out, line[:cut]...)
		out = append(out, "\r\n "...)
		line = line[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	out = append(out, line...)
	return string(append(out, "\r\n"...))
}
