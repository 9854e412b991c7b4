package importcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is what a file holds.
type Kind string

const (
	Members   Kind = "members"
	Transfers Kind = "transfers"
)

// Limits of a file.
const (
	MaxRows    = 5000
	MaxBytes   = 1 << 20
	MaxName    = 120
	MaxNote    = 500
	MaxContact = 300
	// MaxMinutes is the largest amount a row may hold: a balance or a transfer of 1,000 hours.
	MaxMinutes = 60_000
)

// Member is one row of a members file.
type Member struct {
	Line       int    `json:"line"`
	Ref        string `json:"ref,omitempty"` // the member's id in the old system
	Name       string `json:"name"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Kind       string `json:"kind"` // person or organisation
	Balance    int64  `json:"balance_minutes"`
	HasBalance bool   `json:"has_balance"`
}

// Transfer is one row of a history file: Minutes moved out of From's account (they received
// the help) into To's (they gave it).
type Transfer struct {
	Line     int    `json:"line"`
	Date     string `json:"date"` // yyyy-mm-dd
	From     string `json:"from"` // a member's ref or name
	To       string `json:"to"`
	Minutes  int64  `json:"minutes"`
	Category string `json:"category,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Problem is what is wrong with one row (Line 1 is the heading row). Code names the problem;
// Field the column.
type Problem struct {
	Line  int    `json:"line"`
	Field string `json:"field,omitempty"`
	Code  string `json:"code"`
}

// File is a read file: its rows that are right, and a problem for each one that is not.
type File struct {
	Kind      Kind       `json:"kind"`
	Rows      int        `json:"rows"`
	Members   []Member   `json:"members,omitempty"`
	Transfers []Transfer `json:"transfers,omitempty"`
	Problems  []Problem  `json:"problems"`
}

// Errors for a file that cannot be read at all.
var (
	ErrEmpty    = errors.New("importcsv: the file is empty")
	ErrTooBig   = errors.New("importcsv: the file is too big")
	ErrNotCSV   = errors.New("importcsv: the file is not CSV")
	ErrColumns  = errors.New("importcsv: the headings name neither members nor transfers")
	ErrTooMany  = errors.New("importcsv: the file has too many rows")
	ErrEncoding = errors.New("importcsv: the file is not UTF-8 text")
)

// the headings each column goes by
var headings = map[string][]string{
	"name":     {"name", "full name", "member", "member name", "username", "display name"},
	"ref":      {"ref", "id", "member id", "member_id", "number", "member number", "reference"},
	"email":    {"email", "e-mail", "email address"},
	"phone":    {"phone", "telephone", "mobile", "phone number"},
	"kind":     {"kind", "type", "member type", "accountable_type"},
	"balance":  {"balance", "hours balance", "time balance"},
	"date":     {"date", "created_at", "created at", "when", "transfer date"},
	"from":     {"from", "payer", "source", "source_id", "source id", "receiver", "received by", "recipient"},
	"to":       {"to", "payee", "destination", "destination_id", "destination id", "giver", "given by", "provider"},
	"amount":   {"amount", "minutes", "hours", "seconds", "time", "duration"},
	"category": {"category", "service", "skill", "type of help"},
	"note":     {"note", "reason", "description", "details", "comment"},
}

// unit is what a heading's numbers count: "hours", "minutes" or "seconds".
func unit(h string) string {
	if i := strings.IndexByte(h, '('); i >= 0 {
		u := strings.Trim(h[i+1:], " )")
		switch {
		case strings.HasPrefix(u, "min"):
			return "minutes"
		case strings.HasPrefix(u, "sec"):
			return "seconds"
		case strings.HasPrefix(u, "h"):
			return "hours"
		}
	}
	base := strings.TrimSpace(strings.Split(h, "(")[0])
	switch base {
	case "minutes":
		return "minutes"
	case "seconds":
		return "seconds"
	}
	return "hours"
}

// Parse reads a file. It fails only when the file cannot be read as CSV with headings; every
// problem with a row is a Problem, and the row is left out.
func Parse(r io.Reader) (File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return File{}, ErrNotCSV
	}
	if len(data) > MaxBytes {
		return File{}, ErrTooBig
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return File{}, ErrEmpty
	}
	if !utf8.Valid(data) {
		return File{}, ErrEncoding
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	// A semicolon-separated file (as Excel writes in much of Europe) is read as such.
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	head, err := cr.Read()
	if err != nil {
		return File{}, ErrNotCSV
	}
	cols := map[string]int{}
	units := map[string]string{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		base := strings.TrimSpace(strings.Split(h, "(")[0])
		for col, names := range headings {
			for _, n := range names {
				if base == n {
					if _, dup := cols[col]; !dup {
						cols[col] = i
						units[col] = unit(h)
					}
				}
			}
		}
	}
	f := File{Problems: []Problem{}}
	_, hasFrom := cols["from"]
	_, hasTo := cols["to"]
	_, hasName := cols["name"]
	switch {
	case hasFrom && hasTo:
		f.Kind = Transfers
		for _, need := range []string{"date", "amount"} {
			if _, ok := cols[need]; !ok {
				return File{}, ErrColumns
			}
		}
	case hasName:
		f.Kind = Members
	default:
		return File{}, ErrColumns
	}
	line := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err == nil {
			line, _ = cr.FieldPos(0) // the file's own line: csv skips empty lines
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				f.Problems = append(f.Problems, Problem{Line: pe.StartLine, Code: "unreadable"})
				// csv cannot go on reliably after a broken quote; stop here.
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					break
				}
				continue
			}
			return File{}, ErrNotCSV
		}
		if blank(rec) {
			continue
		}
		f.Rows++
		if f.Rows > MaxRows {
			return File{}, ErrTooMany
		}
		get := func(col string) string {
			i, ok := cols[col]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if f.Kind == Members {
			m, probs := member(line, get, units["balance"])
			if len(probs) > 0 {
				f.Problems = append(f.Problems, probs...)
				continue
			}
			f.Members = append(f.Members, m)
			continue
		}
		t, probs := transfer(line, get, units["amount"])
		if len(probs) > 0 {
			f.Problems = append(f.Problems, probs...)
			continue
		}
		f.Transfers = append(f.Transfers, t)
	}
	if f.Rows == 0 && len(f.Problems) == 0 {
		return File{}, ErrEmpty
	}
	return f, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func member(line int, get func(string) string, balUnit string) (Member, []Problem) {
	var probs []Problem
	bad := func(field, code string) { probs = append(probs, Problem{Line: line, Field: field, Code: code}) }
	m := Member{Line: line, Ref: get("ref"), Name: get("name"), Email: get("email"), Phone: get("phone"), Kind: "person"}
	if n := utf8.RuneCountInString(m.Name); n == 0 {
		bad("name", "name_missing")
	} else if n > MaxName || !printable(m.Name) {
		bad("name", "name_bad")
	}
	if len(m.Ref) > 100 || !printable(m.Ref) {
		bad("ref", "ref_bad")
	}
	if m.Email != "" && (len(m.Email) > 254 || !strings.Contains(m.Email, "@") || strings.ContainsAny(m.Email, " <>,;\"")) {
		bad("email", "email_bad")
	}
	if len(m.Phone) > 40 || !printable(m.Phone) {
		bad("phone", "phone_bad")
	}
	switch k := strings.ToLower(get("kind")); k {
	case "", "person", "individual", "member", "user":
	case "organisation", "organization", "org", "group", "business", "charity":
		m.Kind = "organisation"
	default:
		bad("kind", "kind_bad")
	}
	if b := get("balance"); b != "" {
		v, ok := amount(b, balUnit, true)
		if !ok {
			bad("balance", "amount_bad")
		}
		m.Balance, m.HasBalance = v, true
	}
	return m, probs
}

