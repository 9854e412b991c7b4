package volunteering

import (
	"bytes"
	"net/http"
	"strconv"

	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/formats/ical"
	"commons/internal/platform/web"
)

type mePage struct {
	page
	Record Record
	Opps   []Opportunity
	Form   *web.Form
	Print  bool
}

func (h *Handlers) mePage(r *http.Request, f *web.Form) (*mePage, error) {
	rec, err := h.Svc.MyRecord(r.Context(), web.CurrentUser(r))
	if err != nil {
		return nil, err
	}
	p := &mePage{page: h.page(r, "volunteering.me.title"), Record: rec, Form: f}
	res, err := h.Svc.Search(r.Context(), Search{})
	if err != nil {
		return nil, err
	}
	p.Opps = res.Opportunities
	return p, nil
}

// Me is the volunteer's own page: their shifts, applications, hours by organisation and cause,
// skills and when their checks expire, with a form to log hours.
func (h *Handlers) Me(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("day", Local(h.Svc.DB.Clock().Now()).Format("2006-01-02"))
	p, err := h.mePage(r, f)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/me", p)
	return nil
}

// Print is the volunteer's record laid out for printing.
func (h *Handlers) Print(w http.ResponseWriter, r *http.Request) error {
	p, err := h.mePage(r, web.EmptyForm())
	if err != nil {
		return err
	}
	p.Print = true
	p.TitleKey = "volunteering.record.title"
	h.Kit.Render(w, r, http.StatusOK, "volunteering/record", p)
	return nil
}

// LogHours records hours the person gave.
func (h *Handlers) LogHours(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := HoursInput{OpportunityID: f.Get("opportunity_id"), Day: f.Get("day"), Hours: f.Get("hours"), Minutes: f.Get("minutes"), Note: f.Get("note")}
	_, err := h.Svc.LogHours(r.Context(), web.CurrentUser(r), in)
	return h.Kit.Saved(w, r, f, err, []string{"opportunity_id", "day", "hours", "note"}, "volunteering.flash.hours_logged", "/volunteering/me#hours", func() error {
		p, err := h.mePage(r, f)
		if err != nil {
			return err
		}
		p.Errors = f
		h.Kit.Render(w, r, http.StatusUnprocessableEntity, "volunteering/me", p)
		return nil
	})
}

// HoursCSV is the volunteer's hours as a spreadsheet.
func (h *Handlers) HoursCSV(w http.ResponseWriter, r *http.Request) error {
	rec, err := h.Svc.MyRecord(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csvout.NewWriter(&buf, csvout.Options{BOM: true})
	tr := func(k string, a ...any) string { return h.Kit.T(r, k, a...) }
	_ = cw.Header([]string{tr("volunteering.csv.day"), tr("volunteering.csv.organisation"), tr("volunteering.csv.opportunity"),
		tr("volunteering.csv.minutes"), tr("volunteering.csv.status"), tr("volunteering.csv.source"), tr("volunteering.csv.logged_by"), tr("volunteering.csv.note")})
	orgs := map[string]string{}
	for _, t := range rec.ByOrg {
		orgs[t.Key] = t.Label
	}
	for _, x := range rec.Hours {
		if _, ok := orgs[x.OrganisationID]; !ok {
			o, _ := h.Svc.Identity.Organisation(r.Context(), x.OrganisationID)
			orgs[x.OrganisationID] = o.Name
		}
		_ = cw.Row([]string{x.Day, orgs[x.OrganisationID], x.OppTitle, strconv.Itoa(x.Total()), tr("volunteering.hours_status." + x.Status),
			tr("volunteering.source." + x.Source), x.LoggedBy, x.Note})
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", csvout.ContentType)
	csvout.Download(w, "volunteering-hours.csv")
	_, err = w.Write(buf.Bytes())
	return err
}

// Calendar is the volunteer's own coming shifts as iCalendar.
func (h *Handlers) Calendar(w http.ResponseWriter, r *http.Request) error {
	rec, err := h.Svc.MyRecord(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	now := h.Svc.DB.Clock().Now()
	cal := ical.Calendar{ProdID: "-//Commons//Volunteering//EN", Name: h.Kit.T(r, "volunteering.ical.name")}
	for _, g := range rec.Signups {
		if g.Shift == nil {
			continue
		}
		sh := g.Shift
		o, err := h.Svc.Opportunity(r.Context(), sh.OpportunityID)
		if err != nil {
			continue
		}
		ev := ical.Event{UID: g.ID + "@volunteering.commons", Summary: sh.RoleTitle + " – " + o.Title, URL: h.Svc.BaseURL + "/volunteering/opportunities/" + o.ID,
			Start: sh.StartsAt, End: sh.EndsAt, Stamp: now, Created: g.CreatedAt, LastModified: sh.UpdatedAt, Status: ical.StatusConfirmed,
			Location: joinNonEmpty(o.Venue, o.Address, o.Postcode)}
		if g.Status == "waiting" {
			ev.Status = ical.StatusTentative
		}
		if sh.Cancelled() {
			ev.Status = ical.StatusCancelled
		}
		if o.HasPoint() {
			ev.Geo = &[2]float64{*o.Latitude, *o.Longitude}
		}
		cal.Events = append(cal.Events, ev)
	}
	var buf bytes.Buffer
	if err := ical.Encode(&buf, cal); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="my-volunteering.ics"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += p
	}
	return out
}
