// Package web is the web kit every capability's handlers use: the page shell and rendering with
// translations, DB-backed sessions, CSRF protection, middleware, forms with the GOV.UK error
// summary, and the one table from error codes to HTTP statuses (HTML and problem+json).
//
// It owns the sessions table (migrations/). It never imports a capability: the signed-in user is
// loaded through the LoadUser function the composition root supplies.
package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
)

//go:embed templates/*.html
var shellFS embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the web kit's tables (sessions).
var Migrations = db.Embedded("web", migrationsFS)

// NavLink is an entry in the service navigation; each capability adds its own.
type NavLink struct {
	Key   string   // message key of the link text
	Href  string   // path
	Roles []string // shown only to these roles; empty for everyone
}

// Options configure a Kit.
type Options struct {
	PlaceName      string
	Secure         bool // serve cookies with Secure (site behind TLS)
	SessionTTL     time.Duration
	TrustedProxies []netip.Prefix // reverse proxies whose X-Forwarded-For names the client
	MailConfigured bool
	Bundle         *i18n.Bundle
	DB             *db.DB
	Log            *slog.Logger
	Nav            []NavLink
	Templates      map[string]fs.FS // capability → FS holding templates/*.html
	LoadUser       func(r *http.Request, accountID string) (*actor.Actor, error)
	LoadTokenUser  func(r *http.Request, token string) (*actor.Actor, error)
	// LanguageChosen, if set, is told when a signed-in person picks a language with the
	// English/Cymraeg link, so the composition root can remember it on their account.
	LanguageChosen func(r *http.Request, u *actor.Actor, lang string) error
	// DBTimeout bounds the database time of each request: its context ends then, which stops
	// its queries on both databases, and the answer is a 503 page saying so. Zero: no bound.
	DBTimeout time.Duration
	// BodyLimit, if set, is the largest body a request's route takes (0: MaxBody).
	BodyLimit func(r *http.Request) int64
	// NoCSRF lists path prefixes whose POSTs carry no CSRF token because a mail program sends
	// them (one-click unsubscribe, RFC 8058); their handlers must need no session.
	NoCSRF []string
	// NavCounts, by a navigation link's href, count what waits for the signed-in person there
	// (unread notifications); the menu shows the number beside the link when it is above 0.
	NavCounts map[string]func(ctx context.Context, accountID string) (int, error)
}

// Kit renders pages and runs the middleware.
type Kit struct {
	Options
	static *Static
	// pages holds every page once per language, with its fixed texts and static URLs filled in
	// (templates.go): the first language's at start, the others' when first asked for (about
	// 10 MB each, so a server nobody reads in Welsh does not hold a Welsh copy).
	pages     map[string]map[string]*template.Template
	pagesMu   sync.Mutex
	pagesErrs map[string]error
}

// pagesIn returns every page in lang, parsing them the first time.
func (k *Kit) pagesIn(lang string) (map[string]*template.Template, error) {
	if !i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	k.pagesMu.Lock()
	defer k.pagesMu.Unlock()
	if p, ok := k.pages[lang]; ok {
		return p, nil
	}
	if err := k.pagesErrs[lang]; err != nil {
		return nil, err
	}
	p, err := k.parsePages(lang)
	if err != nil {
		k.pagesErrs[lang] = err
		return nil, err
	}
	k.pages[lang] = p
	return p, nil
}

// New parses every template once per language; a template that fails to parse stops the start.
func New(o Options) (*Kit, error) {
	k := &Kit{Options: o, pages: map[string]map[string]*template.Template{}, pagesErrs: map[string]error{}}
	st, err := NewStatic()
	if err != nil {
		return nil, err
	}
	k.static = st
	// Every template is parsed now, so a broken one stops the start; the other languages'
	// copies come from the same sources and so cannot fail differently.
	if _, err := k.pagesIn(i18n.Languages[0]); err != nil {
		return nil, err
	}
	return k, nil
}

