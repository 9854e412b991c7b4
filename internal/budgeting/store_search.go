package budgeting

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

type searchRow struct {
	ID, ProcessID, Title, Official, OfficialCy, Summary, SummaryCy, Description, Address, AreaID string
	Process, ProcessCy, Updates                                                                  string
	Project                                                                                      bool
	At                                                                                           time.Time
}

// searchIdeas are the ideas not hidden, with their process's title, the updates on their
// delivery, and whether the published count funded them.
func searchIdeas(ctx context.Context, d *db.DB) ([]searchRow, error) {
	var out []searchRow
	err := db.Each(ctx, d, func(row db.Scanner) error {
		var r searchRow
		var project int
		var update string
		if err := row.Scan(&r.ID, &r.ProcessID, &r.Title, &r.Official, &r.OfficialCy, &r.Summary, &r.SummaryCy, &r.Description, &r.Address,
			&r.AreaID, &r.Process, &r.ProcessCy, &r.At, &project, &update); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].ID == r.ID {
			out[n-1].Updates += "\n" + update
			return nil
		}
		r.Project, r.Updates = project == 1, update
		out = append(out, r)
		return nil
	}, `SELECT i.id, i.process_id, i.title, i.official_title, i.official_title_cy, i.summary, i.summary_cy,
		i.description, i.address, COALESCE(i.area_id, ''), p.title, p.title_cy, i.created_at,
		CASE WHEN p.phase IN ('results', 'delivery') AND i.outcome = 'funded' THEN 1 ELSE 0 END,
		COALESCE(u.body, '')
		FROM budget_ideas i JOIN budget_processes p ON p.id = i.process_id LEFT JOIN budget_updates u ON u.idea_id = i.id
		WHERE i.hidden_at IS NULL AND p.draft = 0 ORDER BY i.id, u.created_at, u.id`)
	if err != nil {
		return nil, err
	}
	return out, nil
}
