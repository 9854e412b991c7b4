package identity

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/web"
)

// The data download: everything Commons holds about the signed-in person as JSON, and a page
// that sums it up in their language (what there is, how much, and the first few of each).

// Data downloads it as JSON.
func (h *Handlers) Data(w http.ResponseWriter, r *http.Request) error {
	data, err := h.Svc.Export(r.Context(), web.CurrentUser(r).ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="my-commons-data.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}

// DataAPI is the download for the API (/api/v1/me/data): the same JSON, not as an attachment.
func (h *Handlers) DataAPI(w http.ResponseWriter, r *http.Request) error {
	data, err := h.Svc.Export(r.Context(), web.CurrentUser(r).ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	web.JSON(w, http.StatusOK, data)
	return nil
}

// DataSection is one kind of record in the summary: its name, how many, and the first few.
type DataSection struct {
	Title string
	Count int
	Items []DataItem
	More  int
}

// DataItem is one record, as a line of text and when it happened.
type DataItem struct {
	Text string
	When string
}

// DataGroup is one capability's part of the summary.
type DataGroup struct {
	Name     string // the capability's name ("account" for identity's own part)
	Title    string
	Sections []DataSection
}

type dataPage struct {
	web.Page
	Account Account
	Orgs    []Organisation
	Groups  []DataGroup
	Empty   bool
}

// DataItemsShown is how many records of each kind the summary page lists.
const DataItemsShown = 10

// DataSummary shows what the download holds, in the page's language.
func (h *Handlers) DataSummary(w http.ResponseWriter, r *http.Request) error {
	data, err := h.Svc.Export(r.Context(), web.CurrentUser(r).ID)
	if err != nil {
		return err
	}
	p := &dataPage{Page: h.Kit.NewPage(r, "data.title"), Account: data.Account, Orgs: data.Organisations}
	own := map[string]any{"api_tokens": data.APITokens, "email_changes": data.EmailChanges, "audit_log": data.AuditLog,
		"name_consents": data.NameConsents, "remembered_browsers": data.Browsers}
	groups := []DataGroup{summarise(&p.Page, "account", own)}
	for _, name := range data.Names() {
		groups = append(groups, summarise(&p.Page, name, data.Capabilities[name]))
	}
	p.Empty = true
	for _, g := range groups {
		if len(g.Sections) > 0 {
			p.Groups = append(p.Groups, g)
			p.Empty = false
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "identity/data", p)
	return nil
}

// summarise turns one capability's export (a map from a kind of record to a list of records)
// into its part of the page. Kinds are titled by the message NAME.data.KIND; kinds with no
// records are left out.
func summarise(p *web.Page, name string, export any) DataGroup {
	g := DataGroup{Name: name, Title: p.T(name + ".data.title")}
	b, err := json.Marshal(export)
	if err != nil {
		return g
	}
	var kinds map[string]any
	if json.Unmarshal(b, &kinds) != nil {
		return g
	}
	keys := make([]string, 0, len(kinds))
	for k := range kinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var list []any
		switch v := kinds[k].(type) {
		case []any:
			list = v
		case map[string]any:
			list = []any{v}
		case nil:
		default:
			list = []any{map[string]any{"text": fmt.Sprint(v)}}
		}
		if len(list) == 0 {
			continue
		}
		s := DataSection{Title: p.T(name + ".data." + k), Count: len(list)}
		for i, item := range list {
			if i == DataItemsShown {
				s.More = len(list) - i
				break
			}
			s.Items = append(s.Items, describe(p, item))
		}
		g.Sections = append(g.Sections, s)
	}
	return g
}

// The fields that name a record and say when it happened, in the order they are looked for.
var (
	textFields = []string{"title", "name", "subject", "group", "thread", "event", "idea", "asset", "board", "project", "body", "text",
		"comment", "reason", "new_email", "role", "action", "kind", "receipt", "id"}
	whenFields = []string{"created_at", "at", "joined_at", "registered_at", "updated_at", "starts_at", "added_at", "cast_at"}
)

func describe(p *web.Page, item any) DataItem {
	m, ok := item.(map[string]any)
	if !ok {
		return DataItem{Text: clip(fmt.Sprint(item))}
	}
	var d DataItem
	var parts []string
	for _, f := range textFields {
		if s, ok := m[f].(string); ok && strings.TrimSpace(s) != "" {
			parts = append(parts, clip(s))
			if len(parts) == 2 {
				break
			}
		}
	}
	d.Text = strings.Join(parts, " — ")
	for _, f := range whenFields {
		if s, ok := m[f].(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				d.When = p.DayTime(t)
				break
			}
		}
	}
	return d
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 120 {
		return s
	}
	r := []rune(s)
	return string(r[:119]) + "…"
}
