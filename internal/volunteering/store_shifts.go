package volunteering

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// Shift is one dated session of a role (the standard's Session, OpenActive's ScheduledSession):
// a minimum and maximum of volunteers, a lead, and for a team day the named group it is for.
type Shift struct {
	ID             string     `json:"id"`
	RoleID         string     `json:"role_id"`
	OpportunityID  string     `json:"opportunity_id"`
	StartsAt       time.Time  `json:"starts_at"`
	EndsAt         time.Time  `json:"ends_at"`
	Min            int        `json:"min_volunteers"`
	Max            int        `json:"max_volunteers"`
	Taken          int        `json:"signed_up"`
	Waiting        int        `json:"waiting"`
	LeadName       string     `json:"-"` // a person's name: shown only to the shift's volunteers and coordinators
	TeamName       string     `json:"team,omitempty"`
	PledgeID       string     `json:"pledge_id,omitempty"`
	Status         string     `json:"status"`
	CheckinToken   string     `json:"-"`
	FlaggedAt      *time.Time `json:"flagged_at,omitempty"`
	Modified       int64      `json:"-"`
	Deleted        bool       `json:"-"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	RoleTitle      string     `json:"role_title,omitempty"`
	OpportunityTtl string     `json:"opportunity_title,omitempty"`
	OrganisationID string     `json:"organisation_id,omitempty"`
}

// Full says whether every place is taken.
func (s Shift) Full() bool { return s.Taken >= s.Max }

// Short says whether fewer than the minimum have signed up.
func (s Shift) Short() bool { return s.Taken < s.Min }

// Gap is how many more are needed to reach the minimum.
func (s Shift) Gap() int {
	if s.Taken >= s.Min {
		return 0
	}
	return s.Min - s.Taken
}

// Left is how many places are left.
func (s Shift) Left() int { return max(0, s.Max-s.Taken) }

// Cancelled says whether the shift was called off.
func (s Shift) Cancelled() bool { return s.Status == "cancelled" }

// Minutes is the shift's length.
func (s Shift) Minutes() int { return int(s.EndsAt.Sub(s.StartsAt) / time.Minute) }

const shiftCols = `s.id, s.role_id, s.opportunity_id, s.starts_at, s.ends_at, s.min_volunteers, s.max_volunteers, s.taken,
	(SELECT count(*) FROM vol_signups w WHERE w.shift_id = s.id AND w.status = 'waiting'),
	s.lead_name, s.team_name, COALESCE(s.pledge_id, ''), s.status, s.checkin_token, s.flagged_at, s.modified, s.deleted,
	s.created_at, s.updated_at, r.title, o.title, o.organisation_id`

const shiftFrom = ` FROM vol_shifts s JOIN vol_roles r ON r.id = s.role_id JOIN vol_opportunities o ON o.id = s.opportunity_id `

func scanShift(row db.Scanner) (Shift, error) {
	var s Shift
	var flagged sql.NullTime
	var deleted int
	err := row.Scan(&s.ID, &s.RoleID, &s.OpportunityID, &s.StartsAt, &s.EndsAt, &s.Min, &s.Max, &s.Taken, &s.Waiting,
		&s.LeadName, &s.TeamName, &s.PledgeID, &s.Status, &s.CheckinToken, &flagged, &s.Modified, &deleted, &s.CreatedAt, &s.UpdatedAt,
		&s.RoleTitle, &s.OpportunityTtl, &s.OrganisationID)
	if flagged.Valid {
		s.FlaggedAt = &flagged.Time
	}
	s.Deleted = deleted == 1
	return s, err
}

func queryShifts(ctx context.Context, d *db.DB, where string, args ...any) ([]Shift, error) {
	return db.List(ctx, d, scanShift, `SELECT `+shiftCols+shiftFrom+where, args...)
}

func shiftByID(ctx context.Context, d *db.DB, id string) (Shift, error) {
	ss, err := queryShifts(ctx, d, `WHERE s.id = $1 AND s.deleted = 0`, id)
	if err != nil {
		return Shift{}, err
	}
	if len(ss) == 0 {
		return Shift{}, errNotFound
	}
	return ss[0], nil
}

// lockShift holds a shift's row for the rest of the transaction on PostgreSQL, so sign-ups and
// cancellations of one shift queue behind each other (SQLite's write transactions already do).
func lockShift(ctx context.Context, d *db.DB, id string) error {
	var x string
	err := d.QueryRow(ctx, `SELECT id FROM vol_shifts WHERE id = $1 AND deleted = 0`+d.Dialect().ForUpdate(), id).Scan(&x)
	return d.Err(err, "volunteering.not_found")
}

// nextChange takes the sessions feed's next change number. The counter's row is held to the
// end of the transaction, so numbers are taken in the order transactions commit and a reader
// of the feed never sees a later number before an earlier one.
func nextChange(ctx context.Context, d *db.DB) (int64, error) {
	var n int64
	err := d.QueryRow(ctx, `UPDATE vol_counters SET n = n + 1 WHERE name = 'sessions' RETURNING n`).Scan(&n)
	return n, err
}

func touchShift(ctx context.Context, d *db.DB, id string) error {
	n, err := nextChange(ctx, d)
	if err != nil {
		return err
	}
	_, err = d.Exec(ctx, `UPDATE vol_shifts SET modified = $2, updated_at = $3 WHERE id = $1`, id, n, d.Now(ctx))
	return err
}

// touchOpportunityShifts moves every session of an opportunity to the end of the feed, because
// the feed embeds the opportunity and its roles.
func touchOpportunityShifts(ctx context.Context, d *db.DB, oppID string) error {
	var n int
	err := db.Each(ctx, d, func(db.Scanner) error { n++; return nil },
		`SELECT id FROM vol_shifts WHERE opportunity_id = $1 ORDER BY id`+d.Dialect().ForUpdate(), oppID)
	if err != nil || n == 0 {
		return err
	}
	c, err := nextChange(ctx, d)
	if err != nil {
		return err
	}
	_, err = d.Exec(ctx, `UPDATE vol_shifts SET modified = $2 WHERE opportunity_id = $1`, oppID, c)
	return err
}

func insertShift(ctx context.Context, d *db.DB, s Shift) error {
	_, err := d.Exec(ctx, `INSERT INTO vol_shifts (id, role_id, opportunity_id, starts_at, ends_at, min_volunteers, max_volunteers,
		taken, lead_name, team_name, pledge_id, status, checkin_token, modified, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, 'scheduled', $11, $12, $13, $13)`,
		s.ID, s.RoleID, s.OpportunityID, s.StartsAt, s.EndsAt, s.Min, s.Max, s.LeadName, s.TeamName, nullStr(s.PledgeID),
		s.CheckinToken, s.Modified, s.CreatedAt)
	return err
}

// refreshSlots sets an opportunity's day-and-part slots: those its coordinator chose, and
// those of its coming shifts.
func refreshSlots(ctx context.Context, d *db.DB, oppID string) error {
	var usual string
	if err := d.QueryRow(ctx, `SELECT usual_slots FROM vol_opportunities WHERE id = $1`, oppID).Scan(&usual); err != nil {
		return err
	}
	now := d.Now(ctx)
	have := map[string]bool{}
	for _, t := range ParseTerms(usual) {
		have[t] = true
	}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var a, b time.Time
		if err := r.Scan(&a, &b); err != nil {
			return err
		}
		for _, sl := range SlotsOf(a, b) {
			have[sl] = true
		}
		return nil
	}, `SELECT starts_at, ends_at FROM vol_shifts WHERE opportunity_id = $1 AND status = 'scheduled'
		AND deleted = 0 AND ends_at > $2 AND starts_at < $3`, oppID, now, now.AddDate(1, 0, 0))
	if err != nil {
		return err
	}
	var slots Terms
	for _, sl := range Slots() {
		if have[sl] {
			slots = append(slots, sl)
		}
	}
	_, err = d.Exec(ctx, `UPDATE vol_opportunities SET slots = $2 WHERE id = $1`, oppID, slots.String())
	return err
}

// Signup is a person's place (or place in the queue) on a shift.
type Signup struct {
	ID          string     `json:"id"`
	ShiftID     string     `json:"shift_id"`
	PersonID    string     `json:"-"`
	PersonName  string     `json:"name,omitempty"`
	PersonEmail string     `json:"-"`
	AccountID   string     `json:"-"`
	Status      string     `json:"status"`
	RemindedAt  *time.Time `json:"reminded_at,omitempty"`
	CheckedInAt *time.Time `json:"checked_in_at,omitempty"`
	AssistedBy  string     `json:"assisted_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	Shift       *Shift     `json:"shift,omitempty"`
}

