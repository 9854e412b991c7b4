package volunteering

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// Every SQL statement about opportunities, roles and people lives in this file; shifts, sign-ups
// and checks in store_shifts.go; hours, pledges and the feeds in store_hours.go.

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const oppCols = `o.id, o.organisation_id, o.title, o.description, o.description_html, o.kind, o.causes, o.place_id,
	o.venue, o.address, o.postcode, o.latitude, o.longitude, COALESCE(o.area_id, ''), o.from_home, o.status, o.slots,
	o.usual_slots, o.team_min, o.team_max, o.created_at, o.updated_at`

func scanOpportunity(row db.Scanner) (Opportunity, error) {
	var o Opportunity
	var causes, slots, usual string
	var lat, lng sql.NullFloat64
	var home int
	err := row.Scan(&o.ID, &o.OrganisationID, &o.Title, &o.Description, &o.DescriptionHTML, &o.Kind, &causes, &o.PlaceID,
		&o.Venue, &o.Address, &o.Postcode, &lat, &lng, &o.AreaID, &home, &o.Status, &slots, &usual, &o.TeamMin, &o.TeamMax,
		&o.CreatedAt, &o.UpdatedAt)
	if lat.Valid && lng.Valid {
		o.Latitude, o.Longitude = &lat.Float64, &lng.Float64
	}
	o.Causes, o.Slots, o.UsualSlots, o.FromHome = ParseTerms(causes), ParseTerms(slots), ParseTerms(usual), home == 1
	return o, err
}

