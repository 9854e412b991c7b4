package campaigns

import (
	"context"
	"slices"
	"strings"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/secret"
)

// inArea checks a postcode lies in the campaign's area (its postcode districts); a campaign with
// no area, or an area with no districts, takes any UK postcode.
func inArea(c Campaign, postcode string) bool {
	return len(c.PostcodeDistrict) == 0 || slices.Contains(c.PostcodeDistrict, Outward(postcode))
}

// Support records someone's support for a published campaign. They confirm it by the link
// mailed to them, unless they are signed in with that address. The answer never says whether
// the address already supports it (that is mailed to the address instead).
func (s *Service) Support(ctx context.Context, a *actor.Actor, campaignID string, in PersonInput, lang, addr string) (confirmed bool, err error) {
	c, err := s.Campaign(ctx, nil, campaignID)
	if err != nil {
		return false, err
	}
	if c.Stage == "ended" {
		return false, errs.E(errs.Conflict, "campaigns.err.ended")
	}
	in.Channel = "online"
	if err := in.Validate(true); err != nil {
		return false, err
	}
	if err := s.limited(ctx, addr); err != nil {
		return false, err
	}
	lang = identity.LanguageOf(lang)
	own := a.SignedIn() && identity.NormaliseEmail(a.Email) == in.Email
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		token := secret.Token()
		link := s.BaseURL + "/campaigns/" + campaignID + "/confirm/" + token
		old, err := supporterByEmail(ctx, s.DB, campaignID, in.Email)
		switch {
		case err == nil && old.Confirmed != nil:
			return s.mail(ctx, in.Email, lang, "campaigns.mail.already_supporting", "title", c.Title, "link", s.BaseURL+"/campaigns/"+c.ID)
		case err == nil:
			if err := refreshSupporter(ctx, s.DB, old.ID, in.Name, in.Postcode, Outward(in.Postcode), in.ContactOK, lang, secret.HashToken(token)); err != nil {
				return err
			}
			if own {
				_, err := confirmSupporter(ctx, s.DB, old.ID, now)
				confirmed = true
				return err
			}
			return s.mail(ctx, in.Email, lang, "campaigns.mail.confirm_support", "title", c.Title, "link", link)
		case !isNoRows(err):
			return err
		}
		p := Supporter{ID: ids.New(), CampaignID: campaignID, Name: in.Name, Email: in.Email, Postcode: in.Postcode, District: Outward(in.Postcode),
			ContactOK: in.ContactOK, Lang: lang, Channel: "online", CreatedAt: now}
		if own {
			p.AccountID, p.Confirmed, confirmed = a.ID, &now, true
			return insertSupporter(ctx, s.DB, p, "", "")
		}
		if a.SignedIn() {
			p.AccountID = "" // another address: it belongs to whoever confirms it
		}
		if err := insertSupporter(ctx, s.DB, p, secret.HashToken(token), ""); err != nil {
			return err
		}
		return s.mail(ctx, in.Email, lang, "campaigns.mail.confirm_support", "title", c.Title, "link", link)
	})
	return confirmed, s.DB.Err(err, "error.internal")
}

// SupportByToken is the supporter a confirmation link names, with its campaign.
func (s *Service) SupportByToken(ctx context.Context, token string) (Supporter, Campaign, error) {
	p, err := supporterByToken(ctx, s.DB, secret.HashToken(token))
	if err != nil {
		return p, Campaign{}, errs.E(errs.NotFound, "campaigns.err.link")
	}
	c, err := campaignByID(ctx, s.DB, p.CampaignID)
	return p, c, s.DB.Err(err, "error.not_found")
}

// ConfirmSupport confirms the support a link names; a spent link is not found.
func (s *Service) ConfirmSupport(ctx context.Context, token string) (Campaign, error) {
	p, c, err := s.SupportByToken(ctx, token)
	if err != nil {
		return c, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := confirmSupporter(ctx, s.DB, p.ID, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.NotFound, "campaigns.err.link")
		}
		return touchCampaign(ctx, s.DB, c.ID, s.DB.Now(ctx))
	})
	return c, err
}

// AddSupporter adds a supporter on someone's behalf (a team member, with how they heard: on
// paper, by phone or in person), confirmed at once and recorded as added by them. The person is
// told by mail when an address was given.
func (s *Service) AddSupporter(ctx context.Context, a *actor.Actor, campaignID string, in PersonInput) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	if in.Channel == "online" || in.Channel == "" {
		return errs.FieldErrors(map[string]string{"channel": "campaigns.err.channel"})
	}
	if err := in.Validate(false); err != nil {
		return err
	}
	c, err := s.Campaign(ctx, a, campaignID)
	if err != nil {
		return err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		p := Supporter{ID: ids.New(), CampaignID: campaignID, Name: in.Name, Email: in.Email, Postcode: in.Postcode, District: Outward(in.Postcode),
			ContactOK: in.ContactOK, Lang: identity.LanguageOf(in.Lang), Channel: in.Channel, Confirmed: &now, CreatedAt: now}
		if err := insertSupporter(ctx, s.DB, p, "", a.ID); err != nil {
			return err
		}
		if in.Email == "" {
			return nil
		}
		return s.mail(ctx, in.Email, p.Lang, "campaigns.mail.added_supporter", "title", c.Title, "by", a.Name,
			"erase", s.BaseURL+"/campaigns/"+c.ID+"/erase")
	})
	if errs.Is(s.DB.Err(err, "x"), errs.Conflict) {
		return errs.FieldErrors(map[string]string{"email": "campaigns.err.already_supporter"})
	}
	return s.DB.Err(err, "error.internal")
}

