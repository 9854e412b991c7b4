package campaigns

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// Every SQL statement of petitions and their signatures, actions and conversations.

const petitionCols = `id, campaign_id, title, ask, target, closes_on, status, signatures, delivered_on, delivered_to, delivered_count,
	answer, answered_on, created_at`

func scanPetition(s db.Scanner) (Petition, error) {
	var p Petition
	err := s.Scan(&p.ID, &p.CampaignID, &p.Title, &p.Ask, &p.Target, &p.ClosesOn, &p.Status, &p.Signatures, &p.DeliveredOn, &p.DeliveredTo,
		&p.DeliveredCount, &p.Answer, &p.AnsweredOn, &p.CreatedAt)
	return p, err
}

func queryPetitions(ctx context.Context, d *db.DB, where string, args ...any) ([]Petition, error) {
	return db.List(ctx, d, scanPetition, `SELECT `+petitionCols+` FROM camp_petitions `+where, args...)
}

func petitionsOf(ctx context.Context, d *db.DB, campaignID string) ([]Petition, error) {
	return queryPetitions(ctx, d, `WHERE campaign_id = $1 ORDER BY created_at`, campaignID)
}

func petitionByID(ctx context.Context, d *db.DB, id string) (Petition, error) {
	return scanPetition(d.QueryRow(ctx, `SELECT `+petitionCols+` FROM camp_petitions WHERE id = $1`, id))
}

func insertPetition(ctx context.Context, d *db.DB, p Petition, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_petitions (id, campaign_id, title, ask, target, closes_on, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8)`, p.ID, p.CampaignID, p.Title, p.Ask, p.Target, p.ClosesOn, nullString(by), p.CreatedAt)
	return err
}

// deliverPetition records the delivery with the count as it stands, once.
func deliverPetition(ctx context.Context, d *db.DB, id, on, to string, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_petitions SET status = 'delivered', delivered_on = $2, delivered_to = $3,
		delivered_count = signatures, updated_at = $4 WHERE id = $1 AND status IN ('open', 'closed')`, id, on, to, now))
}

func answerPetition(ctx context.Context, d *db.DB, id, answer, on string, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_petitions SET status = 'answered', answer = $2, answered_on = $3, updated_at = $4
		WHERE id = $1 AND status IN ('delivered', 'answered')`, id, answer, on, now))
}

// Signatures.

const signatureCols = `id, petition_id, name, COALESCE(email, ''), postcode, district, COALESCE(account_id, ''), lang, confirmed_at, channel,
	added_by IS NOT NULL, created_at`

func scanSignature(s db.Scanner) (Signature, error) {
	var g Signature
	var confirmed sql.NullTime
	err := s.Scan(&g.ID, &g.PetitionID, &g.Name, &g.Email, &g.Postcode, &g.District, &g.AccountID, &g.Lang, &confirmed, &g.Channel, &g.Assisted, &g.CreatedAt)
	g.Confirmed = db.TimeOf(confirmed)
	return g, err
}

func querySignatures(ctx context.Context, d *db.DB, where string, args ...any) ([]Signature, error) {
	return db.List(ctx, d, scanSignature, `SELECT `+signatureCols+` FROM camp_signatures `+where, args...)
}

func signaturesOf(ctx context.Context, d *db.DB, petitionID string) ([]Signature, error) {
	return querySignatures(ctx, d, `WHERE petition_id = $1 ORDER BY created_at DESC`, petitionID)
}

func confirmedSigners(ctx context.Context, d *db.DB, petitionID string) ([]Signature, error) {
	return querySignatures(ctx, d, `WHERE petition_id = $1 AND confirmed_at IS NOT NULL AND email IS NOT NULL ORDER BY created_at`, petitionID)
}

func signatureByEmail(ctx context.Context, d *db.DB, petitionID, email string) (Signature, error) {
	return scanSignature(d.QueryRow(ctx, `SELECT `+signatureCols+` FROM camp_signatures WHERE petition_id = $1 AND email = $2`, petitionID, email))
}

func signatureByToken(ctx context.Context, d *db.DB, hash string) (Signature, error) {
	return scanSignature(d.QueryRow(ctx, `SELECT `+signatureCols+` FROM camp_signatures WHERE token_hash = $1`, hash))
}

func insertSignature(ctx context.Context, d *db.DB, g Signature, tokenHash, addedBy string) error {
	var confirmed any
	if g.Confirmed != nil {
		confirmed = *g.Confirmed
	}
	_, err := d.Exec(ctx, `INSERT INTO camp_signatures (id, petition_id, name, email, postcode, district, account_id, lang, token_hash,
		confirmed_at, channel, added_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		g.ID, g.PetitionID, g.Name, nullString(g.Email), g.Postcode, g.District, nullString(g.AccountID), g.Lang, nullString(tokenHash),
		confirmed, g.Channel, nullString(addedBy), g.CreatedAt)
	return err
}

