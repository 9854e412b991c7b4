package capability

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"reflect"
	"time"

	"commons/internal/config"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/outbox"
	"commons/internal/platform/web"
)

// Access says who may reach a route. The route table applies the guard from it, and a table
// test checks that every route refuses everyone else.
type Access string

const (
	Public   Access = "public"
	SignedIn Access = "signed-in"
	// Officer routes are for council officers and admins; Moderator routes for moderators and
	// admins; Admin routes for admins.
	Officer   Access = "officer"
	Moderator Access = "moderator"
	Admin     Access = "admin"
)

// Route is one line of the route table.
type Route struct {
	Pattern string // net/http method pattern, "POST /events/{id}/register"
	Access  Access
	Handler web.HandlerFunc
	// MaxBody is the largest request body the route takes, in bytes; 0 is web.MaxBody (1 MiB).
	// A form with uploads sets it so its documented file limits fit (three attachments of
	// 512 KB, say); a larger body is answered 413 with the typed text shown again.
	MaxBody int64
}

// Body sets the largest request body the route takes (see Route.MaxBody).
func (r *Route) Body(max int64) { r.MaxBody = max }

// Capability describes one capability. The static parts are read before anything is built
// (migrations run before the server starts); Build wires the rest over a ready platform.
type Capability struct {
	// Name is the capability's folder name; its templates are named "Name/page".
	Name       string
	Migrations []db.Migrations
	Messages   fs.FS // messages/*.en.json and *.cy.json
	Templates  fs.FS // templates/*.html
	Nav        []web.NavLink
	// NoCSRF lists path prefixes whose POSTs carry no CSRF token (a mail program's one-click
	// unsubscribe, RFC 8058).
	NoCSRF []string
	// Commands are sub-commands of the commons program (commons NAME ...).
	Commands []Command
	Build    func(env *Env) (*Parts, error)
}

// Command is a sub-command a capability adds to the commons program.
type Command struct {
	Name    string // commons NAME
	Args    string // what follows the name in the usage, like "[flags]"
	Summary string // what it does, in a few words
	// Run runs the command. With Offline set it needs no database and env is nil; otherwise
	// it gets the built program's Env over the configured, migrated database, and args are what
	// follows the flags of commons serve. Returning ErrUsage exits with status 2.
	Offline bool
	Run     func(ctx context.Context, env *Env, args []string, stdout, stderr io.Writer) error
}

// ErrUsage is returned by a command whose command line was wrong; it has printed why.
var ErrUsage = errors.New("usage")

// ExitStatus is an exit status a command chose after printing its own message.
type ExitStatus int

