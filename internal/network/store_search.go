package network

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/db"
)

type searchRow struct {
	ID, GroupID, Title, Summary, Body string
	At                                time.Time
}

func searchGroups(ctx context.Context, d *db.DB) ([]Group, error) {
	return db.List(ctx, d, func(r db.Scanner) (Group, error) {
		var g Group
		err := r.Scan(&g.ID, &g.Name, &g.Description, &g.Visibility, &g.CreatedAt)
		return g, err
	}, `SELECT id, name, description, visibility, created_at FROM network_groups ORDER BY id`)
}

// searchThreads are every discussion with the text of its visible posts joined.
func searchThreads(ctx context.Context, d *db.DB) ([]searchRow, error) {
	return joinRows(ctx, d, `SELECT t.id, t.group_id, t.title, t.summary, t.last_post_at, COALESCE(p.body, '')
		FROM network_threads t JOIN network_posts p ON p.thread_id = t.id AND p.state = 'visible'
		ORDER BY t.id, p.created_at, p.id`)
}

// searchGuides are every published guide with the latest text of each chapter joined.
func searchGuides(ctx context.Context, d *db.DB) ([]searchRow, error) {
	out, err := joinRows(ctx, d, `SELECT g.id, g.group_id, g.title, COALESCE(c.title, ''), g.published_at,
		COALESCE((SELECT v.body FROM network_versions v WHERE v.chapter_id = c.id ORDER BY v.number DESC LIMIT 1), '')
		FROM network_guides g LEFT JOIN network_chapters c ON c.guide_id = g.id
		WHERE g.published_at IS NOT NULL ORDER BY g.id, c.position, c.id`)
	for i := range out {
		// The chapters' titles are the guide's summary.
		out[i].Summary = strings.TrimPrefix(out[i].Summary, " · ")
	}
	return out, err
}

// joinRows folds the query's rows of (id, group, title, summary-part, at, body-part) into one
// row per id.
func joinRows(ctx context.Context, d *db.DB, query string) ([]searchRow, error) {
	var out []searchRow
	err := db.Each(ctx, d, func(row db.Scanner) error {
		var r searchRow
		var part, body string
		if err := row.Scan(&r.ID, &r.GroupID, &r.Title, &part, &r.At, &body); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].ID == r.ID {
			last := &out[n-1]
			if part != "" && !strings.Contains(last.Summary, part) {
				last.Summary += " · " + part
			}
			if body != "" {
				last.Body += "\n" + body
			}
			return nil
		}
		r.Summary, r.Body = part, body
		out = append(out, r)
		return nil
	}, query)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func memberGroupIDs(ctx context.Context, d *db.DB, accountID string) ([]string, error) {
	return db.Strings(ctx, d, `SELECT group_id FROM network_members WHERE account_id = $1 AND state = 'member' ORDER BY group_id`, accountID)
}
