package campaigns

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// recordsOf reads, for the data download, the records the person made or that hold their
// address, by kind ($1 is their account, $2 their address).
func recordsOf(ctx context.Context, d *db.DB, accountID, email string) (map[string][]exportRecord, error) {
	queries := []struct{ kind, q string }{
		{"campaigns", `SELECT id, '', title, created_at FROM camp_campaigns WHERE created_by = $1 ORDER BY created_at`},
		{"petitions", `SELECT id, campaign_id, title, created_at FROM camp_petitions WHERE created_by = $1 ORDER BY created_at`},
		{"actions", `SELECT id, campaign_id, title, created_at FROM camp_actions WHERE created_by = $1 ORDER BY created_at`},
		{"added", `SELECT id, campaign_id, 'supporter', created_at FROM camp_supporters WHERE added_by = $1
			UNION ALL SELECT id, petition_id, 'signature', created_at FROM camp_signatures WHERE added_by = $1 ORDER BY 4`},
		{"logged", `SELECT id, campaign_id, held_on, created_at FROM camp_conversations WHERE logged_by = $1 ORDER BY created_at`},
		{"about", `SELECT id, campaign_id, held_on || ': ' || cares_about || CASE WHEN next_step <> '' THEN ' / ' || next_step ELSE '' END, created_at
			FROM camp_conversations WHERE lower(contact) = $2 ORDER BY created_at`},
		{"erasures", `SELECT id, campaign_id, CASE WHEN erased = 1 THEN 'erased' ELSE 'asked' END, created_at FROM camp_erasures WHERE email = $2 ORDER BY created_at`},
		{"coordinator", `SELECT account_id, COALESCE(added_by, ''), 'coordinator', added_at FROM camp_coordinators WHERE account_id = $1`},
		{"forms", `SELECT id, '', CAST(version AS TEXT), created_at FROM camp_forms WHERE created_by = $1 ORDER BY version`},
		{"messages", `SELECT id, application_id, body, created_at FROM camp_app_messages WHERE account_id = $1 ORDER BY created_at`},
	}
	out := map[string][]exportRecord{}
	for _, q := range queries {
		arg := accountID
		if strings.Contains(q.q, "$2") { // by their address
			arg, q.q = email, strings.ReplaceAll(q.q, "$2", "$1")
		}
		rs, err := db.List(ctx, d, func(row db.Scanner) (exportRecord, error) {
			var r exportRecord
			var at time.Time
			err := row.Scan(&r.ID, &r.Parent, &r.Text, &at)
			r.At = at
			return r, err
		}, q.q, arg)
		if err != nil {
			return nil, err
		}
		if rs == nil {
			rs = []exportRecord{}
		}
		out[q.kind] = rs
	}
	return out, nil
}
