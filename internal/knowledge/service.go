package knowledge

import (
	"context"
	"log/slog"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/outbox"
)

// Deps are what the service needs.
type Deps struct {
	DB       *db.DB
	Outbox   *outbox.Outbox
	Identity *identity.Service
	T        func(lang, key string, args ...any) string
	BaseURL  string
	Log      *slog.Logger
	// Licence is the open licence methods and cases are published under (config).
	Licence string
}

// Service is the knowledge hub's rules.
type Service struct {
	Deps
	// Found in Connect; each may be empty.
	Starters []Starter
	Sources  []CaseSource
	Events   EventLookup

	kick chan struct{}
	// searchChanged tells the search index of a change (set by build).
	searchChanged func()
}

// NewService makes the service.
func NewService(d Deps) *Service { return &Service{Deps: d, kick: make(chan struct{}, 1)} }

// Editor reports whether a person may write and review the library: council officers and admins.
func Editor(a *actor.Actor) bool { return a.Has("officer", "admin") }

func forbidden() error { return errs.E(errs.Forbidden, "error.forbidden") }

// editing runs fn in one transaction for an editor (an officer or admin); anyone else is refused.
func (s *Service) editing(ctx context.Context, a *actor.Actor, fn func(ctx context.Context) error) error {
	if !Editor(a) {
		return forbidden()
	}
	return s.DB.WithTx(ctx, fn)
}

func notFound() error { return errs.E(errs.NotFound, "error.not_found") }

// Reindex asks the search index to take in a change at once rather than at its next round.
func (s *Service) Reindex() {
	if s.searchChanged != nil {
		s.searchChanged()
	}
	if s.kick == nil {
		return
	}
	select {
	case s.kick <- struct{}{}:
	default:
	}
}
