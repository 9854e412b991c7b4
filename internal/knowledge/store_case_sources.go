package knowledge

import (
	"context"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/hub"
)

// CaseSourceInfo is where a case study drafted from finished work came from.
type CaseSourceInfo struct {
	Capability   string
	Ref          string
	URL          string
	StartedOn    string
	EndedOn      string
	Participants int
}

// CaseLink is one thing a case involved: an organisation, an area or a place (asset).
type CaseLink struct {
	Kind string // organisation, area or asset
	Ref  string // its id
	Name string // filled in for pages
}

// The kinds of link a case has.
const (
	LinkOrganisation = "organisation"
	LinkArea         = "area"
	LinkAsset        = "asset"
)

func insertCaseSource(ctx context.Context, d *db.DB, caseID string, src CaseSourceInfo, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_case_sources (case_id, capability, ref, source_url, started_on, ended_on, participants, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, caseID, src.Capability, src.Ref, src.URL, src.StartedOn, src.EndedOn, src.Participants, now)
	return err
}

func insertCaseFigures(ctx context.Context, d *db.DB, caseID string, outcomes, indicators []hub.Figure) error {
	pos := 0
	for _, set := range []struct {
		kind string
		fs   []hub.Figure
	}{{"outcome", outcomes}, {"indicator", indicators}} {
		for _, f := range set.fs {
			pos++
			if _, err := d.Exec(ctx, `INSERT INTO knowledge_case_figures (case_id, position, kind, label, value, target, unit)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, caseID, pos, set.kind, f.Label, f.Value, f.Target, f.Unit); err != nil {
				return err
			}
		}
	}
	return nil
}

func insertCaseLinks(ctx context.Context, d *db.DB, caseID string, links []CaseLink) error {
	for _, l := range links {
		if _, err := d.Exec(ctx, `INSERT INTO knowledge_case_links (case_id, kind, ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			caseID, l.Kind, l.Ref); err != nil {
			return err
		}
	}
	return nil
}

// loadCaseExtras fills in a case's source, figures and links.
func loadCaseExtras(ctx context.Context, d *db.DB, c *Case) error {
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var s CaseSourceInfo
		if err := r.Scan(&s.Capability, &s.Ref, &s.URL, &s.StartedOn, &s.EndedOn, &s.Participants); err != nil {
			return err
		}
		c.Source = &s
		return nil
	}, `SELECT capability, ref, source_url, started_on, ended_on, participants FROM knowledge_case_sources WHERE case_id = $1`, c.ID)
	if err != nil {
		return err
	}
	c.OutcomeFigures, c.Indicators = nil, nil
	err = db.Each(ctx, d, func(r db.Scanner) error {
		var kind string
		var f hub.Figure
		if err := r.Scan(&kind, &f.Label, &f.Value, &f.Target, &f.Unit); err != nil {
			return err
		}
		if kind == "outcome" {
			c.OutcomeFigures = append(c.OutcomeFigures, f)
		} else {
			c.Indicators = append(c.Indicators, f)
		}
		return nil
	}, `SELECT kind, label, value, target, unit FROM knowledge_case_figures WHERE case_id = $1 ORDER BY position`, c.ID)
	if err != nil {
		return err
	}
	c.Links, err = db.List(ctx, d, func(r db.Scanner) (CaseLink, error) {
		var l CaseLink
		err := r.Scan(&l.Kind, &l.Ref)
		return l, err
	}, `SELECT kind, ref FROM knowledge_case_links WHERE case_id = $1 ORDER BY kind, ref`, c.ID)
	return err
}

// caseDraftedFrom is the id of a case already drafted from a piece of work, or "".
func caseDraftedFrom(ctx context.Context, d *db.DB, capability, ref string) (string, error) {
	ids, err := db.Strings(ctx, d, `SELECT case_id FROM knowledge_case_sources WHERE capability = $1 AND ref = $2 ORDER BY created_at LIMIT 1`, capability, ref)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}
