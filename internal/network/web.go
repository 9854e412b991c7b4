package network

import (
	"embed"
	"net/http"
	"strings"

	"commons/internal/network/digest"
	"commons/internal/platform/db"
	"commons/internal/platform/secret"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the network's tables.
var Migrations = db.Embedded("network", migrationsFS)

//go:embed print.css
var printCSS []byte

// Handlers serve the network's pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
}

func newKey() string { return secret.Token()[:32] }

// PrintCSS serves the print style sheet of the guide's print view.
func (h *Handlers) PrintCSS(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(printCSS)
	return nil
}

// ---- groups ----

type groupsPage struct {
	web.Page
	Groups  []Group
	Results []SearchResult
	Q       string
}

// Groups lists the groups the visitor can see, and searches groups and discussions.
func (h *Handlers) Groups(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	u := web.CurrentUser(r)
	gs, err := h.Svc.Groups(r.Context(), u, q)
	if err != nil {
		return err
	}
	res, err := h.Svc.Search(r.Context(), u, q)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "network/groups", &groupsPage{Page: h.Kit.NewPage(r, "network.groups.title"), Groups: gs, Results: res, Q: q})
	return nil
}

// GroupsJSON is the list of groups as data.
func (h *Handlers) GroupsJSON(w http.ResponseWriter, r *http.Request) error {
	gs, err := h.Svc.Groups(r.Context(), web.CurrentUser(r), strings.TrimSpace(r.URL.Query().Get("q")))
	if err != nil {
		return err
	}
	if gs == nil {
		gs = []Group{}
	}
	web.JSON(w, http.StatusOK, gs)
	return nil
}

type formPage struct {
	web.Page
	Form *web.Form
}

// NewGroupForm shows the form to start a group.
func (h *Handlers) NewGroupForm(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("visibility", Open)
	h.Kit.Render(w, r, http.StatusOK, "network/group_new", &formPage{Page: h.Kit.NewPage(r, "network.new_group.title"), Form: f})
	return nil
}

// CreateGroup starts a group.
func (h *Handlers) CreateGroup(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := GroupInput{Name: f.Get("name"), Description: f.Get("description"), Visibility: f.Get("visibility")}
	g, err := h.Svc.CreateGroup(r.Context(), web.CurrentUser(r), in)
	if err != nil {
		if !f.Take(err, "name", "description", "visibility") {
			return err
		}
		p := formPage{Page: h.Kit.NewPage(r, "network.new_group.title"), Form: f}
		p.Errors = f
		h.Kit.Render(w, r, http.StatusUnprocessableEntity, "network/group_new", &p)
		return nil
	}
	h.Kit.Flash(w, "network.flash.group_created")
	web.Redirect(w, r, "/groups/"+g.ID)
	return nil
}

type groupPage struct {
	web.Page
	Group   Group
	M       Membership
	Threads []Thread
	Guides  []Guide
	Members []Member
	Form    *web.Form
}

// canRead says whether discussions show on the group page.
func (p groupPage) CanRead() bool { return p.Group.Visibility == Open || p.M.IsMember() }

// Group shows a group: its description, how to join, its threads and guides.
func (h *Handlers) Group(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	g, m, err := h.Svc.Group(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := groupPage{Page: h.Kit.NewPage(r, "network.group.title", "name", g.Name), Group: g, M: m}
	if p.CanRead() {
		if p.Threads, err = h.Svc.Threads(r.Context(), u, id, 100, 0); err == nil {
			p.Guides, err = h.Svc.Guides(r.Context(), u, id)
		}
		if err != nil {
			return err
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "network/group", &p)
	return nil
}

// Join joins, asks to join, or accepts an invitation.
func (h *Handlers) Join(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	state, err := h.Svc.Join(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	if state == StateRequested {
		h.Kit.Flash(w, "network.flash.requested")
	} else {
		h.Kit.Flash(w, "network.flash.joined")
	}
	web.Redirect(w, r, "/groups/"+id)
	return nil
}

// Leave leaves a group.
func (h *Handlers) Leave(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.Leave, "network.flash.left", "/groups")
}

type membersPage struct {
	web.Page
	Group   Group
	M       Membership
	Members []Member
	Invited []PendingInvitation // addresses invited by email, for hosts
	Form    *web.Form
}

// Members lists a group's members (hosts manage them here).
func (h *Handlers) Members(w http.ResponseWriter, r *http.Request) error {
	return h.members(w, r, web.EmptyForm(), http.StatusOK)
}

func (h *Handlers) members(w http.ResponseWriter, r *http.Request, f *web.Form, status int) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	ms, g, m, err := h.Svc.Members(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	p := membersPage{Page: h.Kit.NewPage(r, "network.members.title", "name", g.Name), Group: g, M: m, Members: ms, Form: f}
	if m.IsHost() {
		if p.Invited, err = h.Svc.PendingInvitations(r.Context(), web.CurrentUser(r), id); err != nil {
			return err
		}
	}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/members", &p)
	return nil
}

// MembersJSON is the members' list as data.
func (h *Handlers) MembersJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	ms, _, _, err := h.Svc.Members(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []Member{}
	}
	web.JSON(w, http.StatusOK, ms)
	return nil
}

// Invite invites someone by email.
func (h *Handlers) Invite(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.Invite(r.Context(), web.CurrentUser(r), web.Lang(r), id, f.Get("email"))
	if err != nil {
		if !f.Take(err, "email") {
			return err
		}
		return h.members(w, r, f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.invited")
	web.Redirect(w, r, "/groups/"+id+"/members")
	return nil
}

// ManageMember approves, removes or changes the role of a member.
func (h *Handlers) ManageMember(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	account, err := web.ID(r, "account")
	if err != nil {
		return err
	}
	changed, err := h.Svc.ChangeMember(r.Context(), web.CurrentUser(r), id, account, r.PostFormValue("action"))
	if err != nil {
		return err
	}
	if changed {
		h.Kit.Flash(w, "network.flash.members_saved")
	} else {
		h.Kit.Flash(w, "network.flash.members_unchanged")
	}
	web.Redirect(w, r, "/groups/"+id+"/members")
	return nil
}

type settingsPage struct {
	web.Page
	Group    Group
	Settings Settings
	Choices  []string
}

// SettingsForm shows a member's settings for a group.
func (h *Handlers) SettingsForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	g, m, err := h.Svc.Group(r.Context(), u, id)
	if err == nil && !m.IsMember() {
		err = notFound
	}
	if err != nil {
		return err
	}
	st, err := h.Svc.MySettings(r.Context(), u, id)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "network/settings", &settingsPage{Page: h.Kit.NewPage(r, "network.settings.title", "name", g.Name), Group: g, Settings: st,
		Choices: []string{digest.Immediate, digest.Daily, digest.Weekly, digest.Off}})
	return nil
}

// SaveSettings saves them.
func (h *Handlers) SaveSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	st := Settings{ShowOrg: f.Get("show_org") == "yes", Frequency: f.Get("frequency")}
	if err := h.Svc.SaveSettings(r.Context(), web.CurrentUser(r), id, st, f.Get("send_now") == "yes"); err != nil {
		return err
	}
	h.Kit.Flash(w, "network.flash.settings_saved")
	web.Redirect(w, r, "/groups/"+id+"/settings")
	return nil
}

// Export is a host's download of the group's discussions as JSON.
func (h *Handlers) Export(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	out, err := h.Svc.Export(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="group-`+id+`.json"`)
	web.JSON(w, http.StatusOK, out)
	return nil
}

// ---- discussions ----