const signupCols = `g.id, g.shift_id, g.person_id, p.name, p.email, COALESCE(p.account_id, ''), g.status, g.reminded_at,
	g.checked_in_at, g.assisted_by_name, g.created_at`

func scanSignup(row db.Scanner) (Signup, error) {
	var g Signup
	var rem, chk sql.NullTime
	err := row.Scan(&g.ID, &g.ShiftID, &g.PersonID, &g.PersonName, &g.PersonEmail, &g.AccountID, &g.Status, &rem, &chk, &g.AssistedBy, &g.CreatedAt)
	if rem.Valid {
		g.RemindedAt = &rem.Time
	}
	if chk.Valid {
		g.CheckedInAt = &chk.Time
	}
	return g, err
}

func querySignups(ctx context.Context, d *db.DB, where string, args ...any) ([]Signup, error) {
	return db.List(ctx, d, scanSignup, `SELECT `+signupCols+` FROM vol_signups g JOIN vol_people p ON p.id = g.person_id `+where, args...)
}

func activeSignup(ctx context.Context, d *db.DB, shiftID, personID string) (Signup, bool, error) {
	gs, err := querySignups(ctx, d, `WHERE g.shift_id = $1 AND g.person_id = $2 AND g.status <> 'cancelled'`, shiftID, personID)
	if err != nil || len(gs) == 0 {
		return Signup{}, false, err
	}
	return gs[0], true, nil
}

