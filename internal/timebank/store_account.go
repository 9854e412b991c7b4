package timebank

import (
	"context"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
)

// FormerMember is the name a member's records keep once their account is deleted: their
// exchanges and balance stay in the books, with no name on them.
const FormerMember = actor.FormerName

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
	return db.List(ctx, d, func(r db.Scanner) (MessageRecord, error) {
		var m MessageRecord
		var shared int
		if err := r.Scan(&m.BankID, &m.ListingID, &m.Direction, &m.Other, &m.Body, &shared, &m.At); err != nil {
			return m, err
		}
		m.Shared = shared != 0
		return m, nil
	}, `SELECT g.bank_id, COALESCE(g.listing_id, ''), CASE WHEN g.from_member = $1 THEN 'sent' ELSE 'received' END,
		CASE WHEN g.from_member = $1 THEN t.name ELSE f.name END, g.body, g.shared_email, g.created_at
		FROM timebank_messages g JOIN timebank_members f ON f.id = g.from_member JOIN timebank_members t ON t.id = g.to_member
		WHERE g.from_member = $1 OR g.to_member = $1 ORDER BY g.created_at`, memberID)
}

// BankRecord is a bank a person started, for their data download.
type BankRecord struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	StartedAt time.Time `json:"started_at"`
}

func banksStartedBy(ctx context.Context, d *db.DB, accountID string) ([]BankRecord, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (BankRecord, error) {
		var b BankRecord
		err := r.Scan(&b.ID, &b.Name, &b.StartedAt)
		return b, err
	}, `SELECT id, name, created_at FROM timebank_banks WHERE created_by = $1 ORDER BY created_at, id`, accountID)
	if out == nil {
		out = []BankRecord{}
	}
	return out, err
}

// AgreementRecord is an agreement between banks a person proposed or answered as a broker.
type AgreementRecord struct {
	ID       string    `json:"id"`
	Banks    [2]string `json:"banks"`
	Status   string    `json:"status"`
	Proposed bool      `json:"proposed_by_you"`
	Answered bool      `json:"answered_by_you"`
	At       time.Time `json:"proposed_at"`
}

func agreementsBy(ctx context.Context, d *db.DB, accountID string) ([]AgreementRecord, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (AgreementRecord, error) {
		var g AgreementRecord
		err := r.Scan(&g.ID, &g.Banks[0], &g.Banks[1], &g.Status, &g.Proposed, &g.Answered, &g.At)
		return g, err
	}, `SELECT g.id, l.name, h.name, g.status, COALESCE(g.proposed_by, '') = $1, COALESCE(g.decided_by, '') = $1, g.proposed_at
		FROM timebank_agreements g JOIN timebank_banks l ON l.id = g.bank_low JOIN timebank_banks h ON h.id = g.bank_high
		WHERE g.proposed_by = $1 OR g.decided_by = $1 ORDER BY g.proposed_at, g.id`, accountID)
	if out == nil {
		out = []AgreementRecord{}
	}
	return out, err
}

// RecordedRecord is an exchange a person recorded or decided, or an entry in a bank's ledger
// they made (by confirming an exchange, reversing one, importing a history).
type RecordedRecord struct {
	What     string    `json:"what"` // exchange or ledger
	ID       string    `json:"id"`
	BankID   string    `json:"bank_id"`
	Kind     string    `json:"kind"`
	Status   string    `json:"status,omitempty"`
	Note     string    `json:"note"`
	Minutes  int64     `json:"minutes,omitempty"`
	Happened string    `json:"happened_on"`
	At       time.Time `json:"at"`
}

func recordedBy(ctx context.Context, d *db.DB, accountID string) ([]RecordedRecord, error) {
	out, err := db.List(ctx, d, func(row db.Scanner) (RecordedRecord, error) {
		var r RecordedRecord
		err := row.Scan(&r.What, &r.ID, &r.BankID, &r.Kind, &r.Status, &r.Note, &r.Minutes, &r.Happened, &r.At)
		return r, err
	}, `SELECT 'exchange', id, bank_id, kind, status, note, minutes, happened_on, created_at FROM timebank_exchanges
		WHERE created_by = $1 OR decided_by = $1
		UNION ALL
		SELECT 'ledger', id, bank_id, kind, '', note, 0, happened_on, created_at FROM timebank_transactions WHERE created_by = $1
		ORDER BY 9, 2`, accountID)
	if out == nil {
		out = []RecordedRecord{}
	}
	return out, err
}

// ImportRecord is a file a person brought over from another time-banking system.
type ImportRecord struct {
	ID       string    `json:"id"`
	BankID   string    `json:"bank_id"`
	Kind     string    `json:"kind"`
	Filename string    `json:"filename"`
	Status   string    `json:"status"`
	At       time.Time `json:"uploaded_at"`
}

func importsBy(ctx context.Context, d *db.DB, accountID string) ([]ImportRecord, error) {
	out, err := db.List(ctx, d, func(row db.Scanner) (ImportRecord, error) {
		var r ImportRecord
		err := row.Scan(&r.ID, &r.BankID, &r.Kind, &r.Filename, &r.Status, &r.At)
		return r, err
	}, `SELECT id, bank_id, kind, filename, status, created_at FROM timebank_imports WHERE created_by = $1
		ORDER BY created_at, id`, accountID)
	if out == nil {
		out = []ImportRecord{}
	}
	return out, err
}
