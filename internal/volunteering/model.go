package volunteering

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// Kinds of opportunity.
const (
	OneOff  = "one_off" // a dated activity, once
	Regular = "regular" // a rota of shifts repeating weekly or monthly
	Micro   = "micro"   // under an hour, done any time, logged on completion
	Team    = "team"    // a team challenge for an employer's group
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []string{OneOff, Regular, Micro, Team}

// Checks a role may need. DBS levels are ordered: a higher level satisfies a lower one. PVG is
// Scotland's scheme and satisfies only itself.
const (
	CheckNone        = "none"
	CheckDBSBasic    = "dbs_basic"
	CheckDBSStandard = "dbs_standard"
	CheckDBSEnhanced = "dbs_enhanced"
	CheckPVG         = "pvg"
)

// CheckKinds lists the checks a role may need, none first.
var CheckKinds = []string{CheckNone, CheckDBSBasic, CheckDBSStandard, CheckDBSEnhanced, CheckPVG}

// RecordedCheckKinds are the checks a coordinator may record.
var RecordedCheckKinds = CheckKinds[1:]

// Workforces a check may cover.
var Workforces = []string{"", "children", "adults", "both"}

// Satisfies reports whether a check of kind have meets a role's need.
func Satisfies(have, need string) bool {
	if need == CheckNone || need == "" {
		return true
	}
	if need == CheckPVG || have == CheckPVG {
		return have == need
	}
	level := map[string]int{CheckDBSBasic: 1, CheckDBSStandard: 2, CheckDBSEnhanced: 3}
	return level[have] >= level[need] && level[need] > 0
}

// Rewards a role may offer. The standard's reward taxonomy declares only its top concept so far;
// these are the terms its own examples use, plus meals.
var Rewards = []string{"TrainingProvided", "ExpensesReimbursed", "MealsProvided"}

// Days and parts of day make the standard's 21 time slots (MondayMorning … SundayEvening).
var (
	Days  = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	Parts = []string{"Morning", "Afternoon", "Evening"}
)

// Slots lists the 21 slots, Monday morning first.
func Slots() []string {
	var out []string
	for _, d := range Days {
		for _, p := range Parts {
			out = append(out, d+p)
		}
	}
	return out
}

// London is the zone every time is shown and entered in.
var London = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// Local is t in UK time.
func Local(t time.Time) time.Time { return t.In(London) }

// partOf is the part of day an hour falls in: before noon is morning (the standard's morning
// starts at 6; earlier starts are counted with it), noon to six afternoon, then evening.
func partOf(hour int) string {
	switch {
	case hour < 12:
		return "Morning"
	case hour < 18:
		return "Afternoon"
	}
	return "Evening"
}

// SlotsOf are the slots a shift from start to end touches, in UK time.
func SlotsOf(start, end time.Time) []string {
	var out []string
	s, e := Local(start), Local(end)
	for t := s; t.Before(e); {
		day := Days[(int(t.Weekday())+6)%7]
		slot := day + partOf(t.Hour())
		if !slices.Contains(out, slot) {
			out = append(out, slot)
		}
		// Next boundary: noon, six, midnight.
		var next time.Time
		switch {
		case t.Hour() < 12:
			next = time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, London)
		case t.Hour() < 18:
			next = time.Date(t.Year(), t.Month(), t.Day(), 18, 0, 0, 0, London)
		default:
			next = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, London)
		}
		if len(out) > 21 {
			break
		}
		t = next
	}
	return out
}

// Terms is a list of taxonomy terms stored as one space-separated text with a space at each
// end, so a search can match " Term " with LIKE on both databases.
type Terms []string

// String is the stored form.
func (t Terms) String() string {
	if len(t) == 0 {
		return ""
	}
	return " " + strings.Join(t, " ") + " "
}

// Has reports whether the term is in the list.
func (t Terms) Has(term string) bool { return slices.Contains(t, term) }

// ParseTerms reads the stored form.
func ParseTerms(s string) Terms { return Terms(strings.Fields(s)) }

// pick keeps the chosen values that are in allowed, in allowed's order, once each.
func pick(chosen []string, allowed []string) (Terms, bool) {
	var out Terms
	ok := true
	for _, c := range chosen {
		if c != "" && !slices.Contains(allowed, c) {
			ok = false
		}
	}
	for _, a := range allowed {
		if slices.Contains(chosen, a) {
			out = append(out, a)
		}
	}
	return out, ok
}

