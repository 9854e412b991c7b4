package assets

import (
	"context"
	"slices"
	"strings"

	"commons/internal/identity"
)

// person is someone the asset map writes to, in the language their account prefers.
type person struct{ id, email, name, lang string }

// people reads accounts by id for mail, leaving out those gone and the ones in except.
func (s *Service) people(ctx context.Context, ids []string, except ...string) ([]person, error) {
	var out []person
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] || slices.Contains(except, id) {
			continue
		}
		seen[id] = true
		a, err := s.Identity.Account(ctx, id)
		if err != nil {
			continue // the account has gone
		}
		out = append(out, person{id: a.ID, email: a.Email, name: a.Name, lang: identity.LanguageOf(a.Language)})
	}
	return out, nil
}

// ownerIDs are the people who look after an asset: the members of the organisation that owns
// it, or, when it has none, whoever added it.
func (s *Service) ownerIDs(ctx context.Context, a Asset) ([]string, error) {
	if a.OrganisationID == "" {
		return []string{a.createdBy}, nil
	}
	ms, err := s.Identity.Members(ctx, a.OrganisationID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.AccountID)
	}
	return out, nil
}

// fieldNames lists changed fields in the reader's language.
func (s *Service) fieldNames(lang string, fields []string) string {
	var out []string
	for _, f := range fields {
		out = append(out, s.T(lang, "assets.changed."+f))
	}
	return strings.Join(out, ", ")
}

// tell mails each person a message built for their language.
func (s *Service) tell(ctx context.Context, to []person, subject, body func(p person) string) error {
	for _, p := range to {
		if err := s.Outbox.Enqueue(ctx, p.email, subject(p), body(p)); err != nil {
			return err
		}
	}
	return nil
}

// watcherIDs are the people told of what happens to an asset: its owners and whoever suggested
// it (an officer who added it is neither).
func (s *Service) watcherIDs(ctx context.Context, a Asset) ([]string, error) {
	ids, err := s.ownerIDs(ctx, a)
	if err != nil {
		return nil, err
	}
	by, err := suggestedBy(ctx, s.DB, a.ID)
	return append(ids, by), err
}

// notifyVerified tells the asset's owners, and whoever suggested it, that an officer verified it.
func (s *Service) notifyVerified(ctx context.Context, a Asset, officerID string) error {
	ids, err := s.watcherIDs(ctx, a)
	if err != nil {
		return err
	}
	to, err := s.people(ctx, ids, officerID)
	if err != nil {
		return err
	}
	return s.tell(ctx, to, func(p person) string { return s.T(p.lang, "assets.mail.verified.subject", "name", a.Name) },
		func(p person) string {
			return s.T(p.lang, "assets.mail.verified.body", "person", p.name, "name", a.Name, "link", s.BaseURL+"/assets/"+a.ID)
		})
}

// notifyChanged tells the asset's owners, and whoever suggested it, what someone else changed.
func (s *Service) notifyChanged(ctx context.Context, a Asset, fields []string, editorID string, more ...string) error {
	if len(fields) == 0 {
		return nil
	}
	ids, err := s.watcherIDs(ctx, a)
	if err != nil {
		return err
	}
	to, err := s.people(ctx, append(ids, more...), editorID)
	if err != nil {
		return err
	}
	return s.tell(ctx, to, func(p person) string { return s.T(p.lang, "assets.mail.changed.subject", "name", a.Name) },
		func(p person) string {
			return s.T(p.lang, "assets.mail.changed.body", "person", p.name, "name", a.Name, "fields", s.fieldNames(p.lang, fields),
				"link", s.BaseURL+"/assets/"+a.ID)
		})
}
