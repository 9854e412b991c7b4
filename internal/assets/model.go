package assets

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"commons/internal/assets/geo"
	"commons/internal/assets/record"
)

// Statuses of an asset: a suggestion waits for an officer; a published asset is public.
const (
	StatusSuggested = "suggested"
	StatusPublished = "published"
)

// Asset is one entry on the map.
type Asset struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	Description      string     `json:"description"`
	Category         string     `json:"category"`
	Tags             []string   `json:"tags"`
	AreaID           string     `json:"area_id,omitempty"`
	AreaName         string     `json:"area_name,omitempty"`
	Address          string     `json:"address,omitempty"`
	Postcode         string     `json:"postcode,omitempty"`
	Lat              *float64   `json:"latitude,omitempty"`
	Lon              *float64   `json:"longitude,omitempty"`
	OpeningHours     string     `json:"opening_hours,omitempty"`
	ContactName      string     `json:"contact_name,omitempty"`
	ContactEmail     string     `json:"contact_email,omitempty"`
	ContactPhone     string     `json:"contact_phone,omitempty"`
	Website          string     `json:"website,omitempty"`
	Accessibility    string     `json:"accessibility,omitempty"`
	StepFree         bool       `json:"step_free"`
	Ownership        string     `json:"ownership"`
	Facilities       string     `json:"facilities,omitempty"`
	Capacity         *int       `json:"capacity,omitempty"`
	Services         string     `json:"services,omitempty"`
	OrganisationID   string     `json:"organisation_id,omitempty"`
	OrganisationName string     `json:"organisation_name,omitempty"`
	Status           string     `json:"status"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	LastCheckedAt    time.Time  `json:"last_checked_at"`
	VerifiedAt       *time.Time `json:"verified_at,omitempty"`
	DistanceKm       *float64   `json:"distance_km,omitempty"`
	createdBy        string
}

// Point is the asset's location, if it has one.
func (a Asset) Point() (geo.Point, bool) {
	if a.Lat == nil || a.Lon == nil {
		return geo.Point{}, false
	}
	return geo.Point{Lat: *a.Lat, Lon: *a.Lon}, true
}

// Change is one line of an asset's history.
type Change struct {
	Action    string
	By        string // the person's name, or "" when their account is gone
	Fields    []string
	ChangedAt time.Time
}

// Filter is a search of the map; the page, the CSV and GeoJSON downloads and the API share it.
type Filter struct {
	Q        string
	Category string
	Tag      string
	AreaID   string
	OpenNow  bool
	StepFree bool
	Near     *geo.Point // order by distance from here
	WithinKm float64    // with Near: only assets this close (0: any distance)
	BBox     *geo.BBox  // only inside this window
	Status   string     // "" is published
	OrgID    string
	Modified time.Time // only those changed at or after
	Limit    int
	Offset   int

	// Summary reads only what a list of assets shows (name, category, area, postcode,
	// step-free access, where it is and the start of its description), not the whole record.
	Summary bool

	lean bool // read only what the map shows (see Service.MapWindow)
	// The query's words, rarest first, and whether even the rarest is common (see planWords).
	words  []string
	common bool
}

// Visibilities of a person's skill.
const (
	VisibleEveryone = "everyone"
	VisibleMembers  = "members" // anyone signed in
	VisibleOfficers = "officers"
)

// Visibilities in the order the form offers them.
var Visibilities = []string{VisibleMembers, VisibleOfficers, VisibleEveryone}

// SkillKinds are what a person can offer.
var SkillKinds = []string{"skill", "gift", "time"}

// Skill is something a person offers, shown only to whom they chose.
type Skill struct {
	ID          string
	AccountID   string
	PersonName  string
	Kind        string
	Title       string
	Description string
	AreaID      string
	AreaName    string
	Visibility  string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SkillInput is what the skills form sends.
type SkillInput struct{ Kind, Title, Description, AreaID, Visibility string }

// normalise folds text for searching: decomposed, accents removed, lower case, single spaces.
// Both databases store and compare the folded text, so they give the same results.
func normalise(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// A search uses at most MaxSearchWords different words of its first MaxSearchLength characters:
// every word is looked up in the index, and a search of hundreds of words once held a database
// connection for minutes (V1). Eight words find any asset; more only narrow to nothing.
const (
	MaxSearchWords  = 8
	MaxSearchLength = 200
)

// SearchWords are the folded words a search uses, each once, in the order typed; cut reports
// that the query was longer than a search uses.
func SearchWords(q string) (words []string, cut bool) {
	if r := []rune(q); len(r) > MaxSearchLength {
		q, cut = string(r[:MaxSearchLength]), true
	}
	seen := map[string]bool{}
	for _, w := range strings.Fields(normalise(q)) {
		if seen[w] {
			continue
		}
		if len(words) == MaxSearchWords {
			return words, true
		}
		seen[w] = true
		words = append(words, w)
	}
	return words, cut
}

func searchText(r record.Record, areaName, orgName string) string {
	return normalise(strings.Join([]string{r.Name, r.Description, strings.Join(r.Tags, " "), r.Address, r.Postcode,
		r.Services, r.Facilities, areaName, orgName, r.Category}, " "))
}

func tagsColumn(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "," + strings.Join(tags, ",") + ","
}

func tagsFromColumn(s string) []string {
	s = strings.Trim(s, ",")
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// Distance is the distance from the search point in km, one decimal place.
func (a Asset) Distance() string {
	if a.DistanceKm == nil {
		return ""
	}
	return strconv.FormatFloat(*a.DistanceKm, 'f', 1, 64)
}

// CategoryKey is the message key of the asset's category's name.
func (a Asset) CategoryKey() string { return "assets.category." + a.Category }

// Summary is the start of the description, for lists.
func (a Asset) Summary() string {
	r := []rune(a.Description)
	if len(r) <= 200 {
		return a.Description
	}
	return strings.TrimSpace(string(r[:197])) + "…"
}

// LatLon is the location as text.
func (a Asset) LatLon() string {
	if a.Lat == nil || a.Lon == nil {
		return ""
	}
	return strconv.FormatFloat(*a.Lat, 'f', 5, 64) + ", " + strconv.FormatFloat(*a.Lon, 'f', 5, 64)
}

// CapacityN is the capacity, 0 when not given.
func (a Asset) CapacityN() int {
	if a.Capacity == nil {
		return 0
	}
	return *a.Capacity
}
