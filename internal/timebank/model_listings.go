package timebank

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// Listing kinds and modes.
const (
	Offer   = "offer"
	Request = "request"

	ModeInPerson = "in_person"
	ModeFromHome = "from_home"
	ModeEither   = "either"
)

// Modes are how help is given: in person, from home (by phone or online), or either.
var Modes = []string{ModeInPerson, ModeFromHome, ModeEither}

// Listing is an offer of help or a request for it.
type Listing struct {
	ID          string     `json:"id"`
	BankID      string     `json:"bank_id"`
	MemberID    string     `json:"member_id,omitempty"`
	Kind        string     `json:"kind"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Category    string     `json:"category"`
	AreaID      string     `json:"area_id,omitempty"`
	Mode        string     `json:"mode"`
	Postcode    string     `json:"-"` // never shown: only its point is used, for distance
	Lat         *float64   `json:"-"`
	Lng         *float64   `json:"-"`
	Estimate    int64      `json:"estimate_minutes,omitempty"`
	PhotoID     string     `json:"photo_id,omitempty"`
	PhotoAlt    string     `json:"photo_alt,omitempty"`
	Status      string     `json:"status"`
	ExpiresAt   time.Time  `json:"expires_at"`
	RemindedAt  *time.Time `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	// Who listed it, and where.
	MemberName string `json:"member_name,omitempty"`
	MemberKind string `json:"-"`
	PublicName bool   `json:"-"`
	AccountID  string `json:"-"`
	OrgID      string `json:"-"`
	BankName   string `json:"bank_name"`
	// Miles from the point searched near; -1 when not known.
	Miles float64 `json:"miles,omitempty"`
}

// Open reports whether the listing can be found: not closed and not past its date.
func (l Listing) Open(now time.Time) bool { return l.Status == "open" && l.ExpiresAt.After(now) }

// Expired reports whether it ran out before its owner renewed it.
func (l Listing) Expired(now time.Time) bool { return l.Status == "open" && !l.ExpiresAt.After(now) }

// ListingInput is what a member writes in an offer or request.
type ListingInput struct {
	As          string // the member listing it: the person's own membership or their organisation's
	Kind        string
	Title       string
	Description string
	Category    string
	AreaID      string
	Mode        string
	Postcode    string
	Estimate    string // hours, as typed; optional
}

const (
	maxTitle       = 120
	maxDescription = 2000
)

// validate checks the input and returns its estimate in minutes.
func (in *ListingInput) validate() (int64, map[string]string) {
	f := map[string]string{}
	if in.Kind != Offer && in.Kind != Request {
		f["kind"] = "timebank.err.listing_kind"
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Title)); n < 1 || n > maxTitle {
		f["title"] = "timebank.err.title"
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Description)); n < 1 || n > maxDescription {
		f["description"] = "timebank.err.description"
	}
	if !ValidCategory(in.Category) {
		f["category"] = "timebank.err.category"
	}
	valid := false
	for _, m := range Modes {
		valid = valid || m == in.Mode
	}
	if !valid {
		f["mode"] = "timebank.err.mode"
	}
	in.Postcode = NormalisePostcode(in.Postcode)
	if in.Postcode != "" && !LooksLikePostcode(in.Postcode) {
		f["postcode"] = "timebank.err.postcode"
	}
	est, err := ParseHours(in.Estimate)
	if err != nil || est > 100*60 {
		f["estimate"] = "timebank.err.estimate"
	}
	return est, f
}

// NormalisePostcode upper-cases a UK postcode and puts one space before its last three
// characters: "ah1 2ab" and "AH12AB" are both "AH1 2AB".
func NormalisePostcode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > 3 {
		s = s[:len(s)-3] + " " + s[len(s)-3:]
	}
	return s
}

// LooksLikePostcode checks the shape of a normalised UK postcode: an outward code of two to
// four letters and digits starting with a letter, a space, a digit and two letters.
func LooksLikePostcode(s string) bool {
	out, in, ok := strings.Cut(s, " ")
	if !ok || len(out) < 2 || len(out) > 4 || len(in) != 3 {
		return false
	}
	if out[0] < 'A' || out[0] > 'Z' {
		return false
	}
	for _, c := range out {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return in[0] >= '0' && in[0] <= '9' && in[1] >= 'A' && in[1] <= 'Z' && in[2] >= 'A' && in[2] <= 'Z'
}

// Miles is the great-circle distance between two points, in miles.
func Miles(lat1, lng1, lat2, lng2 float64) float64 {
	const earthMiles = 3958.8
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthMiles * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Distances people may search within, in miles.
var Distances = []string{"1", "2", "5", "10", "25"}

// ListingQuery narrows a search of listings; empty fields match everything.
type ListingQuery struct {
	Kind, Category, AreaID, Q string
	// Near is a postcode; Within a number of miles from Distances. Listings given from home
	// are found wherever they are.
	Near, Within string
	// Partners includes listings of the banks this one has agreements with.
	Partners bool
}

func (q *ListingQuery) validate() map[string]string {
	f := map[string]string{}
	if q.Kind != "" && q.Kind != Offer && q.Kind != Request {
		q.Kind = ""
	}
	if q.Category != "" && !ValidCategory(q.Category) {
		q.Category = ""
	}
	q.Q = clip(q.Q, 100)
	if q.Near != "" {
		q.Near = NormalisePostcode(q.Near)
		if !LooksLikePostcode(q.Near) {
			f["near"] = "timebank.err.postcode"
		}
		ok := false
		for _, d := range Distances {
			ok = ok || d == q.Within
		}
		if !ok {
			q.Within = "5"
		}
	}
	return f
}

func fieldErr(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return errs.FieldErrors(f)
}
