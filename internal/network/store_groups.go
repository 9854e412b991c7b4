package network

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// membershipOf reads an account's role, state and choice to show its organisation in a group
// into m (no rows: not a member, invited or asking).
func membershipOf(ctx context.Context, d *db.DB, groupID, accountID string, m *Membership) error {
	return d.QueryRow(ctx, `SELECT role, state, show_org FROM network_members WHERE group_id = $1 AND account_id = $2`,
		groupID, accountID).Scan(&m.Role, &m.State, &m.ShowOrg)
}

// isBlocked says whether an account is blocked from the network.
func isBlocked(ctx context.Context, d *db.DB, accountID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_blocks WHERE account_id = $1`, accountID).Scan(&n)
	return n > 0, err
}

// visibleGroups are the groups a viewer ("" signed out) can see, by name, optionally matching q
// in the name or description.
func visibleGroups(ctx context.Context, d *db.DB, viewer, q string) ([]Group, error) {
	query := `SELECT ` + groupCols + ` FROM network_groups g
		WHERE (g.visibility <> 'private' OR EXISTS (SELECT 1 FROM network_members m WHERE m.group_id = g.id AND m.account_id = $1 AND m.state IN ('member', 'invited')))`
	args := []any{viewer}
	if q != "" {
		query += ` AND (` + d.Dialect().ILike("g.name", "$2") + ` OR ` + d.Dialect().ILike("g.description", "$2") + `)`
		args = append(args, q)
	}
	return queryGroups(ctx, d, query+` ORDER BY g.name`, args...)
}

// publicGroups are open and closed groups by name, a page at a time.
func publicGroups(ctx context.Context, d *db.DB, limit, offset int) ([]Group, error) {
	return queryGroups(ctx, d, `SELECT `+groupCols+` FROM network_groups g WHERE g.visibility <> 'private'
		ORDER BY g.name, g.id LIMIT $1 OFFSET $2`, limit, offset)
}

func insertGroup(ctx context.Context, d *db.DB, g Group, createdBy string) error {
	_, err := d.Exec(ctx, `INSERT INTO network_groups (id, name, description, description_html, visibility, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, g.ID, g.Name, g.Description, string(g.DescriptionHTML), g.Visibility, createdBy, g.CreatedAt)
	return err
}

// upsertMember adds or updates a membership.
func upsertMember(ctx context.Context, d *db.DB, groupID, accountID, role, state string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_members (group_id, account_id, role, state, show_org, joined_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (group_id, account_id) DO UPDATE SET state = excluded.state, role = excluded.role, joined_at = excluded.joined_at`,
		groupID, accountID, role, state, true, now)
	return err
}

// defaultPrefs gives a member mail settings unless they have some.
func defaultPrefs(ctx context.Context, d *db.DB, accountID, groupID, freq string, next time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_prefs (account_id, group_id, frequency, next_digest_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id, group_id) DO NOTHING`, accountID, groupID, freq, next)
	return err
}

// removeMember ends a membership (or a request or an invitation).
func removeMember(ctx context.Context, d *db.DB, groupID, accountID string) error {
	_, err := d.Exec(ctx, `DELETE FROM network_members WHERE group_id = $1 AND account_id = $2`, groupID, accountID)
	return err
}

// setMemberRole changes a member's role.
func setMemberRole(ctx context.Context, d *db.DB, groupID, accountID, role string) error {
	_, err := d.Exec(ctx, `UPDATE network_members SET role = $1 WHERE group_id = $2 AND account_id = $3`, role, groupID, accountID)
	return err
}

