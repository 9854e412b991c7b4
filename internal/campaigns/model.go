package campaigns

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
)

// Stages of a campaign.
var Stages = []string{"starting", "building", "acting", "won", "ended"}

// ActionKinds are the kinds of action a campaign takes.
var ActionKinds = []string{"meeting", "petition", "letter", "event", "deputation", "other"}

// Channels say how a supporter or a signature came: online by the person, or added by a team
// member on their behalf (on paper, by phone, in person).
var Channels = []string{"online", "paper", "phone", "in_person"}

// Campaign is a campaign.
type Campaign struct {
	ID               string       `json:"id"`
	Title            string       `json:"title"`
	Aim              string       `json:"aim"`
	Issue            string       `json:"issue"`
	AreaID           string       `json:"area_id,omitempty"`
	Area             string       `json:"area,omitempty"`
	OrganisationID   string       `json:"organisation_id,omitempty"`
	Organisation     string       `json:"organisation,omitempty"`
	Stage            string       `json:"stage"`
	Published        bool         `json:"published"`
	Supporters       int          `json:"supporters"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
	Team             []TeamMember `json:"-"`
	PostcodeDistrict []string     `json:"postcode_districts,omitempty"`
}

// TeamMember is one of a campaign's team.
type TeamMember struct {
	AccountID string
	Name      string
	Email     string
	Role      string // lead or member
	ShowName  bool   // agreed to be named on the public page
	AddedAt   time.Time
}

// Supporter is someone who supports a campaign.
type Supporter struct {
	ID         string
	CampaignID string
	Name       string
	Email      string
	Postcode   string
	District   string
	ContactOK  bool
	AccountID  string
	Lang       string
	Confirmed  *time.Time
	Channel    string
	Assisted   bool // added by a team member on their behalf
	CreatedAt  time.Time
}

// Petition is a petition of a campaign.
type Petition struct {
	ID             string    `json:"id"`
	CampaignID     string    `json:"campaign_id"`
	Title          string    `json:"title"`
	Ask            string    `json:"ask"`
	Target         string    `json:"target"`
	ClosesOn       string    `json:"closes_on,omitempty"`
	Status         string    `json:"status"`
	Signatures     int       `json:"signatures"`
	DeliveredOn    string    `json:"delivered_on,omitempty"`
	DeliveredTo    string    `json:"delivered_to,omitempty"`
	DeliveredCount int       `json:"delivered_count,omitempty"`
	Answer         string    `json:"answer,omitempty"`
	AnsweredOn     string    `json:"answered_on,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Open reports whether the petition takes signatures on day (YYYY-MM-DD).
func (p Petition) Open(day string) bool {
	return p.Status == "open" && (p.ClosesOn == "" || day <= p.ClosesOn)
}

// Signature is one signature of a petition.
type Signature struct {
	ID         string
	PetitionID string
	Name       string
	Email      string
	Postcode   string
	District   string
	AccountID  string
	Lang       string
	Confirmed  *time.Time
	Channel    string
	Assisted   bool
	CreatedAt  time.Time
}

// Action is something a campaign did or will do.
type Action struct {
	ID         string    `json:"id"`
	CampaignID string    `json:"campaign_id"`
	Kind       string    `json:"kind"`
	Title      string    `json:"title"`
	HappensOn  string    `json:"happens_on"`
	EventID    string    `json:"event_id,omitempty"`
	EventTitle string    `json:"event_title,omitempty"`
	EventURL   string    `json:"event_url,omitempty"`
	PetitionID string    `json:"petition_id,omitempty"`
	Target     string    `json:"target,omitempty"`
	Turnout    *int      `json:"turnout"`
	Outcome    string    `json:"outcome,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Conversation is a one-to-one conversation a team member logged.
type Conversation struct {
	ID         string
	CampaignID string
	PersonName string
	Contact    string
	HeldOn     string
	CaresAbout string
	NextStep   string
	LoggedBy   string
	LoggedName string
	CreatedAt  time.Time
}

// Erasure is a request from a person to have their record erased.
type Erasure struct {
	ID         string
	CampaignID string
	Name       string
	Email      string
	CreatedAt  time.Time
	Confirmed  *time.Time
	Erased     int
}

// CampaignInput is what the campaign form sends.
type CampaignInput struct{ Title, Aim, Issue, AreaID, OrganisationID, Stage string }

// Validate checks a campaign.
func (in *CampaignInput) Validate() error {
	in.Title, in.Aim, in.Issue = strings.TrimSpace(in.Title), strings.TrimSpace(in.Aim), strings.TrimSpace(in.Issue)
	f := map[string]string{}
	text(f, "title", in.Title, 200, "campaigns.err.title")
	text(f, "aim", in.Aim, 2000, "campaigns.err.aim")
	text(f, "issue", in.Issue, 5000, "campaigns.err.issue")
	if in.Stage == "" {
		in.Stage = "starting"
	}
	if !slices.Contains(Stages, in.Stage) {
		f["stage"] = "campaigns.err.stage"
	}
	return fieldErrors(f)
}

// text checks a required text of at most max characters.
func text(f map[string]string, field, s string, max int, key string) {
	if s == "" {
		f[field] = key
	} else if utf8.RuneCountInString(s) > max {
		f[field] = "campaigns.err.too_long"
	}
}

// optional checks an optional text of at most max characters.
func optional(f map[string]string, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		f[field] = "campaigns.err.too_long"
	}
}

func fieldErrors(f map[string]string) error {
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// PersonInput is a supporter's or a signer's details.
type PersonInput struct {
	Name, Email, Postcode string
	ContactOK             bool
	Channel               string // for a team member adding someone: paper, phone, in_person
	Lang                  string // the language mail to them is written in (a team member's choice)
}

// Validate checks a person's details; the email may be empty only when a team member adds
// someone on their behalf.
func (in *PersonInput) Validate(emailRequired bool) error {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = identity.NormaliseEmail(in.Email)
	in.Postcode = NormalisePostcode(in.Postcode)
	f := map[string]string{}
	text(f, "name", in.Name, 200, "campaigns.err.name")
	switch {
	case in.Email == "" && emailRequired:
		f["email"] = "campaigns.err.email"
	case in.Email != "" && !identity.ValidEmail(in.Email):
		f["email"] = "campaigns.err.email_format"
	}
	if !ValidPostcode(in.Postcode) {
		f["postcode"] = "campaigns.err.postcode"
	}
	if in.Channel == "" {
		in.Channel = "online"
	}
	if !slices.Contains(Channels, in.Channel) {
		f["channel"] = "campaigns.err.channel"
	}
	return fieldErrors(f)
}

// PetitionInput is what the petition form sends.
type PetitionInput struct{ Title, Ask, Target, ClosesOn string }

// Validate checks a petition.
func (in *PetitionInput) Validate(today string) error {
	in.Title, in.Ask, in.Target, in.ClosesOn = strings.TrimSpace(in.Title), strings.TrimSpace(in.Ask), strings.TrimSpace(in.Target), strings.TrimSpace(in.ClosesOn)
	f := map[string]string{}
	text(f, "petition_title", in.Title, 200, "campaigns.err.petition_title")
	text(f, "petition_ask", in.Ask, 5000, "campaigns.err.petition_ask")
	text(f, "petition_target", in.Target, 200, "campaigns.err.petition_target")
	if in.ClosesOn != "" {
		if _, ok := i18n.CalendarDay(in.ClosesOn); !ok || in.ClosesOn < today {
			f["petition_closes_on"] = "campaigns.err.closes_on"
		}
	}
	return fieldErrors(f)
}

// ActionInput is what the action form sends.
type ActionInput struct{ Kind, Title, HappensOn, Event, PetitionID, Target, Turnout, Outcome string }

// Validate checks an action and returns its turnout.
func (in *ActionInput) Validate() (*int, error) {
	in.Title, in.Target, in.Outcome, in.Event = strings.TrimSpace(in.Title), strings.TrimSpace(in.Target), strings.TrimSpace(in.Outcome), strings.TrimSpace(in.Event)
	f := map[string]string{}
	if !slices.Contains(ActionKinds, in.Kind) {
		f["action_kind"] = "campaigns.err.action_kind"
	}
	text(f, "action_title", in.Title, 200, "campaigns.err.action_title")
	in.HappensOn = strings.TrimSpace(in.HappensOn)
	if _, ok := i18n.CalendarDay(in.HappensOn); !ok && !(in.Kind == "event" && in.HappensOn == "") {
		f["action_on"] = "campaigns.err.day"
	}
	optional(f, "action_target", in.Target, 200)
	optional(f, "action_outcome", in.Outcome, 2000)
	var turnout *int
	if s := strings.TrimSpace(in.Turnout); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 1000000 {
			f["action_turnout"] = "campaigns.err.turnout"
		} else {
			turnout = &n
		}
	}
	if in.Kind == "event" && in.Event == "" {
		f["action_event"] = "campaigns.err.event"
	}
	return turnout, fieldErrors(f)
}

// ConversationInput is what the one-to-one form sends.
type ConversationInput struct{ PersonName, Contact, HeldOn, CaresAbout, NextStep string }

// Validate checks a one-to-one conversation.
func (in *ConversationInput) Validate(today string) error {
	in.PersonName, in.Contact, in.HeldOn = strings.TrimSpace(in.PersonName), strings.TrimSpace(in.Contact), strings.TrimSpace(in.HeldOn)
	in.CaresAbout, in.NextStep = strings.TrimSpace(in.CaresAbout), strings.TrimSpace(in.NextStep)
	f := map[string]string{}
	text(f, "person_name", in.PersonName, 200, "campaigns.err.person_name")
	optional(f, "contact", in.Contact, 200)
	if _, ok := i18n.CalendarDay(in.HeldOn); !ok {
		f["held_on"] = "campaigns.err.day"
	} else if in.HeldOn > today {
		f["held_on"] = "campaigns.err.day_future"
	}
	text(f, "cares_about", in.CaresAbout, 2000, "campaigns.err.cares_about")
	optional(f, "next_step", in.NextStep, 2000)
	return fieldErrors(f)
}

// today is the day in London.
func today(t time.Time) string { return t.In(i18n.London).Format(time.DateOnly) }
