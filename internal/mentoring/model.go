package mentoring

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/mentoring/match"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
)

// Kinds of organisation, for "a hall mentoring a hall".
var Kinds = []string{"village_hall", "community_centre", "community_group", "sports_club", "faith_group", "charity",
	"social_enterprise", "council_service", "other"}

// Slots are the times an organisation can meet.
var Slots = []string{"weekday_daytime", "weekday_evening", "weekend"}

// Levels of experience offered (match.LevelSome..LevelMentored).
var Levels = []int{match.LevelSome, match.LevelGood, match.LevelMentored}

// Stages of a mentoring relationship.
const (
	StageProposed = "proposed" // put to both sides; waiting for both to accept
	StageAgreed   = "agreed"   // both accepted; first meeting to arrange
	StageUnderway = "underway" // first meeting held; check-ins at 3 and 6 months
	StageClosed   = "closed"   // closed with an outcome
	StageEnded    = "ended"    // one side ended it, without fault
	StageDeclined = "declined" // one side said no when it was proposed
)

// Stages lists every stage in the order a relationship goes through them.
var Stages = []string{StageProposed, StageAgreed, StageUnderway, StageClosed, StageEnded, StageDeclined}

// Live reports whether a relationship in this stage is still going.
func Live(stage string) bool {
	return stage == StageProposed || stage == StageAgreed || stage == StageUnderway
}

// Outcomes of a closed relationship.
var Outcomes = []string{"met", "partly", "not_met"}

// Goings are how a check-in says things are going.
var Goings = []string{"well", "mixed", "struggling"}

// Milestones are the check-ins, in months after the first meeting.
var Milestones = []int{3, 6}

// OverdueAfter is how long after its due day a check-in nobody has made is overdue.
const OverdueAfter = 14 * 24 * time.Hour

// Topic is one entry of the shared topic list.
type Topic struct {
	ID       string    `json:"id"`
	NameEN   string    `json:"name_en"`
	NameCY   string    `json:"name_cy"`
	Position int       `json:"position"`
	Retired  bool      `json:"retired"`
	Created  time.Time `json:"-"`
}

// Name is the topic's name in lang.
func (t Topic) Name(lang string) string {
	if lang == "cy" && t.NameCY != "" {
		return t.NameCY
	}
	return t.NameEN
}

// Profile is an organisation's part in peer support.
type Profile struct {
	OrganisationID string    `json:"organisation_id"`
	Organisation   string    `json:"organisation"`
	Sector         string    `json:"sector"`
	AreaID         string    `json:"area_id,omitempty"`
	Kind           string    `json:"kind"`
	PlaceID        string    `json:"place_id,omitempty"`
	PlaceName      string    `json:"place_name,omitempty"`
	PlaceKind      string    `json:"place_kind,omitempty"`
	Postcode       string    `json:"postcode,omitempty"`
	Lat            *float64  `json:"latitude,omitempty"`
	Lng            *float64  `json:"longitude,omitempty"`
	TravelKm       int       `json:"travel_km"`
	Online         bool      `json:"online"`
	Slots          []string  `json:"slots"`
	Availability   string    `json:"availability"`
	Capacity       int       `json:"capacity"`
	About          string    `json:"about"`
	Assisted       bool      `json:"assisted"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// HasPoint reports whether the profile's place has a point.
func (p Profile) HasPoint() bool { return p.Lat != nil && p.Lng != nil }

// Offer is a topic an organisation can help others with.
type Offer struct {
	ID             string `json:"id"`
	OrganisationID string `json:"organisation_id"`
	TopicID        string `json:"topic_id"`
	Level          int    `json:"level"`
	Detail         string `json:"detail"`
	Assisted       bool   `json:"assisted"`
}

// Need is a topic an organisation needs help with.
type Need struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	Organisation   string    `json:"organisation"`
	TopicID        string    `json:"topic_id"`
	Detail         string    `json:"detail"`
	Status         string    `json:"status"` // open, paired, closed
	Assisted       bool      `json:"assisted"`
	CreatedAt      time.Time `json:"created_at"`
}

// Relationship is a mentoring relationship between two organisations on one topic.
type Relationship struct {
	ID             string         `json:"id"`
	NeedID         string         `json:"need_id,omitempty"`
	TopicID        string         `json:"topic_id"`
	MentorOrgID    string         `json:"mentor_organisation_id"`
	MentorOrg      string         `json:"mentor_organisation"`
	MenteeOrgID    string         `json:"mentee_organisation_id"`
	MenteeOrg      string         `json:"mentee_organisation"`
	Stage          string         `json:"stage"`
	Score          float64        `json:"score"`
	Reasons        []match.Reason `json:"reasons"`
	ProposedSide   string         `json:"proposed_by"` // mentor, mentee or coordinator
	MentorAccepted *time.Time     `json:"mentor_accepted_at"`
	MenteeAccepted *time.Time     `json:"mentee_accepted_at"`
	FirstMeeting   string         `json:"first_meeting_on,omitempty"` // YYYY-MM-DD
	Checkin3Due    string         `json:"checkin_3_due,omitempty"`
	Checkin6Due    string         `json:"checkin_6_due,omitempty"`
	Outcome        string         `json:"outcome,omitempty"`
	Helped         string         `json:"helped,omitempty"`
	EndedByOrg     string         `json:"ended_by_organisation_id,omitempty"`
	EndedNote      string         `json:"-"` // for coordinators only
	FinishedAt     *time.Time     `json:"finished_at"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Checkins       []Checkin      `json:"checkins"`
	// Overdue lists the milestones (3, 6) whose check-in is overdue, as of when it was read.
	Overdue []int `json:"overdue_checkins"`
}