func refreshSignature(ctx context.Context, d *db.DB, id, name, postcode, district, lang, tokenHash string) error {
	_, err := d.Exec(ctx, `UPDATE camp_signatures SET name = $2, postcode = $3, district = $4, lang = $5, token_hash = $6
		WHERE id = $1 AND confirmed_at IS NULL`, id, name, postcode, district, lang, tokenHash)
	return err
}

// confirmSignature confirms a signature once and adds it to the running count in the same
// transaction: two clicks on the link count one.
func confirmSignature(ctx context.Context, d *db.DB, id, petitionID string, now time.Time) (bool, error) {
	n, err := rowsAffected(d.Exec(ctx, `UPDATE camp_signatures SET confirmed_at = $2, token_hash = NULL WHERE id = $1 AND confirmed_at IS NULL`, id, now))
	if err != nil || n == 0 {
		return false, err
	}
	_, err = d.Exec(ctx, `UPDATE camp_petitions SET signatures = signatures + 1 WHERE id = $1`, petitionID)
	return err == nil, err
}

// signatureTimes are the confirmation times of the signatures of a campaign's petitions.
func signatureTimes(ctx context.Context, d *db.DB, campaignID string) ([]time.Time, error) {
	return times(ctx, d, `SELECT s.confirmed_at FROM camp_signatures s WHERE s.confirmed_at IS NOT NULL
		AND s.petition_id IN (SELECT id FROM camp_petitions WHERE campaign_id = $1) ORDER BY s.confirmed_at`, campaignID)
}

// Actions.

const actionCols = `id, campaign_id, kind, title, happens_on, event_id, COALESCE(petition_id, ''), target, turnout, outcome, created_at`

func scanAction(s db.Scanner) (Action, error) {
	var a Action
	var turnout sql.NullInt64
	err := s.Scan(&a.ID, &a.CampaignID, &a.Kind, &a.Title, &a.HappensOn, &a.EventID, &a.PetitionID, &a.Target, &turnout, &a.Outcome, &a.CreatedAt)
	if turnout.Valid {
		n := int(turnout.Int64)
		a.Turnout = &n
	}
	return a, err
}

func actionsOf(ctx context.Context, d *db.DB, campaignID string) ([]Action, error) {
	return db.List(ctx, d, scanAction, `SELECT `+actionCols+` FROM camp_actions WHERE campaign_id = $1 ORDER BY happens_on DESC, created_at DESC`, campaignID)
}

func actionByID(ctx context.Context, d *db.DB, id string) (Action, error) {
	return scanAction(d.QueryRow(ctx, `SELECT `+actionCols+` FROM camp_actions WHERE id = $1`, id))
}

func nullInt(p *int) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*p), Valid: true}
}

func insertAction(ctx context.Context, d *db.DB, a Action, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_actions (id, campaign_id, kind, title, happens_on, event_id, petition_id, target, turnout, outcome,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		a.ID, a.CampaignID, a.Kind, a.Title, a.HappensOn, a.EventID, nullString(a.PetitionID), a.Target, nullInt(a.Turnout), a.Outcome,
		nullString(by), a.CreatedAt)
	return err
}

func updateActionResult(ctx context.Context, d *db.DB, id string, turnout *int, outcome string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE camp_actions SET turnout = $2, outcome = $3, updated_at = $4 WHERE id = $1`, id, nullInt(turnout), outcome, now)
	return err
}

// Conversations.

func conversationsOf(ctx context.Context, d *db.DB, campaignID string) ([]Conversation, error) {
	return db.List(ctx, d, func(r db.Scanner) (Conversation, error) {
		var c Conversation
		err := r.Scan(&c.ID, &c.CampaignID, &c.PersonName, &c.Contact, &c.HeldOn, &c.CaresAbout, &c.NextStep, &c.LoggedBy, &c.CreatedAt)
		return c, err
	}, `SELECT id, campaign_id, person_name, contact, held_on, cares_about, next_step, COALESCE(logged_by, ''), created_at
		FROM camp_conversations WHERE campaign_id = $1 ORDER BY held_on DESC, created_at DESC`, campaignID)
}

func insertConversation(ctx context.Context, d *db.DB, c Conversation) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_conversations (id, campaign_id, person_name, contact, held_on, cares_about, next_step, logged_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, c.CampaignID, c.PersonName, c.Contact, c.HeldOn, c.CaresAbout, c.NextStep,
		nullString(c.LoggedBy), c.CreatedAt)
	return err
}

func deleteConversation(ctx context.Context, d *db.DB, campaignID, id string) (int64, error) {
	return rowsAffected(d.Exec(ctx, `DELETE FROM camp_conversations WHERE campaign_id = $1 AND id = $2`, campaignID, id))
}
