package budgeting

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/budgeting/tally"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Phases of a process, in order.
var Phases = []string{"ideas", "review", "voting", "results", "delivery"}

// Voting formats.
const (
	FormatBudget     = "approval_budget" // approve projects whose costs fit in the budget
	FormatRange      = "approval_range"  // approve between MinChoices and MaxChoices projects
	FormatCumulative = "cumulative"      // share Points points among projects
)

// Formats lists the voting formats.
var Formats = []string{FormatBudget, FormatRange, FormatCumulative}

// Rules lists the counting rules: greedy, or the Method of Equal Shares completed by
// raising every voter's share one pound at a time (tally.MESAdd1).
var Rules = []string{"greedy", "mes"}

// Accesses lists how voters prove who they are.
var Accesses = []string{"account", "code", "either"}

// Process is one participatory budgeting round.
type Process struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	TitleCy         string `json:"title_cy"`
	Description     string `json:"description"`
	DescriptionHTML string `json:"description_html"`
	// DescriptionCy is the Welsh description (Markdown), DescriptionCyHTML its sanitised HTML.
	DescriptionCy     string       `json:"description_cy"`
	DescriptionCyHTML string       `json:"description_cy_html"`
	TotalPence        int64        `json:"total_pence"`
	AreaBudgets       []AreaBudget `json:"area_budgets"`
	Phase             string       `json:"phase"`
	IdeasFrom         string       `json:"ideas_from"`
	ReviewFrom        string       `json:"review_from"`
	VotingFrom        string       `json:"voting_from"`
	VotingUntil       string       `json:"voting_until"`
	ResultsFrom       string       `json:"results_from"`
	Format            string       `json:"format"`
	MinChoices        int          `json:"min_choices"`
	MaxChoices        int          `json:"max_choices"`
	Points            int          `json:"points"`
	Rule              string       `json:"rule"`
	MinAge            int          `json:"min_age"`
	VoterAccess       string       `json:"voter_access"`
	CountedAt         *time.Time   `json:"counted_at"`
	// CountState is the state of the process's current count: "checking" (counted, not yet
	// published), "published", or "" (not counted). PublishedAt is when results were last
	// published. ReopenedAt is set while an officer has reopened a counted process to correct it
	// (ReopenReason says why); the next count closes it again.
	CountState string `json:"count_state"`
	// Draft: only council officers see it until one publishes it.
	Draft        bool       `json:"-"`
	PublishedAt  *time.Time `json:"results_published_at"`
	ReopenedAt   *time.Time `json:"reopened_at,omitempty"`
	ReopenReason string     `json:"reopen_reason,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	createdBy    string
}

// TitleIn is the process's title in lang, or in the other language when it has none in lang.
func (p *Process) TitleIn(lang string) string {
	if lang == "cy" && p.TitleCy != "" {
		return p.TitleCy
	}
	if p.Title == "" {
		return p.TitleCy
	}
	return p.Title
}

// Frozen reports whether the process's count stands: once counted, its rule, budgets, projects
// and ballots may not change until an officer reopens it for a re-count.
func (p *Process) Frozen() bool { return p.CountState != "" && p.ReopenedAt == nil }

// Published reports whether the process's results are public.
func (p *Process) Published() bool { return p.PublishedAt != nil }

// AreaBudget is the part of the budget kept for one area (a district budget).
type AreaBudget struct {
	AreaID   string `json:"area_id"`
	AreaName string `json:"area_name"`
	Pence    int64  `json:"pence"`
}

// Districts reports whether the process has budgets per area.
func (p *Process) Districts() bool { return len(p.AreaBudgets) > 0 }

// BudgetFor is the budget a ballot in the area is checked against and counted with.
func (p *Process) BudgetFor(areaID string) int64 {
	for _, a := range p.AreaBudgets {
		if a.AreaID == areaID {
			return a.Pence
		}
	}
	return p.TotalPence
}

// PhaseIs reports whether the process is in the phase.
func (p *Process) PhaseIs(phase string) bool { return p.Phase == phase }

// Idea is a resident's proposal; once accepted at review it is a project on the ballot.
type Idea struct {
	ID            string     `json:"id"`
	ProcessID     string     `json:"process_id"`
	AuthorID      string     `json:"-"`
	Author        string     `json:"-"`
	Title         string     `json:"title"`
	Description   string     `json:"description"`
	AreaID        string     `json:"area_id,omitempty"`
	AreaName      string     `json:"area_name,omitempty"`
	Address       string     `json:"address,omitempty"`
	Lat           *float64   `json:"lat,omitempty"`
	Lng           *float64   `json:"lng,omitempty"`
	EstimatePence int64      `json:"estimate_pence"`
	Status        string     `json:"status"`
	Feasibility   string     `json:"feasibility,omitempty"`
	CostPence     int64      `json:"cost_pence"`
	ReviewReason  string     `json:"review_reason,omitempty"`
	ReviewedAt    *time.Time `json:"reviewed_at,omitempty"`
	HiddenReason  string     `json:"-"`
	HiddenAt      *time.Time `json:"-"`
	Supports      int        `json:"supports"`
	CreatedAt     time.Time  `json:"created_at"`
	// Outcome is what the published results did for it: "funded", "not_funded" or "".
	Outcome string `json:"outcome,omitempty"`
	// Lang is the language its author wrote in (en, cy; "" when not known).
	Lang string `json:"lang,omitempty"`
	// The council's title and summary of the project on the ballot, in English and Welsh.
	OfficialTitle   string     `json:"official_title,omitempty"`
	OfficialTitleCy string     `json:"official_title_cy,omitempty"`
	Summary         string     `json:"summary,omitempty"`
	SummaryCy       string     `json:"summary_cy,omitempty"`
	DeliveredAt     *time.Time `json:"delivered_at,omitempty"`
	// AssistedBy is the officer who submitted it for a resident, and AssistedHow how.
	AssistedBy  string `json:"-"`
	AssistedHow string `json:"assisted_how,omitempty"`
	// AuthorShown: its author agreed to be named with it on public pages.
	AuthorShown bool `json:"-"`
}

// Hidden reports whether a moderator hid the idea.
func (i *Idea) Hidden() bool { return i.HiddenAt != nil }

// Comment is a remark on an idea. Author is its author's name, which public pages show only when
// Shown (the author agreed); otherwise they show Role (resident or officer).
type Comment struct {
	ID        string    `json:"id"`
	Author    string    `json:"-"`
	Role      string    `json:"author_role"`
	Shown     bool      `json:"-"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	authorID  string
}

