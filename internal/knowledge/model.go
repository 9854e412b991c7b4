package knowledge

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/knowledge/finder"
	"commons/internal/platform/errs"
	"commons/internal/platform/markdown"
)

// The states of a method's version.
const (
	Draft      = "draft"
	Submitted  = "submitted"
	Published  = "published"
	Superseded = "superseded"
	Returned   = "returned"
)

// Settings a method can run in.
var Settings = []string{"in_person", "online", "blended"}

// Text is one piece of text in English and Welsh; either may be empty.
type Text struct{ En, Cy string }

// In is the text in lang, or the other language's when lang's is empty.
func (t Text) In(lang string) string {
	if lang == "cy" && t.Cy != "" || t.En == "" {
		return t.Cy
	}
	return t.En
}

// Empty reports whether neither language has text.
func (t Text) Empty() bool { return t.En == "" && t.Cy == "" }

// longTitle is whether the title is longer than MaxTitle characters in either language.
func (t Text) longTitle() bool {
	return utf8.RuneCountInString(t.En) > MaxTitle || utf8.RuneCountInString(t.Cy) > MaxTitle
}

// longSource is whether the text is longer than Markdown may be in either language.
func (t Text) longSource() bool {
	return len(t.En) > markdown.MaxSource || len(t.Cy) > markdown.MaxSource
}

// checkTitle puts the error of a missing or too long title on its field.
func checkTitle(bad map[string]string, field string, t Text) {
	if t.Empty() {
		bad[field] = "knowledge.err.title_missing"
	} else if t.longTitle() {
		bad[field] = "knowledge.err.title_long"
	}
}

// Method is a method of the library with the version being shown.
type Method struct {
	ID                 string
	Slug               string
	PublishedVersionID string
	PublishedAt        *time.Time
	UpdatedAt          time.Time
	V                  MethodVersion
}

// MethodVersion is one version of a method: the whole method as it stood.
type MethodVersion struct {
	ID, MethodID     string
	Number           int
	Status           string
	IAP2             string
	Duration, Cost   string
	PeopleMin        int
	PeopleMax        int
	Setting          string
	Purposes         []string
	Templates        []string
	Title, Summary   Text
	When, WhenNot    Text
	Needs, Steps     Text
	Resources        Text
	Accessibility    Text
	ChangeNote       string
	AuthorID, Author string
	ReviewerID       string
	Reviewer         string
	ReviewNote       string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	SubmittedAt      *time.Time
	ReviewedAt       *time.Time
}

// Finder is the version as the method finder sees it.
func (v MethodVersion) Finder(id string) finder.Method {
	return finder.Method{ID: id, Depth: v.IAP2, Duration: v.Duration, Cost: v.Cost, PeopleMin: v.PeopleMin, PeopleMax: v.PeopleMax, Purposes: v.Purposes}
}

// MethodInput is the method form.
type MethodInput struct {
	IAP2, Duration, Cost, Setting string
	PeopleMin, PeopleMax          string
	Purposes, Templates           []string
	Title, Summary, When, WhenNot Text
	Needs, Steps, Resources       Text
	Accessibility                 Text
	ChangeNote                    string
}

// MaxTitle is the longest title, in characters.
const MaxTitle = 150

// version checks the input and returns it as a version's fields; known lists the template keys
// that may be chosen.
func (in MethodInput) version(known []string) (MethodVersion, error) {
	bad := map[string]string{}
	v := MethodVersion{IAP2: in.IAP2, Duration: in.Duration, Cost: in.Cost, Setting: in.Setting,
		Title: trimText(in.Title), Summary: trimText(in.Summary), When: trimText(in.When), WhenNot: trimText(in.WhenNot),
		Needs: trimText(in.Needs), Steps: trimText(in.Steps), Resources: trimText(in.Resources), Accessibility: trimText(in.Accessibility),
		ChangeNote: strings.TrimSpace(in.ChangeNote)}
	checkTitle(bad, "title_en", v.Title)
	if v.Summary.Empty() {
		bad["summary_en"] = "knowledge.err.summary_missing"
	}
	if v.Steps.Empty() {
		bad["steps_en"] = "knowledge.err.steps_missing"
	}
	for name, t := range map[string]Text{"summary_en": v.Summary, "when_en": v.When, "when_not_en": v.WhenNot, "needs_en": v.Needs,
		"steps_en": v.Steps, "resources_en": v.Resources, "accessibility_en": v.Accessibility} {
		if t.longSource() {
			bad[name] = markdown.TooLongKey
		}
	}
	if !slices.Contains(finder.Depths, v.IAP2) {
		bad["iap2"] = "knowledge.err.iap2"
	}
	if !slices.Contains(finder.Durations, v.Duration) {
		bad["duration"] = "knowledge.err.duration"
	}
	if !slices.Contains(finder.Costs, v.Cost) {
		bad["cost"] = "knowledge.err.cost"
	}
	if !slices.Contains(Settings, v.Setting) {
		bad["setting"] = "knowledge.err.setting"
	}
	var err error
	if v.PeopleMin, err = strconv.Atoi(strings.TrimSpace(in.PeopleMin)); err != nil || v.PeopleMin < 1 || v.PeopleMin > 1_000_000 {
		bad["people_min"] = "knowledge.err.people"
	}
	if v.PeopleMax, err = strconv.Atoi(strings.TrimSpace(in.PeopleMax)); err != nil || v.PeopleMax < v.PeopleMin || v.PeopleMax > 10_000_000 {
		bad["people_max"] = "knowledge.err.people_max"
	}
	for _, p := range in.Purposes {
		if !slices.Contains(finder.Purposes, p) {
			bad["purposes"] = "knowledge.err.purpose"
		} else if !slices.Contains(v.Purposes, p) {
			v.Purposes = append(v.Purposes, p)
		}
	}
	for _, k := range in.Templates {
		if !slices.Contains(known, k) {
			bad["templates"] = "knowledge.err.template"
		} else if !slices.Contains(v.Templates, k) {
			v.Templates = append(v.Templates, k)
		}
	}
	if len(v.ChangeNote) > 500 {
		bad["change_note"] = "knowledge.err.note_long"
	}
	if len(bad) > 0 {
		return v, errs.FieldErrors(bad)
	}
	return v, nil
}

func trimText(t Text) Text { return Text{strings.TrimSpace(t.En), strings.TrimSpace(t.Cy)} }

// Slug makes a URL-safe name from a title: lower-case letters and digits joined by hyphens.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case strings.ContainsRune("âêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ", r):
			b.WriteString(fold(r))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "method"
	}
	return s
}

func fold(r rune) string {
	const from, to = "âêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ", "aeiouwyaeiouwyaeiouwyaeiouwy"
	i := 0
	for _, f := range from {
		if f == r {
			return string(to[i])
		}
		i++
	}
	return ""
}