// Opportunity is an activity an organisation offers (the standard's Activity): what and why,
// where, its causes and kind, with one or more roles.
type Opportunity struct {
	ID               string    `json:"id"`
	OrganisationID   string    `json:"organisation_id"`
	OrganisationName string    `json:"organisation_name"`
	Title            string    `json:"title"`
	Description      string    `json:"description"`
	DescriptionHTML  string    `json:"-"`
	Kind             string    `json:"kind"`
	Causes           Terms     `json:"causes"`
	PlaceID          string    `json:"place_id,omitempty"`
	Venue            string    `json:"venue,omitempty"`
	Address          string    `json:"address,omitempty"`
	Postcode         string    `json:"postcode,omitempty"`
	Latitude         *float64  `json:"latitude,omitempty"`
	Longitude        *float64  `json:"longitude,omitempty"`
	AreaID           string    `json:"area_id,omitempty"`
	AreaName         string    `json:"area_name,omitempty"`
	FromHome         bool      `json:"from_home"`
	Status           string    `json:"status"`
	Slots            Terms     `json:"slots"`
	UsualSlots       Terms     `json:"-"`
	TeamMin          int       `json:"team_min,omitempty"`
	TeamMax          int       `json:"team_max,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	Roles            []Role    `json:"roles"`
	// Distance is kilometres from the searched postcode, when there was one.
	Distance *float64 `json:"distance_km,omitempty"`
}

// Body is the description as HTML, sanitised when it was saved.
func (o Opportunity) Body() template.HTML { return template.HTML(o.DescriptionHTML) }

// HasPoint says whether the opportunity can be drawn on a map.
func (o Opportunity) HasPoint() bool { return o.Latitude != nil && o.Longitude != nil }

// Open says whether people may still apply and sign up.
func (o Opportunity) Open() bool { return o.Status == "open" }

// NoChecks says whether no role needs a check.
func (o Opportunity) NoChecks() bool {
	for _, r := range o.Roles {
		if r.CheckNeeded != CheckNone {
			return false
		}
	}
	return true
}

// MinAge is the lowest minimum age of its roles (0: any age).
func (o Opportunity) MinAge() int {
	m := -1
	for _, r := range o.Roles {
		if m < 0 || r.MinAge < m {
			m = r.MinAge
		}
	}
	if m < 0 {
		return 0
	}
	return m
}

// Role is one role of an opportunity (the standard's Role).
type Role struct {
	ID                string    `json:"id"`
	OpportunityID     string    `json:"opportunity_id"`
	Title             string    `json:"title"`
	Description       string    `json:"description"`
	Commitment        string    `json:"commitment,omitempty"`
	Skills            Terms     `json:"skills"`
	Accessibility     Terms     `json:"accessibility"`
	AccessibilityNote string    `json:"accessibility_note,omitempty"`
	MinAge            int       `json:"minimum_age"`
	CheckNeeded       string    `json:"check_needed"`
	Rewards           Terms     `json:"rewards"`
	AutoAccept        bool      `json:"auto_accept"`
	Minutes           int       `json:"minutes,omitempty"` // a micro-action's usual length
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// NeedsCheck says whether the role needs a check.
func (r Role) NeedsCheck() bool { return r.CheckNeeded != CheckNone }

// OpportunityInput is the opportunity form, with its first role.
type OpportunityInput struct {
	OrganisationID string
	Title          string
	Description    string
	Kind           string
	Causes         []string
	Where          string // place, address or home
	PlaceID        string
	Venue          string
	Address        string
	Postcode       string
	Latitude       string
	Longitude      string
	AreaID         string
	UsualSlots     []string
	TeamMin        string
	TeamMax        string
	Role           RoleInput
	// Parsed by Validate.
	lat, lng         *float64
	causes, slots    Terms
	teamMin, teamMax int
}

// RoleInput is the role form.
type RoleInput struct {
	Title             string
	Description       string
	Commitment        string
	Skills            []string
	Accessibility     []string
	AccessibilityNote string
	MinAge            string
	CheckNeeded       string
	Rewards           []string
	AutoAccept        bool
	Minutes           string
	// Parsed by Validate.
	minAge, minutes                int
	skills, accessibility, rewards Terms
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// validate checks a role; prefix names its fields in a combined form ("role_").
func (in *RoleInput) validate(f map[string]string, prefix string, kind string) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || tooLong(in.Title, 200) {
		f[prefix+"title"] = "volunteering.err.role_title"
	}
	if tooLong(in.Description, 5000) {
		f[prefix+"description"] = "volunteering.err.too_long"
	}
	if tooLong(in.Commitment, 200) {
		f[prefix+"commitment"] = "volunteering.err.too_long"
	}
	var ok bool
	if in.skills, ok = pick(in.Skills, Skills); !ok {
		f[prefix+"skills"] = "volunteering.err.term"
	}
	if in.accessibility, ok = pick(in.Accessibility, AccessibilityTerms); !ok {
		f[prefix+"accessibility"] = "volunteering.err.term"
	}
	if in.rewards, ok = pick(in.Rewards, Rewards); !ok {
		f[prefix+"rewards"] = "volunteering.err.term"
	}
	if tooLong(in.AccessibilityNote, 1000) {
		f[prefix+"accessibility_note"] = "volunteering.err.too_long"
	}
	in.minAge = 0
	if s := strings.TrimSpace(in.MinAge); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 99 {
			f[prefix+"min_age"] = "volunteering.err.min_age"
		}
		in.minAge = n
	}
	if in.CheckNeeded == "" {
		in.CheckNeeded = CheckNone
	}
	if !slices.Contains(CheckKinds, in.CheckNeeded) {
		f[prefix+"check_needed"] = "volunteering.err.check_needed"
	}
	if in.AutoAccept && in.CheckNeeded != CheckNone {
		f[prefix+"auto_accept"] = "volunteering.err.auto_accept_check"
	}
	in.minutes = 0
	if s := strings.TrimSpace(in.Minutes); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1440 {
			f[prefix+"minutes"] = "volunteering.err.minutes"
		}
		in.minutes = n
	}
	if kind == Micro {
		if in.minutes == 0 && f[prefix+"minutes"] == "" {
			f[prefix+"minutes"] = "volunteering.err.micro_minutes"
		} else if in.minutes > 60 {
			f[prefix+"minutes"] = "volunteering.err.micro_minutes"
		}
	}
}

// Validate checks a role form on its own.
func (in *RoleInput) Validate(kind string) error {
	f := map[string]string{}
	in.validate(f, "", kind)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// Validate checks the opportunity form and its first role.
func (in *OpportunityInput) Validate(withRole bool) error {
	f := map[string]string{}
	in.Title = strings.TrimSpace(in.Title)
	if in.OrganisationID == "" {
		f["organisation_id"] = "volunteering.err.organisation"
	}
	if in.Title == "" || tooLong(in.Title, 200) {
		f["title"] = "volunteering.err.title"
	}
	if strings.TrimSpace(in.Description) == "" {
		f["description"] = "volunteering.err.description"
	} else if tooLong(in.Description, 10000) {
		f["description"] = "volunteering.err.too_long"
	}
	if !slices.Contains(Kinds, in.Kind) {
		f["kind"] = "volunteering.err.kind"
	}
	var ok bool
	if in.causes, ok = pick(in.Causes, Causes); !ok || len(in.causes) == 0 {
		f["causes"] = "volunteering.err.causes"
	}
	if in.slots, ok = pick(in.UsualSlots, Slots()); !ok {
		f["usual_slots"] = "volunteering.err.term"
	}
	in.Venue, in.Address, in.Postcode = strings.TrimSpace(in.Venue), strings.TrimSpace(in.Address), NormalisePostcode(in.Postcode)
	switch in.Where {
	case "home":
	case "place":
		if in.PlaceID == "" {
			f["place_id"] = "volunteering.err.place"
		}
	case "address":
		if in.Venue == "" && in.Address == "" {
			f["venue"] = "volunteering.err.venue"
		}
	default:
		f["where"] = "volunteering.err.where"
	}
	if tooLong(in.Venue, 200) || tooLong(in.Address, 500) {
		f["address"] = "volunteering.err.too_long"
	}
	if in.Postcode != "" && !ValidPostcode(in.Postcode) {
		f["postcode"] = "volunteering.err.postcode"
	}
	in.lat, in.lng = nil, nil
	if in.Latitude != "" || in.Longitude != "" {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(in.Latitude), 64)
		lng, err2 := strconv.ParseFloat(strings.TrimSpace(in.Longitude), 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lng < -180 || lng > 180 {
			f["latitude"] = "volunteering.err.point"
		} else {
			in.lat, in.lng = &lat, &lng
		}
	}
	in.teamMin, in.teamMax = 0, 0
	if in.Kind == Team {
		a, err1 := strconv.Atoi(strings.TrimSpace(in.TeamMin))
		b, err2 := strconv.Atoi(strings.TrimSpace(in.TeamMax))
		if err1 != nil || err2 != nil || a < 1 || b < a || b > 1000 {
			f["team_min"] = "volunteering.err.team_size"
		}
		in.teamMin, in.teamMax = a, b
	}
	if withRole {
		in.Role.validate(f, "role_", in.Kind)
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// NormalisePostcode upper-cases a postcode and puts one space before its last three characters.
func NormalisePostcode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > 3 {
		s = s[:len(s)-3] + " " + s[len(s)-3:]
	}
	return s
}

// ValidPostcode checks the shape of a full UK postcode (already normalised): an outward code of
// a letter or two, a digit and an optional letter or digit, then a digit and two letters.
func ValidPostcode(s string) bool {
	out, in, ok := strings.Cut(s, " ")
	if !ok || len(in) != 3 || len(out) < 2 || len(out) > 4 {
		return false
	}
	isL := func(b byte) bool { return b >= 'A' && b <= 'Z' }
	isD := func(b byte) bool { return b >= '0' && b <= '9' }
	if !isD(in[0]) || !isL(in[1]) || !isL(in[2]) || !isL(out[0]) {
		return false
	}
	i := 1
	if isL(out[i]) {
		i++
	}
	if i >= len(out) || !isD(out[i]) {
		return false
	}
	i++
	if i < len(out) && !(isL(out[i]) || isD(out[i])) {
		return false
	}
	return i+1 >= len(out)
}
