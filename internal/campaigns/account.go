package campaigns

import (
	"context"
	"fmt"
	"time"

	"commons/internal/platform/capability"
	"commons/internal/platform/i18n"
)

// What community organising holds about a person with an account: the campaigns they started
// and the teams they are on, their support and signatures (made while signed in, or given with
// their account's address), what they recorded for a campaign (petitions, actions, supporters
// and paper signatures added for others, one-to-ones logged), one-to-ones logged about them by
// their address, erasure requests they made, their place among the coordinators, forms they
// changed, and the applications they are the contact of, submitted or decided, with the
// messages they wrote.

type accountExport struct {
	Teams                 []exportTeam        `json:"teams"`
	CampaignsStarted      []exportRecord      `json:"campaigns_started"`
	Support               []exportSupport     `json:"support"`
	Signatures            []exportSignature   `json:"signatures"`
	PetitionsStarted      []exportRecord      `json:"petitions_started"`
	ActionsRecorded       []exportRecord      `json:"actions_recorded"`
	AddedForOthers        []exportRecord      `json:"added_for_others"`
	ConversationsLogged   []exportRecord      `json:"conversations_logged"`
	ConversationsAboutYou []exportRecord      `json:"conversations_about_you"`
	ErasureRequests       []exportRecord      `json:"erasure_requests"`
	Coordinator           []exportRecord      `json:"coordinator"`
	FormsChanged          []exportRecord      `json:"forms_changed"`
	Applications          []exportApplication `json:"applications"`
	ApplicationMessages   []exportRecord      `json:"application_messages"`
}

type exportTeam struct {
	CampaignID string `json:"campaign_id"`
	Campaign   string `json:"campaign"`
	Role       string `json:"role"`
}

type exportSupport struct {
	ID         string     `json:"id"`
	CampaignID string     `json:"campaign_id"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	Postcode   string     `json:"postcode"`
	ContactOK  bool       `json:"may_be_contacted"`
	Confirmed  *time.Time `json:"confirmed_at"`
}

type exportSignature struct {
	ID         string     `json:"id"`
	PetitionID string     `json:"petition_id"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	Postcode   string     `json:"postcode"`
	Confirmed  *time.Time `json:"confirmed_at"`
}

// exportRecord is one record the person made or that is about them: its id, what it belongs
// to, a line saying what it is, and when.
type exportRecord struct {
	ID     string    `json:"id"`
	Parent string    `json:"belongs_to,omitempty"`
	Text   string    `json:"text,omitempty"`
	At     time.Time `json:"at"`
}

type exportApplication struct {
	ID        string            `json:"id"`
	GroupName string            `json:"group_name"`
	Place     string            `json:"place"`
	Answers   map[string]string `json:"answers"`
	Status    string            `json:"status"`
	CreatedAt time.Time         `json:"created_at"`
}

// accountHooks are community organising's part of the data download and account deletion.
func (s *Service) accountHooks() *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: s.Export,
		Delete: s.DeleteAccount,
		Tables: map[string]string{
			"camp_campaigns":     "kept, no longer saying who started it",
			"camp_team":          "removed: they leave every team (the earliest other member takes the lead); members they added stay",
			"camp_supporters":    "their support keeps counting without their name, address or postcode; supporters they added for others stay, no longer saying who added them",
			"camp_signatures":    "their signatures keep counting without their name, address or postcode; paper signatures they added stay, no longer saying who added them",
			"camp_petitions":     "kept, no longer saying who started it",
			"camp_actions":       "kept, no longer saying who recorded it",
			"camp_conversations": "one-to-ones they logged stay with the team, no longer saying who logged them; one-to-ones logged with their address are removed",
			"camp_erasures":      "by their address: removed",
			"camp_coordinators":  "removed: they no longer coordinate; coordinators they named stay",
			"camp_forms":         "kept, no longer saying who changed it",
			"camp_applications":  "kept for the place it was about, no longer naming them as contact, as who submitted it or who decided it",
			"camp_app_messages":  "kept in the application's conversation, no longer saying who wrote it",
		},
		Seed: s.seedAccount,
	}
}

// Export is the account hook for the data download.
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := accountExport{Teams: []exportTeam{}, Support: []exportSupport{}, Signatures: []exportSignature{}, Applications: []exportApplication{}}
	cs, err := campaignsOfMember(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		role, err := teamRole(ctx, s.DB, c.ID, accountID)
		if err != nil {
			return nil, err
		}
		out.Teams = append(out.Teams, exportTeam{CampaignID: c.ID, Campaign: c.Title, Role: role})
	}
	ss, err := querySupporters(ctx, s.DB, `WHERE account_id = $1 OR email = $2 ORDER BY created_at`, accountID, acc.Email)
	if err != nil {
		return nil, err
	}
	for _, p := range ss {
		out.Support = append(out.Support, exportSupport{ID: p.ID, CampaignID: p.CampaignID, Name: p.Name, Email: p.Email, Postcode: p.Postcode, ContactOK: p.ContactOK, Confirmed: p.Confirmed})
	}
	gs, err := querySignatures(ctx, s.DB, `WHERE account_id = $1 OR email = $2 ORDER BY created_at`, accountID, acc.Email)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		out.Signatures = append(out.Signatures, exportSignature{ID: g.ID, PetitionID: g.PetitionID, Name: g.Name, Email: g.Email, Postcode: g.Postcode, Confirmed: g.Confirmed})
	}
	as, err := queryApplications(ctx, s.DB, `WHERE a.contact_id = $1 OR a.submitted_by = $1 OR a.decided_by = $1 ORDER BY a.created_at`, accountID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		out.Applications = append(out.Applications, exportApplication{ID: a.ID, GroupName: a.GroupName, Place: a.Place, Answers: a.Answers, Status: a.Status, CreatedAt: a.CreatedAt})
	}
	r, err := recordsOf(ctx, s.DB, accountID, acc.Email)
	if err != nil {
		return nil, err
	}
	out.CampaignsStarted, out.PetitionsStarted, out.ActionsRecorded = r["campaigns"], r["petitions"], r["actions"]
	out.AddedForOthers, out.ConversationsLogged, out.ConversationsAboutYou = r["added"], r["logged"], r["about"]
	out.ErasureRequests, out.Coordinator, out.FormsChanged, out.ApplicationMessages = r["erasures"], r["coordinator"], r["forms"], r["messages"]
	return out, nil
}

