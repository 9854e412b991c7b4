package events

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// The knowledge hub finds the events service as a knowledge.Starter (an event with a workshop
// programme, started from a method) and a knowledge.CaseSource (an event's published themes,
// drafted into a case study). Neither imports the other: the values are internal/platform/hub's.

// workshop is a template's programme: sessions as minutes from the start, each with its kind.
type workshop struct {
	name     string // the key's second part and the messages' middle part
	method   string // the slug of the method it belongs to in the demo's library
	minutes  int    // how long the event is
	sessions []wsSession
}

// wsSession is one session of a workshop programme, in minutes from the event's start.
type wsSession struct {
	part       string // message key part of the session's title
	kind       string
	start, end int
}

func session(part, kind string, start, end int) wsSession { return wsSession{part, kind, start, end} }

var workshops = []workshop{
	{"world-cafe", "world-cafe", 180, []wsSession{session("welcome", "plenary", 0, 20), session("round1", "workshop", 20, 60), session("round2", "workshop", 60, 100),
		session("round3", "workshop", 100, 140), session("harvest", "plenary", 140, 180)}},
	{"fishbowl", "fishbowl", 120, []wsSession{session("welcome", "plenary", 0, 15), session("fishbowl", "fishbowl", 15, 90), session("reflect", "plenary", 90, 120)}},
	{"open-space", "open-space", 240, []wsSession{session("circle", "plenary", 0, 30), session("market", "plenary", 30, 60), session("slot1", "workshop", 60, 120),
		session("slot2", "workshop", 120, 180), session("close", "plenary", 210, 240)}},
	{"asset-mapping-workshop", "community-asset-mapping", 150, []wsSession{session("welcome", "plenary", 0, 20),
		session("mapping", "workshop", 20, 100), session("gallery", "plenary", 100, 150)}},
	{"citizens-panel", "citizens-panel", 360, []wsSession{session("welcome", "plenary", 0, 30), session("evidence", "panel", 30, 150),
		session("deliberate", "workshop", 180, 300), session("recommend", "plenary", 300, 360)}},
}

// hubStart is when a template's event starts on its day, London time.
const hubStartHour = 10

// Templates are the workshop programmes an event can be started with.
func (s *Service) Templates(lang string) []hub.Template {
	out := make([]hub.Template, 0, len(workshops))
	for _, w := range workshops {
		out = append(out, hub.Template{Key: "events/" + w.name, Capability: "events",
			Title: s.T(lang, "events.hub."+w.name+".title"), Description: s.T(lang, "events.hub."+w.name+".description"),
			Needs: []string{hub.ParamOrganisation, hub.ParamDate}})
	}
	return out
}

