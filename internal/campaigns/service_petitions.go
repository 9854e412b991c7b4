package campaigns

import (
	"context"
	"strings"
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	"commons/internal/platform/secret"
)

// Petitions lists a campaign's petitions (anyone who may see the campaign).
func (s *Service) Petitions(ctx context.Context, campaignID string) ([]Petition, error) {
	return petitionsOf(ctx, s.DB, campaignID)
}

// Petition returns a petition with its campaign, for anyone who may see the campaign.
func (s *Service) Petition(ctx context.Context, a *actor.Actor, campaignID, id string) (Petition, Campaign, error) {
	c, err := s.Campaign(ctx, a, campaignID)
	if err != nil {
		return Petition{}, c, err
	}
	p, err := petitionByID(ctx, s.DB, id)
	if err != nil || p.CampaignID != campaignID {
		return p, c, errs.E(errs.NotFound, "error.not_found")
	}
	return p, c, nil
}

// CreatePetition starts a petition of a campaign (its team); it is also one of its actions.
func (s *Service) CreatePetition(ctx context.Context, a *actor.Actor, campaignID string, in PetitionInput) (Petition, error) {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return Petition{}, err
	}
	day := today(s.DB.Clock().Now())
	if err := in.Validate(day); err != nil {
		return Petition{}, err
	}
	p := Petition{ID: ids.New(), CampaignID: campaignID, Title: in.Title, Ask: in.Ask, Target: in.Target, ClosesOn: in.ClosesOn, Status: "open"}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		p.CreatedAt = now
		if err := insertPetition(ctx, s.DB, p, a.ID); err != nil {
			return err
		}
		return insertAction(ctx, s.DB, Action{ID: ids.New(), CampaignID: campaignID, Kind: "petition", Title: p.Title, HappensOn: day,
			PetitionID: p.ID, Target: p.Target, CreatedAt: now}, a.ID)
	})
	return p, s.DB.Err(err, "error.internal")
}

// Sign records a signature on an open petition: the postcode must lie in the campaign's area,
// one signature per email, confirmed by the link mailed (or at once for someone signed in with
// that address). The answer never says whether the address had signed.
func (s *Service) Sign(ctx context.Context, a *actor.Actor, campaignID, petitionID string, in PersonInput, lang, addr string) (confirmed bool, err error) {
	p, c, err := s.Petition(ctx, nil, campaignID, petitionID)
	if err != nil {
		return false, err
	}
	if !p.Open(today(s.DB.Clock().Now())) {
		return false, errs.E(errs.Conflict, "campaigns.err.petition_closed")
	}
	in.Channel = "online"
	if err := in.Validate(true); err != nil {
		return false, err
	}
	if !inArea(c, in.Postcode) {
		return false, errs.FieldErrors(map[string]string{"postcode": "campaigns.err.outside_area"})
	}
	if err := s.limited(ctx, addr); err != nil {
		return false, err
	}
	lang = identity.LanguageOf(lang)
	own := a.SignedIn() && identity.NormaliseEmail(a.Email) == in.Email
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		token := secret.Token()
		link := s.petitionURL(p) + "/confirm/" + token
		old, err := signatureByEmail(ctx, s.DB, petitionID, in.Email)
		switch {
		case err == nil && old.Confirmed != nil:
			return s.mail(ctx, in.Email, lang, "campaigns.mail.already_signed", "title", p.Title, "n", p.Signatures,
				"link", s.petitionURL(p))
		case err == nil:
			if err := refreshSignature(ctx, s.DB, old.ID, in.Name, in.Postcode, Outward(in.Postcode), lang, secret.HashToken(token)); err != nil {
				return err
			}
			if own {
				confirmed, err = confirmSignature(ctx, s.DB, old.ID, p.ID, now)
				return err
			}
			return s.mail(ctx, in.Email, lang, "campaigns.mail.confirm_signature", "title", p.Title, "link", link)
		case !isNoRows(err):
			return err
		}
		g := Signature{ID: ids.New(), PetitionID: p.ID, Name: in.Name, Email: in.Email, Postcode: in.Postcode, District: Outward(in.Postcode),
			Lang: lang, Channel: "online", CreatedAt: now}
		if own {
			g.AccountID = a.ID
			if err := insertSignature(ctx, s.DB, g, "", ""); err != nil {
				return err
			}
			confirmed, err = confirmSignature(ctx, s.DB, g.ID, p.ID, now)
			return err
		}
		if err := insertSignature(ctx, s.DB, g, secret.HashToken(token), ""); err != nil {
			return err
		}
		return s.mail(ctx, in.Email, lang, "campaigns.mail.confirm_signature", "title", p.Title, "link", link)
	})
	if errs.Is(s.DB.Err(err, "x"), errs.Conflict) { // two first signatures from one address at once: one stands
		return false, nil
	}
	return confirmed, s.DB.Err(err, "error.internal")
}

