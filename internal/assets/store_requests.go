package assets

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

func skillByID(ctx context.Context, d *db.DB, id string) (Skill, error) {
	return scanSkill(d.QueryRow(ctx, `SELECT `+skillCols+skillFrom+` WHERE s.id = $1`, id))
}

const requestCols = `r.id, COALESCE(r.skill_id, ''), r.skill_title, r.from_id, f.name, r.to_id, t.name, r.message, r.status, r.reply,
	CASE WHEN r.shared_email = 1 THEN t.email ELSE '' END, r.created_at, r.answered_at`

const requestFrom = ` FROM skill_requests r JOIN identity_people f ON f.id = r.from_id JOIN identity_people t ON t.id = r.to_id`

func requestsWhere(ctx context.Context, d *db.DB, where string, args ...any) ([]SkillRequest, error) {
	return db.List(ctx, d, func(row db.Scanner) (SkillRequest, error) {
		var r SkillRequest
		var answered sql.NullTime
		if err := row.Scan(&r.ID, &r.SkillID, &r.SkillTitle, &r.FromID, &r.FromName, &r.ToID, &r.ToName, &r.Message, &r.Status, &r.Reply,
			&r.SharedEmail, &r.CreatedAt, &answered); err != nil {
			return r, err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		if answered.Valid {
			t := answered.Time.UTC()
			r.AnsweredAt = &t
		}
		return r, nil
	}, `SELECT `+requestCols+requestFrom+` WHERE `+where+` ORDER BY r.created_at DESC, r.id LIMIT 500`, args...)
}

func requestByID(ctx context.Context, d *db.DB, id string) (SkillRequest, error) {
	rs, err := requestsWhere(ctx, d, "r.id = $1", id)
	if err != nil {
		return SkillRequest{}, err
	}
	if len(rs) == 0 {
		return SkillRequest{}, sql.ErrNoRows
	}
	return rs[0], nil
}

func openRequest(ctx context.Context, d *db.DB, skillID, fromID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM skill_requests WHERE skill_id = $1 AND from_id = $2 AND status = 'sent'`, skillID, fromID).Scan(&n)
	return n > 0, err
}

func insertRequest(ctx context.Context, d *db.DB, r SkillRequest) error {
	_, err := d.Exec(ctx, `INSERT INTO skill_requests (id, skill_id, skill_title, from_id, to_id, message, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.ID, r.SkillID, r.SkillTitle, r.FromID, r.ToID, r.Message, r.Status, r.CreatedAt)
	return err
}

// answerRequest records an answer, only while the request is open.
func answerRequest(ctx context.Context, d *db.DB, id, status, reply string, shareEmail bool, at time.Time) error {
	res, err := d.Exec(ctx, `UPDATE skill_requests SET status = $2, reply = $3, shared_email = $4, answered_at = $5 WHERE id = $1 AND status = 'sent'`,
		id, status, reply, b2i(shareEmail), at)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return sql.ErrNoRows
	}
	return nil
}
