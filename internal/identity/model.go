package identity

import (
	"encoding/json"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// Roles, from least to most trusted.
const (
	RoleResident  = "resident"
	RoleMember    = "member"
	RoleOfficer   = "officer"
	RoleModerator = "moderator"
	RoleAdmin     = "admin"
)

// Roles lists every role.
var Roles = []string{RoleResident, RoleMember, RoleOfficer, RoleModerator, RoleAdmin}

// Sectors an organisation can belong to.
var Sectors = []string{"public", "vcf", "private", "resident"}

// Account is a person who can sign in.
type Account struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Email     string     `json:"email"`
	Confirmed *time.Time `json:"email_confirmed_at"`
	CreatedAt time.Time  `json:"created_at"`
	Roles     []string   `json:"roles"`
	Language  string     `json:"language"` // en or cy: mail sent later is written in it
	password  string
}

// Languages an account can prefer.
var Languages = []string{"en", "cy"}

// LanguageOf returns lang if Commons is written in it, else English.
func LanguageOf(lang string) string {
	if lang == "cy" {
		return "cy"
	}
	return "en"
}

// Area is a ward or locality.
type Area struct {
	ID                string          `json:"id"`
	Name              string          `json:"name"`
	Kind              string          `json:"kind"`
	PostcodeDistricts []string        `json:"postcode_districts"`
	Boundary          json.RawMessage `json:"boundary,omitempty"`
	CreatedAt         time.Time       `json:"created_at"`
}

