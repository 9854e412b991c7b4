package timebank

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// FormerMember is the name a member's records keep once their account is deleted: their
// exchanges and balance stay in the books, with no name on them.
const FormerMember = "A former member / Cyn-aelod"

// anonymiseMember takes everything that names or describes a person off their membership; the
// membership and its account stay, so the books still balance.
func anonymiseMember(ctx context.Context, d *db.DB, memberID string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE timebank_members SET name = $2, contact = '', about = '', area_id = NULL, share_email = 0,
		public_name = 0, account_id = NULL, imported_ref = '', status = CASE WHEN status = 'active' OR status = 'pending' THEN 'left' ELSE status END,
		role = 'member', anonymised_at = $3 WHERE id = $1`, memberID, FormerMember, at)
	return err
}

// forgetMemberContent removes what a member wrote that only they and those they wrote to
// needed: their listings (with photos) and the messages they sent or received.
func forgetMemberContent(ctx context.Context, d *db.DB, memberID string) error {
	for _, q := range []string{
		`DELETE FROM timebank_messages WHERE from_member = $1 OR to_member = $1`,
		`DELETE FROM timebank_messages WHERE listing_id IN (SELECT id FROM timebank_listings WHERE member_id = $1)`,
		`DELETE FROM timebank_listings WHERE member_id = $1`,
		`DELETE FROM timebank_photos WHERE member_id = $1`,
	} {
		if _, err := d.Exec(ctx, q, memberID); err != nil {
			return err
		}
	}
	return nil
}

// cancelWaiting withdraws the exchanges still waiting for, or recorded by, a member.
func cancelWaiting(ctx context.Context, d *db.DB, memberID string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE timebank_exchanges SET status = 'cancelled', awaiting_member = NULL, decided_at = $2
		WHERE status = 'pending' AND (awaiting_member = $1 OR recorded_member = $1)`, memberID, at)
	return err
}

// MessageRecord is a message a member sent or received, for their data download.
type MessageRecord struct {
	BankID    string    `json:"bank_id"`
	ListingID string    `json:"listing_id,omitempty"`
	Direction string    `json:"direction"` // sent or received
	Other     string    `json:"other_member"`
	Body      string    `json:"body"`
	Shared    bool      `json:"shared_email"`
	At        time.Time `json:"sent_at"`
}

func messagesOf(ctx context.Context, d *db.DB, memberID string) ([]MessageRecord, error) {
	rows, err := d.Query(ctx, `SELECT g.bank_id, COALESCE(g.listing_id, ''), CASE WHEN g.from_member = $1 THEN 'sent' ELSE 'received' END,
		CASE WHEN g.from_member = $1 THEN t.name ELSE f.name END, g.body, g.shared_email, g.created_at
		FROM timebank_messages g JOIN timebank_members f ON f.id = g.from_member JOIN timebank_members t ON t.id = g.to_member
		WHERE g.from_member = $1 OR g.to_member = $1 ORDER BY g.created_at`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MessageRecord
	for rows.Next() {
		var m MessageRecord
		var shared int
		if err := rows.Scan(&m.BankID, &m.ListingID, &m.Direction, &m.Other, &m.Body, &shared, &m.At); err != nil {
			return nil, err
		}
		m.Shared = shared != 0
		out = append(out, m)
	}
	return out, rows.Err()
}
