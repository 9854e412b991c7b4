package coproduction

import (
	"context"
	"database/sql"

	"commons/internal/platform/db"
)

const boardSelect = `SELECT b.id, b.name, b.kind, b.purpose, COALESCE(b.chair_id, ''), COALESCE(a.name, ''), b.created_at,
	(SELECT COUNT(*) FROM coproduction_board_members m WHERE m.board_id = b.id)
	FROM coproduction_boards b LEFT JOIN accounts a ON a.id = b.chair_id`

func scanBoard(row scanner) (Board, error) {
	var b Board
	err := row.Scan(&b.ID, &b.Name, &b.Kind, &b.Purpose, &b.ChairID, &b.ChairName, &b.CreatedAt, &b.Members)
	b.CreatedAt = b.CreatedAt.UTC()
	return b, err
}

func listBoards(ctx context.Context, d *db.DB) ([]Board, error) {
	rows, err := d.Query(ctx, boardSelect+` ORDER BY b.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Board
	for rows.Next() {
		b, err := scanBoard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func boardByID(ctx context.Context, d *db.DB, id string) (Board, error) {
	return scanBoard(d.QueryRow(ctx, boardSelect+` WHERE b.id = $1`, id))
}

const memberSelect = `SELECT m.id, m.board_id, b.name, COALESCE(m.account_id, ''), COALESCE(a.name, ''), COALESCE(m.organisation_id, ''),
	COALESCE(o.name, ''), COALESCE(o.sector, ''), m.role, m.joined_at
	FROM coproduction_board_members m JOIN coproduction_boards b ON b.id = m.board_id
	LEFT JOIN accounts a ON a.id = m.account_id LEFT JOIN organisations o ON o.id = m.organisation_id`

func queryMembers(ctx context.Context, d *db.DB, where string, arg string) ([]BoardMember, error) {
	rows, err := d.Query(ctx, memberSelect+` WHERE `+where+` ORDER BY b.name, COALESCE(a.name, o.name)`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BoardMember
	for rows.Next() {
		var m BoardMember
		if err := rows.Scan(&m.ID, &m.BoardID, &m.BoardName, &m.AccountID, &m.AccountName, &m.OrganisationID, &m.OrganisationName, &m.Sector, &m.Role, &m.JoinedAt); err != nil {
			return nil, err
		}
		m.JoinedAt = m.JoinedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

func meetingsOf(ctx context.Context, d *db.DB, boardID string) ([]Meeting, error) {
	rows, err := d.Query(ctx, `SELECT id, board_id, held_on, agenda, minutes, created_at FROM coproduction_meetings WHERE board_id = $1 ORDER BY held_on DESC, id`, boardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		var m Meeting
		if err := rows.Scan(&m.ID, &m.BoardID, &m.HeldOn, &m.Agenda, &m.Minutes, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		m.Decisions = []Decision{}
		out = append(out, m)
	}
	return out, rows.Err()
}

func decisionsOf(ctx context.Context, d *db.DB, boardID string) (map[string][]Decision, error) {
	rows, err := d.Query(ctx, `SELECT x.id, x.meeting_id, x.text, x.created_at FROM coproduction_decisions x
		JOIN coproduction_meetings m ON m.id = x.meeting_id WHERE m.board_id = $1 ORDER BY x.created_at, x.id`, boardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]Decision{}
	for rows.Next() {
		var x Decision
		if err := rows.Scan(&x.ID, &x.MeetingID, &x.Text, &x.CreatedAt); err != nil {
			return nil, err
		}
		x.CreatedAt = x.CreatedAt.UTC()
		out[x.MeetingID] = append(out[x.MeetingID], x)
	}
	return out, rows.Err()
}

func actionsOf(ctx context.Context, d *db.DB, boardID string) ([]Action, error) {
	rows, err := d.Query(ctx, `SELECT id, board_id, COALESCE(meeting_id, ''), text, owner_name, due_on, done_at, created_at
		FROM coproduction_actions WHERE board_id = $1 ORDER BY done_at IS NOT NULL, due_on, id`, boardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		var a Action
		var done sql.NullTime
		if err := rows.Scan(&a.ID, &a.BoardID, &a.MeetingID, &a.Text, &a.OwnerName, &a.DueOn, &done, &a.CreatedAt); err != nil {
			return nil, err
		}
		if done.Valid {
			t := done.Time.UTC()
			a.DoneAt = &t
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

func listEngagements(ctx context.Context, d *db.DB) ([]Engagement, error) {
	rows, err := d.Query(ctx, `SELECT e.id, e.title, COALESCE(e.project_id, ''), COALESCE(p.title, ''), e.phase, e.held_on, COALESCE(a.name, ''), e.created_at
		FROM coproduction_engagements e LEFT JOIN coproduction_projects p ON p.id = e.project_id LEFT JOIN accounts a ON a.id = e.owner_id
		ORDER BY e.held_on DESC, e.title`)
	if err != nil {
		return nil, err
	}
	var out []Engagement
	index := map[string]int{}
	for rows.Next() {
		var e Engagement
		if err := rows.Scan(&e.ID, &e.Title, &e.ProjectID, &e.ProjectTitle, &e.Phase, &e.HeldOn, &e.OwnerName, &e.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		e.CreatedAt = e.CreatedAt.UTC()
		e.Scores = map[string]StandardScore{}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	srows, err := d.Query(ctx, `SELECT engagement_id, standard, score, evidence FROM coproduction_standard_scores`)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var id string
		var s StandardScore
		if err := srows.Scan(&id, &s.Standard, &s.Score, &s.Evidence); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Scores[s.Standard] = s
		}
	}
	return out, srows.Err()
}
