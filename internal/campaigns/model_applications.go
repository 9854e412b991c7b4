package campaigns

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Question kinds of the application form.
var QuestionKinds = []string{"text", "long_text", "choice", "yes_no"}

// Question is one question of the application form, as data.
type Question struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	LabelEN  string   `json:"label_en"`
	LabelCY  string   `json:"label_cy"`
	HintEN   string   `json:"hint_en,omitempty"`
	HintCY   string   `json:"hint_cy,omitempty"`
	Choices  []Choice `json:"choices,omitempty"`
	Required bool     `json:"required"`
}

// Choice is one answer a choice question offers.
type Choice struct {
	ID string `json:"id"`
	EN string `json:"en"`
	CY string `json:"cy"`
}

// Label is the question in lang (English when it has no Welsh).
func (q Question) Label(lang string) string { return pick(lang, q.LabelEN, q.LabelCY) }

// Hint is the question's hint in lang.
func (q Question) Hint(lang string) string { return pick(lang, q.HintEN, q.HintCY) }

// Name is the choice in lang.
func (c Choice) Name(lang string) string { return pick(lang, c.EN, c.CY) }

func pick(lang, en, cy string) string {
	if lang == "cy" && cy != "" {
		return cy
	}
	return en
}

// Answer is an answer as the reader sees it: the choice's name, yes or no, or the text.
func (q Question) Answer(lang, value string, yes, no string) string {
	switch q.Kind {
	case "choice":
		for _, c := range q.Choices {
			if c.ID == value {
				return c.Name(lang)
			}
		}
	case "yes_no":
		switch value {
		case "yes":
			return yes
		case "no":
			return no
		}
	}
	return value
}

// Form is one version of the application form.
type Form struct {
	ID          string     `json:"id"`
	Version     int        `json:"version"`
	IntroEN     string     `json:"intro_en"`
	IntroCY     string     `json:"intro_cy"`
	Questions   []Question `json:"questions"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at"`
}

// Intro is the form's introduction in lang.
func (f Form) Intro(lang string) string { return pick(lang, f.IntroEN, f.IntroCY) }

// check validates answers against the form's questions: required ones given, choices among
// those offered, yes or no, texts of sensible length. Field names are q_<id>.
func (f Form) check(answers map[string]string, fields map[string]string) {
	for _, q := range f.Questions {
		v := strings.TrimSpace(answers[q.ID])
		answers[q.ID] = v
		switch {
		case v == "":
			if q.Required {
				fields["q_"+q.ID] = "campaigns.err.answer_required"
			}
		case q.Kind == "choice" && !slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.ID == v }):
			fields["q_"+q.ID] = "campaigns.err.answer_choice"
		case q.Kind == "yes_no" && v != "yes" && v != "no":
			fields["q_"+q.ID] = "campaigns.err.answer_choice"
		case q.Kind == "text" && utf8.RuneCountInString(v) > 300, utf8.RuneCountInString(v) > 5000:
			fields["q_"+q.ID] = "campaigns.err.too_long"
		}
	}
	for k := range answers { // nothing beyond the form's questions is kept
		if !slices.ContainsFunc(f.Questions, func(q Question) bool { return q.ID == k }) {
			delete(answers, k)
		}
	}
}

func marshalQuestions(qs []Question) string {
	if qs == nil {
		qs = []Question{}
	}
	b, _ := json.Marshal(qs)
	return string(b)
}

// Application is a community group's application for place-based social action.
type Application struct {
	ID               string            `json:"id"`
	FormID           string            `json:"form_id"`
	FormVersion      int               `json:"form_version"`
	GroupName        string            `json:"group_name"`
	OrganisationID   string            `json:"organisation_id,omitempty"`
	ContactID        string            `json:"-"`
	ContactName      string            `json:"-"`
	ContactEmail     string            `json:"-"`
	AreaID           string            `json:"area_id,omitempty"`
	Area             string            `json:"area,omitempty"`
	Place            string            `json:"place"`
	WantsDevelopment bool              `json:"wants_development_support"`
	Answers          map[string]string `json:"answers"`
	Status           string            `json:"status"`
	Development      bool              `json:"development_support"`
	DecisionNote     string            `json:"decision_note,omitempty"`
	DecidedAt        *time.Time        `json:"decided_at"`
	Assisted         bool              `json:"assisted"`
	CreatedAt        time.Time         `json:"created_at"`
	UpdatedAt        time.Time         `json:"updated_at"`
	Form             Form              `json:"-"`
	Messages         []AppMessage      `json:"-"`
	Links            []Link            `json:"links"`
}

// AppMessage is a question from a coordinator or an answer from the group.
type AppMessage struct {
	Side      string // coordinator or group
	Body      string
	CreatedAt time.Time
}

// Link is something an application produced: a place on the asset map, an area or a campaign.
type Link struct {
	Kind  string `json:"kind"`
	RefID string `json:"id"`
	Label string `json:"label"`
	URL   string `json:"url,omitempty"`
}

// ApplyInput is what the application form sends.
type ApplyInput struct {
	GroupName, OrganisationID, AreaID, Place string
	WantsDevelopment                         bool
	Answers                                  map[string]string
	// ContactEmail is the group's contact when a coordinator applies on its behalf.
	ContactEmail string
}
