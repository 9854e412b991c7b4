package knowledge

import (
	"context"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/hub"
)

// Starter is a capability that offers templates to start its work from a method. Templates
// lists them in a language; StartFromTemplate creates a draft, filled in from the template and
// params (hub.Param* names), for the actor to adjust, and returns the address of its edit page.
// It refuses, with the capability's own errors, what the actor may not do.
type Starter interface {
	Templates(lang string) []hub.Template
	StartFromTemplate(ctx context.Context, a *actor.Actor, key string, params map[string]string) (url string, err error)
}

// CaseSource is a capability whose finished work a case study can be drafted from. CaseSources
// lists the finished work the actor may write up; DraftCase returns one piece of it as a draft,
// refusing (errs.Forbidden or NotFound) what the actor may not see.
type CaseSource interface {
	CaseSources(ctx context.Context, a *actor.Actor, lang string) ([]hub.CaseRef, error)
	DraftCase(ctx context.Context, a *actor.Actor, ref string) (hub.CaseDraft, error)
}

// EventLookup is the events capability's summary of an event (CONTRACTS.md), for a course run
// live as an event.
type EventLookup interface {
	EventSummary(ctx context.Context, eventID string) (title, url string, startsAt time.Time, err error)
}