// Milestone is a step in delivering a funded project.
type Milestone struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	Percent   int       `json:"percent"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Update is a dated public note on a funded project's delivery.
type Update struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	BodyHTML  string    `json:"body_html"`
	CreatedAt time.Time `json:"created_at"`
}

// MilestoneStatuses lists a milestone's states.
var MilestoneStatuses = []string{"planned", "in_progress", "done"}

// ProjectResult is one project's line in the results.
type ProjectResult struct {
	IdeaID    string `json:"project_id"`
	Title     string `json:"title"`
	TitleCy   string `json:"title_cy,omitempty"`
	AreaID    string `json:"area_id,omitempty"`
	AreaName  string `json:"area_name,omitempty"`
	CostPence int64  `json:"cost_pence"`
	Votes     int64  `json:"votes"`
	Score     int64  `json:"score"`
	Funded    bool   `json:"funded"`
	Position  int    `json:"position"`
	// Reason is the English sentence kept at the count; Why is the same reason in parts, worded
	// in the reader's language at display time (nil for results counted before it was kept).
	Reason string     `json:"reason"`
	Why    *tally.Why `json:"why,omitempty"`
}

// Turnout is the number of ballots from one area through one channel.
type Turnout struct {
	AreaID   string `json:"area_id,omitempty"`
	AreaName string `json:"area_name"`
	Channel  string `json:"channel"`
	Ballots  int    `json:"ballots"`
}

// Results are one stored count of a process: what it was counted with, when and how, its
// publication, and its outcome per project, turnout by area and channel, and spend per area.
type Results struct {
	Process *Process `json:"-"`
	CountID string   `json:"count_id"`
	// Seq numbers a process's counts: 1 for the first, 2 for a re-count, and so on.
	Seq   int    `json:"count_number"`
	State string `json:"state"`
	// Rule is the tally rule the count used (greedy, mes-add1-greedy; mes-add1 for counts made
	// before the completed method), whatever the process's rule is now.
	Rule        string     `json:"rule"`
	Format      string     `json:"format"`
	CountedAt   time.Time  `json:"counted_at"`
	PublishedAt *time.Time `json:"published_at"`
	// ClosedEarly: the count closed voting before its published closing day.
	ClosedEarly bool `json:"closed_early"`
	// RecountReason is why an officer reopened the process before this count ("" for a first
	// count); Replaces is when the results it replaced were published.
	RecountReason string          `json:"recount_reason,omitempty"`
	Replaces      *time.Time      `json:"replaces_published_at,omitempty"`
	Projects      []ProjectResult `json:"projects"`
	Turnout       []Turnout       `json:"turnout"`
	Areas         []AreaResult    `json:"areas"`
	Ballots       int             `json:"ballots"`
	Spent         int64           `json:"spent_pence"`
	Budget        int64           `json:"budget_pence"`
}

// Draft reports whether the results wait for an officer to check and publish them.
func (r *Results) Draft() bool { return r.State == CountChecking }

// RuleKey is the message key suffix of the count's rule (mes-add1-greedy → mes_add1_greedy).
func (r *Results) RuleKey() string { return strings.ReplaceAll(r.Rule, "-", "_") }

// Money writes pence as pounds: 123456 is "£1,234.56", 500000 "£5,000".
func Money(pence int64) string {
	neg := pence < 0
	if neg {
		pence = -pence
	}
	s := strconv.FormatInt(pence/100, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := "£" + b.String()
	if p := pence % 100; p != 0 {
		out += fmt.Sprintf(".%02d", p)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// ParsePounds reads an amount of money typed by a person ("£1,250", "1250.50", "75") into
// pence. It refuses negative amounts, more than two decimals and amounts over £1bn.
func ParsePounds(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "£"))
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, false
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 10 || (hasFrac && (len(frac) == 0 || len(frac) > 2)) {
		return 0, false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	var f int64
	if hasFrac {
		if len(frac) == 1 {
			frac += "0"
		}
		f, _ = strconv.ParseInt(frac, 10, 64)
	}
	pence := w*100 + f
	if pence > 100_000_000_000 {
		return 0, false
	}
	return pence, true
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// ProcessInput is what the process form sends.
type ProcessInput struct {
	Title, Description, Total, Phase                            string
	TitleCy, DescriptionCy                                      string
	IdeasFrom, ReviewFrom, VotingFrom, VotingUntil, ResultsFrom string
	Format, MinChoices, MaxChoices, Points, Rule, MinAge        string
	VoterAccess                                                 string
	AreaBudgets                                                 map[string]string // area id → pounds typed
}

// processValues are a ProcessInput's checked values.
type processValues struct {
	total                  int64
	minChoices, maxChoices int
	points, minAge         int
	areaBudgets            map[string]int64
}

func smallInt(s string, min, max int) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n >= min && n <= max
}

// Validate checks the input.
func (in *ProcessInput) Validate() (processValues, error) {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.TitleCy = strings.TrimSpace(in.TitleCy)
	in.DescriptionCy = strings.TrimSpace(in.DescriptionCy)
	var v processValues
	f := map[string]string{}
	switch {
	case in.Title == "":
		f["title"] = "budgeting.err.title_missing"
	case utf8.RuneCountInString(in.Title) > 200:
		f["title"] = "budgeting.err.title_long"
	}
	if utf8.RuneCountInString(in.Description) > 20000 {
		f["description"] = "budgeting.err.description_long"
	}
	if utf8.RuneCountInString(in.TitleCy) > 200 {
		f["title_cy"] = "budgeting.err.title_long"
	}
	if utf8.RuneCountInString(in.DescriptionCy) > 20000 {
		f["description_cy"] = "budgeting.err.description_long"
	}
	var ok bool
	if v.total, ok = ParsePounds(in.Total); !ok || v.total <= 0 {
		f["total"] = "budgeting.err.money"
	}
	if !oneOf(in.Phase, Phases) {
		f["phase"] = "budgeting.err.phase"
	}
	dates := []struct{ name, val string }{{"ideas_from", in.IdeasFrom}, {"review_from", in.ReviewFrom}, {"voting_from", in.VotingFrom}, {"voting_until", in.VotingUntil}, {"results_from", in.ResultsFrom}}
	prev := ""
	for _, d := range dates {
		switch {
		case !validDate(d.val):
			f[d.name] = "budgeting.err.date"
		case prev != "" && d.val < prev:
			f[d.name] = "budgeting.err.date_order"
		}
		if validDate(d.val) {
			prev = d.val
		}
	}
	if !oneOf(in.Format, Formats) {
		f["format"] = "budgeting.err.format"
	}
	v.minChoices, v.maxChoices, v.points = 0, 0, 0
	switch in.Format {
	case FormatRange:
		if v.minChoices, ok = smallInt(in.MinChoices, 0, 100); !ok {
			f["min_choices"] = "budgeting.err.min_choices"
		}
		if v.maxChoices, ok = smallInt(in.MaxChoices, 1, 100); !ok || v.maxChoices < v.minChoices {
			f["max_choices"] = "budgeting.err.max_choices"
		}
	case FormatCumulative:
		if v.points, ok = smallInt(in.Points, 1, 1000); !ok {
			f["points"] = "budgeting.err.points"
		}
	}
	if !oneOf(in.Rule, Rules) {
		f["rule"] = "budgeting.err.rule"
	}
	if v.minAge, ok = smallInt(in.MinAge, 0, 120); !ok {
		f["min_age"] = "budgeting.err.min_age"
	}
	if !oneOf(in.VoterAccess, Accesses) {
		f["voter_access"] = "budgeting.err.voter_access"
	}
	v.areaBudgets = map[string]int64{}
	var sum int64
	for area, s := range in.AreaBudgets {
		if strings.TrimSpace(s) == "" {
			continue
		}
		p, ok := ParsePounds(s)
		if !ok || p <= 0 {
			f["area_"+area] = "budgeting.err.money"
			continue
		}
		v.areaBudgets[area] = p
		sum += p
	}
	if _, bad := f["total"]; !bad && sum > v.total {
		f["total"] = "budgeting.err.areas_over_total"
	}
	if len(f) > 0 {
		return v, errs.FieldErrors(f)
	}
	return v, nil
}

// IdeaInput is what the idea form sends.
type IdeaInput struct {
	Title, Description, AreaID, Address, Lat, Lng, Estimate string
	Photo                                                   PhotoInput
	// Lang is the language the author wrote in (the page's).
	Lang string
	// ShowName: the author agrees to be named with the idea on public pages.
	ShowName bool
	// For an officer submitting the idea for a resident (assisted digital): the resident's
	// account email, if they have one, and how the officer helped (AssistHows).
	ForEmail, AssistedHow string
}

// AssistHows are the ways an officer helps a resident take part.
var AssistHows = []string{"phone", "in_person", "letter", "email"}

type ideaValues struct {
	estimate    int64
	contentType string
	lat, lng    *float64
}

// Validate checks the input.
func (in *IdeaInput) Validate(p *Process) (ideaValues, error) {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Address = strings.TrimSpace(in.Address)
	var v ideaValues
	f := map[string]string{}
	switch {
	case in.Title == "":
		f["title"] = "budgeting.err.title_missing"
	case utf8.RuneCountInString(in.Title) > 200:
		f["title"] = "budgeting.err.title_long"
	}
	switch {
	case in.Description == "":
		f["description"] = "budgeting.err.idea_description_missing"
	case utf8.RuneCountInString(in.Description) > 5000:
		f["description"] = "budgeting.err.description_long"
	}
	if p.Districts() && in.AreaID == "" {
		f["area_id"] = "budgeting.err.area_missing"
	}
	if utf8.RuneCountInString(in.Address) > 300 {
		f["address"] = "budgeting.err.address_long"
	}
	if in.Lat != "" || in.Lng != "" {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(in.Lat), 64)
		lng, err2 := strconv.ParseFloat(strings.TrimSpace(in.Lng), 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lng < -180 || lng > 180 {
			f["lat"] = "budgeting.err.point"
		} else {
			v.lat, v.lng = &lat, &lng
		}
	}
	if strings.TrimSpace(in.Estimate) != "" { // a rough figure helps, but residents need not price an idea
		var ok bool
		if v.estimate, ok = ParsePounds(in.Estimate); !ok {
			f["estimate"] = "budgeting.err.money"
		}
	}
	if in.AssistedHow != "" && !oneOf(in.AssistedHow, AssistHows) {
		f["assisted_how"] = "budgeting.err.assisted_how"
	}
	ct, err := CheckPhoto(in.Photo)
	for k, key := range errs.As(err).Fields {
		f[k] = key
	}
	v.contentType = ct
	if len(f) > 0 {
		return v, errs.FieldErrors(f)
	}
	return v, nil
}

// ReviewInput is an officer's feasibility review, with the project's title and summary on the
// ballot in English and Welsh (all optional: without them the ballot shows the author's title).
type ReviewInput struct {
	Decision, Feasibility, Cost, Reason  string
	TitleEn, TitleCy, Summary, SummaryCy string
}

// Validate checks the input and returns the costed estimate in pence.
func (in *ReviewInput) Validate() (int64, error) {
	in.Feasibility = strings.TrimSpace(in.Feasibility)
	in.Reason = strings.TrimSpace(in.Reason)
	in.TitleEn, in.TitleCy = strings.TrimSpace(in.TitleEn), strings.TrimSpace(in.TitleCy)
	in.Summary, in.SummaryCy = strings.TrimSpace(in.Summary), strings.TrimSpace(in.SummaryCy)
	f := map[string]string{}
	for name, v := range map[string]string{"title_en": in.TitleEn, "title_cy": in.TitleCy} {
		if utf8.RuneCountInString(v) > 200 {
			f[name] = "budgeting.err.title_long"
		}
	}
	for name, v := range map[string]string{"summary": in.Summary, "summary_cy": in.SummaryCy} {
		if utf8.RuneCountInString(v) > 2000 {
			f[name] = "budgeting.err.description_long"
		}
	}
	if in.Decision != "accepted" && in.Decision != "rejected" {
		f["decision"] = "budgeting.err.decision"
	}
	if in.Feasibility == "" {
		f["feasibility"] = "budgeting.err.feasibility_missing"
	} else if utf8.RuneCountInString(in.Feasibility) > 5000 {
		f["feasibility"] = "budgeting.err.description_long"
	}
	cost, ok := ParsePounds(in.Cost)
	if in.Decision == "accepted" && (!ok || cost <= 0) {
		f["cost"] = "budgeting.err.money"
	}
	if in.Decision == "rejected" && in.Reason == "" {
		f["reason"] = "budgeting.err.reason_missing"
	}
	if utf8.RuneCountInString(in.Reason) > 2000 {
		f["reason"] = "budgeting.err.description_long"
	}
	if len(f) > 0 {
		return 0, errs.FieldErrors(f)
	}
	return cost, nil
}

// Choice is what a ballot gives one project: 1 on an approval ballot, points on a cumulative one.
type Choice struct {
	IdeaID string `json:"project_id"`
	Points int    `json:"points"`
}

// CheckBallot checks choices against the process's voting format, for a ballot in an area whose
// projects are given with their costs. It returns field errors keyed "choices" (and "p-ID" for
// one project's points).
func CheckBallot(p *Process, costs map[string]int64, budget int64, choices []Choice) error {
	f := map[string]string{}
	seen := map[string]bool{}
	var spent int64
	total := 0
	for _, c := range choices {
		cost, ok := costs[c.IdeaID]
		if !ok || seen[c.IdeaID] {
			f["choices"] = "budgeting.err.ballot_unknown"
			continue
		}
		seen[c.IdeaID] = true
		if c.Points <= 0 || (p.Format != FormatCumulative && c.Points != 1) {
			f["p-"+c.IdeaID] = "budgeting.err.ballot_points_value"
			continue
		}
		spent += cost
		total += c.Points
	}
	if len(f) == 0 {
		switch p.Format {
		case FormatBudget:
			switch {
			case len(choices) == 0:
				f["choices"] = "budgeting.err.ballot_empty"
			case spent > budget:
				f["choices"] = "budgeting.err.ballot_over_budget"
			}
		case FormatRange:
			switch {
			case len(choices) < max(p.MinChoices, 1):
				f["choices"] = "budgeting.err.ballot_too_few"
			case len(choices) > p.MaxChoices:
				f["choices"] = "budgeting.err.ballot_too_many"
			}
		case FormatCumulative:
			switch {
			case total == 0:
				f["choices"] = "budgeting.err.ballot_empty"
			case total > p.Points:
				f["choices"] = "budgeting.err.ballot_too_many_points"
			}
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// MilestoneInput is an officer's milestone.
type MilestoneInput struct{ Title, Status, Percent string }

// Validate checks the input.
func (in *MilestoneInput) Validate() (int, error) {
	in.Title = strings.TrimSpace(in.Title)
	f := map[string]string{}
	if in.Title == "" {
		f["m_title"] = "budgeting.err.title_missing"
	} else if utf8.RuneCountInString(in.Title) > 200 {
		f["m_title"] = "budgeting.err.title_long"
	}
	if !oneOf(in.Status, MilestoneStatuses) {
		f["m_status"] = "budgeting.err.milestone_status"
	}
	pc, ok := smallInt(in.Percent, 0, 100)
	if !ok {
		f["m_percent"] = "budgeting.err.percent"
	}
	if len(f) > 0 {
		return 0, errs.FieldErrors(f)
	}
	return pc, nil
}

func validID(s string) bool { return ids.Valid(s) }

// money gives pages a Money method for templates.
type money struct{}

// Money writes pence as pounds.
func (money) Money(pence int64) string { return Money(pence) }

// DescriptionSafe is the description's HTML, sanitised by markdown.Render when it was saved.
func (p Process) DescriptionSafe() template.HTML { return template.HTML(p.DescriptionHTML) }

// BodySafe is the update's HTML, sanitised by markdown.Render when it was saved.
func (u Update) BodySafe() template.HTML { return template.HTML(u.BodyHTML) }

// frozenChanges lists, as field errors, what an edit of a counted process would change that the
// count depends on: the rule, the budgets, the ballot's format, who may vote and when voting ran;
// and the phase may only stay at results or move on to delivery.
func frozenChanges(old, p *Process) map[string]string {
	f := map[string]string{}
	const key = "budgeting.err.frozen"
	if p.TotalPence != old.TotalPence {
		f["total"] = key
	}
	budgets := func(as []AreaBudget) map[string]int64 {
		m := map[string]int64{}
		for _, a := range as {
			m[a.AreaID] = a.Pence
		}
		return m
	}
	ob, nb := budgets(old.AreaBudgets), budgets(p.AreaBudgets)
	for id, pence := range nb {
		if ob[id] != pence {
			f["area_"+id] = key
		}
	}
	for id := range ob {
		if _, ok := nb[id]; !ok {
			f["area_"+id] = key
		}
	}
	changed := map[string]bool{
		"format":       p.Format != old.Format,
		"min_choices":  p.MinChoices != old.MinChoices,
		"max_choices":  p.MaxChoices != old.MaxChoices,
		"points":       p.Points != old.Points,
		"rule":         p.Rule != old.Rule,
		"min_age":      p.MinAge != old.MinAge,
		"voter_access": p.VoterAccess != old.VoterAccess,
		"voting_from":  p.VotingFrom != old.VotingFrom,
		"voting_until": p.VotingUntil != old.VotingUntil,
	}
	for field, ch := range changed {
		if ch {
			f[field] = key
		}
	}
	if p.Phase != "results" && p.Phase != "delivery" {
		f["phase"] = "budgeting.err.frozen_phase"
	}
	return f
}