// parsePages parses the shell, every capability's partials and pages, for one language ("":
// calling T on every request, as written). Each step's new templates have their constants filled
// in as they are parsed, so clones share the filled-in shell and partials.
func (k *Kit) parsePages(lang string) (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	done := map[*parse.Tree]bool{}
	fill := func(t *template.Template) {
		if lang == "" {
			return
		}
		for _, tt := range t.Templates() {
			if tt.Tree != nil && !done[tt.Tree] {
				done[tt.Tree] = true
				k.constants(tt.Tree.Root, lang)
			}
		}
	}
	base, err := template.New("shell").Funcs(funcs).ParseFS(shellFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("shell templates: %w", err)
	}
	fill(base)
	sources := map[string]fs.FS{"web": shellFS}
	for name, f := range k.Templates {
		sources[name] = f
	}
	for capName, f := range sources {
		files, err := fs.Glob(f, "templates/*.html")
		if err != nil {
			return nil, err
		}
		// Files whose names start with "_" are the capability's partials, shared by its pages.
		capBase := base
		if partials, _ := fs.Glob(f, "templates/_*.html"); len(partials) > 0 && capName != "web" {
			if capBase, err = base.Clone(); err != nil {
				return nil, err
			}
			if _, err := capBase.ParseFS(f, partials...); err != nil {
				return nil, fmt.Errorf("%s partials: %w", capName, err)
			}
			fill(capBase)
		}
		for _, file := range files {
			fileName := path.Base(file)
			name := capName + "/" + strings.TrimSuffix(fileName, ".html")
			if strings.HasPrefix(fileName, "_") || capName == "web" && !strings.HasPrefix(fileName, "page_") {
				continue // partials and the shell's layout, not pages
			}
			t, err := capBase.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := t.ParseFS(f, file); err != nil {
				return nil, fmt.Errorf("template %s: %w", name, err)
			}
			if t.Lookup("content") == nil {
				return nil, fmt.Errorf("template %s defines no \"content\"", name)
			}
			fill(t)
			pages[name] = t
		}
	}
	return pages, nil
}

// PageNames lists every parsed page, for the start-up guard test.
func (k *Kit) PageNames() []string {
	var out []string
	pages, _ := k.pagesIn(i18n.Languages[0])
	for n := range pages {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Static is the content-hashed static file server.
func (k *Kit) Static() *Static { return k.static }

var funcs = template.FuncMap{
	// dict builds a map for passing several values to a partial template.
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, ok := kv[i].(string) // always, in practice: a list's rows call this once each
			if !ok {
				k = fmt.Sprint(kv[i])
			}
			m[k] = kv[i+1]
		}
		return m
	},
	// date is the English short form in London time. Pages should use the Page's Day, DayTime,
	// DayShort, Weekday and MonthYear, which follow the page's language.
	"date": func(t time.Time) string { return i18n.DayShort("en", t) + " " + i18n.Clock(t) },
	"join": strings.Join,
}

// Page is what every page's data embeds: the shell's needs and the translator.
type Page struct {
	Lang      string
	TitleKey  string
	TitleArgs []any
	Place     string
	User      *actor.Actor
	CSRF      string
	Flash     string // message key of a one-off notification
	Nav       []NavLink
	Path      string
	Query     string
	NavCounts map[string]int // by href: what waits there for the signed-in person
	RequestID string
	Errors    *Form // for the error summary and the "Error: " title prefix
	bundle    *i18n.Bundle
	static    *Static
}

func (p *Page) language() string { return p.Lang }

// T translates a key into the page's language.
func (p *Page) T(key string, args ...any) string { return p.bundle.T(p.Lang, key, args...) }

// Day is a date in the page's language, in London: "6 December 2026" (i18n.Day).
func (p *Page) Day(t time.Time) string { return i18n.Day(p.Lang, t) }

// DayShort is a date with a short month, for tables: "6 Dec 2026" (i18n.DayShort).
func (p *Page) DayShort(t time.Time) string { return i18n.DayShort(p.Lang, t) }

// DayTime is a date and time in the page's language, in London: "6 December 2026 at 13:24".
func (p *Page) DayTime(t time.Time) string { return i18n.DayTime(p.Lang, t) }

// Weekday is a date with its day of the week: "Sunday 6 December 2026" (i18n.Weekday).
func (p *Page) Weekday(t time.Time) string { return i18n.Weekday(p.Lang, t) }

// MonthYear is a month and year: "December 2026" (i18n.MonthYear).
func (p *Page) MonthYear(t time.Time) string { return i18n.MonthYear(p.Lang, t) }

// Clock is a time of day in London on the 24-hour clock: "13:24" (i18n.Clock).
func (p *Page) Clock(t time.Time) string { return i18n.Clock(t) }

// DayOf is Day for a day stored as YYYY-MM-DD text (i18n.DayOf).
func (p *Page) DayOf(s string) string { return i18n.DayOf(p.Lang, s) }