func (s *Service) petitionURL(p Petition) string {
	return s.BaseURL + "/campaigns/" + p.CampaignID + "/petitions/" + p.ID
}

// SignatureByToken is the signature a confirmation link names, with its petition.
func (s *Service) SignatureByToken(ctx context.Context, token string) (Signature, Petition, error) {
	g, err := signatureByToken(ctx, s.DB, secret.HashToken(token))
	if err != nil {
		return g, Petition{}, errs.E(errs.NotFound, "campaigns.err.link")
	}
	p, err := petitionByID(ctx, s.DB, g.PetitionID)
	return g, p, s.DB.Err(err, "error.not_found")
}

// ConfirmSignature confirms the signature a link names and adds it to the count, once.
func (s *Service) ConfirmSignature(ctx context.Context, token string) (Petition, error) {
	g, p, err := s.SignatureByToken(ctx, token)
	if err != nil {
		return p, err
	}
	if p.Status != "open" {
		return p, errs.E(errs.Conflict, "campaigns.err.petition_closed")
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		ok, err := confirmSignature(ctx, s.DB, g.ID, p.ID, s.DB.Now(ctx))
		if err == nil && !ok {
			return errs.E(errs.NotFound, "campaigns.err.link")
		}
		return err
	})
	if err != nil {
		return p, err
	}
	p, err = petitionByID(ctx, s.DB, p.ID)
	return p, s.DB.Err(err, "error.not_found")
}

// AddSignature adds a signature on someone's behalf (a paper petition, a phone call), counted at
// once and recorded as added by the team member; the postcode must still lie in the area.
func (s *Service) AddSignature(ctx context.Context, a *actor.Actor, campaignID, petitionID string, in PersonInput) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	p, c, err := s.Petition(ctx, a, campaignID, petitionID)
	if err != nil {
		return err
	}
	if p.Status != "open" {
		return errs.E(errs.Conflict, "campaigns.err.petition_closed")
	}
	if in.Channel == "online" || in.Channel == "" {
		return errs.FieldErrors(map[string]string{"sig_channel": "campaigns.err.channel"})
	}
	if err := in.Validate(false); err != nil {
		return renameFields(err, "sig_")
	}
	if !inArea(c, in.Postcode) {
		return errs.FieldErrors(map[string]string{"sig_postcode": "campaigns.err.outside_area"})
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		g := Signature{ID: ids.New(), PetitionID: p.ID, Name: in.Name, Email: in.Email, Postcode: in.Postcode, District: Outward(in.Postcode),
			Lang: identity.LanguageOf(in.Lang), Channel: in.Channel, CreatedAt: now}
		if err := insertSignature(ctx, s.DB, g, "", a.ID); err != nil {
			return err
		}
		_, err := confirmSignature(ctx, s.DB, g.ID, p.ID, now)
		return err
	})
	if errs.Is(s.DB.Err(err, "x"), errs.Conflict) {
		return errs.FieldErrors(map[string]string{"sig_email": "campaigns.err.already_signed"})
	}
	return s.DB.Err(err, "error.internal")
}

