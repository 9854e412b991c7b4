package campaigns

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/web"
)

// The team's pages: the campaign's details and team, supporters, one-to-ones, actions,
// petitions and erasure requests. Only the team reaches them.

// managePage is the team's page of a campaign.
type managePage struct {
	formPage
	Campaign  Campaign
	Me        TeamMember
	Lead      bool
	Petitions []Petition
	Erasures  []Erasure
}

func (h *Handlers) managePage(r *http.Request, id string, f *web.Form) (*managePage, error) {
	u := web.CurrentUser(r)
	if err := h.Svc.mustTeam(r.Context(), u, id); err != nil {
		return nil, err
	}
	c, err := h.Svc.Campaign(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = web.EmptyForm()
		f.Values = url.Values{"title": {c.Title}, "aim": {c.Aim}, "issue": {c.Issue}, "area_id": {c.AreaID}, "organisation_id": {c.OrganisationID},
			"stage": {c.Stage}}
		if c.Published {
			f.Values.Set("published", "yes")
		}
	}
	fp, err := h.formPage(r, "campaigns.manage.title", f, &c)
	if err != nil {
		return nil, err
	}
	fp.TitleArgs = []any{"title", c.Title}
	p := &managePage{formPage: *fp, Campaign: c}
	for _, m := range c.Team {
		if m.AccountID == u.ID {
			p.Me, p.Lead = m, m.Role == "lead"
		}
	}
	if p.Petitions, err = h.Svc.Petitions(r.Context(), id); err != nil {
		return nil, err
	}
	if p.Erasures, err = h.Svc.Erasures(r.Context(), u, id); err != nil {
		return nil, err
	}
	return p, nil
}

// Manage is the team's page of a campaign.
func (h *Handlers) Manage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.managePage(r, id, nil)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "campaigns/manage", p)
}

// teamForm runs one of the manage page's forms; a form error shows the page again.
func (h *Handlers) teamForm(flash, anchor string, fields []string, run func(r *http.Request, id string, f *web.Form) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		f := web.NewForm(r)
		if err := run(r, id, f); err != nil {
			if !f.Take(err, fields...) {
				return err
			}
			p, perr := h.managePage(r, id, f)
			if perr != nil {
				return perr
			}
			p.Errors = f
			return h.render(w, r, http.StatusUnprocessableEntity, "campaigns/manage", p)
		}
		h.Kit.Flash(w, flash)
		web.Redirect(w, r, "/campaigns/"+id+"/manage"+anchor)
		return nil
	}
}

func (h *Handlers) Update() web.HandlerFunc {
	return h.teamForm("campaigns.flash.saved", "", campaignFields, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Update(r.Context(), web.CurrentUser(r), id, campaignInput(f), f.Get("published") == "yes")
	})
}

func (h *Handlers) AddMember() web.HandlerFunc {
	return h.teamForm("campaigns.flash.member_added", "#team", []string{"member_email"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.AddTeamMember(r.Context(), web.CurrentUser(r), id, f.Get("member_email"))
	})
}

func (h *Handlers) RemoveMember() web.HandlerFunc {
	return h.teamForm("campaigns.flash.member_removed", "#team", nil, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.RemoveTeamMember(r.Context(), web.CurrentUser(r), id, f.Get("account"))
	})
}

func (h *Handlers) ShowName() web.HandlerFunc {
	return h.teamForm("campaigns.flash.saved", "#team", nil, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.ShowMyName(r.Context(), web.CurrentUser(r), id, f.Get("show_name") == "yes")
	})
}

// teamList reads what one of the team's pages lists (the service checks the team) and the
// campaign in the path.
func teamList[T any](h *Handlers, r *http.Request, list func(context.Context, *actor.Actor, string) (T, error)) (T, Campaign, error) {
	var items T
	id, err := web.ID(r, "id")
	if err != nil {
		return items, Campaign{}, err
	}
	u := web.CurrentUser(r)
	if items, err = list(r.Context(), u, id); err != nil {
		return items, Campaign{}, err
	}
	c, err := h.Svc.Campaign(r.Context(), u, id)
	return items, c, err
}

// supportersPage lists supporters for the team, with the form to add one on someone's behalf.
type supportersPage struct {
	page
	Campaign   Campaign
	Supporters []Supporter
	Confirmed  int
	Form       *web.Form
}

func (h *Handlers) supportersPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	ss, c, err := teamList(h, r, h.Svc.Supporters)
	if err != nil {
		return err
	}
	p := &supportersPage{page: h.page(r, "campaigns.supporters.title", "title", c.Title), Campaign: c, Supporters: ss, Form: f}
	for _, s := range ss {
		if s.Confirmed != nil {
			p.Confirmed++
		}
	}
	return h.renderForm(w, r, status, "campaigns/supporters", p, f)
}

