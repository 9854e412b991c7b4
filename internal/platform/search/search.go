package search

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/search/stem"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the index's tables.
var Migrations = db.Embedded("search", migrationsFS)

// Audience tokens.
const (
	Public   = "public"
	SignedIn = "signed-in"
	Officers = "officers"
)

// Org is the audience of an organisation's members.
func Org(id string) string { return "org:" + id }

// Group is the audience of a network group's members.
func Group(id string) string { return "group:" + id }

// Doc is one searchable thing, as a capability offers it.
type Doc struct {
	Kind      string // what it is, a message key suffix: "method", "asset", "event", "thread", ...
	ID        string // unique within Kind
	Title     string // in English, or the only language it was written in
	TitleCy   string // in Welsh, when there is a Welsh title
	Summary   string // plain text shown under the title (a sentence or two)
	SummaryCy string
	Body      string // more text to search in but not shown (a description, a transcript)
	BodyCy    string
	URL       string // its page, relative to the site ("/events/<id>")
	AreaID    string // the area it is in, "" for none
	Audience  []string
	Changed   time.Time // when it last changed, if known
}

// Source is a capability that offers its searchable documents: every one that anyone may see,
// each with its audience. Drafts, hidden and withdrawn things are left out.
//
// SearchSource names the source (the capability's name); the index keeps each source's
// documents apart, so a source that fails keeps what it had and one that offers nothing more
// has its documents removed.
type Source interface {
	SearchSource() string
	SearchDocuments(ctx context.Context) ([]Doc, error)
}

// Changed is offered by the index's owner: a capability that finds it calls SearchChanged after
// a write, and the index takes the change in at once rather than at its next round.
type Changed interface {
	SearchChanged()
}

// Audiences is a capability that knows audiences a person belongs to beyond their roles and
// organisations (network: the groups they are a member of).
type Audiences interface {
	SearchAudiences(ctx context.Context, a *actor.Actor) ([]string, error)
}

// ReaderAudiences are the audience tokens of a reader from their actor alone: public, and when
// signed in, signed-in, their organisations and officers for officers and admins.
func ReaderAudiences(a *actor.Actor) []string {
	out := []string{Public}
	if !a.SignedIn() {
		return out
	}
	out = append(out, SignedIn)
	for _, o := range a.Orgs {
		out = append(out, Org(o))
	}
	if a.Has("officer", "admin") {
		out = append(out, Officers)
	}
	return out
}

// maxWords bounds the words indexed per document, so a very long transcript cannot bloat it.
const maxWords = 5000

// terms is the stemmed words of a document: the title twice (so it weighs more), then the rest,
// each word stemmed both as English and as Welsh (text whose language is unknown is searchable
// in either), without repeats beyond the title's.
func (d Doc) terms() string {
	var b strings.Builder
	seen := map[string]bool{}
	add := func(text string, repeat bool) {
		for _, w := range stem.Words(text, maxWords) {
			for _, s := range []string{stem.English(w), stem.Welsh(w)} {
				if seen[s] && !repeat {
					continue
				}
				seen[s] = true
				b.WriteString(s)
				b.WriteByte(' ')
			}
		}
	}
	for _, t := range []string{d.Title, d.TitleCy} {
		add(t, true)
		add(t, true)
	}
	for _, t := range []string{d.Summary, d.SummaryCy, d.Body, d.BodyCy} {
		add(t, false)
	}
	return strings.TrimSpace(b.String())
}

func (d Doc) audience() string {
	a := slices.Clone(d.Audience)
	slices.Sort(a)
	return " " + strings.Join(slices.Compact(a), " ") + " "
}

// stemVersion names the stemmers' rules: change it when package stem changes what it makes of
// a word, and every document is indexed again at the next refresh.
const stemVersion = "stem-2"

// hash is the document as offered, so an unchanged document is recognised without stemming it.
func (d Doc) hash() string {
	h := sha256.New()
	for _, s := range []string{stemVersion, d.Kind, d.Title, d.TitleCy, d.Summary, d.SummaryCy, d.Body, d.BodyCy, d.URL, d.AreaID, d.audience()} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// QueryWords is how many words of text a search will look for (after the limits); 0 means
// the text holds nothing to search for.
func QueryWords(text string) int { return len(queryWords(text)) }

// Query is one search.
type Query struct {
	Text      string
	Kinds     []string // only these kinds; empty: every kind
	AreaID    string
	Audiences []string // the reader's audience tokens
	Limit     int
	Offset    int
}

// MaxQueryWords bounds a search's words.
const MaxQueryWords = 8

// Hit is one document found.
type Hit struct {
	Kind, ID           string
	Title, TitleCy     string
	Summary, SummaryCy string
	URL, AreaID        string
}

// Result is a page of hits, with how many there are in all and by kind.
type Result struct {
	Hits   []Hit
	Total  int
	ByKind map[string]int
}

// MaxWordLen bounds one word of a search, in bytes; longer words are dropped.
const MaxWordLen = 60

// MaxQueryLen bounds a search's text, in characters, before it is split into words.
const MaxQueryLen = 200

// queryWords turns a search's text into its stemmed alternatives: for each word, its English
// and Welsh stems. Both databases match a document holding either stem of every word.
func queryWords(text string) [][]string {
	var out [][]string
	text, _ = Cut(text)
	for _, w := range stem.Words(text, MaxQueryWords) {
		if len(w) > MaxWordLen {
			continue
		}
		e, c := stem.English(w), stem.Welsh(w)
		alts := []string{e}
		if c != e {
			alts = append(alts, c)
		}
		out = append(out, alts)
	}
	return out
}

// Cut is the part of a search's text that is searched for: its first MaxQueryLen characters and,
// of those, its first MaxQueryWords words. cut reports whether anything was left out, so the
// page can say so.
func Cut(text string) (used string, cut bool) {
	if r := []rune(text); len(r) > MaxQueryLen {
		text, cut = string(r[:MaxQueryLen]), true
	}
	if len(stem.Words(text, 0)) > MaxQueryWords {
		cut = true
	}
	return text, cut
}
