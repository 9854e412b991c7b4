package coproduction

import (
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
	"commons/internal/platform/web"
)

// Project is a co-production project.
type Project struct {
	ID                    string     `json:"id"`
	Title                 string     `json:"title"`
	Problem               string     `json:"problem"`
	Affected              string     `json:"affected"`
	ServiceArea           string     `json:"service_area"`
	LeadID                string     `json:"-"`
	LeadName              string     `json:"lead"`
	OrganisationID        string     `json:"organisation_id,omitempty"`
	OrganisationName      string     `json:"organisation,omitempty"`
	Stage                 string     `json:"stage"`
	Level                 string     `json:"level"`
	Suitability           *int       `json:"suitability_percent"`
	Decision              string     `json:"decision"`
	DecisionReasons       string     `json:"decision_reasons"`
	DecidedAt             *time.Time `json:"decided_at"`
	Published             bool       `json:"published"`
	CaseStudy             string     `json:"case_study,omitempty"`
	BudgetPlanned         int64      `json:"budget_planned_pence"`
	BudgetSpent           int64      `json:"budget_spent_pence"`
	StaffHoursPlanned     int        `json:"staff_hours_planned"`
	StaffHoursSpent       int        `json:"staff_hours_spent"`
	VolunteerHoursPlanned int        `json:"volunteer_hours_planned"`
	VolunteerHoursSpent   int        `json:"volunteer_hours_spent"`
	Recognition           []string   `json:"recognition"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
	// Progress is the mean progress of the project's outcomes towards their targets (percent),
	// nil when nothing has been measured; filled for lists.
	Progress *int `json:"outcome_progress_percent"`
}

// Participant is someone taking part: a resident with lived experience, staff or a partner.
type Participant struct {
	ID               string    `json:"id"`
	Kind             string    `json:"kind"`
	Name             string    `json:"name"`
	AccountID        string    `json:"-"`
	OrganisationID   string    `json:"organisation_id,omitempty"`
	OrganisationName string    `json:"organisation,omitempty"`
	AddedAt          time.Time `json:"added_at"`
}

// ParticipantKinds are who takes part.
var ParticipantKinds = []string{"resident", "staff", "partner"}

// Criterion is one question of the suitability check, edited by the council.
type Criterion struct {
	ID          string
	Name        string
	Description string
	Weight      int
	Position    int
	Active      bool
}

// Score is one criterion's score in a project's suitability check.
type Score struct {
	CriterionID string
	Name        string
	Description string
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
	ProjectTitle string    `json:"project_title"`
	AuthorID     string    `json:"-"`
	AuthorName   string    `json:"author"`
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
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Purpose   string    `json:"purpose"`
	ChairID   string    `json:"-"`
	ChairName string    `json:"chair"`
	Members   int       `json:"members"`
	CreatedAt time.Time `json:"created_at"`
}

// BoardKinds are the kinds of standing body.
var BoardKinds = []string{"stakeholder", "partnership", "steering"}

// BoardMember is a seat on a board, held by a person, an organisation, or a person for one.
type BoardMember struct {
	ID               string    `json:"id"`
	BoardID          string    `json:"board_id"`
	BoardName        string    `json:"board_name"`
	AccountID        string    `json:"account_id,omitempty"`
	AccountName      string    `json:"name,omitempty"`
	OrganisationID   string    `json:"organisation_id,omitempty"`
	OrganisationName string    `json:"organisation,omitempty"`
	Sector           string    `json:"sector,omitempty"`
	Role             string    `json:"role"`
	JoinedAt         time.Time `json:"joined_at"`
}

// Meeting is one meeting of a board.
type Meeting struct {
	ID        string     `json:"id"`
	BoardID   string     `json:"board_id"`
	HeldOn    string     `json:"held_on"`
	Agenda    string     `json:"agenda"`
	Minutes   string     `json:"minutes"`
	Decisions []Decision `json:"decisions"`
	CreatedAt time.Time  `json:"created_at"`
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
	ID        string     `json:"id"`
	BoardID   string     `json:"board_id"`
	MeetingID string     `json:"meeting_id,omitempty"`
	Text      string     `json:"text"`
	OwnerName string     `json:"owner"`
	DueOn     string     `json:"due_on"`
	DoneAt    *time.Time `json:"done_at"`
	CreatedAt time.Time  `json:"created_at"`
}

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

func isOfficer(u *web.User) bool { return u.Has(identity.RoleOfficer, identity.RoleAdmin) }

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
