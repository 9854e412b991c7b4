package coproduction

import (
	"commons/internal/platform/actor"
	"context"
)

// People taking part with an account are told by mail when they are added to a project and when
// it moves on, in their own language, with a link to the project (where they see it all).

// tellParticipant mails one person about a project; stage is the stage moved to, if any.
func (s *Service) tellParticipant(ctx context.Context, accountID, projectID, key, stage string) error {
	if s.Outbox == nil {
		return nil
	}
	to, err := queryContact(ctx, s.DB, accountID)
	if err != nil {
		return err
	}
	email, lang := to.email, to.lang
	p, err := projectByID(ctx, s.DB, projectID)
	if err != nil {
		return err
	}
	lang = langOf(lang)
	title := p.Title.For(lang).Text
	stageName := ""
	if stage != "" {
		stageName = s.T(lang, "coproduction.stage."+stage)
	}
	return s.Outbox.Enqueue(ctx, email, s.T(lang, key+".subject", "title", title),
		s.T(lang, key+".body", "title", title, "stage", stageName, "link", s.BaseURL+"/projects/"+projectID))
}

// tellParticipants mails everyone taking part with an account, but the actor.
func (s *Service) tellParticipants(ctx context.Context, actor *actor.Actor, projectID, key, stage string) error {
	ps, err := participantsOf(ctx, s.DB, projectID)
	if err != nil {
		return err
	}
	seen := map[string]bool{userID(actor): true}
	for _, p := range ps {
		if p.AccountID == "" || seen[p.AccountID] {
			continue
		}
		seen[p.AccountID] = true
		if err := s.tellParticipant(ctx, p.AccountID, projectID, key, stage); err != nil {
			return err
		}
	}
	return nil
}
