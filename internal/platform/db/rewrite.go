package db

import (
	"regexp"
	"sort"
	"strings"
)

// A shared migration (migrations/NNN_name.sql) is written once, in PostgreSQL's words, and
// Rewrite derives each database's text from it. The rules are few, and each one only replaces
// a word with SQLite's word for the same thing (or drops an option the other database has no use
// for). They apply to SQL only: never inside a comment, a quoted identifier or a string, but for
// the one rule about timestamp strings.
//
// For SQLite:
//   - TIMESTAMPTZ becomes TIMESTAMP: the SQLite driver reads a column as a time only when it is
//     declared DATE, DATETIME or TIMESTAMP.
//   - BYTEA becomes BLOB: SQLite gives a BYTEA column numeric affinity.
//   - BIGINT becomes INTEGER and DOUBLE PRECISION becomes REAL: the same affinity either way, but
//     INTEGER PRIMARY KEY is SQLite's row id, and the schema reads as SQLite's own.
//   - COLLATE "C" is dropped: SQLite's default collation (BINARY) already compares bytes.
//   - a timestamp string whose zone is written +00 ('2026-01-01 00:00:00+00') loses it: SQLite
//     keeps times as UTC text, and its driver does not read a zone written so.
//
// For PostgreSQL:
//   - WITHOUT ROWID is dropped: a SQLite table option; PostgreSQL tables have no row id.
//
// Everything else must mean the same on both databases. Statements that cannot (a full-text
// table, a trigger, SQLite's table rebuilds, functions only one database has) go in
// NNN_name.sqlite.sql and NNN_name.postgres.sql, each used as it stands (see Migrations).
func Rewrite(dialect, script string) string {
	var rules []rewriteRule
	switch dialect {
	case "sqlite":
		rules = sqliteRules
	case "postgres":
		rules = postgresRules
	}
	inCode, stringAt := scanSQL(script)
	type edit struct {
		start, end int
		with       string
	}
	var edits []edit
	for _, r := range rules {
		for _, m := range r.re.FindAllStringIndex(script, -1) {
			if inCode[m[0]] {
				edits = append(edits, edit{m[0], m[1], r.with})
			}
		}
	}
	if dialect == "sqlite" {
		for _, m := range utcTimestamp.FindAllStringSubmatchIndex(script, -1) {
			// Only a whole string: the quote that starts the match opens a string literal.
			if stringAt[m[0]] {
				edits = append(edits, edit{m[0], m[1], "'" + script[m[2]:m[3]] + "'"})
			}
		}
	}
	if len(edits) == 0 {
		return script
	}
	// The rules match different words, so edits do not overlap; one that did would be skipped.
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		b.WriteString(script[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.WriteString(script[at:])
	return b.String()
}

type rewriteRule struct {
	re   *regexp.Regexp
	with string
}

var (
	sqliteRules = []rewriteRule{
		{regexp.MustCompile(`(?i)\bTIMESTAMPTZ\b`), "TIMESTAMP"},
		{regexp.MustCompile(`(?i)\bBYTEA\b`), "BLOB"},
		{regexp.MustCompile(`(?i)\bBIGINT\b`), "INTEGER"},
		{regexp.MustCompile(`(?i)\bDOUBLE\s+PRECISION\b`), "REAL"},
		{regexp.MustCompile(`(?i)[ \t]+COLLATE\s+"C"`), ""},
	}
	postgresRules = []rewriteRule{
		{regexp.MustCompile(`(?i)[ \t]*\bWITHOUT\s+ROWID\b`), ""},
	}
	utcTimestamp = regexp.MustCompile(`'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\+00'`)
)

// scanSQL tells, for every byte of script, whether it is SQL (not inside a comment, a quoted
// identifier, a string or a dollar-quoted string), and where string literals open. A delimiter
// that opens a quoted part counts as SQL itself, so that a rule may start at it.
func scanSQL(script string) (inCode, stringAt []bool) {
	inCode = make([]bool, len(script)+1)
	stringAt = make([]bool, len(script)+1)
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case c == '-' && i+1 < len(script) && script[i+1] == '-':
			for i < len(script) && script[i] != '\n' {
				i++
			}
			if i < len(script) {
				inCode[i] = true
			}
		case c == '/' && i+1 < len(script) && script[i+1] == '*':
			end := strings.Index(script[i+2:], "*/")
			if end < 0 {
				i = len(script)
			} else {
				i += end + 3
			}
		case c == '\'' || c == '"' || c == '`':
			inCode[i] = true
			stringAt[i] = c == '\''
			for i++; i < len(script); i++ {
				if script[i] == c {
					if i+1 < len(script) && script[i+1] == c {
						i++
						continue
					}
					break
				}
			}
		case c == '$':
			inCode[i] = true
			j := i + 1
			for j < len(script) && (script[j] == '_' || script[j] >= 'a' && script[j] <= 'z' || script[j] >= 'A' && script[j] <= 'Z' || script[j] >= '0' && script[j] <= '9' && j > i+1) {
				j++
			}
			if j < len(script) && script[j] == '$' && !(j > i+1 && script[i+1] >= '0' && script[i+1] <= '9') {
				tag := script[i : j+1]
				if end := strings.Index(script[j+1:], tag); end >= 0 {
					i = j + end + len(tag)
				} else {
					i = len(script)
				}
			}
		default:
			inCode[i] = true
		}
	}
	return inCode, stringAt
}
