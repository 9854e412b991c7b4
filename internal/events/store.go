package events

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

const eventCols = `e.id, e.title, e.description, e.description_html, e.organisation_id, o.name, e.venue, e.address,
	e.latitude, e.longitude, e.access_info, e.online_url, e.starts_at, e.ends_at, e.capacity, e.registered,
	e.invitation_only, e.summary_published_at, e.created_at, e.updated_at, e.sequence, e.cancelled_at, e.cancel_message, e.draft`

const eventFrom = ` FROM events e JOIN identity_organisations o ON o.id = e.organisation_id`

func scanEvent(row db.Scanner) (Event, error) {
	var e Event
	var lat, lon sql.NullFloat64
	var published, cancelled sql.NullTime
	var invite, draft int
	err := row.Scan(&e.ID, &e.Title, &e.Description, &e.DescriptionHTML, &e.OrganisationID, &e.OrganisationName, &e.Venue, &e.Address,
		&lat, &lon, &e.AccessInfo, &e.OnlineURL, &e.StartsAt, &e.EndsAt, &e.Capacity, &e.Registered,
		&invite, &published, &e.CreatedAt, &e.UpdatedAt, &e.Sequence, &cancelled, &e.CancelMessage, &draft)
	if cancelled.Valid {
		t := cancelled.Time.UTC()
		e.CancelledAt = &t
	}
	if lat.Valid && lon.Valid {
		e.Latitude, e.Longitude = &lat.Float64, &lon.Float64
	}
	if published.Valid {
		t := published.Time.UTC()
		e.SummaryPublished = &t
	}
	e.InvitationOnly, e.Draft = invite == 1, draft == 1
	e.StartsAt, e.EndsAt, e.CreatedAt, e.UpdatedAt = e.StartsAt.UTC(), e.EndsAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

func queryEvents(ctx context.Context, d *db.DB, where string, args ...any) ([]Event, error) {
	return db.List(ctx, d, scanEvent, `SELECT `+eventCols+eventFrom+` `+where, args...)
}

func eventByID(ctx context.Context, d *db.DB, id string) (Event, error) {
	e, err := scanEvent(d.QueryRow(ctx, `SELECT `+eventCols+eventFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return e, d.Err(err, "events.not_found")
	}
	e.Sessions, err = sessionsOf(ctx, d, id)
	return e, err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func insertEvent(ctx context.Context, d *db.DB, e Event, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO events (id, title, description, description_html, organisation_id, venue, address,
		latitude, longitude, access_info, online_url, starts_at, ends_at, capacity, invitation_only, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
		e.ID, e.Title, e.Description, e.DescriptionHTML, e.OrganisationID, e.Venue, e.Address, e.Latitude, e.Longitude,
		e.AccessInfo, e.OnlineURL, e.StartsAt, e.EndsAt, e.Capacity, b2i(e.InvitationOnly), db.NullString(by), e.CreatedAt)
	return err
}

func updateEvent(ctx context.Context, d *db.DB, e Event) error {
	_, err := d.Exec(ctx, `UPDATE events SET title = $2, description = $3, description_html = $4, organisation_id = $5, venue = $6,
		address = $7, latitude = $8, longitude = $9, access_info = $10, online_url = $11, starts_at = $12, ends_at = $13,
		capacity = $14, invitation_only = $15, updated_at = $16, sequence = sequence + 1 WHERE id = $1`,
		e.ID, e.Title, e.Description, e.DescriptionHTML, e.OrganisationID, e.Venue, e.Address, e.Latitude, e.Longitude,
		e.AccessInfo, e.OnlineURL, e.StartsAt, e.EndsAt, e.Capacity, b2i(e.InvitationOnly), e.UpdatedAt)
	return err
}

func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// sessionsOf is an event's programme, each session with how many people with a place at the
// event wait for one of its places.
func sessionsOf(ctx context.Context, d *db.DB, eventID string) ([]Session, error) {
	return db.List(ctx, d, scanSession, `SELECT s.id, s.event_id, s.title, s.kind, s.track, s.room, s.facilitators, s.starts_at, s.ends_at, s.capacity, s.taken,
		(SELECT COUNT(*) FROM event_registration_sessions rs JOIN event_registrations r ON r.id = rs.registration_id
			WHERE rs.session_id = s.id AND rs.status = 'waitlisted' AND r.status = 'confirmed')
		FROM event_sessions s WHERE s.event_id = $1 ORDER BY s.starts_at, s.track, s.title, s.id`, eventID)
}

func scanSession(r db.Scanner) (Session, error) {
	var s Session
	err := r.Scan(&s.ID, &s.EventID, &s.Title, &s.Kind, &s.Track, &s.Room, &s.Facilitators, &s.StartsAt, &s.EndsAt, &s.Capacity, &s.Taken, &s.Waiting)
	s.StartsAt, s.EndsAt = s.StartsAt.UTC(), s.EndsAt.UTC()
	return s, err
}

func insertSession(ctx context.Context, d *db.DB, s Session) error {
	_, err := d.Exec(ctx, `INSERT INTO event_sessions (id, event_id, title, kind, track, room, facilitators, starts_at, ends_at, capacity)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		s.ID, s.EventID, s.Title, s.Kind, s.Track, s.Room, s.Facilitators, s.StartsAt, s.EndsAt, s.Capacity)
	return err
}

// takeEventPlace takes one place if one is left, in one conditional statement.
func takeEventPlace(ctx context.Context, d *db.DB, eventID string) (bool, error) {
	n, err := db.Affected(d.Exec(ctx, `UPDATE events SET registered = registered + 1 WHERE id = $1 AND registered < capacity`, eventID))
	return n == 1, err
}

// takeSessionPlace takes a place in a session, when it has one left or no limit.
func takeSessionPlace(ctx context.Context, d *db.DB, eventID, sessionID string) (bool, error) {
	n, err := db.Affected(d.Exec(ctx, `UPDATE event_sessions SET taken = taken + 1
		WHERE id = $1 AND event_id = $2 AND (capacity = 0 OR taken < capacity)`, sessionID, eventID))
	return n == 1, err
}

const regCols = `r.id, r.event_id, r.name, r.email, r.organisation_name, r.sector, COALESCE(r.area_id, ''), COALESCE(a.name, ''),
	r.access_needs, r.dietary_needs, r.status, r.walk_in, r.created_at, r.checked_in_at, r.language, COALESCE(r.feedback_code, ''),
	r.removed_reason`

func queryRegistrations(ctx context.Context, d *db.DB, where string, args ...any) ([]Registration, error) {
	return db.List(ctx, d, scanRegistration, `SELECT `+regCols+` FROM event_registrations r LEFT JOIN identity_areas a ON a.id = r.area_id `+where, args...)
}

func scanRegistration(row db.Scanner) (Registration, error) {
	var r Registration
	var walkIn int
	var checked sql.NullTime
	err := row.Scan(&r.ID, &r.EventID, &r.Name, &r.Email, &r.OrganisationName, &r.Sector, &r.AreaID, &r.AreaName,
		&r.AccessNeeds, &r.DietaryNeeds, &r.Status, &walkIn, &r.CreatedAt, &checked, &r.Language, &r.FeedbackCode, &r.RemovedReason)
	r.WalkIn = walkIn == 1
	r.CreatedAt = r.CreatedAt.UTC()
	if checked.Valid {
		t := checked.Time.UTC()
		r.CheckedInAt = &t
	}
	return r, err
}

// liveRegistrations are an event's registrations not cancelled, oldest first.
func liveRegistrations(ctx context.Context, d *db.DB, eventID string) ([]Registration, error) {
	return queryRegistrations(ctx, d, `WHERE r.event_id = $1 AND r.status <> 'cancelled' ORDER BY r.created_at, r.id`, eventID)
}

func insertRegistration(ctx context.Context, d *db.DB, r Registration, cancelHash string) error {
	_, err := d.Exec(ctx, `INSERT INTO event_registrations (id, event_id, name, email, organisation_name, sector, area_id,
		access_needs, dietary_needs, status, walk_in, cancel_hash, created_at, checked_in_at, language, feedback_code)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		r.ID, r.EventID, r.Name, r.Email, r.OrganisationName, r.Sector, db.NullString(r.AreaID), r.AccessNeeds, r.DietaryNeeds,
		r.Status, b2i(r.WalkIn), cancelHash, r.CreatedAt, r.CheckedInAt, r.Language, db.NullString(r.FeedbackCode))
	return err
}

// choicesOf is every session choice of an event's registrations, by registration id, in the
// programme's order.
func choicesOf(ctx context.Context, d *db.DB, eventID, regID string) (map[string][]Choice, error) {
	q := `SELECT rs.registration_id, rs.status, s.id, s.event_id, s.title, s.kind, s.track, s.room, s.facilitators, s.starts_at, s.ends_at, s.capacity, s.taken
		FROM event_registration_sessions rs JOIN event_sessions s ON s.id = rs.session_id
		WHERE s.event_id = $1`
	args := []any{eventID}
	if regID != "" {
		q += ` AND rs.registration_id = $2`
		args = append(args, regID)
	}
	out := map[string][]Choice{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var rid string
		var c Choice
		s := &c.Session
		if err := r.Scan(&rid, &c.Status, &s.ID, &s.EventID, &s.Title, &s.Kind, &s.Track, &s.Room, &s.Facilitators, &s.StartsAt, &s.EndsAt,
			&s.Capacity, &s.Taken); err != nil {
			return err
		}
		s.StartsAt, s.EndsAt = s.StartsAt.UTC(), s.EndsAt.UTC()
		out[rid] = append(out[rid], c)
		return nil
	}, q+` ORDER BY s.starts_at, s.track, s.title, s.id`, args...)
	return out, err
}

// insertChoice records a session choice, holding a place (confirmed) or queued (waitlisted).
func insertChoice(ctx context.Context, d *db.DB, regID, sessionID, status string, queued time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO event_registration_sessions (registration_id, session_id, status, queued_at) VALUES ($1, $2, $3, $4)`,
		regID, sessionID, status, queued)
	return err
}

func notesOf(ctx context.Context, d *db.DB, eventID string) ([]Note, error) {
	return db.List(ctx, d, scanNote, `SELECT n.id, n.group_id, g.name, n.body FROM event_notes n JOIN event_groups g ON g.id = n.group_id
		WHERE n.event_id = $1 ORDER BY n.created_at, n.position, n.id`, eventID)
}

func themesOf(ctx context.Context, d *db.DB, eventID string) ([]Theme, error) {
	var out []Theme
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id, label, phrases string
		var nid, gid, gname, body sql.NullString
		if err := r.Scan(&id, &label, &phrases, &nid, &gid, &gname, &body); err != nil {
			return err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			t := Theme{ID: id, Label: label}
			if phrases != "" {
				t.Phrases = strings.Split(phrases, "\n")
			}
			out = append(out, t)
		}
		if nid.Valid {
			t := &out[len(out)-1]
			t.Notes = append(t.Notes, Note{ID: nid.String, GroupID: gid.String, Group: gname.String, Body: body.String})
		}
		return nil
	}, `SELECT t.id, t.label, t.phrases, n.id, n.group_id, g.name, n.body
		FROM event_themes t
		LEFT JOIN event_theme_notes tn ON tn.theme_id = t.id
		LEFT JOIN event_notes n ON n.id = tn.note_id
		LEFT JOIN event_groups g ON g.id = n.group_id
		WHERE t.event_id = $1 ORDER BY t.position, t.id, n.created_at, n.position, n.id`, eventID)
	return out, err
}

func insertTheme(ctx context.Context, d *db.DB, eventID string, t Theme, position int, now time.Time) error {
	if _, err := d.Exec(ctx, `INSERT INTO event_themes (id, event_id, label, phrases, position, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.ID, eventID, t.Label, strings.Join(t.Phrases, "\n"), position, now); err != nil {
		return err
	}
	for _, n := range t.Notes {
		if _, err := d.Exec(ctx, `INSERT INTO event_theme_notes (theme_id, note_id) VALUES ($1, $2)`, t.ID, n.ID); err != nil {
			return err
		}
	}
	return nil
}

// draftsOf are the draft events, latest first, for their organisers to find.
func draftEvents(ctx context.Context, d *db.DB) ([]Event, error) {
	return queryEvents(ctx, d, `WHERE e.draft = 1 ORDER BY e.starts_at DESC, e.id LIMIT 200`)
}

// publishEvent makes a draft event public; it reports false when it was not a draft.
func publishEvent(ctx context.Context, d *db.DB, id string, at time.Time) (bool, error) {
	n, err := db.Affected(d.Exec(ctx, `UPDATE events SET draft = 0, updated_at = $2, sequence = sequence + 1 WHERE id = $1 AND draft = 1`, id, at))
	return n > 0, err
}

// setDraft marks an event just created as a draft.
func setDraft(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `UPDATE events SET draft = 1 WHERE id = $1`, id)
	return err
}

// scanCapacity reads an event's id, capacity and places taken.
func scanCapacity(r db.Scanner) (Event, error) {
	var e Event
	err := r.Scan(&e.ID, &e.Capacity, &e.Registered)
	return e, err
}

// scanNote reads a note with its group's name.
func scanNote(r db.Scanner) (Note, error) {
	var n Note
	err := r.Scan(&n.ID, &n.GroupID, &n.Group, &n.Body)
	return n, err
}
