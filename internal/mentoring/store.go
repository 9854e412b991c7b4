package mentoring

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Every SQL statement of the capability's topics, coordinators, profiles, offers and needs.

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullFloat(p *float64) sql.NullFloat64 {
	if p == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *p, Valid: true}
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// Topics.

const topicCols = `id, name_en, name_cy, position, retired, created_at`

func scanTopic(s db.Scanner) (Topic, error) {
	var t Topic
	var retired int
	err := s.Scan(&t.ID, &t.NameEN, &t.NameCY, &t.Position, &retired, &t.Created)
	t.Retired = retired == 1
	return t, err
}

func listTopics(ctx context.Context, d *db.DB) ([]Topic, error) {
	return db.List(ctx, d, scanTopic, `SELECT `+topicCols+` FROM men_topics ORDER BY retired, position, name_en`)
}

func topicByID(ctx context.Context, d *db.DB, id string) (Topic, error) {
	return scanTopic(d.QueryRow(ctx, `SELECT `+topicCols+` FROM men_topics WHERE id = $1`, id))
}

func insertTopic(ctx context.Context, d *db.DB, t Topic) error {
	_, err := d.Exec(ctx, `INSERT INTO men_topics (id, name_en, name_cy, position, retired, created_at)
		VALUES ($1, $2, $3, (SELECT COALESCE(max(position), 0) + 1 FROM men_topics), 0, $4)`, t.ID, t.NameEN, t.NameCY, t.Created)
	return err
}

func updateTopic(ctx context.Context, d *db.DB, t Topic) (sql.Result, error) {
	return d.Exec(ctx, `UPDATE men_topics SET name_en = $2, name_cy = $3, retired = $4 WHERE id = $1`, t.ID, t.NameEN, t.NameCY, b2i(t.Retired))
}

// Coordinators.

func isCoordinator(ctx context.Context, d *db.DB, accountID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM men_coordinators WHERE account_id = $1`, accountID).Scan(&n)
	return n > 0, err
}

func coordinatorIDs(ctx context.Context, d *db.DB) ([]string, error) {
	return db.Strings(ctx, d, `SELECT account_id FROM men_coordinators ORDER BY added_at`)
}

func addCoordinator(ctx context.Context, d *db.DB, accountID, by string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO men_coordinators (account_id, added_by, added_at) VALUES ($1, $2, $3)
		ON CONFLICT (account_id) DO NOTHING`, accountID, nullString(by), at)
	return err
}

