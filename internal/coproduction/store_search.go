package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

type searchRow struct {
	ID, Lang, Title, TitleAlt, Problem, ProblemAlt, Affected, AffectedAlt string
	ServiceArea, ServiceAreaAlt, CaseStudy, CaseStudyAlt                  string
	At                                                                    time.Time
}

// searchProjects are the published projects' texts (a case study only once published).
func searchProjects(ctx context.Context, d *db.DB) ([]searchRow, error) {
	return db.List(ctx, d, func(row db.Scanner) (searchRow, error) {
		var r searchRow
		err := row.Scan(&r.ID, &r.Lang, &r.Title, &r.TitleAlt, &r.Problem, &r.ProblemAlt, &r.Affected, &r.AffectedAlt,
			&r.ServiceArea, &r.ServiceAreaAlt, &r.CaseStudy, &r.CaseStudyAlt, &r.At)
		r.At = r.At.UTC()
		return r, err
	}, `SELECT id, lang, title, title_alt, problem, problem_alt, affected, affected_alt, service_area, service_area_alt,
		CASE WHEN case_study_state = 'published' THEN case_study ELSE '' END, CASE WHEN case_study_state = 'published' THEN case_study_alt ELSE '' END,
		updated_at FROM coproduction_projects WHERE published = 1 ORDER BY id`)
}