// StartFromTemplate creates an event with the template's programme on the day asked for, as a
// draft that only its organisers see until they have checked it and published it. The organiser must organise for the organisation chosen, as for any event.
func (s *Service) StartFromTemplate(ctx context.Context, a *actor.Actor, key string, params map[string]string) (string, error) {
	var w *workshop
	for i := range workshops {
		if "events/"+workshops[i].name == key {
			w = &workshops[i]
		}
	}
	if w == nil {
		return "", errNotFound
	}
	if !CanCreate(a) {
		return "", errForbidden
	}
	lang := params[hub.ParamLang]
	if lang != "cy" {
		lang = "en"
	}
	day, err := time.ParseInLocation("2006-01-02", params[hub.ParamDate], London)
	if err != nil {
		return "", errs.FieldErrors(map[string]string{hub.ParamDate: "events.err.start_date"})
	}
	start := day.Add(hubStartHour * time.Hour)
	end := start.Add(time.Duration(w.minutes) * time.Minute)
	prefix := "events.hub." + w.name
	in := EventInput{Title: params[hub.ParamTitle], Description: s.T(lang, prefix+".programme"), OrganisationID: params[hub.ParamOrganisation],
		Venue: s.T(lang, "events.hub.venue"), StartDate: start.Format("2006-01-02"), StartTime: start.Format("15:04"),
		EndDate: end.Format("2006-01-02"), EndTime: end.Format("15:04"), Capacity: "40",
		AccessInfo: s.T(lang, "events.hub.access")}
	var id string
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.Save(ctx, a, lang, "", in)
		if err != nil {
			return err
		}
		id = e.ID
		if err := setDraft(ctx, s.DB, e.ID); err != nil {
			return err
		}
		for _, ss := range w.sessions {
			from, to := start.Add(time.Duration(ss.start)*time.Minute), start.Add(time.Duration(ss.end)*time.Minute)
			if _, err := s.AddSession(ctx, a, e.ID, SessionInput{Title: s.T(lang, prefix+".session."+ss.part), Kind: ss.kind,
				Date: from.Format("2006-01-02"), StartTime: from.Format("15:04"), EndTime: to.Format("15:04")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return "/events/" + id + "/edit", nil
}

// CaseSources are the past events whose themes are published, for those who organise them.
func (s *Service) CaseSources(ctx context.Context, a *actor.Actor, lang string) ([]hub.CaseRef, error) {
	past, err := s.Past(ctx, 200)
	if err != nil {
		return nil, err
	}
	var out []hub.CaseRef
	for _, e := range past {
		if e.SummaryPublished == nil || e.Cancelled() || !CanOrganise(a, e) {
			continue
		}
		out = append(out, hub.CaseRef{Ref: "event/" + e.ID, Capability: "events", Title: e.Title,
			Kind: s.T(lang, "events.hub.case_kind"), FinishedAt: e.EndsAt})
	}
	return out, nil
}

// DraftCase drafts a case study from an event's published themes and its attendance.
func (s *Service) DraftCase(ctx context.Context, a *actor.Actor, ref string) (hub.CaseDraft, error) {
	id, ok := strings.CutPrefix(ref, "event/")
	if !ok {
		return hub.CaseDraft{}, errNotFound
	}
	e, in, err := s.Insights(ctx, a, id)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	if e.SummaryPublished == nil {
		return hub.CaseDraft{}, errs.E(errs.NotFound, "events.summary.none")
	}
	themes, err := s.Themes(ctx, id)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	lang := a.Language
	if lang != "cy" {
		lang = "en"
	}
	d := hub.CaseDraft{Title: e.Title, Summary: firstParagraph(e.Description), Participants: in.Attended,
		StartedOn: Local(e.StartsAt).Format("2006-01-02"), EndedOn: Local(e.EndsAt).Format("2006-01-02"),
		Organisations: []string{e.OrganisationID}, SourceURL: s.BaseURL + "/events/" + e.ID + "/summary"}
	var story []string
	story = append(story, s.T(lang, "events.hub.case_story", "n", len(themes)), "")
	for _, t := range themes {
		story = append(story, "### "+t.Label, "")
		for i, n := range t.Notes {
			if i == 3 {
				break
			}
			story = append(story, "- "+strings.ReplaceAll(n.Body, "\n", " "))
		}
		story = append(story, "")
		d.Learning = append(d.Learning, t.Label)
	}
	d.Story = strings.TrimSpace(strings.Join(story, "\n"))
	d.Indicators = []hub.Figure{
		{Label: s.T(lang, "events.hub.fig.registered"), Value: float64(in.Registered), Unit: s.T(lang, "events.hub.fig.people")},
		{Label: s.T(lang, "events.hub.fig.attended"), Value: float64(in.Attended), Unit: s.T(lang, "events.hub.fig.people")},
		{Label: s.T(lang, "events.hub.fig.themes"), Value: float64(len(themes))},
	}
	if in.Feedback.Count > 0 {
		d.Indicators = append(d.Indicators, hub.Figure{Label: s.T(lang, "events.hub.fig.rating"),
			Value: float64(int(in.Feedback.Average*10+0.5)) / 10, Target: 5})
	}
	seen := map[string]bool{}
	for _, ss := range e.Sessions {
		for _, w := range workshops {
			if ss.Kind == w.name && !seen[w.method] {
				seen[w.method] = true
				d.Methods = append(d.Methods, w.method)
			}
		}
	}
	for _, t := range in.ByArea {
		if t.Key != "" && t.Attended > 0 {
			d.Areas = append(d.Areas, t.Key)
		}
	}
	return d, nil
}

// firstParagraph is the first paragraph of a Markdown text, for a summary.
func firstParagraph(md string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(md), "\n\n")
	return strings.TrimSpace(p)
}