// removeCoordinator removes a coordinator; one who is not there is not found.
func removeCoordinator(ctx context.Context, d *db.DB, accountID string) error {
	res, err := d.Exec(ctx, `DELETE FROM men_coordinators WHERE account_id = $1`, accountID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return nil
}

// Profiles.

const profileCols = `organisation_id, kind, place_id, place_name, place_kind, postcode, latitude, longitude, travel_km, online,
	slots, availability, capacity, about, assisted, updated_at`

func scanProfile(s db.Scanner) (Profile, error) {
	var p Profile
	var lat, lng sql.NullFloat64
	var online, assisted int
	var slots string
	err := s.Scan(&p.OrganisationID, &p.Kind, &p.PlaceID, &p.PlaceName, &p.PlaceKind, &p.Postcode, &lat, &lng, &p.TravelKm, &online,
		&slots, &p.Availability, &p.Capacity, &p.About, &assisted, &p.UpdatedAt)
	p.Lat, p.Lng = floatPtr(lat), floatPtr(lng)
	p.Online, p.Assisted = online == 1, assisted == 1
	p.Slots = splitList(slots)
	return p, err
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func profileByOrg(ctx context.Context, d *db.DB, orgID string) (Profile, error) {
	return scanProfile(d.QueryRow(ctx, `SELECT `+profileCols+` FROM men_profiles WHERE organisation_id = $1`, orgID))
}

func listProfiles(ctx context.Context, d *db.DB) ([]Profile, error) {
	return db.List(ctx, d, scanProfile, `SELECT `+profileCols+` FROM men_profiles ORDER BY organisation_id`)
}

func saveProfile(ctx context.Context, d *db.DB, p Profile, by string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO men_profiles (organisation_id, kind, place_id, place_name, place_kind, postcode, latitude, longitude,
		travel_km, online, slots, availability, capacity, about, updated_by, assisted, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
		ON CONFLICT (organisation_id) DO UPDATE SET kind = $2, place_id = $3, place_name = $4, place_kind = $5, postcode = $6,
		latitude = $7, longitude = $8, travel_km = $9, online = $10, slots = $11, availability = $12, capacity = $13, about = $14,
		updated_by = $15, assisted = $16, updated_at = $17`,
		p.OrganisationID, p.Kind, p.PlaceID, p.PlaceName, p.PlaceKind, p.Postcode, nullFloat(p.Lat), nullFloat(p.Lng), p.TravelKm,
		b2i(p.Online), strings.Join(p.Slots, ","), p.Availability, p.Capacity, p.About, nullString(by), b2i(p.Assisted), now)
	return err
}

// Offers.

const offerCols = `id, organisation_id, topic_id, level, detail, assisted`

func scanOffer(s db.Scanner) (Offer, error) {
	var o Offer
	var assisted int
	err := s.Scan(&o.ID, &o.OrganisationID, &o.TopicID, &o.Level, &o.Detail, &assisted)
	o.Assisted = assisted == 1
	return o, err
}

func queryOffers(ctx context.Context, d *db.DB, where string, args ...any) ([]Offer, error) {
	return db.List(ctx, d, scanOffer, `SELECT `+offerCols+` FROM men_offers `+where, args...)
}

func offersOf(ctx context.Context, d *db.DB, orgID string) ([]Offer, error) {
	return queryOffers(ctx, d, `WHERE organisation_id = $1 ORDER BY created_at`, orgID)
}

func allOffers(ctx context.Context, d *db.DB) ([]Offer, error) {
	return queryOffers(ctx, d, `ORDER BY organisation_id, topic_id`)
}

func offerByID(ctx context.Context, d *db.DB, id string) (Offer, error) {
	return scanOffer(d.QueryRow(ctx, `SELECT `+offerCols+` FROM men_offers WHERE id = $1`, id))
}

func saveOffer(ctx context.Context, d *db.DB, o Offer, by string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO men_offers (id, organisation_id, topic_id, level, detail, created_by, assisted, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
		ON CONFLICT (organisation_id, topic_id) DO UPDATE SET level = $4, detail = $5, created_by = $6, assisted = $7, updated_at = $8`,
		o.ID, o.OrganisationID, o.TopicID, o.Level, o.Detail, nullString(by), b2i(o.Assisted), now)
	return err
}

func deleteOffer(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM men_offers WHERE id = $1`, id)
	return err
}

// Needs.

const needCols = `id, organisation_id, topic_id, detail, status, assisted, created_at`

func scanNeed(s db.Scanner) (Need, error) {
	var n Need
	var assisted int
	err := s.Scan(&n.ID, &n.OrganisationID, &n.TopicID, &n.Detail, &n.Status, &assisted, &n.CreatedAt)
	n.Assisted = assisted == 1
	return n, err
}

func queryNeeds(ctx context.Context, d *db.DB, where string, args ...any) ([]Need, error) {
	return db.List(ctx, d, scanNeed, `SELECT `+needCols+` FROM men_needs `+where, args...)
}

func needsOf(ctx context.Context, d *db.DB, orgID string) ([]Need, error) {
	return queryNeeds(ctx, d, `WHERE organisation_id = $1 ORDER BY status <> 'open', created_at`, orgID)
}

func openNeeds(ctx context.Context, d *db.DB) ([]Need, error) {
	return queryNeeds(ctx, d, `WHERE status = 'open' ORDER BY created_at, id`)
}

func needByID(ctx context.Context, d *db.DB, id string) (Need, error) {
	return scanNeed(d.QueryRow(ctx, `SELECT `+needCols+` FROM men_needs WHERE id = $1`, id))
}

func insertNeed(ctx context.Context, d *db.DB, n Need, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO men_needs (id, organisation_id, topic_id, detail, status, created_by, assisted, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7)`, n.ID, n.OrganisationID, n.TopicID, n.Detail, nullString(by), b2i(n.Assisted), n.CreatedAt)
	return err
}

func setNeedStatus(ctx context.Context, d *db.DB, id, from, to string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE men_needs SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`, id, from, to, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// counts are the programme's numbers for the public page.
type counts struct{ Organisations, Offers, Needs, Live, Closed int }

func programmeCounts(ctx context.Context, d *db.DB) (counts, error) {
	var c counts
	err := d.QueryRow(ctx, `SELECT (SELECT count(*) FROM men_profiles), (SELECT count(*) FROM men_offers),
		(SELECT count(*) FROM men_needs WHERE status = 'open'),
		(SELECT count(*) FROM men_relationships WHERE stage IN ('agreed', 'underway')),
		(SELECT count(*) FROM men_relationships WHERE stage = 'closed')`).Scan(&c.Organisations, &c.Offers, &c.Needs, &c.Live, &c.Closed)
	return c, err
}

// topicOffers counts the offers and open needs of each topic.
func topicCounts(ctx context.Context, d *db.DB) (map[string][2]int, error) {
	out := map[string][2]int{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var o, n int
		err := r.Scan(&id, &o, &n)
		out[id] = [2]int{o, n}
		return err
	}, `SELECT t.id, (SELECT count(*) FROM men_offers o WHERE o.topic_id = t.id),
		(SELECT count(*) FROM men_needs n WHERE n.topic_id = t.id AND n.status = 'open') FROM men_topics t`)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func newID() string { return ids.New() }

// countProfiles is how many organisations have a peer-support profile (the demo loads once).
func countProfiles(ctx context.Context, d *db.DB) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM men_profiles`).Scan(&n)
	return n, err
}
