package coproduction

import (
	"commons/internal/platform/actor"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
)

// Project is a co-production project.
type Project struct {
	ID string `json:"id"`
	// Title, Problem, Affected, ServiceArea and CaseStudy may be written in English and Welsh.
	Title            Text       `json:"-"`
	Problem          Text       `json:"-"`
	Affected         Text       `json:"-"`
	ServiceArea      Text       `json:"-"`
	LeadID           string     `json:"-"`
	LeadName         string     `json:"lead,omitempty"` // only where the reader may see it
	LeadNamed        bool       `json:"-"`
	OrganisationID   string     `json:"organisation_id,omitempty"`
	OrganisationName string     `json:"organisation,omitempty"`
	Stage            string     `json:"stage"`
	Level            string     `json:"level"`
	Suitability      *int       `json:"suitability_percent"`
	Decision         string     `json:"decision"`
	DecisionReasons  string     `json:"decision_reasons"`
	DecidedAt        *time.Time `json:"decided_at"`
	Published        bool       `json:"published"`
	CaseStudy        Text       `json:"-"`
	// CaseStudyState is none, draft (seen by those who manage the project) or published.
	CaseStudyState string `json:"case_study_state"`
	CaseStudyByID  string `json:"-"`
	// CaseStudyBy is the case study's writer, credited only where they agreed.
	CaseStudyBy    string `json:"-"`
	CaseStudyNamed bool   `json:"-"`
	BudgetPlanned  int64  `json:"budget_planned_pence"`
	BudgetSpent    int64  `json:"budget_spent_pence"`
	// Hours are kept in minutes, so part hours are exact; the API gives them as hours.
	StaffPlanned     int       `json:"-"`
	StaffSpent       int       `json:"-"`
	VolunteerPlanned int       `json:"-"`
	VolunteerSpent   int       `json:"-"`
	Recognition      []string  `json:"recognition"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	// Progress is the mean progress of the project's outcomes towards their targets (percent),
	// nil when nothing has been measured; filled for lists.
	Progress *int `json:"outcome_progress_percent"`
}

// Hours are the project's hours in the API: whole or part hours.
type Hours struct {
	StaffPlanned     float64 `json:"staff_hours_planned"`
	StaffSpent       float64 `json:"staff_hours_spent"`
	VolunteerPlanned float64 `json:"volunteer_hours_planned"`
	VolunteerSpent   float64 `json:"volunteer_hours_spent"`
}

// HoursOf gives a project's minutes as hours.
func HoursOf(p Project) Hours {
	h := func(m int) float64 { v, _ := progress.ParseNumber(progress.FormatHours(m)); return v }
	return Hours{h(p.StaffPlanned), h(p.StaffSpent), h(p.VolunteerPlanned), h(p.VolunteerSpent)}
}

// Participant is someone taking part: a resident with lived experience, staff or a partner.
type Participant struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Named: the person agreed to their name being shown on public pages.
	Named            bool      `json:"-"`
	AccountID        string    `json:"-"`
	OrganisationID   string    `json:"organisation_id,omitempty"`
	OrganisationName string    `json:"organisation,omitempty"`
	AddedAt          time.Time `json:"added_at"`
}

// ParticipantKinds are who takes part.
var ParticipantKinds = []string{"resident", "staff", "partner"}

// Criterion is one question of the suitability check, edited by the council in either or both
// languages.
type Criterion struct {
	ID          string
	Name        Text
	Description Text
	Weight      int
	Position    int
	Active      bool
}

// Score is one criterion's score in a project's suitability check.
type Score struct {
	CriterionID string
	Name        Text
	Description Text
	Weight      int
	Score       int
	Note        string
	Scored      bool
}

// StageEntry is one move of a project into a stage.
type StageEntry struct {
	Stage     string    `json:"stage"`
	Level     string    `json:"level"`
	Note      string    `json:"note"`
	By        string    `json:"-"`
	EnteredAt time.Time `json:"entered_at"`
}

// Outcome is what a project aims to change, with the indicator that shows it.
type Outcome struct {
	ID           string        `json:"id"`
	ProjectID    string        `json:"project_id"`
	Name         string        `json:"name"`
	Indicator    string        `json:"indicator"`
	Unit         string        `json:"unit"`
	Baseline     float64       `json:"baseline"`
	Target       float64       `json:"target"`
	Direction    string        `json:"direction"`
	Measurements []Measurement `json:"measurements"`
}

// Latest is the most recent measurement, or nil.
func (o Outcome) Latest() *Measurement {
	if len(o.Measurements) == 0 {
		return nil
	}
	return &o.Measurements[len(o.Measurements)-1]
}

// ProgressPercent is how far the latest measurement has moved from baseline to target.
func (o Outcome) ProgressPercent() (int, bool) {
	m := o.Latest()
	if m == nil {
		return 0, false
	}
	return progress.Percent(progress.Progress(o.Baseline, o.Target, m.Value, o.Direction)), true
}

// Measurement is one value of an outcome's indicator on a date.
type Measurement struct {
	ID         string    `json:"id"`
	OutcomeID  string    `json:"outcome_id"`
	MeasuredOn string    `json:"measured_on"`
	Value      float64   `json:"value"`
	Note       string    `json:"note"`
	CreatedAt  time.Time `json:"created_at"`
}

// Reflection is one entry of a project's learning log.
type Reflection struct {
	ID           string    `json:"id"`
	ProjectID    string    `json:"project_id"`
	ProjectTitle Text      `json:"-"`
	AuthorID     string    `json:"-"`
	AuthorName   string    `json:"author"`
	Named        bool      `json:"-"`
	Perspective  string    `json:"perspective"`
	Worked       string    `json:"what_worked"`
	DidNot       string    `json:"what_did_not"`
	Change       string    `json:"what_we_would_change"`
	CreatedAt    time.Time `json:"created_at"`
}

// Perspectives say who wrote a reflection.
var Perspectives = []string{"staff", "resident", "together"}

// Board is a standing body: a stakeholder board, partnership or steering group.
type Board struct {
	ID      string `json:"id"`
	Name    Text   `json:"-"`
	Kind    string `json:"kind"`
	Purpose Text   `json:"-"`
	ChairID string `json:"-"`
	// ChairName is the chair's name where the reader may see it ("" otherwise: the page then
	// says "the chair").
	ChairName string    `json:"chair"`
	Members   int       `json:"members"`
	CreatedAt time.Time `json:"created_at"`
}

// BoardKinds are the kinds of standing body.
var BoardKinds = []string{"stakeholder", "partnership", "steering"}

// BoardMember is a seat on a board, held by a person with an account, a person without one
// (named by an officer, with how to reach them), an organisation, or a person for one.
type BoardMember struct {
	ID               string `json:"id"`
	BoardID          string `json:"board_id"`
	BoardName        Text   `json:"-"`
	AccountID        string `json:"account_id,omitempty"`
	AccountName      string `json:"-"`
	PersonName       string `json:"-"`
	OrganisationID   string `json:"organisation_id,omitempty"`
	OrganisationName string `json:"organisation,omitempty"`
	Sector           string `json:"sector,omitempty"`
	Role             Text   `json:"-"`
	// Named: the person agreed to their name being shown on public pages.
	Named bool `json:"-"`
	// Contact details of a person without an account; only the chair and officers see them.
	ContactEmail string    `json:"-"`
	ContactPhone string    `json:"-"`
	ContactNote  string    `json:"-"`
	Language     string    `json:"-"`
	ConsentNote  string    `json:"-"`
	JoinedAt     time.Time `json:"joined_at"`
	// Hidden is set when the reader may not see the person's name.
	Hidden bool `json:"-"`
}

// Name is the seat holder's name as the reader may see it: the person's (when they may), else "".
func (m BoardMember) Name() string {
	if m.Hidden {
		return ""
	}
	if m.AccountName != "" {
		return m.AccountName
	}
	return m.PersonName
}

// Person reports whether a person (with or without an account) holds the seat.
func (m BoardMember) Person() bool { return m.AccountID != "" || m.PersonName != "" }

// Meeting is one meeting of a board.
type Meeting struct {
	ID      string     `json:"id"`
	BoardID string     `json:"board_id"`
	HeldOn  string     `json:"held_on"`
	Starts  *time.Time `json:"starts_at"`
	Ends    *time.Time `json:"ends_at"`
	Place   string     `json:"place"`
	Online  string     `json:"online_url"`
	Agenda  string     `json:"agenda"`
	Minutes string     `json:"minutes"`
	// MinutesState is none, draft or approved; approved minutes were agreed at a later meeting.
	MinutesState      string     `json:"minutes_state"`
	MinutesApprovedAt *time.Time `json:"minutes_approved_at"`
	MinutesApprovedIn string     `json:"minutes_approved_in,omitempty"`
	NoticeSentAt      *time.Time `json:"notice_sent_at"`
	NoticeCount       int        `json:"-"`
	NoticeSequence    int        `json:"-"`
	Decisions         []Decision `json:"decisions"`
	Papers            []Paper    `json:"papers"`
	// Attendance is what is recorded of each seat: who came, in the room or online, and apologies.
	Attendance []Attendance `json:"attendance"`
	CreatedAt  time.Time    `json:"created_at"`
}

// When is the meeting's start in London, or its day at midnight when it has no time.
func (m Meeting) When() time.Time {
	if m.Starts != nil {
		return *m.Starts
	}
	t, _ := time.ParseInLocation(time.DateOnly, m.HeldOn, london)
	return t
}

// Paper is a document for a meeting: an uploaded file.
type Paper struct {
	ID          string    `json:"id"`
	MeetingID   string    `json:"meeting_id"`
	Title       string    `json:"title"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// Decision is one decision recorded at a meeting.
type Decision struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"meeting_id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// Action is something a board asked someone to do by a date.
type Action struct {
	ID        string `json:"id"`
	BoardID   string `json:"board_id"`
	BoardName Text   `json:"-"`
	MeetingID string `json:"meeting_id,omitempty"`
	Text      string `json:"text"`
	OwnerID   string `json:"-"`
	// OwnerMemberID is the seat that owns the action, when it is a seat.
	OwnerMemberID string `json:"owner_seat_id,omitempty"`
	// OwnerName is the owner's name where the reader may see it; OwnerRole the seat's role.
	OwnerName string     `json:"owner"`
	OwnerRole Text       `json:"-"`
	DueOn     string     `json:"due_on"`
	DoneAt    *time.Time `json:"done_at"`
	// DoneByName and DoneHow say who recorded it done for the owner, and how the owner told them
	// (phone, in_person, letter, email, meeting); empty when the owner marked it themselves.
	DoneByName string    `json:"-"`
	DoneHow    string    `json:"done_how,omitempty"`
	DoneNote   string    `json:"done_note,omitempty"`
	Overdue    bool      `json:"overdue"`
	CreatedAt  time.Time `json:"created_at"`
}

// Ways in which a member tells an officer something, recorded when the officer acts for them.
var DoneHows = []string{"phone", "in_person", "letter", "email", "meeting"}

// Engagement is an engagement activity planned or evaluated against the National Standards.
type Engagement struct {
	ID           string
	Title        string
	ProjectID    string
	ProjectTitle string
	Phase        string
	HeldOn       string
	OwnerName    string
	CreatedAt    time.Time
	Scores       map[string]StandardScore
}

// StandardScore is one standard's score with its evidence.
type StandardScore struct {
	Standard string
	Score    int
	Evidence string
}

// Average is the mean score over the scored standards.
func (e Engagement) Average() (float64, int) {
	m := map[string]int{}
	for k, v := range e.Scores {
		m[k] = v.Score
	}
	return progress.StandardsAverage(m)
}

// Phases of an engagement self-assessment.
var Phases = []string{"planned", "evaluated"}

func isOfficer(u *actor.Actor) bool { return u.Has(identity.RoleOfficer, identity.RoleAdmin) }

// text trims s and records an error on field when it is missing (if required) or too long.
func text(f map[string]string, field, s string, required bool, maxRunes int, prefix string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		f[field] = prefix + "_missing"
	case utf8.RuneCountInString(s) > maxRunes:
		f[field] = prefix + "_long"
	}
	return s
}
