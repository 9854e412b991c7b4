package timebank

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// closeListingsOf closes a member's open listings (they left, or were removed).
func closeListingsOf(ctx context.Context, d *db.DB, memberID string) error {
	_, err := d.Exec(ctx, `UPDATE timebank_listings SET status = 'closed', updated_at = $2 WHERE member_id = $1 AND status = 'open'`,
		memberID, d.Now(ctx))
	return err
}

const listingCols = `l.id, l.bank_id, l.member_id, l.kind, l.title, l.description, l.category, COALESCE(l.area_id, ''), l.mode,
	l.postcode, l.latitude, l.longitude, COALESCE(l.estimate, 0), COALESCE(l.photo_id, ''), l.photo_alt, l.status, l.expires_at,
	l.reminded_at, l.created_at, l.updated_at, m.name, m.kind, m.public_name, COALESCE(m.account_id, ''), COALESCE(m.organisation_id, ''), b.name`

const listingFrom = ` FROM timebank_listings l JOIN timebank_members m ON m.id = l.member_id JOIN timebank_banks b ON b.id = l.bank_id`

func scanListing(row db.Scanner) (Listing, error) {
	var l Listing
	var lat, lng sql.NullFloat64
	var reminded sql.NullTime
	var public int
	err := row.Scan(&l.ID, &l.BankID, &l.MemberID, &l.Kind, &l.Title, &l.Description, &l.Category, &l.AreaID, &l.Mode,
		&l.Postcode, &lat, &lng, &l.Estimate, &l.PhotoID, &l.PhotoAlt, &l.Status, &l.ExpiresAt, &reminded, &l.CreatedAt, &l.UpdatedAt,
		&l.MemberName, &l.MemberKind, &public, &l.AccountID, &l.OrgID, &l.BankName)
	if lat.Valid && lng.Valid {
		l.Lat, l.Lng = &lat.Float64, &lng.Float64
	}
	if reminded.Valid {
		l.RemindedAt = &reminded.Time
	}
	l.PublicName = public != 0
	l.Miles = -1
	return l, err
}

func queryListings(ctx context.Context, d *db.DB, where string, args ...any) ([]Listing, error) {
	return db.List(ctx, d, scanListing, `SELECT `+listingCols+listingFrom+` `+where, args...)
}

func listingByID(ctx context.Context, d *db.DB, id string) (Listing, error) {
	return scanListing(d.QueryRow(ctx, `SELECT `+listingCols+listingFrom+` WHERE l.id = $1`, id))
}

// searchListings finds open, unexpired listings of the banks matching a query, newest first.
func searchListings(ctx context.Context, d *db.DB, banks []string, q ListingQuery, now time.Time, limit int) ([]Listing, error) {
	in, args := placeholders(banks, 0)
	n := len(args)
	arg := func(v any) string {
		args = append(args, v)
		n++
		return "$" + itoa(n)
	}
	where := `WHERE l.bank_id IN (` + in + `) AND l.status = 'open' AND m.status = 'active' AND l.expires_at > ` + arg(now)
	if q.Kind != "" {
		where += ` AND l.kind = ` + arg(q.Kind)
	}
	if q.Category != "" {
		where += ` AND l.category = ` + arg(q.Category)
	}
	if q.AreaID != "" {
		where += ` AND (l.area_id = ` + arg(q.AreaID) + ` OR l.mode = 'from_home')`
	}
	if q.Q != "" {
		p := arg(q.Q)
		where += ` AND (` + d.Dialect().ILike("l.title", p) + ` OR ` + d.Dialect().ILike("l.description", p) + `)`
	}
	where += ` ORDER BY l.created_at DESC, l.id LIMIT ` + arg(limit)
	return queryListings(ctx, d, where, args...)
}

