package ownership

import (
	"encoding/json"
	"net/http"
	"time"

	"commons/internal/identity"
	"commons/internal/ownership/clock"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// APICase is a case as the API gives it: public fields only (no person is named), its journey
// and every clock with its start date, due date, rule, source and status.
type APICase struct {
	ID              string          `json:"id"`
	Reference       string          `json:"reference"`
	Kind            string          `json:"kind"`
	Status          string          `json:"status"`
	StatusText      string          `json:"status_text"`
	Timetable       string          `json:"timetable"`
	AssetID         string          `json:"asset_id,omitempty"`
	Name            string          `json:"name"`
	Description     string          `json:"description"`
	Address         string          `json:"address"`
	Postcode        string          `json:"postcode"`
	UPRN            string          `json:"uprn"`
	Boundary        json.RawMessage `json:"boundary"`
	Latitude        *float64        `json:"latitude"`
	Longitude       *float64        `json:"longitude"`
	Group           APIGroup        `json:"group"`
	RequestType     string          `json:"request_type,omitempty"`
	ReceivedOn      clock.Date      `json:"received_on"`
	ValidatedOn     clock.Date      `json:"validated_on"`
	Decision        string          `json:"decision"`
	DecidedOn       clock.Date      `json:"decided_on"`
	DecisionReasons string          `json:"decision_reasons"`
	ListedOn        clock.Date      `json:"listed_on"`
	RemovedOn       clock.Date      `json:"removed_on"`
	NoticeOn        clock.Date      `json:"notice_on"`
	Interested      []string        `json:"interested_groups"`
	URL             string          `json:"url"`
	UpdatedAt       time.Time       `json:"updated_at"`
	Clocks          []ClockView     `json:"clocks"`
	Journey         []APIStep       `json:"journey"`
}

// APIGroup is the nominating group or community body: an organisation, never a person.
type APIGroup struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// APIStep is one public step of the journey.
type APIStep struct {
	Step    string     `json:"step"`
	Title   string     `json:"title"`
	Date    clock.Date `json:"date"`
	Outcome string     `json:"outcome"`
	Note    string     `json:"note"`
	Channel string     `json:"channel"`
}

func (h *Handlers) apiCase(r *http.Request, v CaseView) APICase {
	lang := web.Lang(r)
	c := APICase{ID: v.ID, Reference: v.Reference, Kind: v.Kind, Status: v.Status, StatusText: h.Svc.StatusText(lang, Entry{Case: v.Case, Clocks: v.Clocks}),
		Timetable: v.Timetable, AssetID: v.AssetID, Name: v.Name, Description: v.Description, Address: v.Address, Postcode: v.Postcode,
		UPRN: v.UPRN, Boundary: json.RawMessage("null"), Latitude: v.Lat, Longitude: v.Lng, Group: APIGroup{v.Group.Name, v.Group.Type},
		RequestType: v.RequestType, ReceivedOn: v.ReceivedOn, ValidatedOn: v.ValidatedOn, Decision: v.Decision, DecidedOn: v.DecidedOn,
		DecisionReasons: v.DecisionReasons, ListedOn: v.ListedOn, RemovedOn: v.RemovedOn, NoticeOn: v.NoticeOn,
		Interested: v.InterestedGroups(), URL: h.Svc.BaseURL + "/ownership/cases/" + v.ID, UpdatedAt: v.UpdatedAt,
		Clocks: v.Clocks, Journey: []APIStep{}}
	if v.Boundary != "" {
		c.Boundary = json.RawMessage(v.Boundary)
	}
	if c.Interested == nil {
		c.Interested = []string{}
	}
	if c.Clocks == nil {
		c.Clocks = []ClockView{}
	}
	for _, e := range v.Events {
		if !publicEvent(e) {
			continue
		}
		c.Journey = append(c.Journey, APIStep{Step: e.Step, Title: h.Svc.StepText(lang, e.Step, e.Outcome), Date: e.On,
			Outcome: publicOutcome(e), Note: e.PublicNote, Channel: e.Channel})
	}
	return c
}

// publicOutcome is a step's outcome when it is one of the step's choices (not a private date
// or score kept in the same column).
func publicOutcome(e Event) string {
	if st, ok := StepByID(e.Step); ok {
		for _, o := range st.Outcomes {
			if o == e.Outcome {
				return o
			}
		}
	}
	return ""
}

// APICases lists the cases with a public page.
func (h *Handlers) APICases(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	kind, status := q.Get("kind"), q.Get("status")
	if kind != "" && !h.Svc.Runs(kind) {
		return errs.FieldErrors(map[string]string{"kind": "ownership.err.kind"})
	}
	views, err := h.Svc.PublicCases(r.Context(), web.CurrentUser(r), kind, status, limit+1, offset)
	if err != nil {
		return err
	}
	out := make([]APICase, 0, len(views))
	for _, v := range views {
		out = append(out, h.apiCase(r, v))
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APICase is one case.
func (h *Handlers) APICase(w http.ResponseWriter, r *http.Request) error {
	v, err := h.pathCase(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, h.apiCase(r, v))
	return nil
}

// APITimetables gives the statutory timetables as data.
func (h *Handlers) APITimetables(w http.ResponseWriter, r *http.Request) error {
	type rule struct {
		ID          string `json:"id"`
		Length      int    `json:"length"`
		Unit        string `json:"unit"`
		Counting    string `json:"counting"`
		Kind        string `json:"kind"`
		Nation      string `json:"nation,omitempty"`
		Party       string `json:"party,omitempty"`
		Extendable  bool   `json:"extendable"`
		Pausable    bool   `json:"pausable"`
		Provisional bool   `json:"provisional"`
		Source      string `json:"source"`
		Wording     string `json:"wording"`
	}
	type timetable struct {
		ID    string `json:"id"`
		Rules []rule `json:"rules"`
	}
	var out []timetable
	add := func(id string, rules []clock.Rule) {
		t := timetable{ID: id}
		for _, r := range rules {
			t.Rules = append(t.Rules, rule{r.ID, r.Length, string(r.Unit), string(r.Counting), string(r.Kind), r.Nation, r.Party, r.Extendable,
				r.Pausable, r.Provisional, r.Source, r.Words})
		}
		out = append(out, t)
	}
	for _, id := range []string{clock.England, clock.CommunityRightToBuy, clock.ScotlandTimetable} {
		add(id, clock.Timetables[id].Rules)
	}
	add(clock.Policy, h.Svc.policyRules(r.Context()))
	web.JSON(w, http.StatusOK, map[string]any{"timetables": out})
	return nil
}

// APIDue is an officer's deadlines.
func (h *Handlers) APIDue(w http.ResponseWriter, r *http.Request) error {
	d, err := h.Svc.Casework(r.Context(), web.CurrentUser(r), "")
	if err != nil {
		return err
	}
	type item struct {
		CaseID    string    `json:"case_id"`
		Reference string    `json:"reference"`
		Name      string    `json:"name"`
		Clock     ClockView `json:"clock"`
	}
	conv := func(items []DueItem) []item {
		out := []item{}
		for _, i := range items {
			out = append(out, item{i.Case.ID, i.Case.Reference, i.Case.Name, i.Clock})
		}
		return out
	}
	web.JSON(w, http.StatusOK, map[string]any{"overdue": conv(d.Overdue), "this_week": conv(d.ThisWeek), "paused": conv(d.Paused)})
	return nil
}