func (e ExitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// Job is background work the server runs every so often (and at once when Kick fires), such
// as sending due notifications. Run returns how many things it did (messages queued,
// reminders sent), for /metrics.
type Job struct {
	Name  string        // a metric label: lower case, words joined by _ (network_notifications)
	Every time.Duration // how often it runs
	Kick  <-chan struct{}
	Run   func(ctx context.Context) (int, error)
}

// Parts is what a built capability adds to the running program.
type Parts struct {
	Routes []Route
	// OpenAPI adds the capability's paths (relative to /api/v1) and schemas to the document.
	OpenAPI func(paths, schemas openapi.Obj)
	// Demo loads the capability's part of the demo borough; it must be idempotent.
	Demo func(ctx context.Context) error
	// Workers are background loops; each returns when ctx ends. Several servers may run them
	// at once, so each must claim its work in the database.
	Workers []func(ctx context.Context)
	// Jobs are background work done again and again: the server runs each on its interval,
	// logs its failures and counts its runs on /metrics. Like Workers, they run on every server.
	Jobs []Job
	// Account says what the capability holds about a person; nil when it holds nothing.
	Account *AccountHooks
	// NavCounts count, by the href of one of the capability's navigation links, what waits
	// there for a signed-in person (unread notifications); the menu shows the number.
	NavCounts map[string]func(ctx context.Context, accountID string) (int, error)
	// Services are what the capability offers others (found with Find and All).
	Services []any
	// Connect runs once every capability is built, to find services of capabilities later in
	// the slice.
	Connect func(env *Env) error
}

// AccountHooks let identity's data download and account deletion reach every capability.
type AccountHooks struct {
	// Export returns everything the capability holds about the account, as JSON-ready values
	// (it appears in the download under the capability's name).
	Export func(ctx context.Context, accountID string) (any, error)
	// Delete removes or anonymises the account's records. It runs inside the deletion's
	// transaction (ctx carries it), before the account row itself is deleted.
	Delete func(ctx context.Context, accountID string) error
	// Tables says, for each of the capability's tables that points at a person, what deletion
	// does to its rows ("removed", "kept, shown as by a former member", ...). The account
	// deletion test in internal/app fails when a table that points at accounts is missing.
	Tables map[string]string
	// Seed is for that test: it makes one of every record the capability can hold about
	// People.Person, as the person would through the capability's own services. The test then
	// checks that the export holds every row that points at the person and that none is left
	// after Delete, on both databases.
	Seed func(ctx context.Context, people SeedPeople) error
}

// SeedPeople are the accounts an AccountHooks.Seed works with: the person whose every record it
// makes, a council officer (also an admin, moderator and organisation member) to act with or
// upon them, the person's organisation (the person is one of its members) and an area.
type SeedPeople struct {
	Person, Officer, Organisation, Area string
}

// Env is the ready platform a capability is built on.
type Env struct {
	Config config.Config
	DB     *db.DB
	Kit    *web.Kit
	Outbox *outbox.Outbox
	Log    *slog.Logger
	// T translates a message key into a language (en or cy).
	T func(lang, key string, args ...any) string

	services []any
}

// Provide makes services findable by every capability built after this call.
func (e *Env) Provide(services ...any) { e.services = append(e.services, services...) }

// Find returns the first provided service that is a T (a concrete type or an interface it
// implements).
func Find[T any](e *Env) (T, bool) {
	for _, s := range e.services {
		if t, ok := s.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// Need is Find for a service the capability cannot work without.
func Need[T any](e *Env) (T, error) {
	t, ok := Find[T](e)
	if !ok {
		return t, fmt.Errorf("no capability provides %v", reflect.TypeFor[T]())
	}
	return t, nil
}

// All returns every provided service that is a T, in the order they were provided.
func All[T any](e *Env) []T {
	var ts []T
	for _, s := range e.services {
		if t, ok := s.(T); ok {
			ts = append(ts, t)
		}
	}
	return ts
}

// Connect returns a Parts.Connect that fills each pointer with the first provided service of
// the type it points at (an interface the service implements, or its concrete type), as Find
// does; a pointer no capability provides for is left as it is (nil), so the capability must
// work without it. Each argument must be a non-nil pointer (&svc.Places); anything else panics
// when the capability is built, the program's own mistake.
//
//	Connect: capability.Connect(&svc.Events, &svc.Places, &svc.Finder),
func Connect(optional ...any) func(*Env) error {
	for _, p := range optional {
		if v := reflect.ValueOf(p); v.Kind() != reflect.Pointer || v.IsNil() {
			panic(fmt.Sprintf("capability.Connect: %T is not a pointer to fill", p))
		}
	}
	return func(e *Env) error {
		for _, p := range optional {
			e.fill(reflect.ValueOf(p).Elem())
		}
		return nil
	}
}

// fill sets dst to the first provided service that is dst's type, with Find's rule: a service
// implements dst's interface, or is exactly dst's concrete type.
func (e *Env) fill(dst reflect.Value) {
	want := dst.Type()
	for _, s := range e.services {
		if s == nil {
			continue
		}
		got := reflect.TypeOf(s)
		if (want.Kind() == reflect.Interface && got.Implements(want)) || got == want {
			dst.Set(reflect.ValueOf(s))
			return
		}
	}
}

// Table builds a route table that reads as one: a line a route, its access first.
type Table struct{ Routes []Route }

// add appends a route and returns it, so a line can go on to set its body limit:
// t.SignedIn("POST /x", h).Body(3 << 20). (Use the pointer at once: a later add may move it.)
func (t *Table) add(a Access, pattern string, h web.HandlerFunc) *Route {
	t.Routes = append(t.Routes, Route{Pattern: pattern, Access: a, Handler: h})
	return &t.Routes[len(t.Routes)-1]
}

// Public adds a route anyone may reach (the service may still refuse what it must).
func (t *Table) Public(pattern string, h web.HandlerFunc) *Route { return t.add(Public, pattern, h) }

// SignedIn adds a route for anyone signed in.
func (t *Table) SignedIn(pattern string, h web.HandlerFunc) *Route {
	return t.add(SignedIn, pattern, h)
}

// Officer adds a route for council officers and admins.
func (t *Table) Officer(pattern string, h web.HandlerFunc) *Route { return t.add(Officer, pattern, h) }

// Moderator adds a route for moderators and admins.
func (t *Table) Moderator(pattern string, h web.HandlerFunc) *Route {
	return t.add(Moderator, pattern, h)
}

// Admin adds a route for admins.
func (t *Table) Admin(pattern string, h web.HandlerFunc) *Route { return t.add(Admin, pattern, h) }
