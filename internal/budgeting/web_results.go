package budgeting

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"commons/internal/platform/charts"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/formats/geojson"
	"commons/internal/platform/formats/giving360"
	"commons/internal/platform/web"
)

type resultsPage struct {
	web.Page
	money
	P       Process
	R       Results
	Chart   template.HTML
	Table   charts.Table
	Officer bool
	Form    *web.Form
	Style   string
	titles  map[string]string
}

// Reason words a project's reason in the page's language.
func (p *resultsPage) Reason(pr ProjectResult) string { return reasonText(p.T, p.Lang, pr, p.titles) }

// Results shows a stored count: a bar chart of votes with the same numbers as a table, each
// project's reason, spend by area, turnout, and the downloads. Officers see a count waiting to
// be published, with the form that publishes it.
func (h *Handlers) Results(w http.ResponseWriter, r *http.Request) error {
	return h.results(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) results(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	res, err := h.Svc.Results(r.Context(), u, p.ID)
	if err != nil {
		return err
	}
	pg := &resultsPage{Page: h.Kit.NewPage(r, "budgeting.results.title", "title", p.TitleIn(web.Lang(r))), P: p, R: res, Officer: isOfficer(u), Form: f, Style: styleSheet.URL, titles: titlesOf(res)}
	pg.Errors = f
	var bars []charts.Bar
	for _, pr := range res.Projects {
		label := pr.TitleText(pg.Lang).Text
		if pr.AreaName != "" {
			label += " (" + pr.AreaName + ")"
		}
		bars = append(bars, charts.Bar{Label: label, Value: float64(pr.Score), Display: strconv.FormatInt(pr.Score, 10),
			Emphasis: pr.Funded, Note: Money(pr.CostPence)})
	}
	pg.Chart, pg.Table = charts.HorizontalBars("results", pg.T("budgeting.results.chart_title"), pg.T("budgeting.results.chart_desc"), bars,
		charts.BarOptions{LabelHeading: pg.T("budgeting.results.project"), ValueHeading: pg.T("budgeting.results.score." + res.Format),
			NoteHeading: pg.T("budgeting.results.cost"), EmphasisText: pg.T("budgeting.results.funded"), OtherText: pg.T("budgeting.results.not_funded"),
			StatusHeading: pg.T("budgeting.results.status"), NoData: pg.T("budgeting.results.none")})
	h.Kit.Render(w, r, status, "budgeting/results", pg)
	return nil
}

// Publish publishes the count an officer has checked.
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.Publish(r.Context(), web.CurrentUser(r), p.ID, f.Get("publish_confirm") == "yes"); err != nil {
		if f.Take(err, "publish_confirm") {
			return h.results(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "budgeting.published")
	web.Redirect(w, r, "/budgets/"+p.ID+"/results")
	return nil
}

// fileName names a download after the process: "aberhaven-community-fund-2026-results.csv".
func fileName(p *Process, part, ext string) string {
	name := slug(p.Title)
	if name == "" {
		name = "budget"
	}
	return name + "-" + part + "." + ext
}

// slug is s in lower-case letters and digits joined by dashes, at most 60 characters.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimSuffix(b.String(), "-")
	if len(name) > 60 {
		name = strings.TrimSuffix(name[:60], "-")
	}
	return name
}

// shownCount is the process the request names and the results of its count that the results
// page shows.
func (h *Handlers) shownCount(r *http.Request) (Process, Results, error) {
	p, err := h.process(r)
	if err != nil {
		return p, Results{}, err
	}
	res, err := h.Svc.Results(r.Context(), web.CurrentUser(r), p.ID)
	return p, res, err
}

// ResultsCSV downloads the results of the count the results page shows, each reason in the
// request's language.
func (h *Handlers) ResultsCSV(w http.ResponseWriter, r *http.Request) error {
	p, res, err := h.shownCount(r)
	if err != nil {
		return err
	}
	lang, titles := web.Lang(r), titlesOf(res)
	t := func(key string, args ...any) string { return h.Kit.T(r, key, args...) }
	csvout.Download(w, fileName(&p, "results", "csv"))
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"project_id", "title", "title_cy", "area", "cost_pounds", "votes", "score", "funded", "funding_order", "reason", "rule", "count_number"})
	for _, pr := range res.Projects {
		_ = cw.Row([]string{pr.IdeaID, pr.Title, pr.TitleCy, pr.AreaName, penceDecimal(pr.CostPence), strconv.FormatInt(pr.Votes, 10),
			strconv.FormatInt(pr.Score, 10), strconv.FormatBool(pr.Funded), strconv.Itoa(pr.Position), reasonText(t, lang, pr, titles),
			res.Rule, strconv.Itoa(res.Seq)})
	}
	_ = cw.Flush()
	return nil
}

