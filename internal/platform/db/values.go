package db

import (
	"database/sql"
	"strings"
	"time"
)

// Small conversions every store needs between Go values and nullable columns.

// NullString is s for a nullable text column: NULL when s is empty.
func NullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TimeOf is a nullable time column read back: nil when NULL, else the time in UTC.
func TimeOf(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// likeEscaper escapes LIKE's wildcards and its escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LikeEscape makes s match itself in a LIKE pattern written with ESCAPE '\'.
func LikeEscape(s string) string { return likeEscaper.Replace(s) }