// countHosts is how many hosts a group has.
func countHosts(ctx context.Context, d *db.DB, groupID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_members WHERE group_id = $1 AND role = 'host' AND state = 'member'`, groupID).Scan(&n)
	return n, err
}

// memberRoleState reads an account's role and state in a group (no rows: none).
func memberRoleState(ctx context.Context, d *db.DB, groupID, accountID string) (role, state string, err error) {
	err = d.QueryRow(ctx, `SELECT role, state FROM network_members WHERE group_id = $1 AND account_id = $2`, groupID, accountID).Scan(&role, &state)
	return role, state, err
}

// groupMembers are a group's members (with hosts, also requests and invitations), without names
// or organisations (identity's to read), by account id.
func groupMembers(ctx context.Context, d *db.DB, groupID string, withPending bool) ([]Member, error) {
	states := "'member'"
	if withPending {
		states = "'member', 'requested', 'invited'"
	}
	return db.List(ctx, d, func(r db.Scanner) (Member, error) {
		var x Member
		if err := r.Scan(&x.AccountID, &x.Role, &x.State, &x.showOrg, &x.JoinedAt); err != nil {
			return x, err
		}
		x.JoinedAt = x.JoinedAt.UTC()
		return x, nil
	}, `SELECT m.account_id, m.role, m.state, m.show_org, m.joined_at
		FROM network_members m WHERE m.group_id = $1 AND m.state IN (`+states+`) ORDER BY m.account_id`, groupID)
}

// memberSettings reads a member's settings for a group into st (no rows: not a member).
func memberSettings(ctx context.Context, d *db.DB, groupID, accountID string, st *Settings) error {
	return d.QueryRow(ctx, `SELECT m.show_org, COALESCE(p.frequency, 'off') FROM network_members m
		LEFT JOIN network_prefs p ON p.account_id = m.account_id AND p.group_id = m.group_id
		WHERE m.group_id = $1 AND m.account_id = $2`, groupID, accountID).Scan(&st.ShowOrg, &st.Frequency)
}

// setShowOrg saves a member's choice to show their organisation in a group.
func setShowOrg(ctx context.Context, d *db.DB, groupID, accountID string, show bool) error {
	_, err := d.Exec(ctx, `UPDATE network_members SET show_org = $1 WHERE group_id = $2 AND account_id = $3`, show, groupID, accountID)
	return err
}

// savePrefs saves a member's mail frequency for a group and when their next digest is due.
func savePrefs(ctx context.Context, d *db.DB, accountID, groupID, freq string, next time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_prefs (account_id, group_id, frequency, next_digest_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id, group_id) DO UPDATE SET frequency = excluded.frequency, next_digest_at = excluded.next_digest_at`,
		accountID, groupID, freq, next)
	return err
}

// skipNotifications marks a person's unsent notifications of a group as dealt with.
func skipNotifications(ctx context.Context, d *db.DB, accountID, groupID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_notifications SET mailed_at = $1 WHERE account_id = $2 AND group_id = $3 AND mailed_at IS NULL`,
		now, accountID, groupID)
	return err
}

const groupCols = `g.id, g.name, g.description, g.description_html, g.visibility, g.created_at,
	(SELECT count(*) FROM network_members m WHERE m.group_id = g.id AND m.state = 'member')`

func scanGroup(row db.Scanner) (Group, error) {
	var g Group
	var html string
	err := row.Scan(&g.ID, &g.Name, &g.Description, &html, &g.Visibility, &g.CreatedAt, &g.Members)
	g.DescriptionHTML = trusted(html)
	g.CreatedAt = g.CreatedAt.UTC()
	return g, err
}

func groupByID(ctx context.Context, d *db.DB, id string) (Group, error) {
	return scanGroup(d.QueryRow(ctx, `SELECT `+groupCols+` FROM network_groups g WHERE g.id = $1`, id))
}

func queryGroups(ctx context.Context, d *db.DB, q string, args ...any) ([]Group, error) {
	return db.List(ctx, d, scanGroup, q, args...)
}

// groupsNamed counts the groups with a name.
func groupsNamed(ctx context.Context, d *db.DB, name string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_groups WHERE name = $1`, name).Scan(&n)
	return n, err
}