// renameFields prefixes a field error's fields, for a form whose fields carry a prefix.
func renameFields(err error, prefix string) error {
	e := errs.As(err)
	if e.Code != errs.Invalid || len(e.Fields) == 0 {
		return err
	}
	f := map[string]string{}
	for k, v := range e.Fields {
		f[prefix+k] = v
	}
	return errs.FieldErrors(f)
}

// Signatures lists a petition's signatures, for its campaign's team.
func (s *Service) Signatures(ctx context.Context, a *actor.Actor, campaignID, petitionID string) ([]Signature, error) {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return nil, err
	}
	if _, _, err := s.Petition(ctx, a, campaignID, petitionID); err != nil {
		return nil, err
	}
	return signaturesOf(ctx, s.DB, petitionID)
}

// Deliver records that the petition was handed to a board or the council on a day, with its
// count as it stands; it stops taking signatures, it becomes one of the campaign's actions and
// every signer is told.
func (s *Service) Deliver(ctx context.Context, a *actor.Actor, campaignID, petitionID, on, to string) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	on, to = strings.TrimSpace(on), strings.TrimSpace(to)
	f := map[string]string{}
	if _, ok := i18n.CalendarDay(on); !ok || on > today(s.DB.Clock().Now()) {
		f["delivered_on"] = "campaigns.err.delivered_on"
	}
	text(f, "delivered_to", to, 200, "campaigns.err.delivered_to")
	if err := fieldErrors(f); err != nil {
		return err
	}
	p, _, err := s.Petition(ctx, a, campaignID, petitionID)
	if err != nil {
		return err
	}
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		n, err := deliverPetition(ctx, s.DB, p.ID, on, to, now)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "campaigns.err.delivered")
		}
		p, err = petitionByID(ctx, s.DB, p.ID)
		if err != nil {
			return err
		}
		if err := insertAction(ctx, s.DB, Action{ID: ids.New(), CampaignID: campaignID, Kind: "deputation", Title: p.Title, HappensOn: on,
			PetitionID: p.ID, Target: to, Outcome: s.T("en", "campaigns.delivered_outcome", "n", p.DeliveredCount), CreatedAt: now}, a.ID); err != nil {
			return err
		}
		return s.tellSigners(ctx, p, "campaigns.mail.delivered", "to", to)
	}), "error.internal")
}

// Answer records the answer the petition got; every signer is told.
func (s *Service) Answer(ctx context.Context, a *actor.Actor, campaignID, petitionID, answer, on string) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	answer, on = strings.TrimSpace(answer), strings.TrimSpace(on)
	f := map[string]string{}
	text(f, "answer", answer, 5000, "campaigns.err.answer")
	if _, ok := i18n.CalendarDay(on); !ok || on > today(s.DB.Clock().Now()) {
		f["answered_on"] = "campaigns.err.day"
	}
	if err := fieldErrors(f); err != nil {
		return err
	}
	p, _, err := s.Petition(ctx, a, campaignID, petitionID)
	if err != nil {
		return err
	}
	if !utf8.ValidString(answer) {
		return errs.FieldErrors(map[string]string{"answer": "campaigns.err.answer"})
	}
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := answerPetition(ctx, s.DB, p.ID, answer, on, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "campaigns.err.not_delivered")
		}
		return s.tellSigners(ctx, p, "campaigns.mail.answered", "answer", answer)
	}), "error.internal")
}

// tellSigners mails every confirmed signer with an address, each in the language they signed in.
func (s *Service) tellSigners(ctx context.Context, p Petition, key string, args ...any) error {
	gs, err := confirmedSigners(ctx, s.DB, p.ID)
	if err != nil {
		return err
	}
	all := append([]any{"title", p.Title, "n", p.DeliveredCount, "link", s.petitionURL(p)}, args...)
	for _, g := range gs {
		if err := s.mail(ctx, g.Email, g.Lang, key, all...); err != nil {
			return err
		}
	}
	return nil
}