// Supporters lists a campaign's supporters, for its team.
func (s *Service) Supporters(ctx context.Context, a *actor.Actor, campaignID string) ([]Supporter, error) {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return nil, err
	}
	return supportersOf(ctx, s.DB, campaignID)
}

// RequestErasure takes a person's request to have what a campaign holds about them erased: they
// confirm by the link mailed to them (so nobody can erase someone else), and the team is told at
// once so it can look for records held without an address. The answer is the same whether or
// not anything is held.
func (s *Service) RequestErasure(ctx context.Context, campaignID, name, email, lang, addr string) error {
	name, email = strings.TrimSpace(name), identity.NormaliseEmail(email)
	f := map[string]string{}
	text(f, "name", name, 200, "campaigns.err.name")
	if !identity.ValidEmail(email) {
		f["email"] = "campaigns.err.email_format"
	}
	if err := fieldErrors(f); err != nil {
		return err
	}
	c, err := campaignByID(ctx, s.DB, campaignID)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	if err := s.limited(ctx, addr); err != nil {
		return err
	}
	lang = identity.LanguageOf(lang)
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		token := secret.Token()
		e := Erasure{ID: ids.New(), CampaignID: campaignID, Name: name, Email: email, CreatedAt: s.DB.Now(ctx)}
		if err := insertErasure(ctx, s.DB, e, secret.HashToken(token)); err != nil {
			return err
		}
		if err := s.mail(ctx, email, lang, "campaigns.mail.confirm_erasure", "title", c.Title, "link", s.BaseURL+"/campaigns/"+campaignID+"/erase/"+token); err != nil {
			return err
		}
		return s.mailTeam(ctx, campaignID, "campaigns.mail.erasure_requested", "title", c.Title, "name", name, "email", email,
			"link", s.BaseURL+"/campaigns/"+campaignID+"/manage#erasures")
	})
}

// ErasureByToken is the request a confirmation link names.
func (s *Service) ErasureByToken(ctx context.Context, token string) (Erasure, Campaign, error) {
	e, err := erasureByToken(ctx, s.DB, secret.HashToken(token))
	if err != nil || e.Confirmed != nil {
		return e, Campaign{}, errs.E(errs.NotFound, "campaigns.err.link")
	}
	c, err := campaignByID(ctx, s.DB, e.CampaignID)
	return e, c, s.DB.Err(err, "error.not_found")
}

// ConfirmErasure erases what the campaign holds under the request's address: supporters,
// signatures (off the running count) and conversations with that contact. The person and the
// team are told.
func (s *Service) ConfirmErasure(ctx context.Context, token, lang string) (int, error) {
	e, c, err := s.ErasureByToken(ctx, token)
	if err != nil {
		return 0, err
	}
	erased := 0
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := eraseEmail(ctx, s.DB, e.CampaignID, e.Email)
		if err != nil {
			return err
		}
		done, err := confirmErasure(ctx, s.DB, e.ID, n, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if done == 0 {
			return errs.E(errs.NotFound, "campaigns.err.link")
		}
		erased = n
		if err := s.mail(ctx, e.Email, identity.LanguageOf(lang), "campaigns.mail.erased", "title", c.Title, "n", n); err != nil {
			return err
		}
		return s.mailTeam(ctx, e.CampaignID, "campaigns.mail.erasure_done", "title", c.Title, "n", n,
			"link", s.BaseURL+"/campaigns/"+e.CampaignID+"/manage#erasures")
	})
	return erased, err
}

// Erasures lists a campaign's erasure requests, for its team.
func (s *Service) Erasures(ctx context.Context, a *actor.Actor, campaignID string) ([]Erasure, error) {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return nil, err
	}
	return erasuresOf(ctx, s.DB, campaignID)
}

// Conversations lists the one-to-one conversations a campaign's team logged: the team only.
func (s *Service) Conversations(ctx context.Context, a *actor.Actor, campaignID string) ([]Conversation, error) {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return nil, err
	}
	cs, err := conversationsOf(ctx, s.DB, campaignID)
	for i := range cs {
		if acc, err := s.Identity.Account(ctx, cs[i].LoggedBy); err == nil {
			cs[i].LoggedName = acc.Name
		}
	}
	return cs, err
}

// LogConversation records a one-to-one conversation.
func (s *Service) LogConversation(ctx context.Context, a *actor.Actor, campaignID string, in ConversationInput) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	if err := in.Validate(today(s.DB.Clock().Now())); err != nil {
		return err
	}
	if strings.Contains(in.Contact, "@") {
		in.Contact = identity.NormaliseEmail(in.Contact)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if err := insertConversation(ctx, s.DB, Conversation{ID: ids.New(), CampaignID: campaignID, PersonName: in.PersonName, Contact: in.Contact,
			HeldOn: in.HeldOn, CaresAbout: in.CaresAbout, NextStep: in.NextStep, LoggedBy: a.ID, CreatedAt: now}); err != nil {
			return err
		}
		return touchCampaign(ctx, s.DB, campaignID, now)
	})
}

// EraseConversation deletes one conversation (the team, when a person asks by other means).
func (s *Service) EraseConversation(ctx context.Context, a *actor.Actor, campaignID, id string) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := deleteConversation(ctx, s.DB, campaignID, id)
		if err == nil && n == 0 {
			return errs.E(errs.NotFound, "error.not_found")
		}
		return err
	})
}