func insertOpportunity(ctx context.Context, d *db.DB, o Opportunity, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO vol_opportunities (id, organisation_id, title, description, description_html, kind, causes,
		place_id, venue, address, postcode, latitude, longitude, area_id, from_home, status, slots, usual_slots, team_min, team_max,
		created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)`,
		o.ID, o.OrganisationID, o.Title, o.Description, o.DescriptionHTML, o.Kind, o.Causes.String(), o.PlaceID, o.Venue, o.Address,
		o.Postcode, o.Latitude, o.Longitude, nullStr(o.AreaID), b2i(o.FromHome), o.Status, o.Slots.String(), o.UsualSlots.String(),
		o.TeamMin, o.TeamMax, nullStr(by), o.CreatedAt)
	return err
}

func updateOpportunity(ctx context.Context, d *db.DB, o Opportunity) error {
	_, err := d.Exec(ctx, `UPDATE vol_opportunities SET title = $2, description = $3, description_html = $4, kind = $5, causes = $6,
		place_id = $7, venue = $8, address = $9, postcode = $10, latitude = $11, longitude = $12, area_id = $13, from_home = $14,
		status = $15, usual_slots = $16, team_min = $17, team_max = $18, updated_at = $19 WHERE id = $1`,
		o.ID, o.Title, o.Description, o.DescriptionHTML, o.Kind, o.Causes.String(), o.PlaceID, o.Venue, o.Address, o.Postcode,
		o.Latitude, o.Longitude, nullStr(o.AreaID), b2i(o.FromHome), o.Status, o.UsualSlots.String(), o.TeamMin, o.TeamMax, o.UpdatedAt)
	return err
}

func opportunityByID(ctx context.Context, d *db.DB, id string) (Opportunity, error) {
	o, err := scanOpportunity(d.QueryRow(ctx, `SELECT `+oppCols+` FROM vol_opportunities o WHERE o.id = $1`, id))
	if err != nil {
		return o, d.Err(err, "volunteering.not_found")
	}
	o.Roles, err = rolesOf(ctx, d, id)
	return o, err
}

// Search is what the list's filters ask for.
type Search struct {
	Q        string
	Cause    string
	Kind     string
	AreaID   string
	Postcode string
	Within   float64 // kilometres, with Postcode
	Day      string  // Monday … Sunday
	Part     string  // Morning, Afternoon, Evening
	FromHome bool
	NoChecks bool
	Under18  bool
	OrgID    string
	Closed   bool // include closed ones (an organisation's own list)
}

func listOpportunities(ctx context.Context, d *db.DB, s Search, limit int) ([]Opportunity, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)) }
	if !s.Closed {
		where = append(where, "o.status = 'open'")
	}
	if s.Q != "" {
		p := arg(s.Q)
		where = append(where, "("+d.Dialect().ILike("o.title", p)+" OR "+d.Dialect().ILike("o.description", p)+")")
	}
	if s.Cause != "" {
		where = append(where, "o.causes LIKE "+arg("% "+s.Cause+" %"))
	}
	if s.Kind != "" {
		where = append(where, "o.kind = "+arg(s.Kind))
	}
	if s.AreaID != "" {
		where = append(where, "o.area_id = "+arg(s.AreaID))
	}
	if s.OrgID != "" {
		where = append(where, "o.organisation_id = "+arg(s.OrgID))
	}
	if s.FromHome {
		where = append(where, "o.from_home = 1")
	}
	if s.NoChecks {
		where = append(where, "NOT EXISTS (SELECT 1 FROM vol_roles r WHERE r.opportunity_id = o.id AND r.check_needed <> 'none')")
	}
	if s.Under18 {
		where = append(where, "EXISTS (SELECT 1 FROM vol_roles r WHERE r.opportunity_id = o.id AND r.min_age < 18)")
	}
	if s.Day != "" || s.Part != "" {
		var ors []string
		for _, day := range Days {
			for _, part := range Parts {
				if (s.Day == "" || s.Day == day) && (s.Part == "" || s.Part == part) {
					ors = append(ors, "o.slots LIKE "+arg("% "+day+part+" %"))
				}
			}
		}
		// Micro-actions are done any time, so they match every day and part of day.
		where = append(where, "(o.kind = 'micro' OR "+strings.Join(ors, " OR ")+")")
	}
	q := `SELECT ` + oppCols + ` FROM vol_opportunities o`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY o.updated_at DESC, o.id LIMIT " + arg(limit)
	out, err := db.List(ctx, d, scanOpportunity, q, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Roles, err = rolesOf(ctx, d, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

const roleCols = `id, opportunity_id, title, description, commitment, skills, accessibility, accessibility_note, min_age,
	check_needed, rewards, auto_accept, minutes, created_at, updated_at`

func scanRole(row db.Scanner) (Role, error) {
	var r Role
	var skills, access, rewards string
	var auto int
	err := row.Scan(&r.ID, &r.OpportunityID, &r.Title, &r.Description, &r.Commitment, &skills, &access, &r.AccessibilityNote,
		&r.MinAge, &r.CheckNeeded, &rewards, &auto, &r.Minutes, &r.CreatedAt, &r.UpdatedAt)
	r.Skills, r.Accessibility, r.Rewards, r.AutoAccept = ParseTerms(skills), ParseTerms(access), ParseTerms(rewards), auto == 1
	return r, err
}

func rolesOf(ctx context.Context, d *db.DB, oppID string) ([]Role, error) {
	return db.List(ctx, d, scanRole, `SELECT `+roleCols+` FROM vol_roles WHERE opportunity_id = $1 ORDER BY created_at, id`, oppID)
}

func roleByID(ctx context.Context, d *db.DB, id string) (Role, error) {
	r, err := scanRole(d.QueryRow(ctx, `SELECT `+roleCols+` FROM vol_roles WHERE id = $1`, id))
	return r, d.Err(err, "volunteering.not_found")
}

func saveRole(ctx context.Context, d *db.DB, r Role, insert bool) error {
	if insert {
		_, err := d.Exec(ctx, `INSERT INTO vol_roles (id, opportunity_id, title, description, commitment, skills, accessibility,
			accessibility_note, min_age, check_needed, rewards, auto_accept, minutes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
			r.ID, r.OpportunityID, r.Title, r.Description, r.Commitment, r.Skills.String(), r.Accessibility.String(),
			r.AccessibilityNote, r.MinAge, r.CheckNeeded, r.Rewards.String(), b2i(r.AutoAccept), r.Minutes, r.CreatedAt)
		return err
	}
	_, err := d.Exec(ctx, `UPDATE vol_roles SET title = $2, description = $3, commitment = $4, skills = $5, accessibility = $6,
		accessibility_note = $7, min_age = $8, check_needed = $9, rewards = $10, auto_accept = $11, minutes = $12, updated_at = $13
		WHERE id = $1`, r.ID, r.Title, r.Description, r.Commitment, r.Skills.String(), r.Accessibility.String(), r.AccessibilityNote,
		r.MinAge, r.CheckNeeded, r.Rewards.String(), b2i(r.AutoAccept), r.Minutes, r.UpdatedAt)
	return err
}

