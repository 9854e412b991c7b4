package volunteering

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"commons/internal/identity"
	"commons/internal/platform/charts"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type chart struct {
	SVG   template.HTML
	Table charts.Table
}

type insightsPage struct {
	page
	In      Insights
	Orgs    []Option
	Charts  []chart
	Month   chart
	CSV     string
	OrgName string
	Borough bool
}

func (h *Handlers) insightsScope(r *http.Request) (string, error) {
	u := web.CurrentUser(r)
	orgID := r.URL.Query().Get("organisation")
	if orgID == "" && !u.Has(identity.RoleOfficer, identity.RoleAdmin) && len(u.Orgs) > 0 {
		orgID = u.Orgs[0]
	}
	if orgID != "" {
		if _, err := h.Svc.Identity.Organisation(r.Context(), orgID); err != nil {
			return "", err
		}
	}
	return orgID, nil
}

// Insights shows volunteers and confirmed hours by area, sector, cause and month, and shifts
// filled and unfilled: charts, each with its table, and a CSV.
func (h *Handlers) Insights(w http.ResponseWriter, r *http.Request) error {
	orgID, err := h.insightsScope(r)
	if err != nil {
		return err
	}
	p := &insightsPage{page: h.page(r, "volunteering.insights.title")}
	in, err := h.Svc.Insights(r.Context(), web.CurrentUser(r), orgID, p.T)
	if err != nil {
		return err
	}
	p.In, p.Borough = in, orgID == ""
	p.CSV = "/volunteering/insights.csv"
	if orgID != "" {
		p.CSV += "?organisation=" + orgID
		o, _ := h.Svc.Identity.Organisation(r.Context(), orgID)
		p.OrgName = o.Name
	}
	hoursOpt := charts.BarOptions{LabelHeading: p.T("volunteering.insights.label"), ValueHeading: p.T("volunteering.record.hours"),
		NoteHeading: p.T("volunteering.insights.volunteers"), NoData: p.T("volunteering.insights.none")}
	for _, dim := range []struct {
		id, key string
		bs      []Bucket
	}{{"by-area", "volunteering.insights.by_area", in.ByArea}, {"by-sector", "volunteering.insights.by_sector", in.BySector},
		{"by-cause", "volunteering.insights.by_cause", in.ByCause}} {
		var bars []charts.Bar
		for _, b := range dim.bs {
			bars = append(bars, charts.Bar{Label: b.Label, Value: float64(b.Minutes) / 60, Display: p.Hours(b.Minutes),
				Note: p.N("volunteering.insights.n_volunteers", b.Volunteers)})
		}
		svg, table := charts.HorizontalBars(dim.id, p.T(dim.key), "", bars, hoursOpt)
		p.Charts = append(p.Charts, chart{svg, table})
	}
	var pts []charts.Point
	for _, b := range in.ByMonth {
		m, _ := timeParseMonth(b.Key)
		pts = append(pts, charts.Point{X: m, Y: float64(b.Minutes) / 60, Display: p.Hours(b.Minutes)})
	}
	svg, table := charts.Line("by-month", p.T("volunteering.insights.by_month"), "", []charts.Series{{Name: p.T("volunteering.record.hours"), Points: pts}},
		charts.LineOptions{YLabel: p.T("volunteering.record.hours"), XHeading: p.T("volunteering.insights.month"), DateLayout: "Jan 2006", NoData: p.T("volunteering.insights.none")})
	p.Month = chart{svg, table}
	svg, table = charts.HorizontalBars("shifts", p.T("volunteering.insights.shifts"), "", []charts.Bar{
		{Label: p.T("volunteering.insights.filled"), Value: float64(in.Filled)}, {Label: p.T("volunteering.insights.unfilled"), Value: float64(in.Unfilled)}},
		charts.BarOptions{LabelHeading: p.T("volunteering.insights.label"), ValueHeading: p.T("volunteering.shifts")})
	p.Charts = append(p.Charts, chart{svg, table})
	h.Kit.Render(w, r, http.StatusOK, "volunteering/insights", p)
	return nil
}

// InsightsCSV is the insights as a spreadsheet: one row per dimension and key.
func (h *Handlers) InsightsCSV(w http.ResponseWriter, r *http.Request) error {
	orgID, err := h.insightsScope(r)
	if err != nil {
		return err
	}
	tr := func(k string, a ...any) string { return h.Kit.T(r, k, a...) }
	in, err := h.Svc.Insights(r.Context(), web.CurrentUser(r), orgID, tr)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csvout.NewWriter(&buf, csvout.Options{BOM: true})
	_ = cw.Header([]string{tr("volunteering.insights.dimension"), tr("volunteering.insights.label"), tr("volunteering.insights.volunteers"), tr("volunteering.csv.minutes")})
	for _, dim := range []struct {
		key string
		bs  []Bucket
	}{{"volunteering.insights.by_area", in.ByArea}, {"volunteering.insights.by_sector", in.BySector}, {"volunteering.insights.by_cause", in.ByCause}, {"volunteering.insights.by_month", in.ByMonth}} {
		for _, b := range dim.bs {
			_ = cw.Row([]string{tr(dim.key), b.Label, strconv.Itoa(b.Volunteers), strconv.Itoa(b.Minutes)})
		}
	}
	_ = cw.Row([]string{tr("volunteering.insights.shifts"), tr("volunteering.insights.filled"), "", strconv.Itoa(in.Filled)})
	_ = cw.Row([]string{tr("volunteering.insights.shifts"), tr("volunteering.insights.unfilled"), "", strconv.Itoa(in.Unfilled)})
	if err := cw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", csvout.ContentType)
	csvout.Download(w, "volunteering-insights.csv")
	_, err = w.Write(buf.Bytes())
	return err
}