// DeleteAccount is the account hook run inside the account deletion's transaction: support and
// signatures keep counting but lose the name, address and postcode; team places go (the
// earliest member takes the lead when the lead leaves); one-to-ones logged with their address
// and erasure requests they made go; the rest loses its link to the account.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil {
		return err
	}
	return forgetAccount(ctx, s.DB, accountID, acc.Email)
}

// seedAccount makes one of every record community organising can hold about the person (for
// the account deletion test), through the service as they would.
func (s *Service) seedAccount(ctx context.Context, p capability.SeedPeople) error {
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("campaigns seed: %s: %w", what, err)
		}
		return nil
	}
	me, err := s.Identity.User(ctx, p.Person)
	if err != nil {
		return step("person", err)
	}
	officer, err := s.Identity.User(ctx, p.Officer)
	if err != nil {
		return step("officer", err)
	}
	const addr = "192.0.2.7"
	today := s.DB.Now(ctx).In(i18n.London).Format(time.DateOnly)
	in := CampaignInput{Title: "Save Nant's bus", Aim: "Keep the 42 running on Sundays.", Issue: "The council plans to cut it.",
		AreaID: p.Area, OrganisationID: p.Organisation}
	c, err := s.Create(ctx, me, in, true)
	if err != nil {
		return step("campaign", err)
	}
	if err := s.Update(ctx, me, c.ID, in, true); err != nil {
		return step("publish", err)
	}
	if err := s.AddTeamMember(ctx, me, c.ID, officer.Email); err != nil {
		return step("team", err)
	}
	if _, err := s.Support(ctx, me, c.ID, PersonInput{Name: me.Name, Email: me.Email, Postcode: "AH3 5NV", ContactOK: true}, "en", addr); err != nil {
		return step("support", err)
	}
	if err := s.AddSupporter(ctx, me, c.ID, PersonInput{Name: "Paper Pat", Postcode: "AH3 5NW", Channel: "paper"}); err != nil {
		return step("supporter for another", err)
	}
	pt, err := s.CreatePetition(ctx, me, c.ID, PetitionInput{Title: "Keep the 42", Ask: "Keep the Sunday 42.", Target: "The council"})
	if err != nil {
		return step("petition", err)
	}
	if _, err := s.Sign(ctx, me, c.ID, pt.ID, PersonInput{Name: me.Name, Email: me.Email, Postcode: "AH3 5NV"}, "en", addr); err != nil {
		return step("sign", err)
	}
	if err := s.AddSignature(ctx, me, c.ID, pt.ID, PersonInput{Name: "Sam Signer", Postcode: "AH3 5NW", Channel: "paper"}); err != nil {
		return step("paper signature", err)
	}
	if err := s.AddAction(ctx, me, c.ID, ActionInput{Kind: "meeting", Title: "Public meeting", HappensOn: today}); err != nil {
		return step("action", err)
	}
	if err := s.LogConversation(ctx, me, c.ID, ConversationInput{PersonName: "Carys", HeldOn: today, CaresAbout: "Getting to work on Sundays", NextStep: "Will bring two neighbours"}); err != nil {
		return step("one-to-one", err)
	}
	// Someone else's one-to-one with the person, logged with their address.
	if err := s.LogConversation(ctx, officer, c.ID, ConversationInput{PersonName: "E.", Contact: me.Email, HeldOn: today, CaresAbout: "The bus"}); err != nil {
		return step("one-to-one about them", err)
	}
	if err := s.RequestErasure(ctx, c.ID, "E.", me.Email, "en", addr); err != nil {
		return step("erasure request", err)
	}
	if err := s.AddCoordinator(ctx, officer, me.Email); err != nil {
		return step("coordinator", err)
	}
	if err := s.AddQuestion(ctx, me, QuestionInput{Kind: "text", LabelEN: "Who leads your group?", LabelCY: "Pwy sy'n arwain eich grŵp?"}); err != nil {
		return step("form", err)
	}
	app, err := s.Apply(ctx, me, ApplyInput{GroupName: "Nant Bus Users", AreaID: p.Area, Place: "Nant village", Answers: map[string]string{
		"who": "Bus users", "find_out": "Who rides on Sundays", "done_before": "no", "size": "5to20"}})
	if err != nil {
		return step("apply", err)
	}
	if err := s.Message(ctx, me, app.ID, "We can meet any evening."); err != nil {
		return step("message", err)
	}
	return step("decide", s.Decide(ctx, me, app.ID, "approved", false, "A good fit."))
}