func listingsOfMembers(ctx context.Context, d *db.DB, members []string) ([]Listing, error) {
	if len(members) == 0 {
		return nil, nil
	}
	in, args := placeholders(members, 0)
	return queryListings(ctx, d, `WHERE l.member_id IN (`+in+`) ORDER BY l.status DESC, l.expires_at`, args...)
}

func insertListing(ctx context.Context, d *db.DB, l Listing) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_listings (id, bank_id, member_id, kind, title, description, category, area_id, mode,
		postcode, latitude, longitude, estimate, status, expires_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', $14, $15, $15)`,
		l.ID, l.BankID, l.MemberID, l.Kind, l.Title, l.Description, l.Category, nullStr(l.AreaID), l.Mode, l.Postcode, l.Lat, l.Lng,
		nullInt(l.Estimate), l.ExpiresAt, l.CreatedAt)
	return err
}

func updateListing(ctx context.Context, d *db.DB, l Listing) error {
	_, err := d.Exec(ctx, `UPDATE timebank_listings SET kind = $2, title = $3, description = $4, category = $5, area_id = $6, mode = $7,
		postcode = $8, latitude = $9, longitude = $10, estimate = $11, updated_at = $12 WHERE id = $1`,
		l.ID, l.Kind, l.Title, l.Description, l.Category, nullStr(l.AreaID), l.Mode, l.Postcode, l.Lat, l.Lng, nullInt(l.Estimate), l.UpdatedAt)
	return err
}

func setListingStatus(ctx context.Context, d *db.DB, id, status string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE timebank_listings SET status = $2, updated_at = $3 WHERE id = $1`, id, status, at)
	return err
}

func renewListing(ctx context.Context, d *db.DB, id string, until, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE timebank_listings SET status = 'open', expires_at = $2, reminded_at = NULL, updated_at = $3 WHERE id = $1`, id, until, at)
	return err
}

func setListingPhoto(ctx context.Context, d *db.DB, id, photoID, alt string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE timebank_listings SET photo_id = $2, photo_alt = $3, updated_at = $4 WHERE id = $1`, id, nullStr(photoID), alt, at)
	return err
}

// claimReminders marks the open listings that run out before a time and have not been
// reminded, and returns them: one conditional UPDATE, so two servers never remind twice.
func claimReminders(ctx context.Context, d *db.DB, before, now time.Time) ([]string, error) {
	return db.List(ctx, d, func(r db.Scanner) (string, error) {
		var id string
		err := r.Scan(&id)
		return id, err
	}, `UPDATE timebank_listings SET reminded_at = $2 WHERE status = 'open' AND reminded_at IS NULL
		AND expires_at > $2 AND expires_at <= $1 RETURNING id`, before, now)
}

// Photo is an uploaded picture of a listing.
type Photo struct {
	ID, MemberID, ContentType string
	Width, Height, Size       int
	Data                      []byte
}

func insertPhoto(ctx context.Context, d *db.DB, p Photo) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_photos (id, member_id, content_type, width, height, size, data, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.ID, p.MemberID, p.ContentType, p.Width, p.Height, p.Size, p.Data, d.Now(ctx))
	return err
}

// photoOfBank reads a photo that belongs to one of a bank's members.
func photoOfBank(ctx context.Context, d *db.DB, bankID, id string) (Photo, error) {
	var p Photo
	err := d.QueryRow(ctx, `SELECT p.id, p.member_id, p.content_type, p.width, p.height, p.size, p.data FROM timebank_photos p
		JOIN timebank_members m ON m.id = p.member_id WHERE p.id = $1 AND m.bank_id = $2`, id, bankID).
		Scan(&p.ID, &p.MemberID, &p.ContentType, &p.Width, &p.Height, &p.Size, &p.Data)
	return p, err
}

func insertMessage(ctx context.Context, d *db.DB, id, bankID, listingID, from, to, body string, shared bool) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_messages (id, bank_id, listing_id, from_member, to_member, body, shared_email, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, bankID, nullStr(listingID), from, to, body, b2i(shared), d.Now(ctx))
	return err
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}