// Due is the due day of a milestone's check-in (YYYY-MM-DD), or "".
func (r Relationship) Due(milestone int) string {
	if milestone == 3 {
		return r.Checkin3Due
	}
	return r.Checkin6Due
}

// CheckedIn reports whether the organisation made the milestone's check-in.
func (r Relationship) CheckedIn(milestone int, orgID string) bool {
	for _, c := range r.Checkins {
		if c.Milestone == milestone && (orgID == "" || c.OrganisationID == orgID) {
			return true
		}
	}
	return false
}

// Side is "mentor" or "mentee" for one of the two organisations, "" for neither.
func (r Relationship) Side(orgID string) string {
	switch orgID {
	case r.MentorOrgID:
		return "mentor"
	case r.MenteeOrgID:
		return "mentee"
	}
	return ""
}

// Other is the other organisation's id and name.
func (r Relationship) Other(orgID string) (string, string) {
	if orgID == r.MentorOrgID {
		return r.MenteeOrgID, r.MenteeOrg
	}
	return r.MentorOrgID, r.MentorOrg
}

// Live reports whether the relationship is still going.
func (r Relationship) Live() bool { return Live(r.Stage) }

// Checkin is one side's check-in at a milestone.
type Checkin struct {
	Milestone      int       `json:"milestone"`
	OrganisationID string    `json:"organisation_id"`
	Going          string    `json:"going"`
	Note           string    `json:"note"`
	Assisted       bool      `json:"assisted"`
	CreatedAt      time.Time `json:"created_at"`
}

// LogEntry is one thing that happened in a relationship.
type LogEntry struct {
	Kind           string    `json:"kind"`
	OrganisationID string    `json:"organisation_id,omitempty"`
	Assisted       bool      `json:"assisted"`
	CreatedAt      time.Time `json:"created_at"`
}

// ProfileInput is what the profile form sends.
type ProfileInput struct {
	Kind, PlaceID, Postcode, TravelKm, Capacity, Availability, About string
	Online                                                           bool
	Slots                                                            []string
}

// profileValues are a validated profile's numbers.
type profileValues struct{ travel, capacity int }

// Validate checks a profile.
func (in *ProfileInput) Validate() (profileValues, error) {
	var v profileValues
	f := map[string]string{}
	in.Postcode = normalisePostcode(in.Postcode)
	in.Availability = strings.TrimSpace(in.Availability)
	in.About = strings.TrimSpace(in.About)
	if !slices.Contains(Kinds, in.Kind) {
		f["kind"] = "mentoring.err.kind"
	}
	if in.Postcode != "" && !plausiblePostcode(in.Postcode) {
		f["postcode"] = "mentoring.err.postcode"
	}
	var err error
	if v.travel, err = strconv.Atoi(strings.TrimSpace(in.TravelKm)); err != nil || v.travel < 0 || v.travel > 500 {
		f["travel_km"] = "mentoring.err.travel"
	}
	if v.capacity, err = strconv.Atoi(strings.TrimSpace(in.Capacity)); err != nil || v.capacity < 0 || v.capacity > 10 {
		f["capacity"] = "mentoring.err.capacity"
	}
	for _, s := range in.Slots {
		if !slices.Contains(Slots, s) {
			f["slots"] = "mentoring.err.slots"
		}
	}
	if utf8.RuneCountInString(in.Availability) > 500 {
		f["availability"] = "mentoring.err.too_long"
	}
	if utf8.RuneCountInString(in.About) > 2000 {
		f["about"] = "mentoring.err.too_long"
	}
	if len(f) > 0 {
		return v, errs.FieldErrors(f)
	}
	return v, nil
}

// normalisePostcode upper-cases a postcode and puts one space before its last three characters.
func normalisePostcode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > 3 {
		s = s[:len(s)-3] + " " + s[len(s)-3:]
	}
	return s
}

// plausiblePostcode accepts the shapes of UK postcodes (A9 9AA to AA9A 9AA); whether it exists
// is the postcode file's to say.
func plausiblePostcode(s string) bool {
	out, in, ok := strings.Cut(s, " ")
	if !ok || len(in) != 3 || len(out) < 2 || len(out) > 4 {
		return false
	}
	if in[0] < '0' || in[0] > '9' || !letters(in[1:]) {
		return false
	}
	return out[0] >= 'A' && out[0] <= 'Z' && strings.ContainsAny(out, "0123456789")
}

func letters(s string) bool {
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func checkDetail(f map[string]string, field, s string) {
	if utf8.RuneCountInString(s) > 1000 {
		f[field] = "mentoring.err.too_long"
	}
}

func marshalReasons(rs []match.Reason) string {
	if len(rs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(rs)
	return string(b)
}

func unmarshalReasons(s string) []match.Reason {
	var rs []match.Reason
	_ = json.Unmarshal([]byte(s), &rs)
	return rs
}

func itoa(n int) string { return strconv.Itoa(n) }

func formatKm(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// dayText is a YYYY-MM-DD day written out in lang.
func dayText(lang, day string) string { return i18n.DayOf(lang, day) }
