package budgeting

import (
	"context"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/mail"
)

// People is what budgeting needs of identity (identity.Service provides it): accounts to write
// to and to name by email, and people's agreement to be named on public pages.
type People interface {
	Account(ctx context.Context, id string) (identity.Account, error)
	AccountByEmail(ctx context.Context, email string) (identity.Account, error)
	ShowName(ctx context.Context, accountID, subject string, show bool) error
	NamesShown(ctx context.Context, subjects []string) (map[string]bool, error)
}

// ideaSubject is what an author agrees to be named with (identity's name_consents).
func ideaSubject(ideaID string) string { return "budget_idea:" + ideaID }

// Residents are told what happened to what they did: the author of an idea by mail when it is
// reviewed (with the reason), when the results it was counted in are published (funded or not,
// with the count's reason) and when it is delivered; every one of these also shows on their
// "Your ideas and votes" page (Mine). Mail is queued in the transaction of the change, in the
// language the account chose.

// tell queues one mail to an account, written in its language; an account gone or without an
// address, or a service without an outbox, sends nothing.
func (s *Service) tell(ctx context.Context, accountID, subjectKey, bodyKey string, args func(lang string) []any) error {
	if accountID == "" || s.Outbox == nil || s.People == nil {
		return nil
	}
	a, err := s.People.Account(ctx, accountID)
	if errs.Is(err, errs.NotFound) || err == nil && a.Email == "" {
		return nil
	}
	if err != nil {
		return err
	}
	lang := identity.LanguageOf(a.Language)
	xs := append([]any{"name", a.Name}, args(lang)...)
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{a.Email},
		Subject: s.T(lang, subjectKey, xs...), Text: s.T(lang, bodyKey, xs...)})
}

func (s *Service) ideaLink(i *Idea) string {
	return s.BaseURL + "/budgets/" + i.ProcessID + "/ideas/" + i.ID
}

// tellReview tells an idea's author how it was reviewed.
func (s *Service) tellReview(ctx context.Context, p *Process, i *Idea, decision, reason string) error {
	key := "budgeting.mail.accepted"
	if decision == "rejected" {
		key = "budgeting.mail.rejected"
	}
	return s.tell(ctx, i.AuthorID, key+".subject", key+".body", func(lang string) []any {
		return []any{"idea", i.Title, "title", p.TitleIn(lang), "reason", reason, "link", s.ideaLink(i), "mine", s.BaseURL + "/budgets/mine"}
	})
}

// tellOutcomes tells the author of every project in a published count whether it was funded,
// and why. Mail names an idea by the title its author gave it, which they will recognise.
func (s *Service) tellOutcomes(ctx context.Context, p *Process, c storedCount) error {
	titles := map[string]string{}
	for _, pr := range c.Doc.Projects {
		titles[pr.IdeaID] = pr.Title
	}
	for _, pr := range c.Doc.Projects {
		i, err := getIdea(ctx, s.DB, pr.IdeaID)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		key := "budgeting.mail.not_funded"
		if pr.Funded {
			key = "budgeting.mail.funded"
		}
		if err := s.tell(ctx, i.AuthorID, key+".subject", key+".body", func(lang string) []any {
			t := func(k string, args ...any) string { return s.T(lang, k, args...) }
			return []any{"idea", i.Title, "title", p.TitleIn(lang), "reason", reasonText(t, lang, pr, titles),
				"link", s.BaseURL + "/budgets/" + p.ID + "/results", "mine", s.BaseURL + "/budgets/mine"}
		}); err != nil {
			return err
		}
	}
	return nil
}

// tellDelivered tells a funded project's author it has been delivered.
func (s *Service) tellDelivered(ctx context.Context, p *Process, i *Idea) error {
	return s.tell(ctx, i.AuthorID, "budgeting.mail.delivered.subject", "budgeting.mail.delivered.body", func(lang string) []any {
		return []any{"idea", i.Title, "title", p.TitleIn(lang), "link", s.ideaLink(i), "mine", s.BaseURL + "/budgets/mine"}
	})
}
