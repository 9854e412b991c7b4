package volunteering

import (
	"context"
	"sort"
	"strconv"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// Insights are the numbers coordinators and the council see: volunteers and confirmed hours by
// area, sector, cause and month, and shifts filled and unfilled, over the last twelve months.
type Insights struct {
	OrgID      string   `json:"organisation_id,omitempty"`
	From       string   `json:"from"`
	Volunteers int      `json:"volunteers"`
	Minutes    int      `json:"confirmed_minutes"`
	ByArea     []Bucket `json:"by_area"`
	BySector   []Bucket `json:"by_sector"`
	ByCause    []Bucket `json:"by_cause"`
	ByMonth    []Bucket `json:"by_month"`
	Filled     int      `json:"shifts_filled"`
	Unfilled   int      `json:"shifts_unfilled"`
}

// Bucket is volunteers and confirmed minutes under one key.
type Bucket struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	Volunteers int    `json:"volunteers"`
	Minutes    int    `json:"minutes"`
}

// SeesInsights reports whether a may see the insights of orgID ("" for the whole borough, which
// council officers and admins see).
func SeesInsights(a *actor.Actor, orgID string) bool {
	if a.Has(identity.RoleOfficer, identity.RoleAdmin) {
		return true
	}
	return orgID != "" && Coordinates(a, orgID)
}

// Insights counts the last twelve months, for one organisation or ("") every one.
func (s *Service) Insights(ctx context.Context, a *actor.Actor, orgID string, tr func(string, ...any) string) (Insights, error) {
	if !SeesInsights(a, orgID) {
		return Insights{}, errForbidden
	}
	now := Local(s.DB.Clock().Now())
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, London).AddDate(0, -11, 0)
	in := Insights{OrgID: orgID, From: from.Format("2006-01-02")}
	where, args := `WHERE h.status = 'confirmed' AND h.day >= $1`, []any{in.From}
	if orgID != "" {
		where += ` AND h.organisation_id = $2`
		args = append(args, orgID)
	}
	hs, err := queryHours(ctx, s.DB, where, args...)
	if err != nil {
		return in, errs.Wrap(err, "insights")
	}
	type acc struct {
		people  map[string]bool
		anon    int
		minutes int
	}
	add := func(m map[string]*acc, key string, h Hours) {
		b := m[key]
		if b == nil {
			b = &acc{people: map[string]bool{}}
			m[key] = b
		}
		if h.PersonID != "" {
			b.people[h.PersonID] = true
		} else {
			b.anon += h.People
		}
		b.minutes += h.Total()
	}
	areas, sectors, causes, months, all := map[string]*acc{}, map[string]*acc{}, map[string]*acc{}, map[string]*acc{}, map[string]*acc{}
	oppArea := map[string]string{}
	orgSector := map[string]string{}
	for _, h := range hs {
		if _, ok := oppArea[h.OpportunityID]; !ok && h.OpportunityID != "" {
			if o, err := opportunityByID(ctx, s.DB, h.OpportunityID); err == nil {
				oppArea[h.OpportunityID] = o.AreaID
			}
		}
		if _, ok := orgSector[h.OrganisationID]; !ok {
			o, _ := s.Identity.Organisation(ctx, h.OrganisationID)
			orgSector[h.OrganisationID] = o.Sector
		}
		add(all, "", h)
		add(areas, oppArea[h.OpportunityID], h)
		add(sectors, orgSector[h.OrganisationID], h)
		for _, c := range h.Causes {
			add(causes, c, h)
		}
		add(months, h.Day[:7], h)
	}
	if b := all[""]; b != nil {
		in.Volunteers, in.Minutes = len(b.people)+b.anon, b.minutes
	}
	bucket := func(key, label string, b *acc) Bucket {
		if b == nil {
			return Bucket{Key: key, Label: label}
		}
		return Bucket{Key: key, Label: label, Volunteers: len(b.people) + b.anon, Minutes: b.minutes}
	}
	for key, b := range areas {
		label := tr("volunteering.insights.no_area")
		if key != "" {
			if ar, err := s.Identity.Area(ctx, key); err == nil {
				label = ar.Name
			}
		}
		in.ByArea = append(in.ByArea, bucket(key, label, b))
	}
	sort.Slice(in.ByArea, func(i, j int) bool { return in.ByArea[i].Minutes > in.ByArea[j].Minutes })
	for _, sec := range []string{"public", "vcf", "private", "resident"} {
		if b := sectors[sec]; b != nil {
			in.BySector = append(in.BySector, bucket(sec, tr("volunteering.sector."+sec), b))
		}
	}
	for _, c := range Causes {
		if b := causes[c]; b != nil {
			in.ByCause = append(in.ByCause, bucket(c, tr("volunteering.term."+c), b))
		}
	}
	for m := from; !m.After(now); m = m.AddDate(0, 1, 0) {
		key := m.Format("2006-01")
		in.ByMonth = append(in.ByMonth, bucket(key, tr("volunteering.month."+strconv.Itoa(int(m.Month())))+" "+strconv.Itoa(m.Year()), months[key]))
	}
	fw := `WHERE s.deleted = 0 AND s.status = 'scheduled' AND s.starts_at >= $1 AND s.starts_at < $2`
	fargs := []any{from.UTC(), now.AddDate(0, 1, 0).UTC()}
	if orgID != "" {
		fw += ` AND o.organisation_id = $3`
		fargs = append(fargs, orgID)
	}
	ss, err := queryShifts(ctx, s.DB, fw, fargs...)
	if err != nil {
		return in, errs.Wrap(err, "insights")
	}
	for _, sh := range ss {
		if sh.Short() {
			in.Unfilled++
		} else {
			in.Filled++
		}
	}
	return in, nil
}

func timeParseMonth(s string) (time.Time, error) { return time.ParseInLocation("2006-01", s, London) }