// Person is someone who volunteers: an account holder, or someone a coordinator signed up on
// their behalf who may have no account (assisted digital).
type Person struct {
	ID        string    `json:"id"`
	AccountID string    `json:"-"`
	Name      string    `json:"name"`
	Email     string    `json:"email,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

const personCols = `id, COALESCE(account_id, ''), name, email, phone, created_by_name, created_at`

func scanPerson(row db.Scanner) (Person, error) {
	var p Person
	err := row.Scan(&p.ID, &p.AccountID, &p.Name, &p.Email, &p.Phone, &p.CreatedBy, &p.CreatedAt)
	return p, err
}

func personByAccount(ctx context.Context, d *db.DB, accountID string) (Person, error) {
	return scanPerson(d.QueryRow(ctx, `SELECT `+personCols+` FROM vol_people WHERE account_id = $1`, accountID))
}

func personByID(ctx context.Context, d *db.DB, id string) (Person, error) {
	p, err := scanPerson(d.QueryRow(ctx, `SELECT `+personCols+` FROM vol_people WHERE id = $1`, id))
	return p, d.Err(err, "volunteering.person.not_found")
}

// unlinkedPersonByEmail finds someone a coordinator signed up without an account, by email.
func unlinkedPersonByEmail(ctx context.Context, d *db.DB, email string) (Person, error) {
	return scanPerson(d.QueryRow(ctx, `SELECT `+personCols+` FROM vol_people WHERE account_id IS NULL AND email = $1
		ORDER BY created_at LIMIT 1`, email))
}

func insertPerson(ctx context.Context, d *db.DB, p Person) error {
	_, err := d.Exec(ctx, `INSERT INTO vol_people (id, account_id, name, email, phone, created_by_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, nullStr(p.AccountID), p.Name, p.Email, p.Phone, p.CreatedBy, p.CreatedAt)
	return err
}

func linkPerson(ctx context.Context, d *db.DB, personID, accountID, name string) error {
	_, err := d.Exec(ctx, `UPDATE vol_people SET account_id = $2, name = $3 WHERE id = $1 AND account_id IS NULL`, personID, accountID, name)
	return err
}

// orgPeople lists the people linked to an organisation by an application, a sign-up, a check
// or hours, for the coordinator's pickers.
func orgPeople(ctx context.Context, d *db.DB, orgID string) ([]Person, error) {
	return db.List(ctx, d, scanPerson, `SELECT `+personCols+` FROM vol_people WHERE id IN (
		SELECT a.person_id FROM vol_applications a JOIN vol_roles r ON r.id = a.role_id JOIN vol_opportunities o ON o.id = r.opportunity_id WHERE o.organisation_id = $1
		UNION SELECT person_id FROM vol_checks WHERE organisation_id = $1
		UNION SELECT person_id FROM vol_hours WHERE organisation_id = $1 AND person_id IS NOT NULL)
		ORDER BY name, id`, orgID)
}

func opportunitiesAt(ctx context.Context, d *db.DB, placeID string) ([]Opportunity, error) {
	return db.List(ctx, d, scanOpportunity, `SELECT `+oppCols+` FROM vol_opportunities o WHERE o.place_id = $1 AND o.status = 'open' ORDER BY o.title`, placeID)
}

// insertAccountPerson makes an account holder's record unless one exists already.
func insertAccountPerson(ctx context.Context, d *db.DB, p Person) error {
	_, err := d.Exec(ctx, `INSERT INTO vol_people (id, account_id, name, email, phone, created_by_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id) DO NOTHING`, p.ID, p.AccountID, p.Name, p.Email, p.Phone, p.CreatedBy, p.CreatedAt)
	return err
}