// SupportersPage is the team's list of supporters.
func (h *Handlers) SupportersPage(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("channel", "paper")
	return h.supportersPage(w, r, http.StatusOK, f)
}

// AddSupporter adds a supporter on someone's behalf.
func (h *Handlers) AddSupporter(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := PersonInput{Name: f.Get("name"), Email: f.Get("email"), Postcode: f.Get("postcode"), ContactOK: f.Get("contact_ok") == "yes",
		Channel: f.Get("channel"), Lang: f.Get("lang")}
	err = h.Svc.AddSupporter(r.Context(), web.CurrentUser(r), id, in)
	return h.Kit.Saved(w, r, f, err, []string{"channel", "name", "email", "postcode"}, "campaigns.flash.supporter_added", "/campaigns/"+id+"/supporters", func() error {
		return h.supportersPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// conversationsPage is the team's log of one-to-one conversations.
type conversationsPage struct {
	page
	Campaign      Campaign
	Conversations []Conversation
	Form          *web.Form
}

func (h *Handlers) conversationsPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	cs, c, err := teamList(h, r, h.Svc.Conversations)
	if err != nil {
		return err
	}
	p := &conversationsPage{page: h.page(r, "campaigns.conversations.title", "title", c.Title), Campaign: c, Conversations: cs, Form: f}
	return h.renderForm(w, r, status, "campaigns/conversations", p, f)
}

// ConversationsPage lists the team's one-to-ones.
func (h *Handlers) ConversationsPage(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("held_on", today(h.Svc.DB.Clock().Now()))
	return h.conversationsPage(w, r, http.StatusOK, f)
}

// LogConversation records a one-to-one.
func (h *Handlers) LogConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := ConversationInput{PersonName: f.Get("person_name"), Contact: f.Get("contact"), HeldOn: f.Get("held_on"), CaresAbout: f.Get("cares_about"),
		NextStep: f.Get("next_step")}
	err = h.Svc.LogConversation(r.Context(), web.CurrentUser(r), id, in)
	return h.Kit.Saved(w, r, f, err, []string{"person_name", "contact", "held_on", "cares_about", "next_step"}, "campaigns.flash.conversation_logged", "/campaigns/"+id+"/conversations", func() error {
		return h.conversationsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// EraseConversation deletes one conversation.
func (h *Handlers) EraseConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	cid, err := web.ID(r, "conversation")
	if err != nil {
		return err
	}
	if err := h.Svc.EraseConversation(r.Context(), web.CurrentUser(r), id, cid); err != nil {
		return err
	}
	h.Kit.Flash(w, "campaigns.flash.conversation_erased")
	web.Redirect(w, r, "/campaigns/"+id+"/conversations")
	return nil
}

// actionsPage is the team's list of actions with the forms to add one and record results.
type actionsPage struct {
	page
	Campaign  Campaign
	Actions   []Action
	Petitions []Petition
	Form      *web.Form
	Events    bool
}

func (h *Handlers) actionsPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	if err := h.Svc.mustTeam(r.Context(), u, id); err != nil {
		return err
	}
	c, err := h.Svc.Campaign(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &actionsPage{page: h.page(r, "campaigns.actions.title", "title", c.Title), Campaign: c, Form: f, Events: h.Svc.Events != nil}
	if p.Actions, err = h.Svc.Actions(r.Context(), id); err != nil {
		return err
	}
	if p.Petitions, err = h.Svc.Petitions(r.Context(), id); err != nil {
		return err
	}
	return h.renderForm(w, r, status, "campaigns/actions", p, f)
}

// ActionsPage lists a campaign's actions for its team.
func (h *Handlers) ActionsPage(w http.ResponseWriter, r *http.Request) error {
	return h.actionsPage(w, r, http.StatusOK, web.EmptyForm())
}

var actionFields = []string{"action_kind", "action_title", "action_on", "action_event", "action_target", "action_turnout", "action_outcome"}

// AddAction records an action.
func (h *Handlers) AddAction(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := ActionInput{Kind: f.Get("action_kind"), Title: f.Get("action_title"), HappensOn: f.Get("action_on"), Event: f.Get("action_event"),
		Target: f.Get("action_target"), Turnout: f.Get("action_turnout"), Outcome: f.Get("action_outcome")}
	err = h.Svc.AddAction(r.Context(), web.CurrentUser(r), id, in)
	return h.Kit.Saved(w, r, f, err, actionFields, "campaigns.flash.action_added", "/campaigns/"+id+"/actions", func() error {
		return h.actionsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// RecordResult records an action's turnout and outcome.
func (h *Handlers) RecordResult(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	aid, err := web.ID(r, "action")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.RecordResult(r.Context(), web.CurrentUser(r), id, aid, f.Get("turnout"), f.Get("outcome"))
	return h.Kit.Saved(w, r, f, err, []string{"result_action_turnout", "result_action_outcome"}, "campaigns.flash.result_saved", "/campaigns/"+id+"/actions#action-"+aid, func() error {
		return h.actionsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// newPetitionPage is the form to start a petition.
type newPetitionPage struct {
	page
	Campaign Campaign
	Form     *web.Form
}

// NewPetition shows the petition form.
func (h *Handlers) NewPetition(w http.ResponseWriter, r *http.Request) error {
	return h.newPetition(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) newPetition(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	if err := h.Svc.mustTeam(r.Context(), u, id); err != nil {
		return err
	}
	c, err := h.Svc.Campaign(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &newPetitionPage{page: h.page(r, "campaigns.new_petition.title"), Campaign: c, Form: f}
	return h.renderForm(w, r, status, "campaigns/new_petition", p, f)
}

// CreatePetition starts a petition.
func (h *Handlers) CreatePetition(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	pe, err := h.Svc.CreatePetition(r.Context(), web.CurrentUser(r), id, PetitionInput{Title: f.Get("petition_title"), Ask: f.Get("petition_ask"),
		Target: f.Get("petition_target"), ClosesOn: f.Get("petition_closes_on")})
	return h.Kit.Saved(w, r, f, err, []string{"petition_title", "petition_ask", "petition_target", "petition_closes_on"}, "campaigns.flash.petition_created", "/campaigns/"+id+"/petitions/"+pe.ID+"/manage", func() error {
		return h.newPetition(w, r, http.StatusUnprocessableEntity, f)
	})
}

// managePetitionPage is the team's page of a petition: its signatures, a paper signature, the
// delivery and the answer.
type managePetitionPage struct {
	page
	Campaign   Campaign
	Petition   Petition
	Signatures []Signature
	Form       *web.Form
}

func (h *Handlers) managePetition(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	pid, err := web.ID(r, "petition")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	gs, err := h.Svc.Signatures(r.Context(), u, id, pid)
	if err != nil {
		return err
	}
	pe, c, err := h.Svc.Petition(r.Context(), u, id, pid)
	if err != nil {
		return err
	}
	h.Svc.fill(r.Context(), &c)
	p := &managePetitionPage{page: h.page(r, "campaigns.manage_petition.title", "title", pe.Title), Campaign: c, Petition: pe, Signatures: gs, Form: f}
	return h.renderForm(w, r, status, "campaigns/manage_petition", p, f)
}

// ManagePetition is the team's page of a petition.
func (h *Handlers) ManagePetition(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	day := today(h.Svc.DB.Clock().Now())
	f.Values = url.Values{"sig_channel": {"paper"}, "delivered_on": {day}, "answered_on": {day}}
	return h.managePetition(w, r, http.StatusOK, f)
}

// petitionForm runs one of the petition page's forms.
func (h *Handlers) petitionForm(flash string, fields []string, run func(r *http.Request, id, pid string, f *web.Form) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		pid, err := web.ID(r, "petition")
		if err != nil {
			return err
		}
		f := web.NewForm(r)
		if err := run(r, id, pid, f); err != nil {
			if !f.Take(err, fields...) {
				return err
			}
			return h.managePetition(w, r, http.StatusUnprocessableEntity, f)
		}
		h.Kit.Flash(w, flash)
		web.Redirect(w, r, "/campaigns/"+id+"/petitions/"+pid+"/manage")
		return nil
	}
}

func (h *Handlers) AddSignature() web.HandlerFunc {
	return h.petitionForm("campaigns.flash.signature_added", []string{"sig_channel", "sig_name", "sig_email", "sig_postcode"},
		func(r *http.Request, id, pid string, f *web.Form) error {
			return h.Svc.AddSignature(r.Context(), web.CurrentUser(r), id, pid, PersonInput{Name: f.Get("sig_name"), Email: f.Get("sig_email"),
				Postcode: f.Get("sig_postcode"), Channel: f.Get("sig_channel"), Lang: f.Get("sig_lang")})
		})
}

func (h *Handlers) Deliver() web.HandlerFunc {
	return h.petitionForm("campaigns.flash.delivered", []string{"delivered_on", "delivered_to"}, func(r *http.Request, id, pid string, f *web.Form) error {
		return h.Svc.Deliver(r.Context(), web.CurrentUser(r), id, pid, f.Get("delivered_on"), f.Get("delivered_to"))
	})
}

func (h *Handlers) AnswerForm() web.HandlerFunc {
	return h.petitionForm("campaigns.flash.answered", []string{"answer", "answered_on"}, func(r *http.Request, id, pid string, f *web.Form) error {
		return h.Svc.Answer(r.Context(), web.CurrentUser(r), id, pid, f.Get("answer"), f.Get("answered_on"))
	})
}

// ChannelName is how a supporter or signature came, in words.
func (p *page) ChannelName(c string) string {
	return p.T("campaigns.channel." + strings.ReplaceAll(c, "-", "_"))
}