// Organisation is a council body, a voluntary, community or faith group, a business or a
// resident-led group.
type Organisation struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Sector      string    `json:"sector"`
	Description string    `json:"description"`
	Website     string    `json:"website"`
	AreaID      string    `json:"area_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Members     int       `json:"members"`
}

// Member is a person in an organisation.
type Member struct {
	AccountID string    `json:"account_id"`
	Name      string    `json:"name"`
	Email     string    `json:"-"`
	AddedAt   time.Time `json:"added_at"`
}

// APIToken is a personal token for the JSON API; the secret is shown once, when made.
type APIToken struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// NormaliseEmail lower-cases and trims an address so one person has one account.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s looks like an address mail can be sent to.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>,;\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// Password lengths, following the NCSC's advice: long rather than complex.
const (
	MinPassword = 10
	MaxPassword = 256
)

// RegisterInput is what the registration form sends.
type RegisterInput struct{ Name, Email, Password string }

// Validate checks the input, returning field errors.
func (in *RegisterInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = NormaliseEmail(in.Email)
	f := map[string]string{}
	switch {
	case in.Name == "":
		f["name"] = "account.err.name_missing"
	case utf8.RuneCountInString(in.Name) > 200:
		f["name"] = "account.err.name_long"
	}
	checkEmail(f, in.Email)
	checkPassword(f, "password", in.Password)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

func checkEmail(f map[string]string, email string) {
	switch {
	case email == "":
		f["email"] = "account.err.email_missing"
	case !ValidEmail(email):
		f["email"] = "account.err.email_format"
	}
}

func checkPassword(f map[string]string, field, pw string) {
	switch n := utf8.RuneCountInString(pw); {
	case n == 0:
		f[field] = "account.err.password_missing"
	case n < MinPassword:
		f[field] = "account.err.password_short"
	case n > MaxPassword:
		f[field] = "account.err.password_long"
	}
}

// AreaInput is what the area form sends.
type AreaInput struct {
	Name, Kind, PostcodeDistricts, Boundary string
}

// Validate checks an area and returns its cleaned postcode districts.
func (in *AreaInput) Validate() ([]string, error) {
	in.Name = strings.TrimSpace(in.Name)
	f := map[string]string{}
	if in.Name == "" {
		f["name"] = "area.err.name_missing"
	} else if utf8.RuneCountInString(in.Name) > 120 {
		f["name"] = "area.err.name_long"
	}
	if in.Kind != "ward" && in.Kind != "locality" {
		f["kind"] = "area.err.kind"
	}
	districts, ok := ParseDistricts(in.PostcodeDistricts)
	if !ok {
		f["postcode_districts"] = "area.err.districts"
	}
	in.Boundary = strings.TrimSpace(in.Boundary)
	if in.Boundary != "" {
		if err := ValidBoundary([]byte(in.Boundary)); err != nil {
			f["boundary"] = "area.err.boundary"
		}
	}
	if len(f) > 0 {
		return nil, errs.FieldErrors(f)
	}
	return districts, nil
}

// ParseDistricts reads a list of UK postcode districts (outward codes such as "CF10", "SW1A"),
// separated by commas, spaces or new lines.
func ParseDistricts(s string) ([]string, bool) {
	fields := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	seen := map[string]bool{}
	var out []string
	for _, d := range fields {
		if !validDistrict(d) {
			return nil, false
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out, true
}

// validDistrict accepts outward codes: 1–2 letters, a digit, then an optional digit or letter.
func validDistrict(d string) bool {
	if len(d) < 2 || len(d) > 4 {
		return false
	}
	i := 0
	for i < len(d) && i < 2 && d[i] >= 'A' && d[i] <= 'Z' {
		i++
	}
	if i == 0 || i >= len(d) || d[i] < '0' || d[i] > '9' {
		return false
	}
	i++
	if i == len(d) {
		return true
	}
	c := d[i]
	return i == len(d)-1 && (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')
}

// ValidBoundary checks that b is a GeoJSON Polygon or MultiPolygon geometry (or a Feature
// holding one) with closed rings of longitude/latitude positions.
func ValidBoundary(b []byte) error {
	var g struct {
		Type        string          `json:"type"`
		Geometry    json.RawMessage `json:"geometry"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return err
	}
	if g.Type == "Feature" {
		if len(g.Geometry) == 0 {
			return errs.E(errs.Invalid, "area.err.boundary")
		}
		return ValidBoundary(g.Geometry)
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return err
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return err
		}
	default:
		return errs.E(errs.Invalid, "area.err.boundary")
	}
	if len(polys) == 0 {
		return errs.E(errs.Invalid, "area.err.boundary")
	}
	for _, p := range polys {
		if len(p) == 0 {
			return errs.E(errs.Invalid, "area.err.boundary")
		}
		for _, ring := range p {
			if len(ring) < 4 {
				return errs.E(errs.Invalid, "area.err.boundary")
			}
			for _, pos := range ring {
				if len(pos) < 2 || pos[0] < -180 || pos[0] > 180 || pos[1] < -90 || pos[1] > 90 {
					return errs.E(errs.Invalid, "area.err.boundary")
				}
			}
			first, last := ring[0], ring[len(ring)-1]
			if first[0] != last[0] || first[1] != last[1] {
				return errs.E(errs.Invalid, "area.err.boundary")
			}
		}
	}
	return nil
}

// OrganisationInput is what the organisation form sends.
type OrganisationInput struct{ Name, Sector, Description, Website, AreaID string }

// Validate checks an organisation.
func (in *OrganisationInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.Website = strings.TrimSpace(in.Website)
	f := map[string]string{}
	if in.Name == "" {
		f["name"] = "org.err.name_missing"
	} else if utf8.RuneCountInString(in.Name) > 200 {
		f["name"] = "org.err.name_long"
	}
	ok := false
	for _, s := range Sectors {
		ok = ok || s == in.Sector
	}
	if !ok {
		f["sector"] = "org.err.sector"
	}
	if utf8.RuneCountInString(in.Description) > 5000 {
		f["description"] = "org.err.description_long"
	}
	if in.Website != "" && !(strings.HasPrefix(in.Website, "https://") || strings.HasPrefix(in.Website, "http://")) || len(in.Website) > 500 {
		f["website"] = "org.err.website"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}
