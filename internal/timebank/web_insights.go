package timebank

import (
	"html/template"
	"net/http"
	"strconv"

	"commons/internal/platform/charts"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type insightsPage struct {
	page
	V                       *Viewer
	In                      Insights
	HoursChart, ActiveChart template.HTML
	HoursTable, ActiveTable charts.Table
	CategoryChart           template.HTML
	CategoryTable           charts.Table
}

// insights are the figures of the bank in the path, for its brokers.
func (h *Handlers) insights(r *http.Request) (*Viewer, Insights, error) {
	v, err := h.brokerView(r)
	if err != nil {
		return nil, Insights{}, err
	}
	in, err := h.Svc.Insights(r.Context(), web.CurrentUser(r), v.Bank.ID)
	return v, in, err
}

// Insights shows a bank's figures to its brokers: charts with the same numbers as tables.
func (h *Handlers) Insights(w http.ResponseWriter, r *http.Request) error {
	v, in, err := h.insights(r)
	if err != nil {
		return err
	}
	p := &insightsPage{page: h.newPage(r, "timebank.insights.title", "name", v.Bank.Local(web.Lang(r))), V: v, In: in}
	t := func(k string, args ...any) string { return p.T(k, args...) }
	var hours, active, cats []charts.Bar
	for _, m := range in.Months {
		hours = append(hours, charts.Bar{Label: p.Month(m.Month), Value: float64(m.Minutes) / 60, Display: p.Hours(m.Minutes),
			Note: p.N("timebank.exchanges_count", m.Exchanges)})
		active = append(active, charts.Bar{Label: p.Month(m.Month), Value: float64(m.Active), Display: strconv.Itoa(m.Active)})
	}
	for _, c := range in.Categories {
		cats = append(cats, charts.Bar{Label: p.Cat(c.Category), Value: float64(c.Minutes) / 60, Display: p.Hours(c.Minutes),
			Note: p.N("timebank.exchanges_count", c.Exchanges)})
	}
	none := t("timebank.insights.no_data")
	p.HoursChart, p.HoursTable = charts.HorizontalBars("tb-hours-by-month", t("timebank.insights.hours_by_month"),
		p.N("timebank.insights.hours_by_month_desc", in.Exchanges, "hours", p.Hours(in.Minutes)), hours,
		charts.BarOptions{LabelHeading: t("timebank.insights.month"), ValueHeading: t("timebank.insights.hours"), NoteHeading: t("timebank.insights.exchanges"), NoData: none})
	p.ActiveChart, p.ActiveTable = charts.HorizontalBars("tb-active-by-month", t("timebank.insights.active_by_month"),
		t("timebank.insights.active_by_month_desc"), active,
		charts.BarOptions{LabelHeading: t("timebank.insights.month"), ValueHeading: t("timebank.insights.active_members"), NoData: none})
	p.CategoryChart, p.CategoryTable = charts.HorizontalBars("tb-hours-by-category", t("timebank.insights.by_category"),
		t("timebank.insights.by_category_desc"), cats,
		charts.BarOptions{LabelHeading: t("timebank.f.category"), ValueHeading: t("timebank.insights.hours"), NoteHeading: t("timebank.insights.exchanges"), NoData: none})
	for _, tb := range []*charts.Table{&p.HoursTable, &p.ActiveTable, &p.CategoryTable} {
		tb.Empty = none
	}
	h.Kit.Render(w, r, http.StatusOK, "timebank/insights", p)
	return nil
}

// InsightsCSV is the same figures for a spreadsheet, one row per figure.
func (h *Handlers) InsightsCSV(w http.ResponseWriter, r *http.Request) error {
	v, in, err := h.insights(r)
	if err != nil {
		return err
	}
	tr := func(k string) string { return h.Kit.T(r, k) }
	csvout.Download(w, v.Bank.Local(web.Lang(r))+" – "+tr("timebank.insights.file"))
	cw := csvout.NewWriter(w, csvout.Options{BOM: true})
	_ = cw.Header([]string{tr("timebank.csv.measure"), tr("timebank.csv.label"), tr("timebank.csv.exchanges"), tr("timebank.csv.minutes"),
		tr("timebank.csv.hours"), tr("timebank.csv.gave_minutes"), tr("timebank.csv.received_minutes"), tr("timebank.csv.members"), tr("timebank.csv.last")})
	i := strconv.Itoa
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	_ = cw.Row([]string{tr("timebank.csv.m_summary"), tr("timebank.insights.active_members"), i(in.Exchanges), i64(in.Minutes), DecimalHours(in.Minutes), "", "", i(in.Active), ""})
	for _, m := range in.Months {
		_ = cw.Row([]string{tr("timebank.csv.m_month"), m.Month, i(m.Exchanges), i64(m.Minutes), DecimalHours(m.Minutes), "", "", i(m.Active), ""})
	}
	for _, c := range in.Categories {
		_ = cw.Row([]string{tr("timebank.csv.m_category"), tr("timebank.cat." + c.Category), i(c.Exchanges), i64(c.Minutes), DecimalHours(c.Minutes), "", "", "", ""})
	}
	for _, set := range []struct {
		key string
		ms  []MemberFigure
	}{{"timebank.csv.m_givers_only", in.GiversOnly}, {"timebank.csv.m_receivers_only", in.ReceiversOnly}, {"timebank.csv.m_dormant", in.Dormant}} {
		for _, m := range set.ms {
			_ = cw.Row([]string{tr(set.key), m.Member.Name, "", "", "", i64(m.Gave), i64(m.Received), "", m.Last})
		}
	}
	for _, c := range in.Channels {
		_ = cw.Row([]string{tr("timebank.csv.m_assisted"), tr("timebank.channel." + c.Channel), i(c.Recorded + c.Confirmed), "", "", "", "", "", ""})
	}
	return cw.Flush()
}