// takePlace takes a place on a shift if one is left: one conditional statement, so of many
// people taking the last place at once exactly one gets it.
func takePlace(ctx context.Context, d *db.DB, shiftID string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE vol_shifts SET taken = taken + 1 WHERE id = $1 AND taken < max_volunteers AND status = 'scheduled'`, shiftID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func freePlace(ctx context.Context, d *db.DB, shiftID string) error {
	_, err := d.Exec(ctx, `UPDATE vol_shifts SET taken = taken - 1 WHERE id = $1 AND taken > 0`, shiftID)
	return err
}

func insertSignup(ctx context.Context, d *db.DB, g Signup, cantHash string) error {
	_, err := d.Exec(ctx, `INSERT INTO vol_signups (id, shift_id, person_id, status, cant_hash, assisted_by_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, g.ID, g.ShiftID, g.PersonID, g.Status, cantHash, g.AssistedBy, g.CreatedAt)
	return err
}

// Application is a person's application to a role.
type Application struct {
	ID           string     `json:"id"`
	RoleID       string     `json:"role_id"`
	PersonID     string     `json:"-"`
	PersonName   string     `json:"name,omitempty"`
	PersonEmail  string     `json:"-"`
	Status       string     `json:"status"`
	Message      string     `json:"message,omitempty"`
	AgeConfirmed bool       `json:"age_confirmed"`
	AssistedBy   string     `json:"assisted_by,omitempty"`
	DecidedBy    string     `json:"decided_by,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	RoleTitle    string     `json:"role_title,omitempty"`
	OppID        string     `json:"opportunity_id,omitempty"`
	OppTitle     string     `json:"opportunity_title,omitempty"`
	OrgID        string     `json:"organisation_id,omitempty"`
}

const appCols = `a.id, a.role_id, a.person_id, p.name, p.email, a.status, a.message, a.age_confirmed, a.assisted_by_name,
	a.decided_by_name, a.decided_at, a.created_at, r.title, o.id, o.title, o.organisation_id`

func queryApplications(ctx context.Context, d *db.DB, where string, args ...any) ([]Application, error) {
	return db.List(ctx, d, func(r db.Scanner) (Application, error) {
		var a Application
		var age int
		var dec sql.NullTime
		if err := r.Scan(&a.ID, &a.RoleID, &a.PersonID, &a.PersonName, &a.PersonEmail, &a.Status, &a.Message, &age, &a.AssistedBy,
			&a.DecidedBy, &dec, &a.CreatedAt, &a.RoleTitle, &a.OppID, &a.OppTitle, &a.OrgID); err != nil {
			return a, err
		}
		a.AgeConfirmed = age == 1
		if dec.Valid {
			a.DecidedAt = &dec.Time
		}
		return a, nil
	}, `SELECT `+appCols+` FROM vol_applications a JOIN vol_people p ON p.id = a.person_id
		JOIN vol_roles r ON r.id = a.role_id JOIN vol_opportunities o ON o.id = r.opportunity_id `+where, args...)
}

// Check is a safeguarding check a coordinator recorded for a volunteer. Its details are
// criminal-offence data: only the organisation's coordinators see them.
type Check struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	PersonID       string    `json:"-"`
	PersonName     string    `json:"-"`
	PersonEmail    string    `json:"-"`
	Kind           string    `json:"kind"`
	Workforce      string    `json:"workforce"`
	Reference      string    `json:"reference"`
	IssuedOn       string    `json:"issued_on"`
	ExpiresOn      string    `json:"expires_on"`
	UpdateService  bool      `json:"update_service"`
	RecordedBy     string    `json:"recorded_by"`
	RecordedAt     time.Time `json:"recorded_at"`
}

const checkCols = `c.id, c.organisation_id, c.person_id, p.name, p.email, c.kind, c.workforce, c.reference, c.issued_on,
	c.expires_on, c.update_service, c.recorded_by_name, c.recorded_at`

func queryChecks(ctx context.Context, d *db.DB, where string, args ...any) ([]Check, error) {
	return db.List(ctx, d, func(r db.Scanner) (Check, error) {
		var c Check
		var us int
		if err := r.Scan(&c.ID, &c.OrganisationID, &c.PersonID, &c.PersonName, &c.PersonEmail, &c.Kind, &c.Workforce, &c.Reference,
			&c.IssuedOn, &c.ExpiresOn, &us, &c.RecordedBy, &c.RecordedAt); err != nil {
			return c, err
		}
		c.UpdateService = us == 1
		return c, nil
	}, `SELECT `+checkCols+` FROM vol_checks c JOIN vol_people p ON p.id = c.person_id `+where, args...)
}

// validCheckFor reports whether a person holds, with the organisation, a check that meets need
// and has not expired by day (YYYY-MM-DD, UK date).
func validCheckFor(ctx context.Context, d *db.DB, orgID, personID, need, day string) (bool, error) {
	if need == CheckNone {
		return true, nil
	}
	kinds, err := db.Strings(ctx, d, `SELECT kind FROM vol_checks WHERE organisation_id = $1 AND person_id = $2 AND expires_on >= $3 AND issued_on <= $3`,
		orgID, personID, day)
	if err != nil {
		return false, err
	}
	for _, k := range kinds {
		if Satisfies(k, need) {
			return true, nil
		}
	}
	return false, nil
}