// BallotsPB downloads the anonymised ballots the shown count counted, in the Pabulib format
// (?area=ID for one area of a process with area budgets).
func (h *Handlers) BallotsPB(w http.ResponseWriter, r *http.Request) error {
	p, res, err := h.shownCount(r)
	if err != nil {
		return err
	}
	area, part := "", "ballots"
	if p.Districts() {
		area = r.URL.Query().Get("area")
		a, ok := areaOf(p, area)
		if !ok {
			return errs.FieldErrors(map[string]string{"area": "budgeting.err.pb_area"})
		}
		part += "-" + slug(a.AreaName)
	}
	pb, err := h.Svc.CountFile(r.Context(), &p, res, area)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", PabulibContentType)
	w.Header().Set("Content-Disposition", csvout.AttachmentDisposition(fileName(&p, part, "pb")))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(pb)
	return nil
}

// PabulibContentType is the media type of a .pb download: Pabulib files are UTF-8 text.
const PabulibContentType = "text/plain; charset=utf-8"

func areaOf(p Process, area string) (AreaBudget, bool) {
	for _, a := range p.AreaBudgets {
		if a.AreaID == area {
			return a, true
		}
	}
	return AreaBudget{}, false
}

// GrantsJSON downloads the funded projects as 360Giving JSON.
func (h *Handlers) GrantsJSON(w http.ResponseWriter, r *http.Request) error {
	p, res, err := h.shownCount(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := giving360.Encode(&buf, h.Svc.Grants(res)); err != nil {
		return errs.Wrap(err, "budgeting: 360Giving")
	}
	w.Header().Set("Content-Type", giving360.ContentType)
	w.Header().Set("Content-Disposition", csvout.AttachmentDisposition(fileName(&p, "grants", "json")))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// IdeasGeoJSON downloads the ideas that have a point on the map (hidden ones left out).
func (h *Handlers) IdeasGeoJSON(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	ideas, err := h.Svc.Ideas(r.Context(), nil, p.ID)
	if err != nil {
		return err
	}
	fc := geojson.FeatureCollection{Features: []geojson.Feature{}}
	for _, i := range ideas {
		if i.Lat == nil || i.Lng == nil {
			continue
		}
		props := map[string]any{"title": i.Title, "status": i.Status, "area": i.AreaName, "address": i.Address,
			"estimate_pence": i.EstimatePence, "supports": i.Supports, "url": "/budgets/" + p.ID + "/ideas/" + i.ID}
		if i.Status == "accepted" {
			props["cost_pence"] = i.CostPence
		}
		fc.Features = append(fc.Features, geojson.Feature{ID: i.ID, Geometry: &geojson.Geometry{Type: geojson.TypePoint, Point: geojson.Position{*i.Lng, *i.Lat}}, Properties: props})
	}
	var buf bytes.Buffer
	if err := geojson.Encode(&buf, fc); err != nil {
		return errs.Wrap(err, "budgeting: geojson")
	}
	w.Header().Set("Content-Type", geojson.ContentType)
	w.Header().Set("Content-Disposition", csvout.AttachmentDisposition(fileName(&p, "ideas", "geojson")))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
	return nil
}
