// Package hub holds the few values capabilities exchange with the knowledge hub without
// importing it: the templates a capability offers to start its work from a method, and the
// case-study drafts it makes from its finished work. The interfaces that use them are declared
// by the consumer (internal/knowledge: Starter and CaseSource); a capability implements them
// with these types alone (see docs/adding-a-capability.md).
//
// It owns no tables and imports only the standard library.
package hub

import "time"

// What a template may ask for before it starts a draft. The knowledge hub shows a field for
// each and passes the answers in the params of StartFromTemplate under these names, with
// ParamTitle always present.
const (
	ParamTitle        = "title"           // the draft's title (always asked)
	ParamOrganisation = "organisation_id" // an organisation the person belongs to
	ParamDate         = "date"            // a day, YYYY-MM-DD (an event's day, a project's start)
	ParamAmount       = "amount"          // a sum of money in whole pounds (a PB budget)
	ParamLang         = "lang"            // the language of the page the person used (en or cy)
)

// Template is one way a capability can start its work from a method: a PB process with its
// phases, a co-production project with its stages, an event with a workshop programme.
type Template struct {
	Key         string   // unique across Commons: "capability/name", like "events/world-cafe"
	Capability  string   // the capability that starts it ("events")
	Title       string   // in the language asked for
	Description string   // what the draft will hold, in the language asked for
	Needs       []string // Param* names the template asks for besides the title
}

// CaseRef is a finished piece of work a case study can be drafted from.
type CaseRef struct {
	Ref        string // the capability's own reference, passed back to DraftCase ("project/<id>")
	Capability string
	Title      string
	Kind       string // what it is, in the language asked for ("Co-production project")
	FinishedAt time.Time
}

// Figure is one number of a case's outcomes or indicators, charted on the case's page.
type Figure struct {
	Label  string
	Value  float64
	Target float64 // 0 when there is none
	Unit   string  // "people", "£", "%", ...
}

// CaseDraft is what a capability knows about finished work, for its author to edit into a case
// study: real outcomes, indicators, the learning log, dates and who and where it involved.
type CaseDraft struct {
	Title         string
	Summary       string   // plain text, a paragraph
	Story         string   // Markdown: what was done
	Outcomes      []Figure // results against what was aimed for
	Indicators    []Figure // other measures
	Learning      []string // the learning log, one entry each
	StartedOn     string   // YYYY-MM-DD or ""
	EndedOn       string   // YYYY-MM-DD or ""
	Participants  int
	Organisations []string // organisation ids
	Areas         []string // area ids
	Assets        []string // asset ids (places)
	Methods       []string // slugs of methods it used, when the capability knows ("participatory-budgeting")
	SourceURL     string   // the work's own page
}

// Completion is something a person completed in the knowledge hub (a training course), as a
// profile or own page elsewhere lists it. The knowledge service offers CompletedCourses(ctx,
// accountID, lang) ([]Completion, error); a capability that shows a person's page declares that
// one-method interface and finds it with capability.Find.
type Completion struct {
	Title       string    // in the language asked for
	URL         string    // the course's page, relative to the site
	CompletedAt time.Time // when it was completed
	Helped      string    // how an officer recorded it on the person's behalf ("in_person", ...), or ""
}