// Label is the text for a code (an audit log action, a status) in the page's language: the
// message prefix+code when there is one, else the code itself.
func (p *Page) Label(prefix, code string) string {
	if p.bundle.Has(p.Lang, prefix+code) {
		return p.T(prefix + code)
	}
	return code
}

// Person is a person's name as shown beside what they did, or "A former member" (translated)
// when it is "", as it is once their account has been deleted.
func (p *Page) Person(name string) string {
	if name == "" || name == actor.FormerName {
		return p.T("shell.former_member")
	}
	return name
}

// Former is a name kept as text, or "A former member" in the page's language where the
// person's account has been deleted and the name replaced by actor.FormerName. Unlike Person,
// an empty name stays empty (it means no one, or an account with no person).
func (p *Page) Former(name string) string {
	if name == actor.FormerName {
		return p.T("shell.former_member")
	}
	return name
}

// Title is the translated page title for <title> and usually the h1.
func (p *Page) Title() string { return p.T(p.TitleKey, p.TitleArgs...) }

// Asset is the content-hashed URL of a static file.
func (p *Page) Asset(name string) string { return p.static.URL(name) }

// OtherLang is the language the switch offers.
func (p *Page) OtherLang() string {
	if p.Lang == "cy" {
		return "en"
	}
	return "cy"
}

// SwitchURL is the current page in the other language.
func (p *Page) SwitchURL() string {
	q := p.Query
	if q != "" {
		q += "&"
	}
	return p.Path + "?" + q + "lang=" + p.OtherLang()
}

// HasErrors reports whether the page shows an error summary.
func (p *Page) HasErrors() bool { return p.Errors != nil && len(p.Errors.Order) > 0 }

// N translates a count message (KEY.one, KEY.other, ... chosen by the language's plural rules,
// see i18n.Bundle.N) for the whole number n, which may be any integer type.
func (p *Page) N(key string, n any, args ...any) string {
	return p.bundle.N(p.Lang, key, toInt64(n), args...)
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case int32:
		return int64(v)
	case uint:
		return int64(v)
	}
	return 0
}

// VisibleNav is the navigation this user may see.
func (p *Page) VisibleNav() []NavLink {
	var out []NavLink
	for _, n := range p.Nav {
		if len(n.Roles) == 0 || p.User.Has(n.Roles...) {
			out = append(out, n)
		}
	}
	return out
}

// Current reports whether href is the current section.
func (p *Page) Current(href string) bool {
	return p.Path == href || (href != "/" && strings.HasPrefix(p.Path, href+"/"))
}

// NewPage starts a page for this request with a title key.
func (k *Kit) NewPage(r *http.Request, titleKey string, titleArgs ...any) Page {
	rc := reqCtx(r)
	p := Page{
		Lang: rc.lang, TitleKey: titleKey, TitleArgs: titleArgs, Place: k.PlaceName,
		User: rc.user, CSRF: rc.csrf, Flash: rc.flash, Nav: k.Nav, Path: r.URL.Path,
		Query: stripLang(r.URL.RawQuery), RequestID: rc.id, bundle: k.Bundle, static: k.static,
	}
	if rc.user != nil && !rc.user.Tokens && len(k.NavCounts) > 0 {
		for _, n := range p.VisibleNav() {
			count := k.NavCounts[n.Href]
			if count == nil {
				continue
			}
			c, err := count(r.Context(), rc.user.ID)
			if err != nil {
				Log(r).Warn("menu count", "href", n.Href, "err", err)
				continue
			}
			if c > 0 {
				if p.NavCounts == nil {
					p.NavCounts = map[string]int{}
				}
				p.NavCounts[n.Href] = c
			}
		}
	}
	return p
}

// Render executes a page into a buffer, then writes it: a template error never sends half a page.
func (k *Kit) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	lang := Lang(r)
	if p, ok := data.(interface{ language() string }); ok {
		lang = p.language()
	}
	pages, err := k.pagesIn(lang)
	if err != nil {
		k.serverError(w, r, err)
		return
	}
	t, ok := pages[name]
	if !ok {
		k.serverError(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare huge page is not kept
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		k.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// renderBuffers are pages' buffers, reused.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// T translates a key into the request's language (for messages outside pages, like mail).
func (k *Kit) T(r *http.Request, key string, args ...any) string {
	return k.Bundle.T(Lang(r), key, args...)
}