func transfer(line int, get func(string) string, amtUnit string) (Transfer, []Problem) {
	var probs []Problem
	bad := func(field, code string) { probs = append(probs, Problem{Line: line, Field: field, Code: code}) }
	t := Transfer{Line: line, From: get("from"), To: get("to"), Category: strings.ToLower(get("category")), Note: get("note")}
	if d, ok := Date(get("date")); ok {
		t.Date = d
	} else {
		bad("date", "date_bad")
	}
	if t.From == "" || len(t.From) > MaxName || !printable(t.From) {
		bad("from", "party_bad")
	}
	if t.To == "" || len(t.To) > MaxName || !printable(t.To) {
		bad("to", "party_bad")
	}
	if t.From != "" && t.From == t.To {
		bad("to", "same_party")
	}
	v, ok := amount(get("amount"), amtUnit, false)
	if !ok || v <= 0 {
		bad("amount", "amount_bad")
	}
	t.Minutes = v
	if utf8.RuneCountInString(t.Note) > MaxNote || !printable(t.Note) {
		bad("note", "note_bad")
	}
	if utf8.RuneCountInString(t.Category) > 60 {
		bad("category", "category_bad")
	}
	return t, probs
}

// printable reports whether s holds no control characters.
func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}

// amount reads a number of hours, minutes or seconds as whole minutes. Hours may be "1.5" or
// "1:30"; seconds must make whole minutes. Negative amounts only where signed is set.
func amount(s, u string, signed bool) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\u2212", "-")
	neg := strings.HasPrefix(s, "-")
	if neg {
		if !signed {
			return 0, false
		}
		s = s[1:]
	}
	s = strings.TrimPrefix(s, "+")
	if s == "" || len(s) > 20 {
		return 0, false
	}
	var m int64
	switch u {
	case "minutes", "seconds":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return 0, false
		}
		if u == "seconds" {
			if n%60 != 0 {
				return 0, false
			}
			n /= 60
		}
		m = n
	default:
		if h, mm, ok := strings.Cut(s, ":"); ok {
			hh, err1 := strconv.ParseInt(h, 10, 64)
			mi, err2 := strconv.ParseInt(mm, 10, 64)
			if err1 != nil || err2 != nil || hh < 0 || mi < 0 || mi > 59 || len(mm) != 2 {
				return 0, false
			}
			m = hh*60 + mi
			break
		}
		whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
		if whole == "" {
			whole = "0"
		}
		h, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || h < 0 || len(frac) > 4 || h > MaxMinutes {
			return 0, false
		}
		m = h * 60
		if frac != "" {
			n, err := strconv.ParseInt(frac, 10, 64)
			if err != nil || n < 0 || frac[0] == '+' || frac[0] == '-' {
				return 0, false
			}
			den := int64(1)
			for range frac {
				den *= 10
			}
			if n*60%den != 0 {
				return 0, false
			}
			m += n * 60 / den
		}
	}
	if m > MaxMinutes {
		return 0, false
	}
	if neg {
		m = -m
	}
	return m, true
}

// Date reads a date in one of the forms other systems write and returns it as yyyy-mm-dd.
func Date(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04:05", "2006-01-02 15:04", time.RFC3339, "2006-01-02T15:04:05",
		"2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700", "02/01/2006", "2/1/2006", "02/01/2006 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2200 {
				return "", false
			}
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}
