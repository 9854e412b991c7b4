package events

import (
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"commons/internal/platform/charts"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

// chart is one drawn chart with its table.
type chart struct {
	SVG   template.HTML
	Table charts.Table
}

type insightsPage struct {
	page
	Event    Event
	In       Insights
	Charts   []chart
	Average  string
	Headline string
	Ratings  chart
	Comments []Feedback
}

func (h *Handlers) label(r *http.Request, dim string, t Tally) string {
	switch dim {
	case "sector":
		return h.Kit.T(r, "events.sector."+t.Key)
	case "area":
		if t.Key == "" {
			return h.Kit.T(r, "events.insights.no_area")
		}
	}
	return t.Label
}

// share draws one dimension's shares of the people. A person is in one sector and one area,
// so those shares add up to 100%; a person can be in several sessions, so each session's share
// is of the people (everyone registered, or everyone who came), not of the session places.
func (h *Handlers) share(r *http.Request, id, dim, what string, ts []Tally, attended bool, people int) chart {
	counts := make([]charts.Count, len(ts))
	for i, t := range ts {
		n := t.Registered
		if attended {
			n = t.Attended
		}
		counts[i] = charts.Count{Label: h.label(r, dim, t), N: int64(n)}
	}
	bars := charts.Shares(counts)
	if dim == "session" {
		bars = charts.SharesOf(counts, int64(people))
	}
	title := h.Kit.T(r, "events.insights.chart."+what+"."+dim)
	svg, table := charts.HorizontalBars(id, title, "", bars, charts.BarOptions{
		LabelHeading: h.Kit.T(r, "events.insights.dim."+dim), ValueHeading: h.Kit.T(r, "events.insights.share"), NoData: h.Kit.T(r, "events.insights.none")})
	return chart{SVG: svg, Table: table}
}

// insights are the figures of the event the path names.
func (h *Handlers) insights(r *http.Request) (Event, Insights, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Event{}, Insights{}, err
	}
	return h.Svc.Insights(r.Context(), web.CurrentUser(r), id)
}

// Insights shows registrations and attendance by sector, area and session (organisers).
func (h *Handlers) Insights(w http.ResponseWriter, r *http.Request) error {
	e, in, err := h.insights(r)
	if err != nil {
		return err
	}
	p := &insightsPage{page: page{h.Kit.NewPage(r, "events.insights.title", "title", e.Title)}, Event: e, In: in, Comments: in.Feedback.Comments}
	p.Headline = h.headline(r, in)
	for _, d := range []struct {
		dim string
		ts  []Tally
	}{{"sector", in.BySector}, {"area", in.ByArea}, {"session", in.BySession}} {
		if d.dim == "session" && len(d.ts) == 0 {
			continue
		}
		p.Charts = append(p.Charts, h.share(r, "reg-"+d.dim, d.dim, "registered", d.ts, false, in.Registered),
			h.share(r, "att-"+d.dim, d.dim, "attended", d.ts, true, in.Attended))
	}
	if in.Feedback.Count > 0 {
		p.Average = strconv.FormatFloat(in.Feedback.Average, 'f', 1, 64)
		bars := make([]charts.Bar, 5)
		for i := range bars {
			bars[i] = charts.Bar{Label: h.Kit.T(r, "events.feedback.rating."+strconv.Itoa(i+1)), Value: float64(in.Feedback.ByRating[i])}
		}
		svg, table := charts.HorizontalBars("ratings", h.Kit.T(r, "events.insights.ratings"), "", bars, charts.BarOptions{
			LabelHeading: h.Kit.T(r, "events.feedback.rating"), ValueHeading: h.Kit.T(r, "events.insights.answers")})
		p.Ratings = chart{SVG: svg, Table: table}
	}
	h.Kit.Render(w, r, http.StatusOK, "events/insights", p)
	return nil
}

func pct(n, of int) string {
	if of == 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(n)*100/float64(of), 'f', 1, 64)
}

// InsightsCSV is the same numbers as CSV: one row per sector, area and session.
func (h *Handlers) InsightsCSV(w http.ResponseWriter, r *http.Request) error {
	e, in, err := h.insights(r)
	if err != nil {
		return err
	}
	csvout.Download(w, e.Title+" insights.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"dimension", "group", "registered", "registered_percent", "attended", "attended_percent"})
	for _, d := range []struct {
		dim string
		ts  []Tally
	}{{"sector", in.BySector}, {"area", in.ByArea}, {"session", in.BySession}} {
		for _, t := range d.ts {
			_ = cw.Row([]string{d.dim, h.label(r, d.dim, t), itoa(t.Registered), pct(t.Registered, in.Registered), itoa(t.Attended), pct(t.Attended, in.Attended)})
		}
	}
	_ = cw.Flush()
	return nil
}

// headline sums up the sectors in a sentence: "117 people: 59% public sector, 35% voluntary,
// community and faith sector, 5% private sector".
func (h *Handlers) headline(r *http.Request, in Insights) string {
	if in.Registered == 0 {
		return ""
	}
	ts := append([]Tally(nil), in.BySector...)
	sort.SliceStable(ts, func(a, b int) bool { return ts[a].Registered > ts[b].Registered })
	var parts []string
	for _, t := range ts {
		if t.Registered == 0 {
			continue
		}
		label := []rune(h.label(r, "sector", t))
		label[0] = unicode.ToLower(label[0])
		parts = append(parts, strconv.Itoa(int(math.Round(float64(t.Registered)*100/float64(in.Registered))))+"% "+string(label))
	}
	return h.Kit.T(r, "events.insights.people", "n", in.Registered, "shares", strings.Join(parts, ", "))
}
